/*
 * fuzz_facility.c — the text form of hredd.facility, as facility_in reads
 * it: parse, then normalise the name and address fields as the input
 * function does.  Checks: no out-of-bounds access; parsed fields lie
 * inside the buffer; coordinates, when accepted, are in range; a parsed
 * value written back in the canonical form parses to the same fields.
 */
#include "fuzz_common.h"

#include <math.h>
#include <stdio.h>

#include "../../src/match/facility_text.h"
#include "../../src/match/normalize.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char name[MATCH_NORM_CAP(MATCH_ADDRESS_MAX)];
static char addr[MATCH_NORM_CAP(MATCH_ADDRESS_MAX)];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FacilityText ft,
				ft2;
	char	   *buf = malloc(size + 1);
	size_t		nl = 0,
				al = 0;

	ft.buf = buf;
	if (FacilityTextParse((const char *) data, size, &ft) != FT_OK)
	{
		free(buf);
		return 0;
	}
	for (int i = 0; i < FACILITY_FIELDS; i++)
		FUZZ_ASSERT(ft.off[i] + ft.len[i] <= size);
	if (ft.has_coords)
		FUZZ_ASSERT(!isnan(ft.lat) && fabs(ft.lat) <= 90 && fabs(ft.lng) <= 180);
	if (MatchNormalize(MATCH_FIELD_NAME, buf + ft.off[0], ft.len[0], 0, name, &nl) == MATCH_NORM_OK &&
		MatchNormalize(MATCH_FIELD_ADDRESS, buf + ft.off[1], ft.len[1], 0, addr, &al) != MATCH_NORM_TOO_LONG)
	{
		/* the canonical text form of the normalised value reads back the same */
		size_t		cap = nl + al + 128;
		char	   *text = malloc(cap);
		char	   *buf2 = malloc(cap);
		int			n;

		n = snprintf(text, cap, "(\"%.*s\",%s%.*s%s,,%s%.17g%s%s%.17g)",
					 (int) nl, name, al ? "\"" : "", (int) al, addr, al ? "\"" : "",
					 "", ft.has_coords ? ft.lat : 0.0, ft.has_coords ? "" : "", ",",
					 ft.has_coords ? ft.lng : 0.0);
		if (!ft.has_coords)
			n = snprintf(text, cap, "(\"%.*s\",%s%.*s%s,,,)", (int) nl, name,
						 al ? "\"" : "", (int) al, addr, al ? "\"" : "");
		FUZZ_ASSERT(n > 0 && (size_t) n < cap);
		ft2.buf = buf2;
		FUZZ_ASSERT(FacilityTextParse(text, (size_t) n, &ft2) == FT_OK);
		FUZZ_ASSERT(ft2.len[0] == nl && memcmp(buf2 + ft2.off[0], name, nl) == 0);
		FUZZ_ASSERT(ft2.len[1] == al && memcmp(buf2 + ft2.off[1], addr, al) == 0);
		FUZZ_ASSERT(ft2.has_coords == ft.has_coords);
		if (ft.has_coords)
			FUZZ_ASSERT(ft2.lat == ft.lat && ft2.lng == ft.lng);
		free(text);
		free(buf2);
	}
	free(buf);
	return 0;
}
