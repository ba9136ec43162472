/*
 * cluster.c — complete-linkage clustering over candidate pairs, with
 * union-find (see cluster.h).
 *
 * A join of clusters A and B scores every pair across them (|A|·|B|
 * scores, smaller cluster outermost so a caller's profile cache keeps the
 * outer member), stops at the first pair below the threshold, and on
 * success adds the scores to each member's total (kept pending per node
 * until the join is decided), from which the centre is chosen.  Work is bounded by the sum over joins of |A|·|B|, at most n²/2
 * for n distinct records in one cluster; records with equal values are
 * expected to be collapsed by the caller beforehand.
 */
#include "cluster.h"

#include <stdlib.h>

static int
EdgeCmp(const void *x, const void *y)
{
	const ClusterEdge *a = x;
	const ClusterEdge *b = y;

	if (a->s != b->s)
		return a->s > b->s ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return 0;
}

static int32_t
Find(int32_t *parent, int32_t x)
{
	while (parent[x] != x)
	{
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

void
ClusterLink(int32_t n, ClusterEdge *edges, size_t nedges, double threshold,
			ClusterScoreFn score, void *ctx, ClusterWork *w,
			int32_t *centre, ClusterStats *stats)
{
	ClusterStats st = {0, 0, 0};

	for (int32_t i = 0; i < n; i++)
	{
		w->parent[i] = i;
		w->next[i] = i;
		w->size[i] = 1;
		w->total[i] = 0.0;
		w->pend[i] = 0.0;
	}
	/* normalise the pairs: a < b, so that equal pairs sort together */
	for (size_t e = 0; e < nedges; e++)
	{
		if (edges[e].a > edges[e].b)
		{
			int32_t		t = edges[e].a;

			edges[e].a = edges[e].b;
			edges[e].b = t;
		}
	}
	if (nedges > 1)
		qsort(edges, nedges, sizeof(ClusterEdge), EdgeCmp);

	for (size_t e = 0; e < nedges; e++)
	{
		const ClusterEdge *ed = &edges[e];
		int32_t		ra,
					rb,
					x,
					y;
		bool		ok = true;

		if (ed->a < 0 || ed->b < 0 || ed->a >= n || ed->b >= n || ed->a == ed->b)
			continue;
		if (!(ed->s >= threshold))
			continue;
		ra = Find(w->parent, ed->a);
		rb = Find(w->parent, ed->b);
		if (ra == rb)
			continue;
		if (w->size[ra] > w->size[rb])
		{
			int32_t		t = ra;

			ra = rb;
			rb = t;
		}
		/* every pair across the two clusters must reach the threshold */
		x = ra;
		do
		{
			y = rb;
			do
			{
				double		s;

				if ((x == ed->a && y == ed->b) || (x == ed->b && y == ed->a))
					s = ed->s;
				else
				{
					s = score(ctx, x, y);
					st.scored++;
				}
				if (!(s >= threshold))
				{
					ok = false;
					break;
				}
				w->pend[x] += s;
				w->pend[y] += s;
				y = w->next[y];
			} while (y != rb);
			if (!ok)
				break;
			x = w->next[x];
		} while (x != ra);
		/* the pending scores become totals on a join, and are dropped on a refusal */
		for (int side = 0; side < 2; side++)
		{
			int32_t		r = side == 0 ? ra : rb;

			x = r;
			do
			{
				if (ok)
					w->total[x] += w->pend[x];
				w->pend[x] = 0.0;
				x = w->next[x];
			} while (x != r);
		}
		if (!ok)
		{
			st.refused++;
			continue;
		}
		{
			int32_t		t = w->next[ra];

			w->next[ra] = w->next[rb];
			w->next[rb] = t;
		}
		w->parent[ra] = rb;
		w->size[rb] += w->size[ra];
		st.joins++;
	}

	/* centres: the best total of each cluster, ties to the lowest index */
	for (int32_t i = 0; i < n; i++)
		centre[i] = -1;
	for (int32_t i = 0; i < n; i++)
	{
		int32_t		r = Find(w->parent, i);

		if (centre[r] < 0 || w->total[i] > w->total[centre[r]])
			centre[r] = i;
	}
	for (int32_t i = 0; i < n; i++)
		centre[i] = centre[Find(w->parent, i)];
	if (stats)
		*stats = st;
}
