/*
 * test_match.c — facility normalisation and the match score, as plain C.
 *
 * With the shared data directory as argument it also runs over every real
 * facility name of the Open Supply Hub lists and facility samples: each
 * normalises to a fixed point, and for pairs of real names the index bound
 * is never below the true score (what the GIN and GiST opclasses rely on).
 */
#include "unit.h"

#include <math.h>
#include <stdlib.h>

#include "../../src/ids/ids.h"
#include "../../src/match/facility_text.h"
#include "../../src/match/normalize.h"
#include "../../src/match/score.h"

static char out[MATCH_NORM_CAP(MATCH_ADDRESS_MAX)];

static const char *
Norm(MatchField f, const char *s, const char *cc)
{
	size_t		len = 0;
	uint16_t	c = cc ? COUNTRY_CODE(cc[0], cc[1]) : 0;

	if (MatchNormalize(f, s, strlen(s), c, out, &len) == MATCH_NORM_TOO_LONG)
		return "<too long>";
	out[len] = '\0';
	return out;
}

#define NAME(s, cc, want) CHECK_STR(Norm(MATCH_FIELD_NAME, s, cc), want)
#define ADDR(s, cc, want) CHECK_STR(Norm(MATCH_FIELD_ADDRESS, s, cc), want)

static void
TestNames(void)
{
	NAME("ZHEJIANG ZHENGHAO GARMENT CO., LTD.", "CN", "zhejiang zhenghao garment");
	NAME("Zhenghao Garments (Zhejiang) Company Limited", "CN", "zhenghao garment zhejiang");
	NAME("Công ty TNHH May Mặc Hòa Bình", "VN", "garment hoa binh");
	NAME("CONG TY TNHH MTV DET MAY HOA THO", "VN", "textile garment hoa tho");
	NAME("Hirdaramani (Pvt) Ltd - Mercury Plant", "LK", "hirdaramani mercury plant");
	NAME("Ozanteks Tekstil San. ve Tic. A.Ş.", "TR", "ozanteks textile");
	NAME("Hong Seng Knitting Sdn. Bhd.", "MY", "hong seng knitting");
	NAME("PT Eratex Djaja Tbk", "ID", "eratex djaja");
	NAME("CV Sinar Jaya", "ID", "sinar jaya");
	NAME("Pungkook Saigon II", "VN", "pungkook saigon 2");
	NAME("Pungkook Saigon XIV", "VN", "pungkook saigon 14");
	NAME("Xi'an Garment", "CN", "xian garment");
	NAME("广州服装有限公司", "CN", "广州服装");
	NAME("ＡＢＣ　Ｇａｒｍｅｎｔ", NULL, "abc garment");
	NAME("Intl Mfg Co", NULL, "international manufacturing");
	NAME("Factory 05, 1st floor", NULL, "factory 5 1 floor");
	NAME("Ltd", NULL, "ltd");					/* nothing else left: kept */
	NAME("The", NULL, "the");					/* only stop words: kept */
	NAME("ÄÖÜ ßtraße", NULL, "aou sstrasse");
	NAME("Ёлка Текстиль", NULL, "ёлка текстиль");
	CHECK_STR(Norm(MATCH_FIELD_NAME, "---", NULL), "");
	{
		char	   *big = malloc(MATCH_NAME_MAX + 2);

		memset(big, 'a', MATCH_NAME_MAX + 1);
		big[MATCH_NAME_MAX + 1] = '\0';
		CHECK_STR(Norm(MATCH_FIELD_NAME, big, NULL), "<too long>");
		big[MATCH_NAME_MAX] = '\0';
		CHECK(strlen(Norm(MATCH_FIELD_NAME, big, NULL)) == MATCH_NAME_MAX);
		free(big);
	}
	ADDR("Plot # 675, Wadi Ad Dulayl Industrial Park, Jordan", "JO", "pl 675 wadi ad dulayl industrial pk");
	ADDR("Lô A2, KCN Tân Tạo, Quận Bình Tân, Việt Nam", "VN", "lo a 2 industrial zone tan tao dist binh tan");
	ADDR("12 Main Street, Jordan", "DE", "12 main st jordan");	/* not the declared country */
}

static MatchProfile pa,
			pb;
static char na[4096],
			nb[4096],
			aa[4096],
			ab[4096];

static double
Score(const char *n1, const char *a1, const char *c1, const char *n2, const char *a2,
	  const char *c2)
{
	size_t		l1,
				l2,
				m1 = 0,
				m2 = 0;
	uint16_t	k1 = c1 ? COUNTRY_CODE(c1[0], c1[1]) : 0;
	uint16_t	k2 = c2 ? COUNTRY_CODE(c2[0], c2[1]) : 0;

	MatchNormalize(MATCH_FIELD_NAME, n1, strlen(n1), k1, na, &l1);
	MatchNormalize(MATCH_FIELD_NAME, n2, strlen(n2), k2, nb, &l2);
	if (a1)
		MatchNormalize(MATCH_FIELD_ADDRESS, a1, strlen(a1), k1, aa, &m1);
	if (a2)
		MatchNormalize(MATCH_FIELD_ADDRESS, a2, strlen(a2), k2, ab, &m2);
	MatchProfileBuild(&pa, na, l1, aa, m1, k1, false, 0, 0);
	MatchProfileBuild(&pb, nb, l2, ab, m2, k2, false, 0, 0);
	return MatchScore(&pa, &pb, NULL);
}

static void
TestScore(void)
{
	CHECK(Score("ZHEJIANG ZHENGHAO GARMENT CO., LTD.", NULL, "CN",
				"Zhenghao Garments (Zhejiang) Company Limited", NULL, "CN") >= 0.5);
	CHECK(Score("ABC Garments Ltd", NULL, "BD", "ABC Garment Limited", NULL, "BD") >= 0.5);
	CHECK(Score("ABC Garments Ltd", NULL, "BD", "ABD Garments Ltd", NULL, "BD") < 0.5);
	CHECK(Score("Pungkook Saigon II", NULL, "VN", "Pungkook Saigon III", NULL, "VN") < 0.5);
	CHECK(Score("Zhenghao Garment", NULL, "CN", "Zhenghao Garment", NULL, "VN") < 0.5);
	CHECK(Score("Alpha Knit", "Plot 5 Korangi", "PK", "Omega Denim", "Plot 5 Korangi", "PK") < 0.5);
	/* identical records score high, and the same both ways */
	CHECK(Score("Crystal Martin Central", "Galagedera", "LK",
				"Crystal Martin Central", "Galagedera", "LK") > 0.9);
	{
		double		x = Score("Sang Woo Cambodia", NULL, "KH", "Sangwoo Cambodia", NULL, "KH");
		double		y = Score("Sangwoo Cambodia", NULL, "KH", "Sang Woo Cambodia", NULL, "KH");

		CHECK(x == y && x >= 0.5);
	}
	/* distance terms: close is evidence for, far is evidence against */
	CHECK(MatchDistanceTerm(0.1) > 0 && MatchDistanceTerm(500) < 0);
	CHECK(MatchDistanceTerm(0.05) > 1.5 && MatchDistanceTerm(1.0) < 0 && MatchDistanceTerm(3) < -1);
	/* an inexact point (two decimals: a centroid) is weak near, counts only far */
	CHECK(MatchCoordsInexact(37.05, 10.05) && !MatchCoordsInexact(37.0512, 10.05));
	CHECK(MatchInexactDistanceTerm(1.0) >= 0 && MatchInexactDistanceTerm(500) < 0);
	/* found as a user would */
	CHECK(Score("Shahi Exports Div. I", NULL, "IN", "Shahi Exports Div. II", NULL, "IN") < 0.5);
	CHECK(Score("Mochiko Unit IV", NULL, "CN", "Mochiko Unit II", NULL, "CN") < 0.5);
	CHECK(Score("VIET NAM PAIHO", NULL, "VN", "Din Sen Viet Nam", NULL, "VN") < 0.5);
	CHECK(Score("Radnik Exports", "Plot 12, Sector 4, Noida 201301", "IN",
				"Radnik Exports", "Plot 33, Sector 8, Noida 201301", "IN") <
		  Score("Radnik Exports", "Plot 12, Sector 4, Noida 201301", "IN",
				"Radnik Exports", "Plot 12, Sector 4, Noida 201301", "IN") - 0.1);
	/* two numbers a side, all different: the shared estate is no evidence */
	CHECK(Score("Style Textile Unit 2", "112/18 Kot Lakhpat Industrial Estate Lahore 54770", "PK",
				"Style Textile", "126/3 Kot Lakhpat Industrial Estate Lahore 54770", "PK") < 0.5);
	CHECK(Score("Radnik Exports", "Plot 12, Sector 4, Noida 201301", "IN",
				"Radnik Exports", "Plot 33, Sector 8, Noida 201301", "IN") < 0.5);
	/* a road's number is not the site's */
	CHECK(Score("Sang Woo Cambodia", "Nat Rd 4, Thlok Village, Samrong Tong", "KH",
				"Sangwoo Cambodia", "Thlok Village, Samrong Tong 5207", "KH") >= 0.5);
	CHECK(fabs(MatchHaversineKm(0, 0, 0, 1) - 111.195) < 0.01);
}

/* Fitting: recovers a known model from pairs drawn from it. */
static void
TestFit(void)
{
	enum
	{
		N = 4000
	};
	static double x[N * MM_NCOEF];
	static bool y[N];
	double		coef[MM_NCOEF];
	uint32_t	seed = 12345;

	for (int i = 0; i < N; i++)
	{
		double	   *xi = x + i * MM_NCOEF;
		double		z;
		double		u;

		memset(xi, 0, sizeof(double) * MM_NCOEF);
		seed = seed * 1103515245u + 12345u;
		xi[MM_INTERCEPT] = 1;
		xi[MM_NAME_WORDS] = (seed >> 8) % 1000 / 1000.0;
		seed = seed * 1103515245u + 12345u;
		xi[MM_NAME_CHARS] = (seed >> 8) % 1000 / 1000.0;
		z = -4 + 6 * xi[MM_NAME_WORDS] + 2 * xi[MM_NAME_CHARS];
		seed = seed * 1103515245u + 12345u;
		u = (seed >> 8) % 100000 / 100000.0;
		y[i] = u < 1 / (1 + exp(-z));
	}
	CHECK(MatchFitLogistic(x, y, N, 0.01, coef) > 0);
	CHECK(fabs(coef[MM_INTERCEPT] + 4) < 0.6 && fabs(coef[MM_NAME_WORDS] - 6) < 0.8 &&
		  fabs(coef[MM_NAME_CHARS] - 2) < 0.8);
	/* inputs the pairs never have keep the default's coefficient */
	CHECK(fabs(coef[MM_DIST_NEAR] - MatchDefaultCoef[MM_DIST_NEAR]) < 1e-6);
	CHECK(fabs(coef[MM_COUNTRY_DIFF] - MatchDefaultCoef[MM_COUNTRY_DIFF]) < 1e-6);
}

static void
TestText(void)
{
	FacilityText ft;
	char		buf[256];
	const char *ok = "(\"abc \"\"x\"\"\",\"8 rd\",CN,1.5,-2.5)";

	ft.buf = buf;
	CHECK(FacilityTextParse(ok, strlen(ok), &ft) == FT_OK);
	CHECK(ft.len[0] == 7 && memcmp(buf + ft.off[0], "abc \"x\"", 7) == 0);
	CHECK(ft.has_coords && ft.lat == 1.5 && ft.lng == -2.5);
	CHECK(FacilityTextParse("(\"a\",,,,)", 9, &ft) == FT_OK && !ft.has_coords && !ft.present[2]);
	CHECK(FacilityTextParse("\"a\",,,,", 7, &ft) == FT_NO_PARENS);
	CHECK(FacilityTextParse("(\"a\",,,)", 8, &ft) == FT_FIELD_COUNT);
	CHECK(FacilityTextParse("(\"a,,,,)", 8, &ft) == FT_UNTERMINATED);
	CHECK(FacilityTextParse("(\"a\",,,1,)", 10, &ft) == FT_ONE_COORD);
	CHECK(FacilityTextParse("(\"a\",,,91,1)", 12, &ft) == FT_COORD_RANGE);
	CHECK(FacilityTextParse("(\"a\",,,x,1)", 11, &ft) == FT_BAD_NUMBER);
	CHECK(strlen(FacilityTextErrorDetail(FT_BAD_NUMBER)) > 10);
}

/* Stored coordinates are canonical: -0 as 0, one NaN; others unchanged. */
static void
TestCanonCoord(void)
{
	double		zero = 0.0,
				nz = -0.0,
				c,
				n1,
				n2;

	c = FacilityCanonCoord(nz);
	CHECK(c == 0 && !signbit(c) && memcmp(&c, &zero, sizeof(double)) == 0);
	c = FacilityCanonCoord(zero);
	CHECK(memcmp(&c, &zero, sizeof(double)) == 0);
	CHECK(FacilityCanonCoord(-12.5) == -12.5 && FacilityCanonCoord(90) == 90);
	CHECK(FacilityCanonCoord(-5e-324) == -5e-324);
	n1 = FacilityCanonCoord(NAN);
	n2 = FacilityCanonCoord(-NAN);
	CHECK(isnan(n1) && memcmp(&n1, &n2, sizeof(double)) == 0);
	c = FacilityCanonCoord(INFINITY);
	CHECK(isinf(c) && c > 0);
}

/*
 * What the GIN opclass's number keys (format 3) tell of row b for query a:
 * the row has short numbers (no no-number key) and none of a's.
 */
static bool
NumberConflict(const MatchProfile *a, const MatchProfile *b)
{
	uint32_t	rk[MP_MAX_NUM + 1],
				qk[MP_MAX_NUM];
	int			nr = MatchRowNumberKeys(b, rk),
				nq = MatchQueryNumberKeys(a, qk);

	if (nq == 0)
		return false;
	for (int r = 0; r < nr; r++)
	{
		if (rk[r] == MatchNoNumberKey())
			return false;
		for (int k = 0; k < nq; k++)
			if (rk[r] == qk[k])
				return false;
	}
	return true;
}

/*
 * Address numbers read without the words are the profile's; the number keys
 * tell a conflict exactly when the score counts one; the bounds hold with it.
 */
static void
TestNumberKeys(void)
{
	static const char *const addrs[] = {
		"12 nguyen van linh rd", "plot 12 sector 4 nat rd 4", "plot 33 sector 8 ind area",
		"no 5 st 7 kcn tan tao 700000", "700000", "", "lot a2 kcn tan tao", "12 12 12",
		"nat rd 4 km 12", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35",
		"plot 12 sector 8", "33 8 ind area", "rd 3 bien hoa industrial zone 1",
		"rd 13 a bien hoa industrial zone 2 7100", "5 industrial zone 1", "5 industrial zone 2"};
	static const char *const names[] = {"shahi exports", "shahi export", "radnik exports unit 2", "tan tao garment"};
	int			n = (int) (sizeof(addrs) / sizeof(addrs[0]));
	int			checked = 0,
				conflicts = 0,
				area_only = 0;

	for (int i = 0; i < n; i++)
	{
		MatchProfile p;
		MPTok		num[MP_MAX_NUM];
		int			nnum;

		MatchProfileBuild(&p, "x", 1, addrs[i], strlen(addrs[i]), 1, false, 0, 0);
		MatchAddressNumbers(addrs[i], (int) strlen(addrs[i]), num, &nnum);
		CHECK(nnum == p.nanum);
		for (int k = 0; k < nnum && k < p.nanum; k++)
			CHECK(num[k].len == p.anum[k].len && memcmp(num[k].s, p.anum[k].s, num[k].len) == 0 &&
				  num[k].mask == p.anum[k].mask && num[k].area == p.anum[k].area);
	}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			for (int a = 0; a < 4; a++)
				for (int b = 0; b < 4; b++)
				{
					MatchProfile pa,
								pb,
								pbn;
					bool		present[MP_MAX_GRAM];
					bool		word[MP_MAX_TOK + 1],
								pjoin[MP_MAX_TOK + 1];
					int			join[MP_MAX_TOK + 1];
					uint32_t	qkeys[2 * MP_MAX_TOK + 1];
					MatchWordEvidence ev;
					MatchResult r;
					double		s;

					MatchProfileBuild(&pa, names[a], strlen(names[a]), addrs[i], strlen(addrs[i]), 1, false, 0, 0);
					MatchProfileBuild(&pb, names[b], strlen(names[b]), addrs[j], strlen(addrs[j]), 1, false, 0, 0);
					s = MatchScore(&pa, &pb, &r);
					/*
					 * the keys tell a conflict exactly when the score counts
					 * one for numbers that share none; a number in common
					 * that is only the street's or the area's (each side has
					 * its own) is a conflict the keys cannot see, and a
					 * bound that does not assume it stays above the score
					 */
					ev.anum_conflict = NumberConflict(&pa, &pb);
					CHECK(ev.anum_conflict == (r.address_numbers < 0 && !r.address_area_only));
					CHECK(!r.address_area_only || r.address_numbers < 0);
					area_only += r.address_area_only;
					conflicts += ev.anum_conflict;
					for (int g = 0; g < pa.ngram; g++)
						present[g] = true;
					(void) MatchQueryWordKeys(&pa, qkeys, join);
					for (int k = 0; k < pa.ntok; k++)
						word[k] = pjoin[k] = true;
					ev.word = word;
					ev.join = join;
					ev.present_join = pjoin;
					ev.frag = pb.frag;
					CHECK(MatchUpperBoundWords(&pa, present, &ev, 1, MatchDefaultCoef) + 1e-9 >= s);
					MatchProfileBuildName(&pbn, names[b], strlen(names[b]), addrs[j], strlen(addrs[j]), 1,
										  false, 0, 0, NULL);
					CHECK(MatchNameBound(&pa, &pbn, MatchDefaultCoef) + 1e-9 >= s);
					CHECK(MatchNameBound(&pbn, &pa, MatchDefaultCoef) + 1e-9 >= s);
					checked++;
				}
	/* conflicts are told, and the name-first bound sinks below 0.5 on them */
	CHECK(conflicts > 100);
	/* "plot 12 sector 8" / "plot 33 sector 8 ind area": the sector's 8 only */
	CHECK(area_only > 0);
	{
		MatchProfile pa,
					pbn;

		MatchProfileBuild(&pa, "radnik exports", 14, "plot 12 sector 4", 16, 1, false, 0, 0);
		MatchProfileBuildName(&pbn, "radnik export", 13, "plot 33 sector 8", 16, 1, false, 0, 0, NULL);
		CHECK(MatchNameBound(&pa, &pbn, MatchDefaultCoef) < 0.5);
		MatchProfileBuildName(&pbn, "radnik export", 13, "plot 12 sector 4 noida", 22, 1, false, 0, 0, NULL);
		CHECK(MatchNameBound(&pa, &pbn, MatchDefaultCoef) >= 0.5);
		/* one plot number in another sector: another site */
		MatchProfileBuildName(&pbn, "radnik export", 13, "plot 12 sector 8", 16, 1, false, 0, 0, NULL);
		CHECK(MatchNameBound(&pa, &pbn, MatchDefaultCoef) < 0.5);
	}
	/* two areas' numbers that differ are two sites ("industrial zone 1" / "2"),
	 * whatever else is in common; one in common is no site in common */
	{
		MatchProfile pa,
					pb;
		MatchResult r;

		MatchProfileBuild(&pa, "fashion garment 2", 17, addrs[12], strlen(addrs[12]), 1, false, 0, 0);
		MatchProfileBuild(&pb, "fashion garment unit 2", 22, addrs[13], strlen(addrs[13]), 1, false, 0, 0);
		CHECK(MatchScore(&pa, &pb, &r) < 0.5 && r.address_site == 2);
		MatchProfileBuild(&pa, "shahi export", 12, addrs[14], strlen(addrs[14]), 1, false, 0, 0);
		MatchProfileBuild(&pb, "shahi export", 12, addrs[15], strlen(addrs[15]), 1, false, 0, 0);
		(void) MatchScore(&pa, &pb, &r);
		CHECK(r.address_numbers < 0 && r.address_area_only && r.address_site == 2);
		MatchProfileBuild(&pa, "shahi export", 12, "industrial zone 1", 17, 1, false, 0, 0);
		MatchProfileBuild(&pb, "shahi export", 12, "industrial zone 1", 17, 1, false, 0, 0);
		(void) MatchScore(&pa, &pb, &r);
		CHECK(r.address_numbers > 0 && !r.site_shared);
	}
	printf("test_match: number keys: %d pairs checked, %d conflicts told\n", checked, conflicts);
}

/*
 * The GiST opclass's bound (format 2) of q against row b, from exactly b's
 * trigrams, word and number keys, weight totals and address words, as a
 * leaf key has them.
 */
static double
RowBound(const MatchProfile *q, const MatchProfile *b, int cs, bool with_address)
{
	static MatchAddressQuery aq;
	bool		present[MP_MAX_GRAM],
				apresent[MP_MAX_AGRAM],
				word[MP_MAX_TOK + 1],
				pjoin[MP_MAX_TOK + 1];
	uint32_t	rowkeys[2 * MP_MAX_TOK + 1],
				qkeys[2 * MP_MAX_TOK + 1],
				rk[MP_MAX_NUM + 1],
				qk[MP_MAX_NUM];
	int			join[MP_MAX_TOK + 1];
	uint8_t		alen[MP_MAX_ATOK];
	uint32_t	amask[MP_MAX_ATOK];
	int			nr = MatchRowWordKeys(b, rowkeys),
				nrk = MatchRowNumberKeys(b, rk),
				nqk = MatchQueryNumberKeys(q, qk),
				as = b->has_address && b->natok + b->nanum > 0 ? 1 : 0;
	MatchWordEvidence ev;
	MatchAddressRow ar = {b->natok > 0 ? b->nagram : 0, b->AW, b->natok, alen, amask};
	double		aub;

	(void) MatchQueryWordKeys(q, qkeys, join);
	for (int i = 0; i < q->ngram; i++)
	{
		present[i] = false;
		for (int j = 0; j < b->ngram; j++)
			present[i] |= q->gram[i] == b->gram[j];
	}
	for (int k = 0; k < q->ntok; k++)
	{
		word[k] = pjoin[k] = false;
		for (int r = 0; r < nr; r++)
		{
			word[k] |= rowkeys[r] == qkeys[k];
			pjoin[k] |= join[k] >= 0 && rowkeys[r] == qkeys[join[k]];
		}
	}
	ev.word = word;
	ev.join = join;
	ev.present_join = pjoin;
	ev.frag = b->frag;
	ev.anum_conflict = nqk > 0;
	for (int r = 0; r < nrk; r++)
	{
		ev.anum_conflict &= rk[r] != MatchNoNumberKey();
		for (int k = 0; k < nqk; k++)
			ev.anum_conflict &= rk[r] != qk[k];
	}
	if (!with_address)
		return MatchUpperBoundRow(q, present, &ev, b->W, b->V, 2, 1, cs, MatchDefaultCoef);
	MatchAddressQueryBuild(q, &aq);
	for (int i = 0; i < q->nagram; i++)
	{
		apresent[i] = false;
		for (int j = 0; j < b->nagram; j++)
			apresent[i] |= q->agram[i] == b->agram[j];
	}
	for (int j = 0; j < b->natok; j++)
	{
		alen[j] = (uint8_t) (b->atok[j].len > 255 ? 255 : b->atok[j].len);
		amask[j] = b->atok[j].mask;
	}
	aub = MatchAddressBound(q, &aq, apresent, &ar);
	return MatchUpperBoundRow(q, present, &ev, b->W, b->V, as, aub, cs, MatchDefaultCoef);
}

/*
 * The GiST bound (format 2) holds on a grid of names and addresses, typos
 * in either included, and is much tighter than the GIN's where the names
 * or the addresses differ: what lets a nearest-neighbour scan score few
 * rows.
 */
static void
TestRowBound(void)
{
	static const char *const names[] = {"zhenghao garment", "zhenghao garmnt", "zhengha garment zhejiang",
		"a k sales", "anywear", "anyware textile", "pungkook saigon 2", "pungkook saigon 3",
	"hong seng knitting", "textile garment", "m e r c u r y apparel", "mercury apparel"};
	static const char *const addrs[] = {"8 shuangbao w rd ouhai", "8 shuangbai w rd ouhai", "126 3 estate rd",
		"112 18 estate rd", "", "lot a 2 tan tao industrial zone", "workshop 2 lot a v st 1 long thanh dong nai",
	"306 3 floor garg pl gulabi bagh delhi 110052"};
	int			nn = sizeof(names) / sizeof(names[0]),
				na = sizeof(addrs) / sizeof(addrs[0]),
				checked = 0,
				tighter = 0;

	for (int a = 0; a < nn; a++)
		for (int i = 0; i < na; i++)
			for (int b = 0; b < nn; b++)
				for (int j = 0; j < na; j++)
					for (int c = 0; c < 3; c++)
					{
						MatchProfile q,
									r;
						uint16_t	cr = (uint16_t) c;	/* 0 unknown, 1 q's, 2 another */
						int			cs = cr == 0 ? 0 : (cr == 1 ? 1 : -1);
						double		s,
									ub,
									ubn;

						MatchProfileBuild(&q, names[a], strlen(names[a]), addrs[i], strlen(addrs[i]), 1,
										  false, 0, 0);
						MatchProfileBuild(&r, names[b], strlen(names[b]), addrs[j], strlen(addrs[j]), cr,
										  false, 0, 0);
						s = MatchScore(&q, &r, NULL);
						ub = RowBound(&q, &r, cs, true);
						ubn = RowBound(&q, &r, cs, false);
						CHECK(ub + 1e-9 >= s);
						CHECK(ubn + 1e-9 >= ub);
						checked++;
						tighter += ub < ubn - 0.01;
					}
	CHECK(tighter > checked / 10);
	/* a typo in a street name keeps the address's credit */
	{
		MatchProfile q,
					r;

		MatchProfileBuild(&q, names[0], strlen(names[0]), addrs[0], strlen(addrs[0]), 1, false, 0, 0);
		MatchProfileBuild(&r, names[0], strlen(names[0]), addrs[1], strlen(addrs[1]), 1, false, 0, 0);
		CHECK(RowBound(&q, &r, 1, true) + 1e-9 >= MatchScore(&q, &r, NULL));
		CHECK(MatchScore(&q, &r, NULL) > 0.9);
	}
	/* a name half alike at an address unlike q's: far below the bound without the address */
	{
		MatchProfile q,
					r;

		MatchProfileBuild(&q, names[3], strlen(names[3]), addrs[7], strlen(addrs[7]), 1, false, 0, 0);
		MatchProfileBuild(&r, "k sales", 7, addrs[5], strlen(addrs[5]), 1, false, 0, 0);
		CHECK(RowBound(&q, &r, 1, true) < RowBound(&q, &r, 1, false) - 0.1);
	}
	printf("test_match: GiST row bound holds on %d pairs, tighter with the address on %d\n", checked, tighter);
}

/*
 * Word evidence for a one-word query: whether the row has the word (as
 * a word key says), nothing written together, no letter-spacing, no
 * number conflict.
 */
typedef struct OneWordEvidence
{
	bool		word[MP_MAX_TOK + 1],
				pjoin[MP_MAX_TOK + 1];
	int			join[MP_MAX_TOK + 1];
	uint32_t	qkeys[2 * MP_MAX_TOK + 1];
	MatchWordEvidence ev;
} OneWordEvidence;

static void
OneWordEvidenceInit(const MatchProfile *q, bool has_word, OneWordEvidence *e)
{
	(void) MatchQueryWordKeys(q, e->qkeys, e->join);
	e->word[0] = has_word;
	e->pjoin[0] = false;
	e->ev.word = e->word;
	e->ev.join = e->join;
	e->ev.present_join = e->pjoin;
	e->ev.frag = false;
	e->ev.anum_conflict = false;
}

/*
 * A word of the query that the row lacks counts as a possible typo only in
 * Latin letters (TyposAllowed): a Cyrillic or CJK word the row lacks adds
 * nothing to the bound, a Latin one of the same length its typo credit.
 */
static void
TestTypoScript(void)
{
	static const char *const words[] = {"шелк", "silkwear"};	/* 8 bytes each: no join key is missed */
	double		ub[2];

	for (int w = 0; w < 2; w++)
	{
		MatchProfile q;
		bool		present[MP_MAX_GRAM];
		OneWordEvidence e;

		MatchProfileBuild(&q, words[w], strlen(words[w]), "", 0, 1, false, 0, 0);
		CHECK(q.ntok == 1 && q.tok[0].ng > 0);
		for (int g = 0; g < q.ngram; g++)
			present[g] = true;
		OneWordEvidenceInit(&q, false, &e);
		ub[w] = MatchUpperBoundWords(&q, present, &e.ev, 1, MatchDefaultCoef);
	}
	CHECK(ub[0] < ub[1]);
	CHECK(ub[0] < 0.5 && ub[1] >= 0.5);
	/* and a Cyrillic typo is no match: the score agrees with the bound */
	{
		MatchProfile a,
					b;

		MatchProfileBuild(&a, "текстиль", strlen("текстиль"), "", 0, 1, false, 0, 0);
		MatchProfileBuild(&b, "тексталь", strlen("тексталь"), "", 0, 1, false, 0, 0);
		CHECK(MatchScore(&a, &b, NULL) < 0.5);
	}
}

/*
 * Names written without blanks (CJK, Thai) are compared by their letter
 * groups: the score then follows them, and the bound with no word of the
 * row known (only its trigrams) stays above it; a Cyrillic one-word name is
 * not such a name.
 */
static void
TestUnspacedNames(void)
{
	static const char *const names[] = {"广州市华美服装", "广州华美服装厂", "华美服装", "广州市金龙服装厂",
	"สยามการ์เมนต์", "ไทยการ์เมนต์"};
	int			n = (int) (sizeof(names) / sizeof(names[0])),
				above = 0;

	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
		{
			MatchProfile a,
						b;
			MatchResult r;
			bool		present[MP_MAX_GRAM];
			OneWordEvidence e;
			double		s;

			MatchProfileBuild(&a, names[i], strlen(names[i]), "", 0, 1, false, 0, 0);
			MatchProfileBuild(&b, names[j], strlen(names[j]), "", 0, 1, false, 0, 0);
			s = MatchScore(&a, &b, &r);
			CHECK(r.unspaced && a.ntok == 1);
			CHECK(i == j || fabs(r.x[MM_NAME_WORDS] - MatchWordsInput(r.name_chars)) < 1e-12);
			for (int g = 0; g < a.ngram; g++)
			{
				present[g] = false;
				for (int h = 0; h < b.ngram; h++)
					present[g] |= a.gram[g] == b.gram[h];
			}
			OneWordEvidenceInit(&a, i == j, &e);
			CHECK(MatchUpperBoundWords(&a, present, &e.ev, 1, MatchDefaultCoef) + 1e-9 >= s);
			CHECK(MatchNameBound(&a, &b, MatchDefaultCoef) + 1e-9 >= s);
			above += i != j && r.name_chars > 0.5;
		}
	CHECK(above > 0);
	{
		MatchProfile a,
					b;
		MatchResult r;

		MatchProfileBuild(&a, "текстиль", strlen("текстиль"), "", 0, 1, false, 0, 0);
		MatchProfileBuild(&b, "тексталь", strlen("тексталь"), "", 0, 1, false, 0, 0);
		(void) MatchScore(&a, &b, &r);
		CHECK(!r.unspaced);
	}
}

/*
 * One site, two names of it (OneSite): a house number in common, addresses
 * otherwise alike and an uncommon name word in common open the gate; another
 * house number, only common words in common or names apart do not.  Every
 * bound (GiST row bound with and without the address, the word-evidence
 * bound, the name-first bound both ways) stays above the score on a grid of
 * such names and addresses.
 */
static void
TestOneSite(void)
{
	static const char *const names[] = {"concordia place", "concordia child care center",
		"child care center", "olive harvey college", "olive harvey child development laboratory center",
	"shahi export unit 5", "shahi export unit 7", "shahi export"};
	static const char *const addrs[] = {"3855 n seeley av 60618", "3855 n seeley av", "3857 n seeley av 60618",
	"10001 s woodlawn av 60628", "10001 s woodlawn av first floor 60628", "plot 12 sector 4", ""};
	int			nn = (int) (sizeof(names) / sizeof(names[0])),
				na = (int) (sizeof(addrs) / sizeof(addrs[0])),
				opened = 0;

	for (int a = 0; a < nn; a++)
		for (int i = 0; i < na; i++)
			for (int b = 0; b < nn; b++)
				for (int j = 0; j < na; j++)
				{
					MatchProfile pa,
								pb,
								pbn;
					MatchResult r;
					double		s;

					MatchProfileBuild(&pa, names[a], strlen(names[a]), addrs[i], strlen(addrs[i]), 1, false, 0, 0);
					MatchProfileBuild(&pb, names[b], strlen(names[b]), addrs[j], strlen(addrs[j]), 1, false, 0, 0);
					s = MatchScore(&pa, &pb, &r);
					opened += r.one_site;
					CHECK(!r.one_site || (r.site_shared && r.gate == 1 && r.paired_max >= MATCH_DISTINCT_W));
					CHECK(RowBound(&pa, &pb, 1, true) + 1e-9 >= s);
					CHECK(RowBound(&pa, &pb, 1, false) + 1e-9 >= s);
					MatchProfileBuildName(&pbn, names[b], strlen(names[b]), addrs[j], strlen(addrs[j]), 1,
										  false, 0, 0, NULL);
					CHECK(MatchNameBound(&pa, &pbn, MatchDefaultCoef) + 1e-9 >= s);
					CHECK(MatchNameBound(&pbn, &pa, MatchDefaultCoef) + 1e-9 >= s);
				}
	CHECK(opened > 0);
	{
		MatchProfile p,
					q;
		MatchResult r;

		/* the operator's name and the programme's, at one site */
		MatchProfileBuild(&p, names[0], strlen(names[0]), addrs[0], strlen(addrs[0]), 1, false, 0, 0);
		MatchProfileBuild(&q, names[1], strlen(names[1]), addrs[1], strlen(addrs[1]), 1, false, 0, 0);
		CHECK(MatchScore(&p, &q, &r) >= 0.5 && r.one_site);
		/* two doors down the street */
		MatchProfileBuild(&q, names[1], strlen(names[1]), addrs[2], strlen(addrs[2]), 1, false, 0, 0);
		CHECK(MatchScore(&p, &q, &r) < 0.5 && !r.one_site);
		/* only common words in common */
		MatchProfileBuild(&p, names[2], strlen(names[2]), addrs[0], strlen(addrs[0]), 1, false, 0, 0);
		MatchProfileBuild(&q, names[1], strlen(names[1]), addrs[0], strlen(addrs[0]), 1, false, 0, 0);
		(void) MatchScore(&p, &q, &r);
		CHECK(!r.one_site);
		/* two units of a group at one plot: their numbers still set them apart */
		MatchProfileBuild(&p, names[5], strlen(names[5]), addrs[5], strlen(addrs[5]), 1, false, 0, 0);
		MatchProfileBuild(&q, names[6], strlen(names[6]), addrs[5], strlen(addrs[5]), 1, false, 0, 0);
		CHECK(MatchScore(&p, &q, &r) < 0.5);
	}
	printf("test_match: one site opened the gate on %d of %d pairs\n", opened, nn * nn * na * na);
}

/* Every real name normalises to a fixed point; bounds hold on real pairs. */
static void
TestRealNames(const char *shared)
{
	char		path[1024];
	FILE	   *f;
	char		line[8192];
	char	  **names = malloc(sizeof(char *) * 20000);
	int			n = 0,
				fixed = 0,
				bound_ok = 0,
				words_ok = 0,
				name_ok = 0,
				tight = 0,
				row_ok = 0,
				conflicts = 0,
				pairs = 0;

	snprintf(path, sizeof(path), "%s/matching/osh_facilities/contributor_type_union_other_2022-10.csv",
			 shared);
	if ((f = fopen(path, "r")) == NULL)
	{
		printf("test_match: %s not found, real-name checks skipped\n", path);
		free(names);
		return;
	}
	while (fgets(line, sizeof(line), f) && n < 20000)
	{
		/* name is the second CSV field; good enough for unquoted rows */
		char	   *c1 = strchr(line, ',');
		char	   *c2 = c1 ? strchr(c1 + 1, ',') : NULL;

		if (!c1 || !c2 || c1[1] == '"')
			continue;
		*c2 = '\0';
		names[n++] = strdup(c1 + 1);
	}
	fclose(f);
	for (int i = 0; i < n; i++)
	{
		size_t		l1,
					l2;
		static char again[MATCH_NORM_CAP(MATCH_ADDRESS_MAX)];

		if (MatchNormalize(MATCH_FIELD_NAME, names[i], strlen(names[i]), 0, na, &l1) != MATCH_NORM_OK)
		{
			fixed++;
			continue;
		}
		MatchNormalize(MATCH_FIELD_NAME, na, l1, 0, again, &l2);
		fixed += (l1 == l2 && memcmp(na, again, l1) == 0);
	}
	CHECK(fixed == n);
	/* neighbours in the file are often related; pair each with the next 20 */
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n && j <= i + 20; j++)
		{
			size_t		l1,
						l2;
			bool		present[MP_MAX_GRAM];
			double		s;

			if (MatchNormalize(MATCH_FIELD_NAME, names[i], strlen(names[i]), 0, na, &l1) != MATCH_NORM_OK ||
				MatchNormalize(MATCH_FIELD_NAME, names[j], strlen(names[j]), 0, nb, &l2) != MATCH_NORM_OK)
				continue;
			MatchProfileBuild(&pa, na, l1, "", 0, 0, false, 0, 0);
			MatchProfileBuild(&pb, nb, l2, "", 0, 0, false, 0, 0);
			s = MatchScore(&pa, &pb, NULL);
			for (int g = 0; g < pa.ngram; g++)
			{
				present[g] = false;
				for (int h = 0; h < pb.ngram; h++)
					present[g] |= (pa.gram[g] == pb.gram[h]);
			}
			pairs++;
			bound_ok += MatchUpperBound(&pa, present, 0) + 1e-9 >= s;

			/*
			 * The GIN opclass's word evidence and the % operator's name bound,
			 * with addresses and countries that agree or not: each bounds the
			 * score.
			 */
			{
				static const char *const addrs[] = {"12 nguyen van linh rd", "12 nguyen van linh",
					"plot 7 sector 5 ind area", "", "plot 12 sector 4 nat rd 4",
				"plot 33 sector 8 ind area 123456"};
				const char *aa = addrs[i % 6];
				const char *ab = addrs[(i + j) % 6];
				uint16_t	ca = (uint16_t) (1 + i % 2);
				uint16_t	cb = (uint16_t) (1 + (i + j) % 3);
				uint32_t	rowkeys[2 * MP_MAX_TOK + 1];
				uint32_t	qkeys[2 * MP_MAX_TOK + 1];
				int			join[MP_MAX_TOK + 1];
				bool		word[MP_MAX_TOK + 1],
							pjoin[MP_MAX_TOK + 1];
				int			nr,
							nq;
				MatchWordEvidence ev;
				MatchProfile pbn;

				MatchProfileBuild(&pa, na, l1, aa, strlen(aa), ca, false, 0, 0);
				MatchProfileBuild(&pb, nb, l2, ab, strlen(ab), cb, false, 0, 0);
				s = MatchScore(&pa, &pb, NULL);
				nr = MatchRowWordKeys(&pb, rowkeys);
				nq = MatchQueryWordKeys(&pa, qkeys, join);
				for (int k = 0; k < nq; k++)
				{
					bool		in = false;

					for (int r = 0; r < nr; r++)
						in |= rowkeys[r] == qkeys[k];
					if (k < pa.ntok)
						word[k] = in;
				}
				for (int k = 0; k < pa.ntok; k++)
				{
					pjoin[k] = false;
					for (int r = 0; join[k] >= 0 && r < nr; r++)
						pjoin[k] |= rowkeys[r] == qkeys[join[k]];
				}
				ev.word = word;
				ev.join = join;
				ev.present_join = pjoin;
				ev.frag = pb.frag;
				ev.anum_conflict = NumberConflict(&pa, &pb);
				conflicts += ev.anum_conflict;
				words_ok += MatchUpperBoundWords(&pa, present, &ev, ca == cb ? 1 : -1,
												 MatchDefaultCoef) + 1e-9 >= s;
				MatchProfileBuildName(&pbn, nb, l2, ab, strlen(ab), cb, false, 0, 0, NULL);
				name_ok += MatchNameBound(&pa, &pbn, MatchDefaultCoef) + 1e-9 >= s &&
					MatchNameBound(&pbn, &pa, MatchDefaultCoef) + 1e-9 >= s;
				tight += MatchUpperBoundWords(&pa, present, &ev, ca == cb ? 1 : -1, MatchDefaultCoef) <
					MatchUpperBound(&pa, present, ca == cb ? 1 : -1);
				row_ok += RowBound(&pa, &pb, ca == cb ? 1 : -1, true) + 1e-9 >= s;
			}
		}
	CHECK(pairs > 10000 && bound_ok == pairs);
	CHECK(words_ok == pairs && name_ok == pairs && row_ok == pairs);
	/* the number keys told a conflict on many pairs */
	CHECK(conflicts > pairs / 10);
	printf("test_match: number keys tell a conflict on %d of %d pairs\n", conflicts, pairs);
	/* and the word evidence is tighter than the trigrams alone for many */
	CHECK(tight > pairs / 4);
	printf("test_match: word-evidence bound tighter on %d of %d pairs\n", tight, pairs);
	printf("test_match: %d real names are fixed points, bound holds on %d real pairs\n", n, pairs);
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/*
 * The typo rule of the bound (TypoPossible in score.c): a row lacking any
 * of a word's trigrams beyond an edit's reach (four consecutive ones) has
 * no typo of it.  Checked against the score on every variant of a few
 * words one edit away (and, from nine letters, two): the bound with the
 * word key absent is never below the score.  And the trigrams a GIN search
 * asks for to rule a word out (MatchWordRefuteGrams) do: absent, they leave
 * the word no credit; no more of them than the half rule needs.
 */
static bool
HasGram(const MatchProfile *p, uint32_t h)
{
	for (int i = 0; i < p->ngram; i++)
		if (p->gram[i] == h)
			return true;
	return false;
}

static double
WordAbsentBound(const MatchProfile *q, const bool *present)
{
	bool		word[MP_MAX_TOK + 1],
				pjoin[MP_MAX_TOK + 1];
	int			join[MP_MAX_TOK + 1];
	uint32_t	qkeys[2 * MP_MAX_TOK + 1];
	MatchWordEvidence ev;

	(void) MatchQueryWordKeys(q, qkeys, join);
	for (int k = 0; k < q->ntok; k++)
		word[k] = pjoin[k] = false;
	ev.word = word;
	ev.join = join;
	ev.present_join = pjoin;
	ev.frag = false;
	ev.anum_conflict = false;
	return MatchUpperBoundWords(q, present, &ev, 1, MatchDefaultCoef);
}

static void
EditVariant(const char *w, int op, int pos, char c, char *out)
{
	int			n = (int) strlen(w);

	strcpy(out, w);
	if (pos > n)
		return;
	switch (op)
	{
		case 0:				/* substitute */
			if (pos < n)
				out[pos] = c;
			break;
		case 1:				/* delete */
			if (pos < n)
				memmove(out + pos, out + pos + 1, n - pos);
			break;
		case 2:				/* insert */
			memmove(out + pos + 1, out + pos, n - pos + 1);
			out[pos] = c;
			break;
		default:				/* transpose */
			if (pos + 1 < n)
			{
				out[pos] = w[pos + 1];
				out[pos + 1] = w[pos];
			}
	}
}

static void
TestTypoWindow(void)
{
	static const char *const words[] = {"crafts", "nantong", "apparels", "sportswear",
	"manufacturing", "internationale", "knitwear"};
	int			checked = 0,
				fewer = 0;

	for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++)
	{
		MatchProfile q;
		bool		present[MP_MAX_GRAM],
					need[MP_MAX_GRAM] = {false};
		int			len = (int) strlen(words[w]);
		int			edits = len >= 9 ? 2 : 1;
		int			marked,
					ng;

		MatchProfileBuild(&q, words[w], len, "", 0, 1, false, 0, 0);
		CHECK(q.ntok == 1 && q.tok[0].ng == len - 2);
		ng = q.tok[0].ng;
		for (int op1 = 0; op1 < 4; op1++)
			for (int p1 = 0; p1 <= len; p1++)
				for (int op2 = 0; op2 < (edits == 2 ? 4 : 1); op2++)
					for (int p2 = 0; p2 <= (edits == 2 ? len + 1 : 0); p2++)
					{
						char		v1[64],
									v2[64];
						MatchProfile b;
						double		s;

						EditVariant(words[w], op1, p1, 'x', v1);
						if (edits == 2)
							EditVariant(v1, op2, p2, 'q', v2);
						else
							strcpy(v2, v1);
						if (strcmp(v2, words[w]) == 0)
							continue;	/* the word itself: its key is there */
						MatchProfileBuild(&b, v2, strlen(v2), "", 0, 1, false, 0, 0);
						s = MatchScore(&q, &b, NULL);
						for (int i = 0; i < q.ngram; i++)
							present[i] = HasGram(&b, q.gram[i]);
						CHECK(WordAbsentBound(&q, present) + 1e-9 >= s);
						checked++;
					}
		/* the trigrams that rule the word out */
		marked = MatchWordRefuteGrams(&q, 0, need);
		CHECK(marked > 0);
		CHECK(marked <= ng - (ng - 1) / 2);
		fewer += marked < ng - (ng - 1) / 2;
		for (int i = 0; i < q.ngram; i++)
			present[i] = !need[i];
		CHECK(WordAbsentBound(&q, present) < 0.5);
		for (int i = 0; i < q.ngram; i++)
			present[i] = true;
		CHECK(WordAbsentBound(&q, present) >= 0.5);
	}
	CHECK(checked > 1000);
	/* the window rule needs fewer trigrams than the half rule ("apparels") */
	CHECK(fewer >= 1);
	/* a short word and a word in other letters: judged by their word keys */
	{
		MatchProfile q;
		bool		need[MP_MAX_GRAM] = {false};

		MatchProfileBuild(&q, "silk", 4, "", 0, 1, false, 0, 0);
		CHECK(MatchWordRefuteGrams(&q, 0, need) == 0);
		MatchProfileBuild(&q, "шелк", strlen("шелк"), "", 0, 1, false, 0, 0);
		CHECK(MatchWordRefuteGrams(&q, 0, need) == 0);
		/* longer than a join key: one absent trigram tells it is not two words */
		MatchProfileBuild(&q, "текстиль", strlen("текстиль"), "", 0, 1, false, 0, 0);
		CHECK(MatchWordRefuteGrams(&q, 0, need) == 1);
	}
}

int
main(int argc, char **argv)
{
	TestNames();
	TestScore();
	TestFit();
	TestText();
	TestCanonCoord();
	TestNumberKeys();
	TestTypoScript();
	TestUnspacedNames();
	TestTypoWindow();
	TestRowBound();
	TestOneSite();
	if (argc > 1)
		TestRealNames(argv[1]);
	UNIT_DONE("test_match");
}
