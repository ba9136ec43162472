/*
 * fuzz_uscc_gstin.c — UsccParse and GstinParse: no crash; accepted input
 * round-trips; any 16 bytes that pass the packed check format and re-parse.
 */
#include "fuzz_common.h"
#include "../../src/ids/sourcing.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Id16Value	v,
				w;
	IdError		e;
	char		out[32];

	if (UsccParse((const char *) data, size, &v, &e))
	{
		FUZZ_ASSERT(UsccValidPacked(&v));
		UsccFormat(&v, out);
		FUZZ_ASSERT(UsccParse(out, strlen(out), &w, &e) && memcmp(&v, &w, sizeof(v)) == 0);
		FUZZ_ASSERT(UsccOrgCodeOk(out) || !UsccOrgCodeOk(out));
	}
	else
		FuzzDetail(&e, "a unified social credit code");
	if (GstinParse((const char *) data, size, &v, &e))
	{
		FUZZ_ASSERT(GstinValidPacked(&v));
		GstinFormat(&v, out);
		FUZZ_ASSERT(GstinParse(out, strlen(out), &w, &e) && memcmp(&v, &w, sizeof(v)) == 0);
	}
	else
		FuzzDetail(&e, "a GSTIN");
	if (size >= 16)
	{
		memcpy(v.b, data, 16);
		if (UsccValidPacked(&v))
		{
			UsccFormat(&v, out);
			FUZZ_ASSERT(UsccParse(out, strlen(out), &w, &e) && memcmp(&v, &w, sizeof(v)) == 0);
		}
		if (GstinValidPacked(&v))
		{
			GstinFormat(&v, out);
			FUZZ_ASSERT(GstinParse(out, strlen(out), &w, &e) && memcmp(&v, &w, sizeof(v)) == 0);
		}
	}
	return 0;
}
