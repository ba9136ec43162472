/*
 * normalize_diff_fuzz.c — libFuzzer harness: the facility normaliser against
 * the baseline copy that normalize_speed.sh compiles as MatchNormalizeOld
 * (FUZZ=seconds there).  Input: one byte choosing the field and the
 * country, then the text.  Both must give the same status and bytes, and
 * the result normalised again must be the result (or, where the baseline's
 * is not either, what the baseline gives).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/ids/ids.h"
#include "../../src/match/normalize.h"

extern MatchNormStatus MatchNormalizeOld(MatchField field, const char *s, size_t n,
										 uint16_t country, char *out, size_t *outlen);
int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const countries[] = {"", "CN", "VN", "TR", "BD", "ID", "TH", "LK", "IN", "PK",
"KH", "MM", "DE", "US", "GB", "FR"};

static char a[MATCH_NORM_CAP(MATCH_ADDRESS_MAX + 1)],
			b[MATCH_NORM_CAP(MATCH_ADDRESS_MAX + 1)],
			c[MATCH_NORM_CAP(MATCH_ADDRESS_MAX + 1)];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	MatchField	f;
	const char *cn;
	uint16_t	cc;
	size_t		la = 0,
				lb = 0,
				lc = 0;
	MatchNormStatus sa,
				sb;

	if (size < 1 || size > MATCH_ADDRESS_MAX + 2)
		return 0;
	f = (data[0] & 1) ? MATCH_FIELD_ADDRESS : MATCH_FIELD_NAME;
	cn = countries[(data[0] >> 1) % 16];
	cc = cn[0] ? COUNTRY_CODE(cn[0], cn[1]) : 0;
	sa = MatchNormalizeOld(f, (const char *) data + 1, size - 1, cc, a, &la);
	sb = MatchNormalize(f, (const char *) data + 1, size - 1, cc, b, &lb);
	if (sa != sb || la != lb || memcmp(a, b, la) != 0)
	{
		fprintf(stderr, "normalize_diff_fuzz: old %d \"%.*s\", new %d \"%.*s\"\n",
				sa, (int) la, a, sb, (int) lb, b);
		abort();
	}
	/*
	 * The result again: idempotent, or (the baseline is not either when an
	 * address ends in more trailing country names than the passes it makes,
	 * "Factory 5 China China ... China", 20 times: one is dropped a pass)
	 * again what the baseline gives
	 */
	if (sb == MATCH_NORM_OK)
	{
		MatchNormStatus sc = MatchNormalize(f, b, lb, cc, c, &lc);

		if (sc != MATCH_NORM_OK || lc != lb || memcmp(b, c, lb) != 0)
		{
			sa = MatchNormalizeOld(f, a, la, cc, b, &la);
			if (sa != sc || la != lc || memcmp(b, c, lc) != 0)
			{
				fprintf(stderr, "normalize_diff_fuzz: the result again: old %d \"%.*s\", new %d \"%.*s\"\n",
						sa, (int) la, b, sc, (int) lc, c);
				abort();
			}
		}
	}
	return 0;
}
