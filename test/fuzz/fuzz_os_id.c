/* fuzz_os_id.c — OsIdParse: no crash; accepted input round-trips. */
#include "fuzz_common.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t		v,
				w;
	IdError		e;
	char		out[OS_ID_LEN + 1];
	char		c;

	if (OsIdParse((const char *) data, size, &v, &e))
	{
		FUZZ_ASSERT(OsIdValidPacked(v));
		OsIdFormat(v, out);
		FUZZ_ASSERT(OsIdParse(out, strlen(out), &w, &e) && w == v);
	}
	else
		FuzzDetail(&e, "an OS ID");
	if (!OsIdCheckCharFor((const char *) data, size, &c, &e))
		FuzzDetail(&e, "an OS ID");
	/* packed values from raw bytes: validity check must not crash */
	if (size >= 8)
	{
		memcpy(&v, data, 8);
		if (OsIdValidPacked(v))
		{
			OsIdFormat(v, out);
			FUZZ_ASSERT(OsIdParse(out, strlen(out), &w, &e) && w == v);
		}
	}
	return 0;
}
