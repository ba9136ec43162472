/*
 * fuzz_osh_fields.c — the Open Supply Hub field readers (osh_fields_core.c):
 * no crash, no read outside the field; a worker band has min <= max and reads
 * back the same when written as "min-max" (or ">min-1"); a flag is -1, 0 or
 * 1 and survives spaces around it; a coordinate is within its bound, is what
 * strtod reads from the trimmed text, and the text with spaces around it
 * reads the same.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/supply/osh_fields.h"

#define FUZZ_ASSERT(cond) do { if (!(cond)) abort(); } while (0)

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy, so ASan sees any read past the field */
	char	   *s = malloc(size ? size : 1);
	char	   *padded = malloc(size + 2);
	int32_t		min = -1,
				max = -1;
	int			got,
				f;
	double		v,
				v2;
	char		buf[48];

	memcpy(s, data, size);
	padded[0] = ' ';
	memcpy(padded + 1, data, size);
	padded[size + 1] = ' ';

	got = OshWorkers(s, size, &min, &max);
	FUZZ_ASSERT(got == 0 || got == 1 || got == 3);
	if (got == 3)
	{
		int32_t		m2 = -1,
					x2 = -1;

		FUZZ_ASSERT(min >= 0 && min <= max && max <= 999999999);
		snprintf(buf, sizeof buf, "%d-%d", (int) min, (int) max);
		FUZZ_ASSERT(OshWorkers(buf, strlen(buf), &m2, &x2) == 3 && m2 == min && x2 == max);
	}
	else if (got == 1)
	{
		int32_t		m2 = -1,
					x2 = -1;

		FUZZ_ASSERT(min >= 1 && min <= 1000000000);
		snprintf(buf, sizeof buf, ">%d", (int) min - 1);
		FUZZ_ASSERT(OshWorkers(buf, strlen(buf), &m2, &x2) == 1 && m2 == min);
	}
	{
		int32_t		m2 = -1,
					x2 = -1;

		FUZZ_ASSERT(OshWorkers(padded, size + 2, &m2, &x2) == got);
		if (got)
			FUZZ_ASSERT(m2 == min && (got != 3 || x2 == max));
	}

	f = OshFlag(s, size);
	FUZZ_ASSERT(f >= -1 && f <= 1);
	FUZZ_ASSERT(OshFlag(padded, size + 2) == f);

	if (OshCoordinate(s, size, 90, &v))
	{
		char	   *z = malloc(size + 1);
		size_t		b = 0,
					e = size;

		FUZZ_ASSERT(fabs(v) <= 90);
		while (b < e && s[b] == ' ')
			b++;
		while (e > b && s[e - 1] == ' ')
			e--;
		memcpy(z, s + b, e - b);
		z[e - b] = '\0';
		FUZZ_ASSERT(strtod(z, NULL) == v);
		free(z);
		FUZZ_ASSERT(OshCoordinate(s, size, 180, &v2) && v2 == v);
	}
	FUZZ_ASSERT(OshCoordinate(padded, size + 2, 180, &v2) == OshCoordinate(s, size, 180, &v));
	free(s);
	free(padded);
	return 0;
}
