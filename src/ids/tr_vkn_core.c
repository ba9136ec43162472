/*
 * tr_vkn_core.c — Türkiye's tax identification number, vergi kimlik
 * numarası (pure C).
 *
 * Ten digits, the last a check digit over the first nine by the revenue
 * administration's algorithm (each digit shifted by its place from the
 * right, doubled that many times modulo 9).  Individuals use the 11-digit
 * T.C. kimlik number instead, which this type does not read.
 */
#include "sourcing.h"


static const char *const tr_vkn_prefixes[] = {"VKN", NULL};

int
TrVknCheckDigit(const char *d)
{
	int			sum = 0;

	for (int k = 0; k < 9; k++)
	{
		int			i = 9 - k;	/* place from the right, 1..9 */
		int			c1 = (d[k] - '0' + i) % 10;

		if (c1)
		{
			int			c2 = (c1 * (1 << i)) % 9;

			sum += c2 ? c2 : 9;
		}
	}
	return (10 - sum % 10) % 10;
}

bool
TrVknParse(const char *in, size_t len, int64_t *out, IdError *e)
{
	char		s[ID_MAX_INPUT + 1];
	bool		alnum;
	int			n = IdSqueeze(in, len, tr_vkn_prefixes, "-. ", s, &alnum, e);
	int			check;
	int64_t		v = 0;

	if (n < 0 || !IdAllDigits(s, n, e))
		return false;
	if (n != TR_VKN_LEN)
	{
		IdSetLength(e, s, n, TR_VKN_LEN);
		if (n == 11)
			e->note = "Eleven digits are a T.C. kimlik number of a person, not a VKN.";
		return false;
	}
	check = TrVknCheckDigit(s);
	if (s[9] - '0' != check)
	{
		e->code = IDERR_CHECK;
		e->allowed = "check digit";
		e->got[0] = s[9];
		e->got[1] = '\0';
		e->expected[0] = (char) ('0' + check);
		e->expected[1] = '\0';
		return false;
	}
	for (int i = 0; i < TR_VKN_LEN; i++)
		v = v * 10 + (s[i] - '0');
	*out = v;
	return true;
}

void
TrVknFormat(int64_t v, char out[TR_VKN_LEN + 1])
{
	uint64_t	u = (uint64_t) v;

	for (int i = TR_VKN_LEN - 1; i >= 0; i--, u /= 10)
		out[i] = (char) ('0' + u % 10);
	out[TR_VKN_LEN] = '\0';
}

bool
TrVknValidPacked(int64_t v)
{
	char		s[TR_VKN_LEN + 1];

	if (v < 0 || v >= 10000000000LL)
		return false;
	TrVknFormat(v, s);
	return s[9] - '0' == TrVknCheckDigit(s);
}
