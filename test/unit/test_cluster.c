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

	UNIT_DONE("test_cluster");
}
