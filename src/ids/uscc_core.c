/*
 * uscc_core.c — China's unified social credit code, GB 32100-2015 (pure C).
 *
 * Eighteen characters from a 31-symbol alphabet (digits and the letters
 * other than I, O, S, V and Z); the last is a check character over the first
 * seventeen, with weights 3^(i-1) mod 31.  Characters 3 to 8 are the GB/T
 * 2260 administrative division code, always digits.  The organisation code
 * embedded in characters 9 to 17 has its own GB 11714 check, which hredd
 * reports (hredd.uscc_org_code_ok) but does not enforce: the standard leaves
 * room for codes issued without one.
 */
#include "sourcing.h"
#include "id16_bits.h"

static const char *const uscc_prefixes[] = {"USCC", NULL};
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static const int uscc_weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

/* Index + 1 of each upper-case byte in the alphabet; 0 = not in it. */
static const uint8_t uscc_index1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8,
	['8'] = 9, ['9'] = 10, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15,
	['F'] = 16, ['G'] = 17, ['H'] = 18, ['J'] = 19, ['K'] = 20, ['L'] = 21, ['M'] = 22,
	['N'] = 23, ['P'] = 24, ['Q'] = 25, ['R'] = 26, ['T'] = 27, ['U'] = 28, ['W'] = 29,
	['X'] = 30, ['Y'] = 31,
};

static inline int
UsccIndex(char c)
{
	return (int) uscc_index1[(unsigned char) c] - 1;
}

char
UsccCheckChar(const char *s)
{
	int			sum = 0;

	for (int i = 0; i < USCC_LEN - 1; i++)
	{
		int			v = UsccIndex(s[i]);

		if (v < 0)
			return 0;
		sum += v * uscc_weights[i];
	}
	return uscc_alphabet[(31 - sum % 31) % 31];
}

bool
UsccOrgCodeOk(const char *s)
{
	static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
	int			sum = 0;
	int			c;
	char		want;

	for (int i = 0; i < 8; i++)
	{
		char		ch = s[8 + i];

		if (ch >= '0' && ch <= '9')
			sum += (ch - '0') * w[i];
		else if (ch >= 'A' && ch <= 'Z')
			sum += (ch - 'A' + 10) * w[i];
		else
			return false;
	}
	c = 11 - sum % 11;
	want = (c == 10) ? 'X' : (c == 11) ? '0' : (char) ('0' + c);
	return s[16] == want;
}

bool
UsccParse(const char *in, size_t len, Id16Value *out, IdError *e)
{
	char		s[ID_MAX_INPUT + 1];
	bool		alnum;
	int			n = IdSqueeze(in, len, uscc_prefixes, "- ", s, &alnum, e);
	int			digits[USCC_LEN - 1];
	char		check;

	if (n < 0 || (!alnum && IdFindForeign(s, n, e)))
		return false;
	if (n != USCC_LEN)
	{
		IdSetLength(e, s, n, USCC_LEN);
		return false;
	}
	for (int i = 0; i < USCC_LEN; i++)
	{
		int			v = UsccIndex(s[i]);

		if (v < 0)
		{
			IdSetChar(e, s, n, i, "a digit or a letter other than I, O, S, V and Z");
			return false;
		}
		if (i >= 2 && i <= 7 && v > 9)
		{
			IdSetChar(e, s, n, i, "a digit (characters 3 to 8 are the administrative division code)");
			return false;
		}
		if (i < USCC_LEN - 1)
			digits[i] = v;
	}
	check = UsccCheckChar(s);
	if (s[USCC_LEN - 1] != check)
	{
		e->code = IDERR_CHECK;
		e->allowed = "check character";
		e->got[0] = s[USCC_LEN - 1];
		e->got[1] = '\0';
		e->expected[0] = check;
		e->expected[1] = '\0';
		return false;
	}
	Id16Pack(out, digits, USCC_LEN - 1, 5);
	return true;
}

void
UsccFormat(const Id16Value *v, char out[USCC_LEN + 1])
{
	int			digits[USCC_LEN - 1];

	(void) Id16Unpack(v, digits, USCC_LEN - 1, 5);
	for (int i = 0; i < USCC_LEN - 1; i++)
		out[i] = digits[i] < 31 ? uscc_alphabet[digits[i]] : '?';
	out[USCC_LEN - 1] = UsccCheckChar(out);
	if (out[USCC_LEN - 1] == 0)
		out[USCC_LEN - 1] = '?';
	out[USCC_LEN] = '\0';
}

bool
UsccValidPacked(const Id16Value *v)
{
	int			digits[USCC_LEN - 1];

	if (!Id16Unpack(v, digits, USCC_LEN - 1, 5))
		return false;
	for (int i = 0; i < USCC_LEN - 1; i++)
		if (digits[i] >= 31 || (i >= 2 && i <= 7 && digits[i] > 9))
			return false;
	return true;
}
