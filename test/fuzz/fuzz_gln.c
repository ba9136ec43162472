/* fuzz_gln.c — GlnParse: no crash; accepted input round-trips. */
#include "fuzz_common.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t		v,
				w;
	IdError		e;
	char		out[GLN_LEN + 1];
	int			d;

	if (GlnParse((const char *) data, size, &v, &e))
	{
		FUZZ_ASSERT(GlnValidPacked(v));
		GlnFormat(v, out);
		FUZZ_ASSERT(GlnParse(out, strlen(out), &w, &e) && w == v);
	}
	else
		FuzzDetail(&e, "a GLN");
	if (GlnCheckDigitFor((const char *) data, size, &d, &e))
		FUZZ_ASSERT(d >= 0 && d <= 9);
	else
		FuzzDetail(&e, "a GLN");
	if (size >= 8)
	{
		memcpy(&v, data, 8);
		if (GlnValidPacked(v))
		{
			GlnFormat(v, out);
			FUZZ_ASSERT(GlnParse(out, strlen(out), &w, &e) && w == v);
		}
	}
	return 0;
}
