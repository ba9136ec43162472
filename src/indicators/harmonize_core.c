/*
 * harmonize_core.c — the decision hredd.harmonize takes for one raw row; see
 * harmonize_core.h.  Pure C: no PostgreSQL calls.
 */
#include "harmonize_core.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SQL btrim(): blanks only. */
static bool
IsBlank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] != ' ')
			return false;
	return true;
}

static const HarmMapEntry *
MapLookup(const HarmIndicator *ind, const char *key, size_t keylen)
{
	if (key == NULL)
		return NULL;
	for (int i = 0; i < ind->nmap; i++)
		if (ind->map[i].keylen == keylen && memcmp(ind->map[i].key, key, keylen) == 0)
			return &ind->map[i];
	return NULL;
}

static inline bool
Reject(HarmResult *res, HarmReason r)
{
	res->reason = r;
	return false;
}

bool
HarmClassify(const HarmRow *row, HarmResult *res)
{
	const HarmIndicator *ind = row->ind;
	const HarmMapEntry *m;

	memset(res, 0, sizeof(*res));
	if (row->facility == NULL || IsBlank(row->facility, row->facility_len))
		return Reject(res, HARM_MISSING_FACILITY);
	if (!row->facility_known)
		return Reject(res, HARM_UNKNOWN_FACILITY);
	if (ind == NULL)
		return Reject(res, HARM_UNKNOWN_CODE);
	if (!row->has_date)
		return Reject(res, HARM_MISSING_DATE);
	if (row->date > row->today)
		return Reject(res, HARM_FUTURE_DATE);
	if (row->raw == NULL || IsBlank(row->raw, row->raw_len))
	{
		res->parse = IND_EMPTY;
		return Reject(res, HARM_PARSE);
	}

	m = MapLookup(ind, row->raw_key, row->raw_key_len);
	if (ind->kind == HARM_GRADE)
	{
		/* a grade: the value map first, then the indicator's scale */
		res->is_grade = true;
		res->has_value = true;
		if (m != NULL)
			res->value = m->value;
		else if (ind->grade_scale == NULL ||
				 !IndGradeScore(ind->grade_scale, strlen(ind->grade_scale), row->raw, row->raw_len,
								&res->value))
		{
			res->has_value = false;
			return Reject(res, HARM_UNKNOWN_GRADE);
		}
		/* a grade is a score 0-1: no range check */
	}
	else
	{
		IndValue	v;

		if (m != NULL)
		{
			res->value = m->value;
			res->unit = ind->unit;
		}
		else
		{
			if (!IndParse(row->raw, row->raw_len, row->unit, row->unit ? row->unit_len : 0, &v) ||
				!IndConvertValue(&v, &ind->unit))
			{
				res->parse = v.reason;
				return Reject(res, HARM_PARSE);
			}
			/* a range counts by its worse end */
			res->value = ind->lower_is_better ? v.hi : v.lo;
			res->unit = v.unit;
		}
		res->has_value = true;
		if (isnan(res->value) || (ind->has_min && res->value < ind->min_value) ||
			(ind->has_max && res->value > ind->max_value))
			return Reject(res, HARM_OUT_OF_RANGE);
	}
	if (ind->kind != HARM_WAGE && ind->has_thresholds)
	{
		res->has_severity = true;
		res->severity = HarmThresholdSeverity(res->value, ind->threshold_ok, ind->threshold_severe);
	}
	res->reason = HARM_OK;
	return true;
}

const char *
HarmReasonCode(const HarmResult *res)
{
	switch (res->reason)
	{
		case HARM_OK:
		case HARM_NREASONS:
			return "";
		case HARM_PARSE:
			return IndReasonCode(res->parse);
			HREDD_REJECT_REASONS(HREDD_REASON_CASE, HREDD_REASON_SKIP)
	}
	return "";
}

/*
 * Round the way SQL's round(x::numeric, 6)::float8 does, which the first
 * version of harmonize used: x becomes a decimal of 15 significant digits,
 * halves round away from zero.  Only a value within a hair of a half needs
 * the decimal digits; everything else rounds in binary to the same result.
 */
static double
Round6Decimal(double x)
{
	char		buf[40];
	char		digits[16];
	int			exp10,
				keep;
	bool		neg = x < 0;

	/* d.dddddddddddddde+XX: 15 significant digits */
	snprintf(buf, sizeof(buf), "%.14e", fabs(x));
	digits[0] = buf[0];
	memcpy(digits + 1, buf + 2, 14);
	digits[15] = '\0';
	exp10 = atoi(buf + 17);
	keep = exp10 + 1 + 6;		/* digits up to the 6th decimal */
	if (keep >= 15)
		return strtod(buf, NULL) * (neg ? -1 : 1);	/* no rounding, but 15 digits */
	if (keep < 0)
		return 0.0;
	if (digits[keep] >= '5')
	{
		int			i = keep - 1;

		while (i >= 0 && digits[i] == '9')
			digits[i--] = '0';
		if (i >= 0)
			digits[i]++;
		else
		{
			/* 999.9995 -> 1000.000 */
			memmove(digits + 1, digits, keep);
			digits[0] = '1';
			keep++;
			exp10++;
		}
	}
	if (keep == 0)
		return 0.0;
	digits[keep] = '\0';
	snprintf(buf, sizeof(buf), "%s0.%se%d", neg ? "-" : "", digits, exp10 + 1);
	return strtod(buf, NULL);
}

double
HarmRound6(double x)
{
	double		y,
				r;

	if (!isfinite(x))
		return x;
	y = fabs(x) * 1e6;
	if (y >= 1e8 || fabs(y - floor(y) - 0.5) < 1e-6)
		r = Round6Decimal(x);
	else
		r = copysign(round(y), x) / 1e6;
	return r == 0 ? 0.0 : r;	/* no -0 */
}

double
HarmThresholdSeverity(double value, double ok, double severe)
{
	double		s = (value - ok) / (severe - ok);

	if (isnan(s))
		return s;
	if (s < 0)
		s = 0;
	if (s > 1)
		s = 1;
	return HarmRound6(s);
}

bool
HarmWageSeverity(bool has_min, double min_ratio, bool has_living, double living_ratio, double *severity)
{
	double		inv_min,
				inv_living;

	if (has_living && living_ratio >= 1)
	{
		*severity = 0.0;
		return true;
	}
	if (has_min && min_ratio < 1)
	{
		*severity = 1.0;
		return true;
	}
	if (!has_min || !has_living)
		return false;
	inv_living = 1 / living_ratio;
	inv_min = 1 / min_ratio;
	if (inv_living - inv_min <= 0)
		*severity = 0.5;
	else
		*severity = HarmRound6(0.5 * (inv_living - 1) / (inv_living - inv_min));
	return true;
}

size_t
HarmKeyBytes(const char *const *fields, const size_t *lens, int n, unsigned char *buf, size_t cap)
{
	size_t		need = 0;

	for (int i = 0; i < n; i++)
	{
		uint32_t	len = fields[i] == NULL ? UINT32_MAX : (uint32_t) lens[i];
		unsigned char hdr[4] = {len >> 24, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff};

		if (need + 4 <= cap)
			memcpy(buf + need, hdr, 4);
		need += 4;
		if (fields[i] != NULL)
		{
			if (need + lens[i] <= cap)
				memcpy(buf + need, fields[i], lens[i]);
			need += lens[i];
		}
	}
	return need;
}
