/*
 * fuzz_match.c — the facility normalisers, the score and the text form.
 *
 * Input: one byte choosing the country, then two texts separated by a NUL
 * byte.  Checks: normalising never overruns its buffer and its result is a
 * fixed point with single blanks between words; scores are in [0, 1] and
 * symmetric; MatchUpperBound (and its word-evidence and name-only forms) is
 * never below the true score, whatever the
 * pair — the property the GIN and GiST opclasses rely on to lose no match;
 * the text-form parser never reads or writes out of bounds; blocking keys
 * are sorted, distinct and within their cap.
 */
#include "fuzz_common.h"

#include <math.h>

#include "../../src/match/cluster.h"
#include "../../src/match/facility_text.h"
#include "../../src/match/normalize.h"
#include "../../src/match/score.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t countries[] = {
	0, COUNTRY_CODE('C', 'N'), COUNTRY_CODE('V', 'N'), COUNTRY_CODE('T', 'R'),
	COUNTRY_CODE('B', 'D'), COUNTRY_CODE('I', 'D'), COUNTRY_CODE('T', 'H'), COUNTRY_CODE('L', 'K')
};

static char n1[MATCH_NORM_CAP(MATCH_ADDRESS_MAX)];
static char n2[MATCH_NORM_CAP(MATCH_ADDRESS_MAX)];
static char again[MATCH_NORM_CAP(MATCH_ADDRESS_MAX)];
static MatchProfile pa,
			pb;
static MatchResult res;
static MatchProfile sa,
			sb;

/* Registry statistics for the fuzzer: counts made up from the text itself. */
static int
FakeCount(void *arg, const char *s, int len)
{
	(void) arg;
	return len > 0 ? (unsigned char) s[0] % 40 : 0;
}

static const MatchStats fake_stats = {NULL, 500, FakeCount, FakeCount, FakeCount};

/* Normalise, check the shape and the fixed point; returns the length or -1. */
static long
Normalize(MatchField f, const char *s, size_t n, uint16_t cc, char *out)
{
	size_t		len,
				len2;
	MatchNormStatus st = MatchNormalize(f, s, n, cc, out, &len);

	if (st == MATCH_NORM_TOO_LONG)
	{
		FUZZ_ASSERT(n > MATCH_NAME_MAX);
		return -1;
	}
	FUZZ_ASSERT(len <= MATCH_NORM_CAP(n));
	if (st == MATCH_NORM_EMPTY)
	{
		FUZZ_ASSERT(len == 0);
		return 0;
	}
	FUZZ_ASSERT(len > 0 && out[0] != ' ' && out[len - 1] != ' ');
	for (size_t i = 1; i < len; i++)
		FUZZ_ASSERT(!(out[i] == ' ' && out[i - 1] == ' '));
	FUZZ_ASSERT(MatchNormalize(f, out, len, cc, again, &len2) == MATCH_NORM_OK);
	FUZZ_ASSERT(len2 == len && memcmp(again, out, len) == 0);
	return (long) len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint16_t	cc;
	const char *a,
			   *b;
	size_t		na,
				nb;
	const uint8_t *nul;
	long		la,
				lb;
	bool		present[MP_MAX_GRAM];
	int			cs;
	double		s,
				s2,
				ub;

	if (size < 1)
		return 0;
	cc = countries[data[0] % 8];
	a = (const char *) data + 1;
	nul = memchr(data + 1, 0, size - 1);
	na = nul ? (size_t) (nul - (data + 1)) : size - 1;
	b = nul ? (const char *) nul + 1 : "";
	nb = nul ? size - 1 - na - 1 : 0;

	/* the text form */
	{
		FacilityText ft;
		char	   *buf = malloc(size + 1);

		ft.buf = buf;
		if (FacilityTextParse((const char *) data, size, &ft) == FT_OK)
			for (int i = 0; i < FACILITY_FIELDS; i++)
				FUZZ_ASSERT(ft.off[i] + ft.len[i] <= size);
		free(buf);
	}

	la = Normalize(MATCH_FIELD_NAME, a, na, cc, n1);
	lb = Normalize(MATCH_FIELD_ADDRESS, b, nb, data[0] & 8 ? 0 : cc, n2);
	if (la <= 0)
		return 0;
	lb = lb < 0 ? 0 : lb;

	/* the two texts as two names of two facilities; the points are precise
	 * (more than two decimals) or not, from 0 to about 5 km apart, or far */
	{
		double		lat0 = (data[0] & 128) ? 10.00013 : 10.0,
					lng0 = (data[0] & 128) ? 100.00017 : 100.0;
		double		lat1 = lat0 + (size % 9) * 0.004 + (size % 11 == 0 ? 2.5 : 0),
					lng1 = lng0 + (size % 5) * 0.01;
		long		lb2 = Normalize(MATCH_FIELD_NAME, b, nb, 0, n2);

		MatchProfileBuild(&pa, n1, la, n2, lb, cc, data[0] & 16, lat0, lng0);
		if (lb2 <= 0)
			return 0;
		MatchProfileBuild(&pb, n2, lb2, n1, la, data[0] & 32 ? cc : 0, data[0] & 64, lat1, lng1);
	}
	s = MatchScore(&pa, &pb, &res);
	s2 = MatchScore(&pb, &pa, NULL);
	FUZZ_ASSERT(s >= 0 && s <= 1 && !isnan(s));
	FUZZ_ASSERT(fabs(s - s2) < 1e-12);

	/* the bound, from pa's side, with exactly pb's trigrams present */
	for (int i = 0; i < pa.ngram; i++)
	{
		present[i] = false;
		for (int j = 0; j < pb.ngram; j++)
			if (pb.gram[j] == pa.gram[i])
				present[i] = true;
	}
	cs = pa.country == 0 ? 0 : (pb.country == pa.country ? 1 : (pb.country == 0 ? 0 : -1));
	ub = MatchUpperBound(&pa, present, cs);
	FUZZ_ASSERT(ub + 1e-9 >= s);
	/* and with nothing known about the country */
	FUZZ_ASSERT(MatchUpperBound(&pa, present, 2) + 1e-9 >= s);
	/* any model (a calibrated one: coefficients of either sign) */
	{
		double		coef[MM_NCOEF];
		uint32_t	h = 2166136261u ^ (uint32_t) size;
		double		sm;

		for (size_t i = 0; i < size; i++)
			h = (h ^ data[i]) * 16777619u;
		for (int i = 0; i < MM_NCOEF; i++)
		{
			h = h * 1103515245u + 12345u;
			coef[i] = ((int) ((h >> 16) % 41) - 20) * 0.5;
		}
		if (h & 1)
			memcpy(coef, MatchDefaultCoef, sizeof(coef));
		sm = MatchScoreModel(&pa, &pb, coef, NULL);
		FUZZ_ASSERT(sm >= 0 && sm <= 1 && !isnan(sm));
		FUZZ_ASSERT(MatchUpperBoundModel(&pa, present, cs, coef) + 1e-9 >= sm);
		FUZZ_ASSERT(MatchUpperBoundModel(&pa, present, 2, coef) + 1e-9 >= sm);
		/* the GIN opclass's word evidence: exactly pb's word keys present */
		{
			uint32_t	rowkeys[2 * MP_MAX_TOK + 1],
						qkeys[2 * MP_MAX_TOK + 1];
			int			join[MP_MAX_TOK + 1];
			bool		word[MP_MAX_TOK + 1],
						pjoin[MP_MAX_TOK + 1];
			int			nr = MatchRowWordKeys(&pb, rowkeys),
						nq = MatchQueryWordKeys(&pa, qkeys, join);
			MatchWordEvidence ev = {word, join, pjoin, pb.frag, false};
			uint32_t	rk[MP_MAX_NUM + 1],
						qk[MP_MAX_NUM];
			int			nrk = MatchRowNumberKeys(&pb, rk),
						nqk = MatchQueryNumberKeys(&pa, qk);
			MPTok		num[MP_MAX_NUM];
			int			nnum;
			MatchResult res3;

			/* the numbers read without the words are the profile's */
			MatchAddressNumbers(pb.addr, pb.addrlen, num, &nnum);
			FUZZ_ASSERT(nnum == pb.nanum);
			for (int k = 0; k < nnum; k++)
				FUZZ_ASSERT(num[k].len == pb.anum[k].len && num[k].s == pb.anum[k].s &&
							num[k].mask == pb.anum[k].mask);
			/* the number keys (format 3): a conflict only where the score has one */
			ev.anum_conflict = nqk > 0;
			for (int r = 0; r < nrk; r++)
			{
				ev.anum_conflict &= rk[r] != MatchNoNumberKey();
				for (int k = 0; k < nqk; k++)
					ev.anum_conflict &= rk[r] != qk[k];
			}
			(void) MatchScoreModel(&pa, &pb, coef, &res3);
			if (ev.anum_conflict)
				FUZZ_ASSERT(res3.address_numbers < 0);

			for (int k = 0; k < pa.ntok; k++)
			{
				word[k] = pjoin[k] = false;
				for (int r = 0; r < nr; r++)
				{
					word[k] |= rowkeys[r] == qkeys[k];
					pjoin[k] |= join[k] >= 0 && join[k] < nq && rowkeys[r] == qkeys[join[k]];
				}
			}
			FUZZ_ASSERT(MatchUpperBoundWords(&pa, present, &ev, cs, coef) + 1e-9 >= sm);
			FUZZ_ASSERT(MatchUpperBoundWords(&pa, present, &ev, 2, coef) + 1e-9 >= sm);

			/*
			 * the GiST opclass's bound (format 2): the same evidence, each
			 * word also held to its trigrams, the row's weight totals (as
			 * the leaf stores them, rounded down) and its address: exactly
			 * known, or unknown
			 */
			{
				static MatchAddressQuery aq;
				bool		apresent[MP_MAX_AGRAM];
				int			as = pb.has_address && pb.natok + pb.nanum > 0 ? 1 : 0;
				double		aub;

				MatchAddressQueryBuild(&pa, &aq);
				for (int i = 0; i < pa.nagram; i++)
				{
					apresent[i] = false;
					for (int j = 0; j < pb.nagram; j++)
						if (pb.agram[j] == pa.agram[i])
							apresent[i] = true;
				}
				uint8_t		alen[MP_MAX_ATOK];
				uint32_t	amask[MP_MAX_ATOK];
				MatchAddressRow ar = {pb.natok > 0 ? pb.nagram : 0, pb.AW * (1 - 1e-6),
									  pb.natok, alen, amask};

				for (int j = 0; j < pb.natok; j++)
				{
					alen[j] = pb.atok[j].len > 255 ? 255 : pb.atok[j].len;
					amask[j] = pb.atok[j].mask;
				}
				aub = MatchAddressBound(&pa, &aq, apresent, &ar);
				ar.nword = -1;
				FUZZ_ASSERT(MatchAddressBound(&pa, &aq, apresent, &ar) + 1e-9 >= aub);
				FUZZ_ASSERT(aub + 1e-9 >= res3.address || !res3.address_known);
				FUZZ_ASSERT(MatchUpperBoundRow(&pa, present, &ev, pb.W * (1 - 1e-6), pb.V * (1 - 1e-6),
											   as, aub, cs, coef) + 1e-9 >= sm);
				FUZZ_ASSERT(MatchUpperBoundRow(&pa, present, &ev, pb.W * (1 - 1e-6), pb.V * (1 - 1e-6),
											   2, 1, 2, coef) + 1e-9 >= sm);
				FUZZ_ASSERT(MatchUpperBoundRow(&pa, present, &ev, 0, 0, as, aub, cs, coef) + 1e-9 >= sm);
			}
		}
		/* the % operator's bound without the addresses, either side unread */
		{
			MatchProfile pn;

			MatchProfileBuildName(&pn, pb.name, pb.namelen, pb.addr, pb.addrlen, pb.country,
								  pb.has_coords, pb.lat, pb.lng, NULL);
			FUZZ_ASSERT(MatchNameBound(&pa, &pn, coef) + 1e-9 >= sm);
			FUZZ_ASSERT(MatchNameBound(&pn, &pa, coef) + 1e-9 >= sm);
		}
	}

	/* blocking keys (cluster.c): sorted, distinct, never 0, within the cap;
	 * a record meets itself through a key that is not a typo key; two
	 * records of one country with the same name share a key */
	{
		uint64_t	ka[CLUSTER_BLOCK_MAX_KEYS],
					kb[CLUSTER_BLOCK_MAX_KEYS];
		uint32_t	sa_[CLUSTER_BLOCK_MAX_KEYS],
					sb_[CLUSTER_BLOCK_MAX_KEYS];
		int			nka = ClusterBlockKeys(&pa, ka, sa_, CLUSTER_BLOCK_MAX_KEYS),
					nkb = ClusterBlockKeys(&pb, kb, sb_, CLUSTER_BLOCK_MAX_KEYS);

		FUZZ_ASSERT(nka >= 0 && nka <= CLUSTER_BLOCK_MAX_KEYS && nkb >= 0 && nkb <= CLUSTER_BLOCK_MAX_KEYS);
		for (int i = 0; i < nka; i++)
			FUZZ_ASSERT(ka[i] != 0 && (i == 0 || ka[i - 1] < ka[i]));
		FUZZ_ASSERT(nka > 0 || pa.namelen == 0);
		if (nka > 0)
			FUZZ_ASSERT(ClusterFirstCommonKey(ka, sa_, nka, ka, sa_, nka) != 0);
		if (pa.country == pb.country && pa.namelen == pb.namelen && memcmp(pa.name, pb.name, pa.namelen) == 0 && nka > 0)
			FUZZ_ASSERT(ClusterFirstCommonKey(ka, sa_, nka, kb, sb_, nkb) != 0);
		FUZZ_ASSERT(ClusterBlockKeys(&pa, ka, NULL, 3) <= 3);
		/* second keys of a large block: sorted, distinct, within the cap */
		{
			uint64_t	sk[CLUSTER_SPLIT_MAX_KEYS];
			int			ns = ClusterSplitKeys(&pa, nka > 0 ? ka[0] : 1, sk, CLUSTER_SPLIT_MAX_KEYS);

			FUZZ_ASSERT(ns >= 0 && ns <= CLUSTER_SPLIT_MAX_KEYS);
			for (int i = 1; i < ns; i++)
				FUZZ_ASSERT(sk[i - 1] < sk[i]);
			FUZZ_ASSERT(ClusterSplitKeys(&pa, 1, sk, 2) <= 2);
		}
	}

	/* with registry statistics: still a score, still symmetric */
	MatchProfileBuildStats(&sa, pa.name, pa.namelen, pa.addr, pa.addrlen, pa.country,
						   pa.has_coords, pa.lat, pa.lng, &fake_stats);
	MatchProfileBuildStats(&sb, pb.name, pb.namelen, pb.addr, pb.addrlen, pb.country,
						   pb.has_coords, pb.lat, pb.lng, &fake_stats);
	s = MatchScore(&sa, &sb, &res);
	s2 = MatchScore(&sb, &sa, NULL);
	FUZZ_ASSERT(s >= 0 && s <= 1 && !isnan(s));
	FUZZ_ASSERT(fabs(s - s2) < 1e-12);
	FUZZ_ASSERT(res.npairs <= MP_MAX_TOK * 2);
	return 0;
}
