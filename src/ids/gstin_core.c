/*
 * gstin_core.c — India's GST identification number (pure C).
 *
 * Fifteen characters: a two-digit state code, the holder's PAN (five
 * letters, four digits, a letter), the registration number of that PAN in
 * that state (1-9, then A-Z), "Z", and a Luhn mod 36 check character.  This
 * is the form of regular taxpayers; special registrations (tax deductors,
 * UINs of embassies) are written differently and are not GSTINs to this type.
 */
#include "sourcing.h"
#include "id16_bits.h"

static const char *const gstin_prefixes[] = {"GSTIN", "GST", NULL};
static const char b36[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

static inline int
Base36(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return -1;
}

char
GstinCheckChar(const char *s)
{
	int			sum = 0;

	for (int i = 0; i < GSTIN_LEN - 1; i++)
	{
		int			v = Base36(s[i]);
		int			p;

		if (v < 0)
			return 0;
		p = v * ((i % 2 == 0) ? 1 : 2);
		sum += p / 36 + p % 36;
	}
	return b36[(36 - sum % 36) % 36];
}

/* What character i (0-based) of a GSTIN must be, or NULL if c is fine. */
static const char *
GstinShape(int i, char c)
{
	bool		digit = (c >= '0' && c <= '9');
	bool		letter = (c >= 'A' && c <= 'Z');

	if (i < 2 || (i >= 7 && i <= 10))
		return digit ? NULL : (i < 2 ? "a digit (characters 1 and 2 are the state code)"
							   : "a digit (characters 8 to 11 are the digits of the PAN)");
	if (i <= 6 || i == 11)
		return letter ? NULL : "a letter (characters 3 to 7 and 12 are the letters of the PAN)";
	if (i == 12)
		return ((digit && c != '0') || letter) ? NULL
			: "a digit from 1 to 9 or a letter (the registration number of the PAN in the state)";
	if (i == 13)
		return c == 'Z' ? NULL : "\"Z\"";
	return (digit || letter) ? NULL : "a letter or a digit";
}

bool
GstinParse(const char *in, size_t len, Id16Value *out, IdError *e)
{
	char		s[ID_MAX_INPUT + 1];
	bool		alnum;
	int			n = IdSqueeze(in, len, gstin_prefixes, "- ", s, &alnum, e);
	int			digits[GSTIN_LEN - 1];
	char		check;

	if (n < 0 || (!alnum && IdFindForeign(s, n, e)))
		return false;
	if (n != GSTIN_LEN)
	{
		IdSetLength(e, s, n, GSTIN_LEN);
		if (n == 10)
			e->note = "Ten characters are a PAN, not a GSTIN.";
		return false;
	}
	for (int i = 0; i < GSTIN_LEN; i++)
	{
		const char *want = GstinShape(i, s[i]);

		if (want)
		{
			IdSetChar(e, s, n, i, want);
			return false;
		}
		if (i < GSTIN_LEN - 1)
			digits[i] = Base36(s[i]);
	}
	if (s[0] == '0' && s[1] == '0')
	{
		IdSetChar(e, s, n, 1, "a state code from 01 (characters 1 and 2 are \"00\")");
		return false;
	}
	check = GstinCheckChar(s);
	if (s[GSTIN_LEN - 1] != check)
	{
		e->code = IDERR_CHECK;
		e->allowed = "check character";
		e->got[0] = s[GSTIN_LEN - 1];
		e->got[1] = '\0';
		e->expected[0] = check;
		e->expected[1] = '\0';
		return false;
	}
	Id16Pack(out, digits, GSTIN_LEN - 1, 6);
	return true;
}

void
GstinFormat(const Id16Value *v, char out[GSTIN_LEN + 1])
{
	int			digits[GSTIN_LEN - 1];

	(void) Id16Unpack(v, digits, GSTIN_LEN - 1, 6);
	for (int i = 0; i < GSTIN_LEN - 1; i++)
		out[i] = digits[i] < 36 ? b36[digits[i]] : '?';
	out[GSTIN_LEN - 1] = GstinCheckChar(out);
	if (out[GSTIN_LEN - 1] == 0)
		out[GSTIN_LEN - 1] = '?';
	out[GSTIN_LEN] = '\0';
}

bool
GstinValidPacked(const Id16Value *v)
{
	int			digits[GSTIN_LEN - 1];

	if (!Id16Unpack(v, digits, GSTIN_LEN - 1, 6))
		return false;
	for (int i = 0; i < GSTIN_LEN - 1; i++)
		if (digits[i] >= 36 || GstinShape(i, b36[digits[i]]) != NULL)
			return false;
	return !(digits[0] == 0 && digits[1] == 0);
}
