/*
 * lei_core.c — Legal Entity Identifier, ISO 17442 (pure C).
 *
 * 18 alphanumerics and two check digits by ISO/IEC 7064 MOD 97-10.  The
 * digits are recomputed and compared, so the aliases 00, 01 and 99 that a
 * bare "mod 97 = 1" test lets through are rejected.  Positions 5 and 6 need
 * not be "00": pre-LEIs from the interim system are valid.
 */
#include "ids.h"

#include <stdio.h>
#include <string.h>

static const char *const lei_prefixes[] = {"LEI", "ISO 17442", NULL};

/*
 * Layout: the first 10 characters (60 bits) and the last 8 (48 bits) form one
 * 108-bit big-endian number, left-aligned in the 16 bytes; bits 108-127 are 0.
 */
static void
Store(LeiValue *v, uint64_t hi, uint64_t lo)
{
	uint64_t	w0 = (hi << 4) | (lo >> 44);
	uint64_t	w1 = lo << 20;

	for (int k = 0; k < 8; k++)
	{
		v->b[k] = (uint8_t) (w0 >> (56 - 8 * k));
		v->b[8 + k] = (uint8_t) (w1 >> (56 - 8 * k));
	}
}

static void
Load(const LeiValue *v, uint64_t *hi, uint64_t *lo)
{
	uint64_t	w0 = 0,
				w1 = 0;

	for (int k = 0; k < 8; k++)
	{
		w0 = (w0 << 8) | v->b[k];
		w1 = (w1 << 8) | v->b[8 + k];
	}
	*hi = w0 >> 4;
	*lo = ((w0 & 0xF) << 44) | (w1 >> 20);
}

/* Base-36 value + 1 of each byte (upper-case letters and digits); 0 = none. */
static const uint8_t b36_plus1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8,
	['8'] = 9, ['9'] = 10, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15,
	['F'] = 16, ['G'] = 17, ['H'] = 18, ['I'] = 19, ['J'] = 20, ['K'] = 21, ['L'] = 22,
	['M'] = 23, ['N'] = 24, ['O'] = 25, ['P'] = 26, ['Q'] = 27, ['R'] = 28, ['S'] = 29,
	['T'] = 30, ['U'] = 31, ['V'] = 32, ['W'] = 33, ['X'] = 34, ['Y'] = 35, ['Z'] = 36,
};

static inline int
Base36(char c)
{
	return (int) b36_plus1[(unsigned char) c] - 1;
}

/*
 * Append character c's decimal expansion (one digit, or two for a letter) to
 * acc, without a branch on which it is: the multiplier comes from a table.
 */
static inline uint64_t
Append(uint64_t acc, int v)
{
	static const uint8_t mult[36] = {
		10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
		100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100,
		100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100,
	};

	return acc * mult[v] + (uint64_t) v;
}

/*
 * MOD 97-10 over the decimal expansion (letters are two digits, A = 10).
 * Eight characters add at most 16 digits, so reducing after every eighth
 * keeps the 64-bit word below 97 * 10^16.
 */
int
LeiCheckDigits(const char *s)
{
	uint64_t	acc = 0;

	for (int i = 0; i < LEI_LEN - 2; i++)
	{
		int			v = Base36(s[i]);

		if (v < 0)
			return -1;
		acc = Append(acc, v);
		if (i % 8 == 7)
			acc %= 97;
	}
	acc %= 97;
	return 98 - (int) ((acc * 100) % 97);	/* append "00" */
}

bool
LeiParse(const char *in, size_t len, LeiValue *out, IdError *e)
{
	char		s[ID_MAX_INPUT + 1];
	bool		alnum;
	int			n = IdSqueeze(in, len, lei_prefixes, "- ", s, &alnum, e);
	uint64_t	acc = 0,
				hi = 0,
				lo = 0;
	int			want;
	int			got;

	if (n < 0 || (!alnum && IdFindForeign(s, n, e)))
		return false;
	if (n != LEI_LEN)
	{
		IdSetLength(e, s, n, LEI_LEN);
		if (n == LEI_LEN - 2)
			e->note = "If the check digits are missing, hredd.lei_check_digits() computes them.";
		return false;
	}
	for (int i = LEI_LEN - 2; i < LEI_LEN; i++)
		if (!(s[i] >= '0' && s[i] <= '9'))
		{
			IdSetChar(e, s, n, i, "a digit (characters 19 and 20 are the check digits)");
			return false;
		}

	/* one pass, no data-dependent branch: MOD 97-10 and the packed value */
	for (int i = 0; i < 10; i++)
	{
		int			v = Base36(s[i]);

		acc = Append(acc, v);
		if (i == 7)
			acc %= 97;
		hi = (hi << 6) | (uint64_t) v;
	}
	for (int i = 10; i < LEI_LEN - 2; i++)
	{
		int			v = Base36(s[i]);

		acc = Append(acc, v);
		if (i == 15)
			acc %= 97;
		lo = (lo << 6) | (uint64_t) v;
	}
	acc %= 97;
	want = 98 - (int) ((acc * 100) % 97);
	got = (s[18] - '0') * 10 + (s[19] - '0');
	if (got != want)
	{
		e->code = IDERR_CHECK;
		e->allowed = "check digits";
		e->got[0] = s[18];
		e->got[1] = s[19];
		e->got[2] = '\0';
		snprintf(e->expected, sizeof(e->expected), "%02d", want);
		if (got == 0 || got == 1 || got == 99)
			e->note = "Check digits 00, 01 and 99 are never issued.";
		return false;
	}
	Store(out, hi, lo);
	return true;
}

void
LeiFormat(const LeiValue *v, char out[LEI_LEN + 1])
{
	static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ????????????????????????????";
	uint64_t	hi,
				lo;
	int			cd;

	Load(v, &hi, &lo);
	for (int i = 9; i >= 0; i--, hi >>= 6)
		out[i] = digits[hi & 63];
	for (int i = 17; i >= 10; i--, lo >>= 6)
		out[i] = digits[lo & 63];
	cd = LeiCheckDigits(out);
	out[18] = (char) ('0' + cd / 10);
	out[19] = (char) ('0' + cd % 10);
	out[20] = '\0';
}

bool
LeiValidPacked(const LeiValue *v)
{
	uint64_t	hi,
				lo;

	Load(v, &hi, &lo);
	for (int i = 0; i < 10; i++, hi >>= 6)
		if ((hi & 63) >= 36)
			return false;
	for (int i = 0; i < 8; i++, lo >>= 6)
		if ((lo & 63) >= 36)
			return false;
	/* bits 108..127 are unused and must be zero */
	if ((v->b[13] & 0x0F) != 0 || v->b[14] != 0 || v->b[15] != 0)
		return false;
	return true;
}

bool
LeiCheckDigitsFor(const char *in, size_t len, int *out, IdError *e)
{
	char		s[ID_MAX_INPUT + 3];
	bool		alnum;
	int			n = IdSqueeze(in, len, lei_prefixes, "- ", s, &alnum, e);

	if (n < 0 || (!alnum && IdFindForeign(s, n, e)))
		return false;
	if (n != LEI_LEN - 2)
	{
		IdSetLength(e, s, n, LEI_LEN - 2);
		return false;
	}
	*out = LeiCheckDigits(s);
	return true;
}
