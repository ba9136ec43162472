/* fuzz_country.c — CountryParse and FoldKey: no crash; codes round-trip. */
#include "fuzz_common.h"

#include "../../src/common/fold.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t	v,
				w;
	IdError		e;
	char		out[3];
	char		key[64];
	size_t		n;

	if (CountryParse((const char *) data, size, &v, &e))
	{
		FUZZ_ASSERT(CountryLookup(v) != NULL);
		CountryFormat(v, out);
		FUZZ_ASSERT(CountryParse(out, 2, &w, &e) && w == v);
	}
	else
		FuzzDetail(&e, "a country");
	/* a strict alpha-2 code is always read by the forgiving parser too */
	if (CountryCodeValid((const char *) data, size))
		FUZZ_ASSERT(CountryParse((const char *) data, size, &w, &e));
	/* folding into a small buffer never writes past it; a key is a fixed point */
	n = FoldKey((const char *) data, size, key, sizeof(key));
	if (n != (size_t) -1)
	{
		char		again[64];
		size_t		m = FoldKey(key, n, again, sizeof(again));

		FUZZ_ASSERT(m != (size_t) -1);
	}
	return 0;
}
