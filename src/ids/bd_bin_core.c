/*
 * bd_bin_core.c — Bangladesh's business identification number (pure C).
 *
 * Thirteen digits since 30 November 2019, when the National Board of Revenue
 * retired the 9- and 11-digit BINs.  No check-digit algorithm is published,
 * so only the shape is checked.
 */
#include "sourcing.h"


static const char *const bd_bin_prefixes[] = {"BIN", NULL};

bool
BdBinParse(const char *in, size_t len, int64_t *out, IdError *e)
{
	char		s[ID_MAX_INPUT + 1];
	bool		alnum;
	int			n = IdSqueeze(in, len, bd_bin_prefixes, "-. ", s, &alnum, e);
	int64_t		v = 0;

	if (n < 0 || !IdAllDigits(s, n, e))
		return false;
	if (n != BD_BIN_LEN)
	{
		IdSetLength(e, s, n, BD_BIN_LEN);
		if (n == 9 || n == 11)
			e->note = "BINs of 9 and 11 digits were replaced by 13-digit BINs on 30 November 2019.";
		else if (n == 12)
			e->note = "Twelve digits are an e-TIN, not a BIN.";
		return false;
	}
	for (int i = 0; i < BD_BIN_LEN; i++)
		v = v * 10 + (s[i] - '0');
	*out = v;
	return true;
}

void
BdBinFormat(int64_t v, char out[BD_BIN_LEN + 1])
{
	uint64_t	u = (uint64_t) v;

	for (int i = BD_BIN_LEN - 1; i >= 0; i--, u /= 10)
		out[i] = (char) ('0' + u % 10);
	out[BD_BIN_LEN] = '\0';
}

bool
BdBinValidPacked(int64_t v)
{
	return v >= 0 && v < 10000000000000LL;
}
