/* fuzz_country.c — CountryParse, FoldKey and FoldChar: no crash; codes round-trip; keys are fixed points. */
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

		FUZZ_ASSERT(m == n && memcmp(again, key, n) == 0);
		/* exactly enough room is enough */
		FUZZ_ASSERT(n == 0 || FoldKey((const char *) data, size, again, n) == n);
	}
	/* the classifier: a piece fits FOLD_PIECE_MAX; separators and drops write nothing */
	for (size_t i = 0; i < size;)
	{
		uint32_t	cp;
		int			len = Utf8Decode(data + i, size - i, &cp);
		char		piece[FOLD_PIECE_MAX];
		int			plen = -1;
		FoldClass	cls = FoldChar(cp, data + i, len, piece, &plen);

		FUZZ_ASSERT(plen >= 0 && plen <= FOLD_PIECE_MAX);
		FUZZ_ASSERT((cls == FOLD_SEP || cls == FOLD_DROP) == (plen == 0));
		i += len;
	}
	return 0;
}
