/*
 * fuzz_mst_bin_vkn.c — VnMstParse, BdBinParse, TrVknParse and the company
 * keys of every scheme: no crash; accepted input round-trips; evidence of a
 * number against itself is +1 exactly when it is valid.
 */
#include "fuzz_common.h"
#include "../../src/ids/sourcing.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	int64_t		v,
				w;
	IdError		e;
	char		out[64];

	if (VnMstParse(s, size, &v, &e))
	{
		FUZZ_ASSERT(VnMstValidPacked(v));
		VnMstFormat(v, out);
		FUZZ_ASSERT(VnMstParse(out, strlen(out), &w, &e) && w == v);
	}
	else
		FuzzDetail(&e, "a Vietnamese tax code");
	if (BdBinParse(s, size, &v, &e))
	{
		FUZZ_ASSERT(BdBinValidPacked(v));
		BdBinFormat(v, out);
		FUZZ_ASSERT(BdBinParse(out, strlen(out), &w, &e) && w == v);
	}
	else
		FuzzDetail(&e, "a BIN");
	if (TrVknParse(s, size, &v, &e))
	{
		FUZZ_ASSERT(TrVknValidPacked(v));
		TrVknFormat(v, out);
		FUZZ_ASSERT(TrVknParse(out, strlen(out), &w, &e) && w == v);
	}
	else
		FuzzDetail(&e, "a VKN");
	for (int sc = CS_USCC; sc <= CS_DUNS; sc++)
	{
		int			n = CompanyKey((CompanyScheme) sc, s, size, out, &e);

		FUZZ_ASSERT(n < 32);
		FUZZ_ASSERT(CompanyNumberEvidence((CompanyScheme) sc, s, size, s, size) == (n >= 0 ? 1 : 0));
	}
	if (size >= 8)
	{
		memcpy(&v, data, 8);
		if (VnMstValidPacked(v))
		{
			VnMstFormat(v, out);
			FUZZ_ASSERT(VnMstParse(out, strlen(out), &w, &e) && w == v);
		}
		if (TrVknValidPacked(v))
		{
			TrVknFormat(v, out);
			FUZZ_ASSERT(TrVknParse(out, strlen(out), &w, &e) && w == v);
		}
		if (BdBinValidPacked(v))
		{
			BdBinFormat(v, out);
			FUZZ_ASSERT(BdBinParse(out, strlen(out), &w, &e) && w == v);
		}
	}
	return 0;
}
