/*
 * id16_bits.h — fixed-width digits packed big-endian into 16 bytes, so that
 * memcmp orders like the digit strings (uscc, gstin).  Header-only, pure C.
 */
#ifndef HREDD_ID16_BITS_H
#define HREDD_ID16_BITS_H

#include <string.h>

#include "sourcing.h"

/* Store n digits of width bits each, left-aligned; the rest of v is zero. */
static inline void
Id16Pack(Id16Value *v, const int *digits, int n, int width)
{
	int			p = 0;

	memset(v->b, 0, sizeof(v->b));
	for (int i = 0; i < n; i++)
		for (int k = width - 1; k >= 0; k--, p++)
			if ((digits[i] >> k) & 1)
				v->b[p / 8] |= (uint8_t) (0x80 >> (p % 8));
}

/* Read n digits of width bits; false if any bit after them is set. */
static inline bool
Id16Unpack(const Id16Value *v, int *digits, int n, int width)
{
	int			p = 0;

	for (int i = 0; i < n; i++)
	{
		int			d = 0;

		for (int k = 0; k < width; k++, p++)
			d = (d << 1) | ((v->b[p / 8] >> (7 - p % 8)) & 1);
		digits[i] = d;
	}
	for (; p < 128; p++)
		if ((v->b[p / 8] >> (7 - p % 8)) & 1)
			return false;
	return true;
}

#endif
