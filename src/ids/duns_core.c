/*
 * duns_core.c — Dun & Bradstreet D-U-N-S number (pure C).
 *
 * Nine digits, leading zeros significant, no check digit since about 2006:
 * the legacy Luhn test is offered as information and never rejects.  The
 * "DUNS+4" sub-unit suffix is not part of the number and is refused.
 */
#include "ids.h"

static const char *const duns_prefixes[] = {"D-U-N-S", "DUNS", "D&B", NULL};

bool
DunsParse(const char *in, size_t len, int32_t *out, IdError *e)
{
	char		s[ID_MAX_INPUT + 1];
	bool		alnum;
	int			n = IdSqueeze(in, len, duns_prefixes, "- .", s, &alnum, e);
	int32_t		v = 0;

	if (n < 0 || !IdAllDigits(s, n, e))
		return false;
	if (n != DUNS_LEN)
	{
		IdSetLength(e, s, n, DUNS_LEN);
		if (n == DUNS_LEN + 4)
			e->note = "The four-digit DUNS+4 suffix names a sub-unit and is not part of the number.";
		return false;
	}
	for (int i = 0; i < DUNS_LEN; i++)
		v = v * 10 + (s[i] - '0');
	*out = v;
	return true;
}

void
DunsFormat(int32_t v, char out[DUNS_LEN + 1])
{
	for (int i = DUNS_LEN - 1; i >= 0; i--, v /= 10)
		out[i] = (char) ('0' + v % 10);
	out[DUNS_LEN] = '\0';
}

bool
DunsValidPacked(int32_t v)
{
	return v >= 0 && v <= 999999999;
}

bool
DunsLegacyLuhnOk(int32_t v)
{
	int			sum = 0;

	for (int i = 0; i < DUNS_LEN; i++, v /= 10)
	{
		int			d = v % 10;

		if (i % 2 == 1)
		{
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}
