/*
 * test_cluster.c — complete-linkage clustering with union-find (cluster.c),
 * on score matrices made up here: chains never become one cluster, every
 * two members of a cluster reach the threshold, the result does not depend
 * on the order of the pairs, and the centre is the best-connected member.
 */
#include "unit.h"

#include <stdlib.h>

#include "../../src/match/cluster.h"

#define MAXN 64

typedef struct Matrix
{
	int			n;
	double		s[MAXN][MAXN];
	long		calls;
} Matrix;

static double
Score(void *ctx, int32_t i, int32_t j)
{
	Matrix	   *m = ctx;

	m->calls++;
	return m->s[i][j];
}

static void
Run(Matrix *m, ClusterEdge *e, size_t ne, double th, int32_t *centre, ClusterStats *st)
{
	ClusterWork w;

	w.parent = malloc(sizeof(int32_t) * m->n);
	w.next = malloc(sizeof(int32_t) * m->n);
	w.size = malloc(sizeof(int32_t) * m->n);
	w.total = malloc(sizeof(double) * m->n);
	w.pend = malloc(sizeof(double) * m->n);
	ClusterLink(m->n, e, ne, th, Score, m, &w, centre, st);
	free(w.parent);
	free(w.next);
	free(w.size);
	free(w.total);
	free(w.pend);
}

static void
Set(Matrix *m, int i, int j, double s)
{
	m->s[i][j] = m->s[j][i] = s;
}

/* every two members of every cluster reach th */
static int
Complete(const Matrix *m, const int32_t *centre, double th)
{
	for (int i = 0; i < m->n; i++)
		for (int j = i + 1; j < m->n; j++)
			if (centre[i] == centre[j] && m->s[i][j] < th)
				return 0;
	return 1;
}

/* blocking keys (ClusterBlockKeys) of a normalised name in country c */
static int
Keys(const char *name, uint16_t c, uint64_t *out)
{
	static MatchProfile p;

	MatchProfileBuild(&p, name, strlen(name), "", 0, c, false, 0, 0);
	return ClusterBlockKeys(&p, out, NULL, CLUSTER_BLOCK_MAX_KEYS);
}

static bool
ShareKey(const char *a, uint16_t ca, const char *b, uint16_t cb)
{
	uint64_t	ka[CLUSTER_BLOCK_MAX_KEYS],
				kb[CLUSTER_BLOCK_MAX_KEYS];
	int			na = Keys(a, ca, ka),
				nb = Keys(b, cb, kb);

	return ClusterFirstCommonKey(ka, NULL, na, kb, NULL, nb) != 0;
}

static void
TestBlockKeys(void)
{
	uint64_t	k[CLUSTER_BLOCK_MAX_KEYS],
				k2[CLUSTER_BLOCK_MAX_KEYS];
	int			n,
				n2;
	static MatchProfile p;

	/* sorted and distinct, never 0 */
	n = Keys("shahi exports shahi", 1, k);
	CHECK(n > 2);
	for (int i = 1; i < n; i++)
		CHECK(k[i - 1] < k[i]);
	for (int i = 0; i < n; i++)
		CHECK(k[i] != 0);
	/* the name key ignores word order and repeats: common words only, each
	 * order, share it */
	n = Keys("garment textile", 1, k);
	n2 = Keys("textile garment garment", 1, k2);
	CHECK(ClusterFirstCommonKey(k, NULL, n, k2, NULL, n2) != 0);
	/* a rare word in common, a typo (changed, dropped, added, swapped
	 * letters), two words written as one: a key in common */
	CHECK(ShareKey("matsuda baby sangyo", 1, "matsuda corp", 1));
	CHECK(ShareKey("matsuda", 1, "matsuba", 1));
	CHECK(ShareKey("matsuda", 1, "matuda", 1));
	CHECK(ShareKey("matsuda", 1, "matssuda", 1));
	CHECK(ShareKey("matsuda", 1, "mtasuda", 1));
	CHECK(ShareKey("bowker yee sing he yuan", 1, "bowker heyuan", 1));
	CHECK(ShareKey("he yuan", 1, "heyuan", 1));
	/* nothing in common: no key; another country: no key */
	CHECK(!ShareKey("matsuda baby", 1, "zhenghao garment", 1));
	CHECK(!ShareKey("matsuda baby", 1, "matsuda baby", 2));
	/* two edits apart: no typo key (the documented miss) */
	CHECK(!ShareKey("matsuda", 1, "mazzuda", 1));
	/* the cap is kept */
	n = Keys("shahi exports unit", 1, k);
	MatchProfileBuild(&p, "shahi exports unit", 18, "", 0, 1, false, 0, 0);
	n2 = ClusterBlockKeys(&p, k2, NULL, 2);
	CHECK(n2 == 2);
	/* an empty name has no keys */
	MatchProfileBuild(&p, "", 0, "", 0, 1, false, 0, 0);
	CHECK(ClusterBlockKeys(&p, k, NULL, CLUSTER_BLOCK_MAX_KEYS) == 0);
	/* the first common key */
	{
		uint64_t	a[] = {1, 4, 9, 12};
		uint64_t	b[] = {2, 9, 12};

		CHECK(ClusterFirstCommonKey(a, NULL, 4, b, NULL, 3) == 9);
		CHECK(ClusterFirstCommonKey(a, NULL, 1, b, NULL, 3) == 0);
		CHECK(ClusterFirstCommonKey(a, NULL, 0, b, NULL, 0) == 0);
		/* a typo key both have from the same word does not count */
		{
			uint32_t	as[] = {0, 0, 7, 0};
			uint32_t	bs[] = {0, 7, 0};
			uint32_t	bs2[] = {0, 8, 0};

			CHECK(ClusterFirstCommonKey(a, as, 4, b, bs, 3) == 12);
			CHECK(ClusterFirstCommonKey(a, as, 4, b, bs2, 3) == 9);
		}
	}
	/* second keys of a large block: another name word or a house number in
	 * common meets, the block's own word alone does not; another block,
	 * other keys */
	{
		static MatchProfile q;
		uint64_t	block,
					ka[CLUSTER_SPLIT_MAX_KEYS],
					kb[CLUSTER_SPLIT_MAX_KEYS];
		int			na,
					nb;

		uint32_t	s1[CLUSTER_BLOCK_MAX_KEYS],
					s2[CLUSTER_BLOCK_MAX_KEYS];

		/* the block: the word key of "shahi", the one key that is not a
		 * typo key in both (the name keys differ) */
		MatchProfileBuild(&p, "shahi", 5, "", 0, 1, false, 0, 0);
		n = ClusterBlockKeys(&p, k, s1, CLUSTER_BLOCK_MAX_KEYS);
		MatchProfileBuild(&p, "shahi exports", 13, "", 0, 1, false, 0, 0);
		n2 = ClusterBlockKeys(&p, k2, s2, CLUSTER_BLOCK_MAX_KEYS);
		block = 0;
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n2; j++)
				if (k[i] == k2[j] && s1[i] == 0 && s2[j] == 0)
				{
					CHECK(block == 0);
					block = k[i];
				}
		CHECK(block != 0);
		MatchProfileBuild(&p, "shahi exports", 13, "plot 12 peenya", 14, 1, false, 0, 0);
		MatchProfileBuild(&q, "shahi exports unit", 18, "", 0, 1, false, 0, 0);
		na = ClusterSplitKeys(&p, block, ka, CLUSTER_SPLIT_MAX_KEYS);
		nb = ClusterSplitKeys(&q, block, kb, CLUSTER_SPLIT_MAX_KEYS);
		CHECK(na == 2 && nb == 2);	/* exports, 12; exports, unit */
		CHECK(ClusterFirstCommonKey(ka, NULL, na, kb, NULL, nb) != 0);
		MatchProfileBuild(&q, "shahi garments", 14, "no 12 main road", 15, 1, false, 0, 0);
		nb = ClusterSplitKeys(&q, block, kb, CLUSTER_SPLIT_MAX_KEYS);
		CHECK(ClusterFirstCommonKey(ka, NULL, na, kb, NULL, nb) != 0);	/* house number 12 */
		MatchProfileBuild(&q, "shahi garments", 14, "no 13 main road", 15, 1, false, 0, 0);
		nb = ClusterSplitKeys(&q, block, kb, CLUSTER_SPLIT_MAX_KEYS);
		CHECK(ClusterFirstCommonKey(ka, NULL, na, kb, NULL, nb) == 0);
		MatchProfileBuild(&q, "shahi exports", 13, "plot 12 peenya", 14, 1, false, 0, 0);
		nb = ClusterSplitKeys(&q, block + 1, kb, CLUSTER_SPLIT_MAX_KEYS);
		CHECK(ClusterFirstCommonKey(ka, NULL, na, kb, NULL, nb) == 0);
		CHECK(ClusterSplitKeys(&q, block, kb, 1) == 1);
	}
	/* typo keys carry their word: the same word gives the same source,
	 * another word (one edit away) another; word keys have none */
	{
		uint32_t	sa[CLUSTER_BLOCK_MAX_KEYS],
					sb[CLUSTER_BLOCK_MAX_KEYS];
		int			nz = 0,
					nt = 0;

		MatchProfileBuild(&p, "matsuda", 7, "", 0, 1, false, 0, 0);
		n = ClusterBlockKeys(&p, k, sa, CLUSTER_BLOCK_MAX_KEYS);
		int			first0 = -1;

		for (int i = 0; i < n; i++)
		{
			if (sa[i] == 0)
			{
				nz++;
				if (first0 < 0)
					first0 = i;
			}
			else
				nt++;
		}
		CHECK(nz == 2 && nt == 7);	/* name and word keys; a deletion of each of 7 letters */
		MatchProfileBuild(&p, "matuda", 6, "", 0, 1, false, 0, 0);
		n2 = ClusterBlockKeys(&p, k2, sb, CLUSTER_BLOCK_MAX_KEYS);
		CHECK(ClusterFirstCommonKey(k, sa, n, k2, sb, n2) != 0);
		/* with itself: the first key that is not a typo key */
		CHECK(first0 >= 0 && ClusterFirstCommonKey(k, sa, n, k, sa, n) == k[first0]);
	}
}

int
main(void)
{
	static Matrix m;
	ClusterEdge e[MAXN * MAXN];
	int32_t		centre[MAXN],
				centre2[MAXN];
	ClusterStats st;
	size_t		ne;

	/* a chain: 0~1 (0.9), 1~2 (0.8), 0 and 2 do not match */
	memset(&m, 0, sizeof m);
	m.n = 3;
	Set(&m, 0, 1, 0.9);
	Set(&m, 1, 2, 0.8);
	Set(&m, 0, 2, 0.1);
	e[0] = (ClusterEdge) {0, 1, 0.9};
	e[1] = (ClusterEdge) {2, 1, 0.8};
	Run(&m, e, 2, 0.5, centre, &st);
	CHECK(centre[0] == centre[1]);
	CHECK(centre[2] == 2);
	CHECK(st.joins == 1 && st.refused == 1);
	CHECK(Complete(&m, centre, 0.5));

	/* a group and its numbered branches: the group matches each branch, the
	 * branches match nobody else; at most one branch joins the group */
	memset(&m, 0, sizeof m);
	m.n = 5;
	for (int b = 1; b < 5; b++)
		Set(&m, 0, b, 0.6 + 0.01 * b);
	ne = 0;
	for (int b = 1; b < 5; b++)
		e[ne++] = (ClusterEdge) {0, b, m.s[0][b]};
	Run(&m, e, ne, 0.5, centre, &st);
	CHECK(Complete(&m, centre, 0.5));
	CHECK(centre[0] == centre[4]);	/* the best pair */
	CHECK(centre[1] == 1 && centre[2] == 2 && centre[3] == 3);

	/* a true cluster of 6 that all match, plus 3 singletons; pairs given in
	 * two orders give the same clusters; the centre has the best total */
	memset(&m, 0, sizeof m);
	m.n = 9;
	for (int i = 0; i < 6; i++)
		for (int j = i + 1; j < 6; j++)
			Set(&m, i, j, 0.7 + ((i == 3 || j == 3) ? 0.2 : 0.0));
	Set(&m, 6, 7, 0.4);
	ne = 0;
	for (int i = 0; i < 9; i++)
		for (int j = i + 1; j < 9; j++)
			if (m.s[i][j] > 0)
				e[ne++] = (ClusterEdge) {i, j, m.s[i][j]};
	Run(&m, e, ne, 0.5, centre, &st);
	for (size_t k = 0; k < ne / 2; k++)
	{
		ClusterEdge t = e[k];

		e[k] = e[ne - 1 - k];
		e[ne - 1 - k] = t;
	}
	Run(&m, e, ne, 0.5, centre2, &st);
	CHECK(memcmp(centre, centre2, sizeof(int32_t) * 9) == 0);
	for (int i = 0; i < 6; i++)
		CHECK(centre[i] == 3);
	CHECK(centre[6] == 6 && centre[7] == 7 && centre[8] == 8);

	/* bad pairs are ignored: out of range, self, below threshold, NaN */
	memset(&m, 0, sizeof m);
	m.n = 2;
	Set(&m, 0, 1, 0.9);
	e[0] = (ClusterEdge) {0, 5, 0.9};
	e[1] = (ClusterEdge) {-1, 1, 0.9};
	e[2] = (ClusterEdge) {1, 1, 0.9};
	e[3] = (ClusterEdge) {0, 1, 0.2};
	e[4] = (ClusterEdge) {0, 1, 0.0 / 0.0};
	Run(&m, e, 5, 0.5, centre, &st);
	CHECK(centre[0] == 0 && centre[1] == 1);

	/* many look-alikes that all match: one cluster, n(n-1)/2 - (n-1) guard scores at most */
	memset(&m, 0, sizeof m);
	m.n = 40;
	ne = 0;
	for (int i = 0; i < 40; i++)
		for (int j = i + 1; j < 40; j++)
		{
			Set(&m, i, j, 0.8);
			if (j == i + 1)
				e[ne++] = (ClusterEdge) {i, j, 0.8};
		}
	m.calls = 0;
	Run(&m, e, ne, 0.5, centre, &st);
	for (int i = 0; i < 40; i++)
		CHECK(centre[i] == centre[0]);
	CHECK(m.calls <= 40 * 39 / 2);

	/* nothing at all */
	m.n = 0;
	Run(&m, e, 0, 0.5, centre, &st);
	CHECK(st.joins == 0);

	TestBlockKeys();
	UNIT_DONE("test_cluster");
}
