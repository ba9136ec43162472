/* fuzz_duns.c — DunsParse: no crash; accepted input round-trips. */
#include "fuzz_common.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int32_t		v,
				w;
	IdError		e;
	char		out[DUNS_LEN + 1];

	if (DunsParse((const char *) data, size, &v, &e))
	{
		FUZZ_ASSERT(DunsValidPacked(v));
		DunsFormat(v, out);
		FUZZ_ASSERT(DunsParse(out, strlen(out), &w, &e) && w == v);
		(void) DunsLegacyLuhnOk(v);
	}
	else
		FuzzDetail(&e, "a D-U-N-S number");
	return 0;
}
