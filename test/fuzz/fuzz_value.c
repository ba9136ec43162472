/*
 * fuzz_value.c — IndParse, IndUnitParse, IndConvertValue, IndGradeScore and
 * HarmClassify: no crash, no read past the input; a value read is finite
 * with lo <= hi and a reason is given whenever nothing is read; a row
 * harmonize accepts has a value in the indicator's range and a severity
 * 0-1; rounding moves a value by at most half a millionth.  The input is split at the
 * first newline into a raw value and a unit text.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/indicators/harmonize_core.h"
#include "../../src/indicators/value_core.h"

#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
CheckValue(const IndValue *v, bool ok)
{
	char		buf[32];

	if (ok)
	{
		FUZZ_ASSERT(v->reason == IND_OK);
		FUZZ_ASSERT(isfinite(v->lo) && isfinite(v->hi) && v->lo <= v->hi);
		IndUnitFormat(&v->unit, buf, sizeof(buf));
		FUZZ_ASSERT(strlen(buf) < sizeof(buf));
	}
	else
	{
		FUZZ_ASSERT(v->reason != IND_OK);
		FUZZ_ASSERT(IndReasonCode(v->reason)[0] != '\0');
		FUZZ_ASSERT(memchr(v->bad, '\0', sizeof(v->bad)) != NULL);
	}
}

/* the raw value as harmonize reads it for an hours indicator and a grade */
static void
CheckHarmonize(const char *raw, size_t rawlen, const char *un, size_t unitlen)
{
	HarmIndicator ind[2];
	IndReason	r;
	char		bad[24];

	memset(ind, 0, sizeof(ind));
	ind[0].kind = HARM_MEASURE;
	FUZZ_ASSERT(IndUnitParse("h/week", 6, &ind[0].unit, &r, bad, sizeof(bad)));
	ind[0].lower_is_better = true;
	ind[0].has_thresholds = true;
	ind[0].threshold_ok = 48;
	ind[0].threshold_severe = 72;
	ind[0].has_min = ind[0].has_max = true;
	ind[0].max_value = 168;
	ind[1].kind = HARM_GRADE;
	ind[1].grade_scale = "nc";
	ind[1].has_thresholds = true;
	ind[1].threshold_severe = 1;
	for (int k = 0; k < 2; k++)
	{
		HarmRow		row;
		HarmResult	res;

		memset(&row, 0, sizeof(row));
		row.facility = "F1";
		row.facility_len = 2;
		row.facility_known = true;
		row.ind = &ind[k];
		row.raw = raw;
		row.raw_len = rawlen;
		row.unit = unitlen ? un : NULL;
		row.unit_len = unitlen;
		row.has_date = true;
		if (HarmClassify(&row, &res))
		{
			FUZZ_ASSERT(res.reason == HARM_OK && res.has_value && isfinite(res.value));
			FUZZ_ASSERT(res.is_grade || (res.value >= 0 && res.value <= 168));
			FUZZ_ASSERT(res.has_severity && res.severity >= 0 && res.severity <= 1);
			FUZZ_ASSERT(HarmReasonCode(&res)[0] == '\0');
		}
		else
			FUZZ_ASSERT(res.reason != HARM_OK && HarmReasonCode(&res)[0] != '\0');
		/* half a millionth, plus what 15 significant digits and binary leave */
		if (res.has_value && isfinite(res.value) && fabs(res.value) < 1e9)
			FUZZ_ASSERT(fabs(HarmRound6(res.value) - res.value) <= 5e-7 + fabs(res.value) * 1e-14);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const targets[] = {"h/week", "money/month", "days/month", "%", "bool", "count/year"};
	static const char *const scales[] = {"bsci", "nc", "rba", "ituc", "thinkhazard", "higg"};
	const char *s = (const char *) data;
	const char *nl = memchr(s, '\n', size);
	size_t		rawlen = nl ? (size_t) (nl - s) : size;
	const char *unit = nl ? nl + 1 : NULL;
	size_t		unitlen = nl ? size - rawlen - 1 : 0;
	IndValue	v;
	IndUnit		u;
	IndReason	r;
	char		bad[24];
	double		score;
	bool		ok;

	/* exact-size heap copies, so ASan sees any read past the end */
	char	   *raw = malloc(rawlen ? rawlen : 1);
	char	   *un = malloc(unitlen ? unitlen : 1);

	memcpy(raw, s, rawlen);
	if (unitlen)
		memcpy(un, unit, unitlen);

	ok = IndParse(raw, rawlen, NULL, 0, &v);
	CheckValue(&v, ok);
	ok = IndParse(raw, rawlen, un, unitlen, &v);
	CheckValue(&v, ok);
	if (ok)
	{
		for (size_t t = 0; t < sizeof(targets) / sizeof(targets[0]); t++)
		{
			IndValue	w = v;
			IndUnit		target;

			FUZZ_ASSERT(IndUnitParse(targets[t], strlen(targets[t]), &target, &r, bad, sizeof(bad)));
			if (IndConvertValue(&w, &target))
				CheckValue(&w, true);
			else
				FUZZ_ASSERT(w.reason == IND_UNIT_MISMATCH);
		}
	}
	if (IndUnitParse(un, unitlen, &u, &r, bad, sizeof(bad)))
	{
		char		buf[32];
		IndUnit		again;

		/* the canonical text of a unit reads back as the same unit */
		IndUnitFormat(&u, buf, sizeof(buf));
		FUZZ_ASSERT(IndUnitParse(buf, strlen(buf), &again, &r, bad, sizeof(bad)));
		FUZZ_ASSERT(again.qty == u.qty && again.per == u.per && strcmp(again.cur, u.cur) == 0);
	}
	for (size_t k = 0; k < sizeof(scales) / sizeof(scales[0]); k++)
		if (IndGradeScore(scales[k], strlen(scales[k]), raw, rawlen, &score))
			FUZZ_ASSERT(score >= 0.0 && score <= 1.0);
	CheckHarmonize(raw, rawlen, un, unitlen);
	free(raw);
	free(un);
	return 0;
}
