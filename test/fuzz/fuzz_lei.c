/* fuzz_lei.c — LeiParse: no crash; accepted input round-trips. */
#include "fuzz_common.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	LeiValue	v,
				w;
	IdError		e;
	char		out[LEI_LEN + 1];
	int			d;

	if (LeiParse((const char *) data, size, &v, &e))
	{
		FUZZ_ASSERT(LeiValidPacked(&v));
		LeiFormat(&v, out);
		FUZZ_ASSERT(LeiParse(out, strlen(out), &w, &e) && memcmp(&v, &w, sizeof(v)) == 0);
	}
	else
		FuzzDetail(&e, "an LEI");
	if (LeiCheckDigitsFor((const char *) data, size, &d, &e))
		FUZZ_ASSERT(d >= 2 && d <= 98);
	else
		FuzzDetail(&e, "an LEI");
	if (size >= sizeof(LeiValue))
	{
		memcpy(&v, data, sizeof(v));
		if (LeiValidPacked(&v))
		{
			LeiFormat(&v, out);
			FUZZ_ASSERT(LeiParse(out, strlen(out), &w, &e) && memcmp(&v, &w, sizeof(v)) == 0);
		}
	}
	return 0;
}
