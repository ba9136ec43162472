/*
 * os_id_core.c — Open Supply Hub OS ID (pure C).
 *
 * Layout: two country letters, seven digits (year and day of year of
 * minting), five Crockford base-32 symbols, one check character: the
 * Crockford symbol of (ASCII of both letters + Crockford values of
 * characters 3 to 14) mod 32.  Packed into 59 bits of an int64 whose
 * order equals the order of the text.
 */
#include "ids.h"

#include <string.h>

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
static const char *const os_id_prefixes[] = {
	"OSID", "OS ID", "OS-ID", "OS_ID", "OARID", "OAR ID", "OAR-ID", "OAR_ID", NULL
};

#define CROCKFORD_WORDS "a Crockford base-32 symbol (a digit or a letter other than I, L, O, U)"

/* Crockford value + 1 of each byte; 0 = not a Crockford symbol. */
static const uint8_t crockford_plus1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8,
	['8'] = 9, ['9'] = 10, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15,
	['F'] = 16, ['G'] = 17, ['H'] = 18, ['J'] = 19, ['K'] = 20, ['M'] = 21, ['N'] = 22,
	['P'] = 23, ['Q'] = 24, ['R'] = 25, ['S'] = 26, ['T'] = 27, ['V'] = 28, ['W'] = 29,
	['X'] = 30, ['Y'] = 31, ['Z'] = 32,
};

int
CrockfordValue(char c)
{
	return (int) crockford_plus1[(unsigned char) c] - 1;
}

char
OsIdCheckChar(const char *s)
{
	int			sum = (unsigned char) s[0] + (unsigned char) s[1];

	for (int i = 2; i < OS_ID_LEN - 1; i++)
	{
		int			v = CrockfordValue(s[i]);

		if (v < 0)
			return 0;
		sum += v;
	}
	return crockford[sum % 32];
}

static bool
IsLeap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Year and day checks shared by text and binary input. */
static bool
DateOk(int year, int day)
{
	return year >= 2000 && day >= 1 && day <= (IsLeap(year) ? 366 : 365);
}

bool
OsIdParse(const char *in, size_t len, int64_t *out, IdError *e)
{
	char		s[ID_MAX_INPUT + 1];
	bool		alnum;
	int			n = IdSqueeze(in, len, os_id_prefixes, "- ", s, &alnum, e);
	int			sum;
	int			yd = 0;
	int64_t		rnd = 0;
	char		check;

	if (n < 0 || (!alnum && IdFindForeign(s, n, e)))
		return false;
	if (n != OS_ID_LEN)
	{
		IdSetLength(e, s, n, OS_ID_LEN);
		if (n == OS_ID_LEN - 1)
			e->note = "If the check character is missing, hredd.os_id_check_char() computes it.";
		return false;
	}

	/* one pass: check each position's alphabet, sum for the check, pack */
	for (int i = 0; i < 2; i++)
		if (!(s[i] >= 'A' && s[i] <= 'Z'))
		{
			IdSetChar(e, s, n, i, "a letter (characters 1 and 2 are a country code)");
			return false;
		}
	sum = (unsigned char) s[0] + (unsigned char) s[1];
	for (int i = 2; i < 9; i++)
	{
		int			d = s[i] - '0';

		if (d < 0 || d > 9)
		{
			IdSetChar(e, s, n, i, "a digit (characters 3 to 9 are the year and day of minting)");
			return false;
		}
		sum += d;
		yd = yd * 10 + d;
	}
	for (int i = 9; i < OS_ID_LEN; i++)
	{
		int			v = CrockfordValue(s[i]);

		if (v < 0)
		{
			IdSetChar(e, s, n, i, CROCKFORD_WORDS);
			return false;
		}
		if (i < OS_ID_LEN - 1)
		{
			sum += v;
			rnd = (rnd << 5) | v;
		}
	}

	if (CountryLookup(COUNTRY_CODE(s[0], s[1])) == NULL)
	{
		e->code = IDERR_COUNTRY;
		e->got[0] = s[0];
		e->got[1] = s[1];
		e->got[2] = '\0';
		e->note = "Characters 1 and 2 of an OS ID are the facility's country.";
		return false;
	}
	if (yd / 1000 < 2000)
	{
		e->code = IDERR_YEAR;
		memcpy(e->got, s + 2, 4);
		e->got[4] = '\0';
		return false;
	}
	if (!DateOk(yd / 1000, yd % 1000))
	{
		e->code = IDERR_DAY;
		memcpy(e->got, s + 2, 7);
		e->got[7] = '\0';
		return false;
	}
	check = crockford[sum % 32];
	if (s[14] != check)
	{
		e->code = IDERR_CHECK;
		e->allowed = "check character";
		e->got[0] = s[14];
		e->got[1] = '\0';
		e->expected[0] = check;
		e->expected[1] = '\0';
		return false;
	}
	*out = ((int64_t) ((s[0] - 'A') * 26 + (s[1] - 'A')) << 49) | ((int64_t) yd << 25) | rnd;
	return true;
}

uint16_t
OsIdCountry(int64_t v)
{
	int			c = (int) (v >> 49);

	return COUNTRY_CODE('A' + c / 26, 'A' + c % 26);
}

void
OsIdMintedOn(int64_t v, int *year, int *day_of_year)
{
	int			yd = (int) ((v >> 25) & 0xFFFFFF);

	*year = yd / 1000;
	*day_of_year = yd % 1000;
}

void
OsIdFormat(int64_t v, char out[OS_ID_LEN + 1])
{
	uint16_t	c = OsIdCountry(v);
	int			yd = (int) ((v >> 25) & 0xFFFFFF);
	int64_t		rnd = v & 0x1FFFFFF;

	out[0] = (char) (c >> 8);
	out[1] = (char) (c & 0xFF);
	for (int i = 8; i >= 2; i--, yd /= 10)
		out[i] = (char) ('0' + yd % 10);
	for (int i = 13; i >= 9; i--, rnd >>= 5)
		out[i] = crockford[rnd & 31];
	out[14] = OsIdCheckChar(out);
	out[15] = '\0';
}

bool
OsIdValidPacked(int64_t v)
{
	int			c;
	int			yd;

	if (v < 0 || (v >> 59) != 0)
		return false;
	c = (int) (v >> 49);
	yd = (int) ((v >> 25) & 0xFFFFFF);
	if (c >= 26 * 26 || yd >= 10000000)
		return false;
	return CountryLookup(COUNTRY_CODE('A' + c / 26, 'A' + c % 26)) != NULL &&
		DateOk(yd / 1000, yd % 1000);
}

bool
OsIdCheckCharFor(const char *in, size_t len, char *out, IdError *e)
{
	char		s[ID_MAX_INPUT + 2];
	bool		alnum;
	int			n = IdSqueeze(in, len, os_id_prefixes, "- ", s, &alnum, e);
	int64_t		v;

	if (n < 0 || (!alnum && IdFindForeign(s, n, e)))
		return false;
	if (n != OS_ID_LEN - 1)
	{
		IdSetLength(e, s, n, OS_ID_LEN - 1);
		return false;
	}
	s[OS_ID_LEN - 1] = OsIdCheckChar(s);
	if (s[OS_ID_LEN - 1] == 0)
		s[OS_ID_LEN - 1] = '0';	/* let the parser name the bad character */
	s[OS_ID_LEN] = '\0';
	if (!OsIdParse(s, OS_ID_LEN, &v, e))
		return false;
	*out = s[OS_ID_LEN - 1];
	return true;
}
