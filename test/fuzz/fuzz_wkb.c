/* fuzz_wkb.c — PipIndexAddWkb: no crash on any bytes; look-ups stay in bounds. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/geo/pip.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	PipIndex   *ix = PipIndexNew();
	double		q[2] = {0, 0};

	if (!ix)
		return 0;
	(void) PipIndexAddWkb(ix, 1, data, size);
	if (PipIndexFinish(ix))
	{
		if (size >= 16)
			memcpy(q, data + size - 16, 16);
		(void) PipIndexLookup(ix, q[0], q[1], 25);
		(void) PipIndexLookup(ix, fmod(q[0], 180.0), fmod(q[1], 90.0), 500);
		(void) PipIndexLookup(ix, 0.5, 0.5, 0);
	}
	PipIndexFree(ix);
	return 0;
}
