/*
 * gln_core.c — GS1 Global Location Number (pure C).
 *
 * Thirteen digits, the last a GS1 mod-10 check digit (weights 3 and 1 from
 * the right).  Accepts the GS1 application identifier "(414)" in front, as
 * printed under barcodes.
 */
#include "ids.h"

#include <string.h>

static const char *const gln_prefixes[] = {"(414)", "GLN", NULL};

int
Gs1CheckDigit(const char *d, int n)
{
	int			sum = 0;

	for (int i = 0; i < n; i++)
		sum += (d[n - 1 - i] - '0') * ((i % 2 == 0) ? 3 : 1);
	return (10 - sum % 10) % 10;
}

bool
GlnParse(const char *in, size_t len, int64_t *out, IdError *e)
{
	char		s[ID_MAX_INPUT + 1];
	bool		alnum;
	int			n = IdSqueeze(in, len, gln_prefixes, "- .", s, &alnum, e);
	int			check;
	int64_t		v = 0;

	if (n < 0 || !IdAllDigits(s, n, e))
		return false;
	if (n != GLN_LEN)
	{
		IdSetLength(e, s, n, GLN_LEN);
		if (n == GLN_LEN - 1)
			e->note = "If the check digit is missing, hredd.gln_check_digit() computes it.";
		else if (n == 14)
			e->note = "Fourteen digits are a GTIN-14, not a GLN.";
		return false;
	}
	check = Gs1CheckDigit(s, GLN_LEN - 1);
	if (s[GLN_LEN - 1] - '0' != check)
	{
		e->code = IDERR_CHECK;
		e->allowed = "check digit";
		e->got[0] = s[GLN_LEN - 1];
		e->got[1] = '\0';
		e->expected[0] = (char) ('0' + check);
		e->expected[1] = '\0';
		return false;
	}
	for (int i = 0; i < GLN_LEN; i++)
		v = v * 10 + (s[i] - '0');
	*out = v;
	return true;
}

void
GlnFormat(int64_t v, char out[GLN_LEN + 1])
{
	for (int i = GLN_LEN - 1; i >= 0; i--, v /= 10)
		out[i] = (char) ('0' + v % 10);
	out[GLN_LEN] = '\0';
}

bool
GlnValidPacked(int64_t v)
{
	char		s[GLN_LEN + 1];

	if (v < 0 || v >= 10000000000000LL)
		return false;
	GlnFormat(v, s);
	return s[GLN_LEN - 1] - '0' == Gs1CheckDigit(s, GLN_LEN - 1);
}

bool
GlnCheckDigitFor(const char *in, size_t len, int *out, IdError *e)
{
	char		s[ID_MAX_INPUT + 2];
	bool		alnum;
	int			n = IdSqueeze(in, len, gln_prefixes, "- .", s, &alnum, e);

	if (n < 0 || !IdAllDigits(s, n, e))
		return false;
	if (n != GLN_LEN - 1)
	{
		IdSetLength(e, s, n, GLN_LEN - 1);
		return false;
	}
	*out = Gs1CheckDigit(s, GLN_LEN - 1);
	return true;
}
