/*
 * test_supply_walk.c — unit tests of the in-memory walk of
 * hredd.supply_graph (src/supply/supply_walk_core.c): a small chain by hand,
 * then random networks against a naive walk written here (tier by tier over
 * the whole link list, per root).
 */
#include <stdlib.h>

#include "../../src/supply/supply_walk.h"
#include "unit.h"

static void *
Resize(void *ctx, void *p, size_t n)
{
	void	   *q;

	(void) ctx;
	if (n == 0)
	{
		free(p);
		return NULL;
	}
	q = realloc(p, n);
	if (q == NULL)
		abort();
	return q;
}

/* a link as the database holds it: names, link_id; to NULL = unknown (ref) */
typedef struct DbLink
{
	const char *from;
	const char *to;
	const char *ref;
	int64_t		id;
} DbLink;

static int32_t
Id(SwGraph *g, const char *s)
{
	return SwNodeId(g, s, strlen(s));
}

/* The wrapper's loop: per tier, the pending nodes' links from db. */
static void
Walk(SwGraph *g, const DbLink *db, int ndb, int32_t max_tier, bool up)
{
	while (g->tier < max_tier && g->nroots > 0)
	{
		const int32_t *pending;
		int32_t		n = SwPending(g, &pending);

		for (int32_t i = 0; i < n; i++)
		{
			size_t		len;
			const char *name = SwName(g, pending[i], &len);

			for (int j = 0; j < ndb; j++)
			{
				const char *from = up ? db[j].from : db[j].to;
				const char *to = up ? (db[j].to ? db[j].to : db[j].ref) : db[j].from;

				if (from == NULL || strlen(from) != len || memcmp(from, name, len) != 0)
					continue;
				CHECK(SwAddLink(g, pending[i], Id(g, to), db[j].to == NULL, db[j].id, j));
			}
		}
		if (SwStep(g) == 0)
			break;
	}
	if (up)
		CHECK(SwUnknowns(g, max_tier));
}

/* "tier node via link path" of a row, path joined by '>' */
static void
Row(const SwGraph *g, const SwVisit *v, char *out)
{
	int32_t		nodes[64];
	int32_t		n = SwPath(g, v->parent, nodes);
	size_t		len;
	const char *s;

	nodes[n++] = v->node;
	s = SwName(g, v->node, &len);
	out += sprintf(out, "%d %.*s ", v->tier, (int) len, s);
	s = SwName(g, g->visits[v->parent].node, &len);
	out += sprintf(out, "%.*s %lld ", (int) len, s, (long long) g->links[v->link].link_id);
	for (int32_t i = 0; i < n; i++)
	{
		s = SwName(g, nodes[i], &len);
		out += sprintf(out, "%s%.*s", i ? ">" : "", (int) len, s);
	}
}

static void
ByHand(void)
{
	SwMem		mem = {NULL, Resize};
	SwGraph		g;
	/* R buys from A and B; both from X (B's link is older: lower id); X from R (a cycle) */
	DbLink		db[] = {
		{"R", "B", NULL, 7}, {"R", "A", NULL, 5}, {"A", "X", NULL, 12}, {"B", "X", NULL, 11},
		{"X", "R", NULL, 1}, {"X", NULL, "unknown:cotton:IN", 20}, {"A", NULL, "unknown:cotton:IN", 30},
		{"B", NULL, "unknown:wool:??", 40}, {"B", NULL, "unknown:wool:??", 39}, {"A", NULL, "X", 2},
		{"Q", "R", NULL, 3}};
	int32_t		order[16],
				uorder[16],
				n;
	char		buf[256];

	SwInit(&g, mem);
	CHECK(SwAddRoot(&g, "R", 1));
	CHECK(!SwAddRoot(&g, "R", 1));
	CHECK(SwAddRoot(&g, "Q", 1));
	Walk(&g, db, sizeof(db) / sizeof(db[0]), 50, true);
	n = SwOrder(&g, order, uorder, SwCompareC, NULL);
	CHECK(n == 7);
	/* Q's rows come first in each tier ("Q" < "R") */
	Row(&g, &g.visits[order[0]], buf);
	CHECK_STR(buf, "1 R Q 3 Q>R");
	Row(&g, &g.visits[order[1]], buf);
	CHECK_STR(buf, "1 A R 5 R>A");
	Row(&g, &g.visits[order[2]], buf);
	CHECK_STR(buf, "1 B R 7 R>B");
	Row(&g, &g.visits[order[3]], buf);
	CHECK_STR(buf, "2 A R 5 Q>R>A");
	Row(&g, &g.visits[order[5]], buf);
	CHECK_STR(buf, "2 X B 11 R>B>X");	/* the lower link_id, not the first name */
	Row(&g, &g.visits[order[6]], buf);
	CHECK_STR(buf, "3 X B 11 Q>R>B>X");
	/* virtual nodes: X's "unknown" is a real node (left out), cotton at the lowest tier, wool by link_id */
	CHECK(g.nunknowns == 4);
	Row(&g, &g.unknowns[uorder[0]], buf);
	CHECK_STR(buf, "3 unknown:cotton:IN A 30 Q>R>A>unknown:cotton:IN");
	Row(&g, &g.unknowns[uorder[1]], buf);
	CHECK_STR(buf, "3 unknown:wool:?? B 39 Q>R>B>unknown:wool:??");
	Row(&g, &g.unknowns[uorder[2]], buf);
	CHECK_STR(buf, "2 unknown:cotton:IN A 30 R>A>unknown:cotton:IN");
	Row(&g, &g.unknowns[uorder[3]], buf);
	CHECK_STR(buf, "2 unknown:wool:?? B 39 R>B>unknown:wool:??");
	SwFree(&g);

	/* an empty name is a name */
	SwInit(&g, mem);
	CHECK(SwAddRoot(&g, "", 0));
	CHECK(!SwAddRoot(&g, "", 0));
	Walk(&g, db, sizeof(db) / sizeof(db[0]), 50, true);
	CHECK(SwOrder(&g, order, uorder, SwCompareC, NULL) == 0 && g.nunknowns == 0);
	SwFree(&g);

	/* max_tier 1: tier 1 only, and no virtual node of a node at the cut */
	SwInit(&g, mem);
	CHECK(SwAddRoot(&g, "R", 1));
	Walk(&g, db, sizeof(db) / sizeof(db[0]), 1, true);
	n = SwOrder(&g, order, uorder, SwCompareC, NULL);
	CHECK(n == 2 && g.nunknowns == 0);
	SwFree(&g);

	/* downstream from X: A and B buy from it (tier 1), R from both (A's link is older), Q from R */
	SwInit(&g, mem);
	CHECK(SwAddRoot(&g, "X", 1));
	Walk(&g, db, sizeof(db) / sizeof(db[0]), 50, false);
	n = SwOrder(&g, order, uorder, SwCompareC, NULL);
	CHECK(n == 4 && g.nunknowns == 0);
	Row(&g, &g.visits[order[0]], buf);
	CHECK_STR(buf, "1 A X 12 X>A");
	Row(&g, &g.visits[order[1]], buf);
	CHECK_STR(buf, "1 B X 11 X>B");
	Row(&g, &g.visits[order[2]], buf);
	CHECK_STR(buf, "2 R A 5 X>A>R");
	Row(&g, &g.visits[order[3]], buf);
	CHECK_STR(buf, "3 Q R 3 X>A>R>Q");
	SwFree(&g);
}

/* A naive walk of one root: tier, link index (into db) and parent name per node. */
#define NN 40
static void
Naive(const DbLink *db, int ndb, char names[][8], int root, int32_t max_tier, int *tier, int *link, int *parent)
{
	for (int i = 0; i < NN; i++)
		tier[i] = -1;
	tier[root] = 0;
	link[root] = parent[root] = -1;
	for (int t = 1; t <= max_tier; t++)
	{
		int			news = 0;

		for (int j = 0; j < ndb; j++)
		{
			int			a = atoi(db[j].from + 1),
						b;

			if (db[j].to == NULL || tier[a] != t - 1)
				continue;
			b = atoi(db[j].to + 1);
			if (tier[b] == -1 || (tier[b] == t && db[j].id < db[link[b]].id))
			{
				news += tier[b] == -1;
				tier[b] = t;
				link[b] = j;
				parent[b] = a;
			}
		}
		if (news == 0)
			break;
	}
	(void) names;
}

static void
Random(unsigned seed)
{
	SwMem		mem = {NULL, Resize};
	static char names[NN][8];
	static DbLink db[400];
	int			ndb = 0;
	int32_t		max_tier = 1 + (int32_t) (seed % 7);

	srand(seed);
	for (int i = 0; i < NN; i++)
		sprintf(names[i], "n%d", i);
	for (int i = 0; i < 300; i++)
	{
		int			a = rand() % NN,
					b = rand() % NN;

		if (a == b)
			continue;
		db[ndb].from = names[a];
		db[ndb].to = names[b];
		db[ndb].ref = NULL;
		db[ndb].id = rand() % 100000;	/* repeats too: ties of link_id across links */
		ndb++;
	}
	/* odd seeds: one graph, restarted per root (the links read are kept) */
	SwGraph		shared;

	SwInit(&shared, mem);
	for (int r = 0; r < NN; r += 3)
	{
		SwGraph		own,
				   *g = seed % 2 ? &shared : &own;
		int			tier[NN],
					link[NN],
					parent[NN],
					reached = 0;

		if (g == &own)
			SwInit(g, mem);
		CHECK(SwAddRoot(g, names[r], strlen(names[r])));
		Walk(g, db, ndb, max_tier, true);
		Naive(db, ndb, names, r, max_tier, tier, link, parent);
		for (int i = 0; i < NN; i++)
			reached += tier[i] > 0;
		CHECK(g->nvisits == reached + 1);
		for (int32_t v = 1; v < g->nvisits; v++)
		{
			const SwVisit *x = &g->visits[v];
			size_t		len;
			int			node = atoi(SwName(g, x->node, &len) + 1);

			CHECK(x->tier == tier[node]);
			/* equal link_ids may leave either link: compare the id */
			CHECK(g->links[x->link].link_id == db[link[node]].id);
			CHECK(g->visits[x->parent].tier == x->tier - 1);
		}
		if (g == &own)
			SwFree(g);
		else
		{
			SwRestart(g);
			CHECK(!SwAddRoot(g, names[r], strlen(names[r])));	/* a root once is a root */
		}
	}
	SwFree(&shared);
}

int
main(void)
{
	ByHand();
	for (unsigned s = 1; s <= 200; s++)
		Random(s);
	UNIT_DONE("test_supply_walk");
}
