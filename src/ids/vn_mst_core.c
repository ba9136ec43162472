/*
 * vn_mst_core.c — Viet Nam's enterprise tax code, mã số thuế (pure C).
 *
 * Ten digits (province code, a seven-digit sequence that is never 0000000,
 * and a check digit: 10 - S mod 11 with weights 31, 29, 23, 19, 17, 13, 7, 5,
 * 3), or thirteen for a dependent unit: the head office's ten and a branch
 * number 001-999, usually written after a hyphen.
 */
#include "sourcing.h"

#include <string.h>

static const char *const vn_mst_prefixes[] = {"MST", NULL};

int
VnMstCheckDigit(const char *d)
{
	static const int w[9] = {31, 29, 23, 19, 17, 13, 7, 5, 3};
	int			sum = 0;

	for (int i = 0; i < 9; i++)
		sum += (d[i] - '0') * w[i];
	return (sum % 11 == 0) ? -1 : 10 - sum % 11;
}

bool
VnMstParse(const char *in, size_t len, int64_t *out, IdError *e)
{
	char		s[ID_MAX_INPUT + 1];
	bool		alnum;
	int			n = IdSqueeze(in, len, vn_mst_prefixes, "-. ", s, &alnum, e);
	int			check;
	int64_t		v = 0;
	int			branch = 0;

	if (n < 0 || !IdAllDigits(s, n, e))
		return false;
	if (n != 10 && n != 13)
	{
		IdSetLength(e, s, n, 10);
		e->note = "A branch's code has 13 digits: the head office's 10 and a branch number.";
		return false;
	}
	if (memcmp(s + 2, "0000000", 7) == 0)
	{
		IdSetChar(e, s, n, 2, "part of a sequence number other than 0000000 (characters 3 to 9)");
		return false;
	}
	check = VnMstCheckDigit(s);
	if (check < 0)
	{
		IdSetChar(e, s, n, 9, "a check digit, but none exists for these first nine digits "
				  "(their weighted sum is a multiple of 11), so no tax code begins with them");
		return false;
	}
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
	for (int i = 0; i < 10; i++)
		v = v * 10 + (s[i] - '0');
	if (n == 13)
	{
		branch = (s[10] - '0') * 100 + (s[11] - '0') * 10 + (s[12] - '0');
		if (branch == 0)
		{
			IdSetChar(e, s, n, 10, "part of a branch number from 001 to 999 (characters 11 to 13)");
			return false;
		}
	}
	*out = v * 1000 + branch;
	return true;
}

void
VnMstFormat(int64_t v, char out[VN_MST_MAXLEN + 1])
{
	uint64_t	u = (uint64_t) v % 10000000000000ULL;
	int			branch = (int) (u % 1000);

	u /= 1000;
	for (int i = 9; i >= 0; i--, u /= 10)
		out[i] = (char) ('0' + u % 10);
	out[10] = '\0';
	if (branch)
	{
		out[10] = '-';
		out[11] = (char) ('0' + branch / 100);
		out[12] = (char) ('0' + branch / 10 % 10);
		out[13] = (char) ('0' + branch % 10);
		out[14] = '\0';
	}
}

bool
VnMstValidPacked(int64_t v)
{
	char		s[VN_MST_MAXLEN + 1];
	int64_t		w;
	IdError		e;

	if (v < 0 || v >= 10000000000000LL)
		return false;
	VnMstFormat(v, s);
	return VnMstParse(s, strlen(s), &w, &e) && w == v;
}
