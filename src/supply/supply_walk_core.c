/*
 * supply_walk_core.c — the breadth-first walk of hredd.supply_graph in
 * memory (supply_walk.h says the rules), pure C.
 */
#include "supply_walk.h"

#include <string.h>

#define SW_MAX	((int32_t) 0x3fffffff)	/* counts stay far below INT32_MAX */

/* Grows an array to hold at least need elements of size sz; false past SW_MAX. */
static bool
Grow(SwGraph *g, void **arr, int32_t *cap, int32_t need, size_t sz)
{
	int32_t		n;

	if (need <= *cap)
		return true;
	if (need > SW_MAX)
		return false;
	n = *cap < 64 ? 64 : *cap;
	while (n < need)
		n = n > SW_MAX / 2 ? SW_MAX : n * 2;
	*arr = g->mem.resize(g->mem.ctx, *arr, (size_t) n * sz);
	*cap = n;
	return true;
}

/* FNV-1a over the bytes, then a final mix. */
static uint32_t
HashName(const char *s, size_t len)
{
	uint32_t	h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char) s[i]) * 16777619u;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}

/* A (root, node) pair mixed into 32 bits (splitmix64's finaliser). */
static uint32_t
HashPair(int32_t a, int32_t b)
{
	uint64_t	x = ((uint64_t) (uint32_t) a << 32) | (uint32_t) b;

	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return (uint32_t) x;
}

void
SwInit(SwGraph *g, SwMem mem)
{
	memset(g, 0, sizeof(*g));
	g->mem = mem;
}

void
SwFree(SwGraph *g)
{
	void	   *p[] = {g->arena, g->nodes, g->node_hash, g->links, g->roots, g->visits, g->visit_hash,
	g->unknowns, g->pending};

	for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++)
		if (p[i])
			g->mem.resize(g->mem.ctx, p[i], 0);
	SwInit(g, g->mem);
}

/* A table of cap slots (a power of two), all empty. */
static int32_t *
NewTable(SwGraph *g, uint32_t cap)
{
	int32_t    *t = g->mem.resize(g->mem.ctx, NULL, (size_t) cap * sizeof(int32_t));

	memset(t, 0xff, (size_t) cap * sizeof(int32_t));
	return t;
}

/* Doubles the node table when it is half full. */
static void
NodeTableFit(SwGraph *g)
{
	uint32_t	cap;
	int32_t    *t;

	if (g->node_hash && (uint32_t) g->nnodes < g->node_hash_cap / 2)
		return;
	cap = g->node_hash_cap ? g->node_hash_cap * 2 : 1024;
	t = NewTable(g, cap);
	for (int32_t i = 0; i < g->nnodes; i++)
	{
		uint32_t	s = g->nodes[i].hash & (cap - 1);

		while (t[s] >= 0)
			s = (s + 1) & (cap - 1);
		t[s] = i;
	}
	if (g->node_hash)
		g->mem.resize(g->mem.ctx, g->node_hash, 0);
	g->node_hash = t;
	g->node_hash_cap = cap;
}

int32_t
SwNodeId(SwGraph *g, const char *name, size_t len)
{
	uint32_t	h = HashName(name, len);
	uint32_t	s;
	SwNode	   *n;

	if (g->nnodes >= SW_MAX)
		return -1;
	NodeTableFit(g);
	for (s = h & (g->node_hash_cap - 1); g->node_hash[s] >= 0; s = (s + 1) & (g->node_hash_cap - 1))
	{
		SwNode	   *x = &g->nodes[g->node_hash[s]];

		if (x->hash == h && x->len == len && memcmp(g->arena + x->off, name, len) == 0)
			return g->node_hash[s];
	}
	if (!Grow(g, (void **) &g->nodes, &g->nodes_cap, g->nnodes + 1, sizeof(SwNode)))
		return -1;
	if (g->arena == NULL || g->arena_len + len > g->arena_cap)
	{
		size_t		cap = g->arena_cap ? g->arena_cap : 65536;

		while (cap < g->arena_len + len)
			cap *= 2;
		g->arena = g->mem.resize(g->mem.ctx, g->arena, cap);
		g->arena_cap = cap;
	}
	if (len)
		memcpy(g->arena + g->arena_len, name, len);
	n = &g->nodes[g->nnodes];
	n->off = g->arena_len;
	n->len = len;
	n->hash = h;
	n->first = -1;
	n->loaded = false;
	n->is_root = false;
	g->arena_len += len;
	g->node_hash[s] = g->nnodes;
	return g->nnodes++;
}

const char *
SwName(const SwGraph *g, int32_t node, size_t *len)
{
	*len = g->nodes[node].len;
	return g->arena + g->nodes[node].off;
}

/* Doubles the visit table when it is half full. */
static void
VisitTableFit(SwGraph *g)
{
	uint32_t	cap;
	int32_t    *t;

	if (g->visit_hash && (uint32_t) g->nvisits < g->visit_hash_cap / 2)
		return;
	cap = g->visit_hash_cap ? g->visit_hash_cap * 2 : 1024;
	t = NewTable(g, cap);
	for (int32_t i = 0; i < g->nvisits; i++)
	{
		uint32_t	s = HashPair(g->visits[i].root, g->visits[i].node) & (cap - 1);

		while (t[s] >= 0)
			s = (s + 1) & (cap - 1);
		t[s] = i;
	}
	if (g->visit_hash)
		g->mem.resize(g->mem.ctx, g->visit_hash, 0);
	g->visit_hash = t;
	g->visit_hash_cap = cap;
}

/* The slot of (root, node) in the visit table: the visit there, or an empty slot. */
static uint32_t
VisitSlot(const SwGraph *g, int32_t root, int32_t node)
{
	uint32_t	s = HashPair(root, node) & (g->visit_hash_cap - 1);

	while (g->visit_hash[s] >= 0)
	{
		const SwVisit *v = &g->visits[g->visit_hash[s]];

		if (v->root == root && v->node == node)
			break;
		s = (s + 1) & (g->visit_hash_cap - 1);
	}
	return s;
}

/* Appends a visit (the caller checked that (root, node) is new); false on overflow. */
static bool
AddVisit(SwGraph *g, int32_t root, int32_t node, int32_t tier, int32_t parent, int32_t link)
{
	uint32_t	s;
	SwVisit    *v;

	if (!Grow(g, (void **) &g->visits, &g->visits_cap, g->nvisits + 1, sizeof(SwVisit)))
		return false;
	VisitTableFit(g);
	s = VisitSlot(g, root, node);
	v = &g->visits[g->nvisits];
	v->root = root;
	v->node = node;
	v->tier = tier;
	v->parent = parent;
	v->link = link;
	g->visit_hash[s] = g->nvisits++;
	return true;
}

bool
SwAddRoot(SwGraph *g, const char *name, size_t len)
{
	int32_t		node = SwNodeId(g, name, len);

	if (node < 0 || g->nodes[node].is_root)
		return false;
	if (g->tier > 0 || g->nvisits > g->nroots)
		return false;			/* roots come before the walk (SwRestart) */
	if (!Grow(g, (void **) &g->roots, &g->roots_cap, g->nroots + 1, sizeof(int32_t)))
		return false;
	/* the visits so far are the roots (tier 0): the visit number is the root number */
	if (!AddVisit(g, g->nroots, node, 0, -1, -1))
		return false;
	g->nodes[node].is_root = true;
	g->roots[g->nroots++] = node;
	return true;
}

void
SwRestart(SwGraph *g)
{
	g->nroots = 0;
	g->nvisits = 0;
	g->nunknowns = 0;
	g->frontier = 0;
	g->tier = 0;
	if (g->visit_hash)
		memset(g->visit_hash, 0xff, (size_t) g->visit_hash_cap * sizeof(int32_t));
}

int32_t
SwPending(SwGraph *g, const int32_t **out)
{
	int32_t		n = 0;

	for (int32_t i = g->frontier; i < g->nvisits; i++)
	{
		SwNode	   *x = &g->nodes[g->visits[i].node];

		if (x->loaded)
			continue;
		if (!Grow(g, (void **) &g->pending, &g->pending_cap, n + 1, sizeof(int32_t)))
			return -1;
		x->loaded = true;
		g->pending[n++] = g->visits[i].node;
	}
	*out = g->pending;
	return n;
}

bool
SwAddLink(SwGraph *g, int32_t from, int32_t to, bool unknown, int64_t link_id, int32_t payload)
{
	SwLink	   *l;

	if (!Grow(g, (void **) &g->links, &g->links_cap, g->nlinks + 1, sizeof(SwLink)))
		return false;
	l = &g->links[g->nlinks];
	l->to = to;
	l->unknown = unknown;
	l->link_id = link_id;
	l->payload = payload;
	l->next = g->nodes[from].first;
	g->nodes[from].first = g->nlinks++;
	return true;
}

int64_t
SwStep(SwGraph *g)
{
	int32_t		end = g->nvisits;
	int32_t		tier = g->tier + 1;

	for (int32_t i = g->frontier; i < end; i++)
	{
		for (int32_t l = g->nodes[g->visits[i].node].first; l >= 0; l = g->links[l].next)
		{
			const SwLink *k = &g->links[l];
			int32_t		root = g->visits[i].root;
			uint32_t	s;

			if (k->unknown)
				continue;
			VisitTableFit(g);
			s = VisitSlot(g, root, k->to);
			if (g->visit_hash[s] < 0)
			{
				if (!AddVisit(g, root, k->to, tier, i, l))
					return -1;
			}
			else if (g->visit_hash[s] >= end)
			{
				/* reached earlier in this tier: the lowest link_id wins */
				SwVisit    *v = &g->visits[g->visit_hash[s]];

				if (k->link_id < g->links[v->link].link_id)
				{
					v->parent = i;
					v->link = l;
				}
			}
		}
	}
	g->frontier = end;
	g->tier = tier;
	return g->nvisits - end;
}

bool
SwUnknowns(SwGraph *g, int32_t max_tier)
{
	int32_t    *table = NULL;
	uint32_t	cap = 1024;

	g->nunknowns = 0;
	for (int32_t i = 0; i < g->nvisits; i++)
	{
		const SwVisit *w = &g->visits[i];

		if (w->tier >= max_tier)
			continue;
		for (int32_t l = g->nodes[w->node].first; l >= 0; l = g->links[l].next)
		{
			const SwLink *k = &g->links[l];
			uint32_t	s;

			if (!k->unknown || g->visit_hash[VisitSlot(g, w->root, k->to)] >= 0)
				continue;		/* a real node of that reference was reached */
			if (table == NULL || (uint32_t) g->nunknowns >= cap / 2)
			{
				int32_t    *t;

				if (table)
					cap *= 2;
				t = NewTable(g, cap);
				for (int32_t j = 0; j < g->nunknowns; j++)
				{
					uint32_t	q = HashPair(g->unknowns[j].root, g->unknowns[j].node) & (cap - 1);

					while (t[q] >= 0)
						q = (q + 1) & (cap - 1);
					t[q] = j;
				}
				if (table)
					g->mem.resize(g->mem.ctx, table, 0);
				table = t;
			}
			for (s = HashPair(w->root, k->to) & (cap - 1); table[s] >= 0; s = (s + 1) & (cap - 1))
			{
				const SwVisit *u = &g->unknowns[table[s]];

				if (u->root == w->root && u->node == k->to)
					break;
			}
			if (table[s] < 0)
			{
				SwVisit    *u;

				if (!Grow(g, (void **) &g->unknowns, &g->unknowns_cap, g->nunknowns + 1, sizeof(SwVisit)))
				{
					g->mem.resize(g->mem.ctx, table, 0);
					return false;
				}
				u = &g->unknowns[g->nunknowns];
				u->root = w->root;
				u->node = k->to;
				u->tier = w->tier + 1;
				u->parent = i;
				u->link = l;
				table[s] = g->nunknowns++;
			}
			else
			{
				/* visits come in tier order: only the same tier can still win, by link_id */
				SwVisit    *u = &g->unknowns[table[s]];

				if (u->tier == w->tier + 1 && k->link_id < g->links[u->link].link_id)
				{
					u->parent = i;
					u->link = l;
				}
			}
		}
	}
	if (table)
		g->mem.resize(g->mem.ctx, table, 0);
	return true;
}

int
SwCompareC(void *arg, const char *a, size_t alen, const char *b, size_t blen)
{
	int			c = memcmp(a, b, alen < blen ? alen : blen);

	(void) arg;
	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen;
}

typedef struct SortCtx
{
	const SwGraph *g;
	const int32_t *rank;		/* root number -> its place in name order */
	const SwVisit *v;			/* the visits sorted */
	SwNameCmp	cmp;			/* node names */
	void	   *arg;
} SortCtx;

/* Visits by tier, root name, node name. */
static int
CompareVisits(const SortCtx *c, int32_t a, int32_t b)
{
	const SwVisit *x = &c->v[a],
			   *y = &c->v[b];
	size_t		al,
				bl;
	const char *an,
			   *bn;

	if (x->tier != y->tier)
		return x->tier < y->tier ? -1 : 1;
	if (x->root != y->root)
		return c->rank[x->root] < c->rank[y->root] ? -1 : 1;
	an = SwName(c->g, x->node, &al);
	bn = SwName(c->g, y->node, &bl);
	return c->cmp(c->arg, an, al, bn, bl);
}

/* Roots by name. */
static int
CompareRoots(const SortCtx *c, int32_t a, int32_t b)
{
	size_t		al,
				bl;
	const char *an = SwName(c->g, c->g->roots[a], &al),
			   *bn = SwName(c->g, c->g->roots[b], &bl);

	return SwCompareC(NULL, an, al, bn, bl);
}

/* A stable merge sort of a[0..n) (tmp has room for n). */
static void
MergeSort(int32_t *a, int32_t *tmp, int32_t n, const SortCtx *c, int (*cmp) (const SortCtx *, int32_t, int32_t))
{
	int32_t		h = n / 2,
				i = 0,
				j = h,
				k = 0;

	if (n < 2)
		return;
	MergeSort(a, tmp, h, c, cmp);
	MergeSort(a + h, tmp, n - h, c, cmp);
	while (i < h && j < n)
		tmp[k++] = cmp(c, a[j], a[i]) < 0 ? a[j++] : a[i++];
	while (i < h)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, (size_t) n * sizeof(int32_t));
}

int32_t
SwOrder(SwGraph *g, int32_t *order, int32_t *uorder, SwNameCmp refcmp, void *refarg)
{
	int32_t		n = 0,
				big = g->nvisits > g->nunknowns ? g->nvisits : g->nunknowns;
	int32_t    *tmp = g->mem.resize(g->mem.ctx, NULL, (size_t) (big > g->nroots ? big : g->nroots) * sizeof(int32_t) + 1);
	int32_t    *byname = g->mem.resize(g->mem.ctx, NULL, (size_t) g->nroots * sizeof(int32_t) + 1);
	int32_t    *rank = g->mem.resize(g->mem.ctx, NULL, (size_t) g->nroots * sizeof(int32_t) + 1);
	SortCtx		c = {g, rank, g->visits, SwCompareC, NULL};

	for (int32_t r = 0; r < g->nroots; r++)
		byname[r] = r;
	MergeSort(byname, tmp, g->nroots, &c, CompareRoots);
	for (int32_t r = 0; r < g->nroots; r++)
		rank[byname[r]] = r;

	for (int32_t i = 0; i < g->nvisits; i++)
		if (g->visits[i].tier > 0)
			order[n++] = i;
	MergeSort(order, tmp, n, &c, CompareVisits);

	c.v = g->unknowns;
	c.cmp = refcmp;
	c.arg = refarg;
	for (int32_t i = 0; i < g->nunknowns; i++)
	{
		g->unknowns[i].tier = -1;	/* one key less: all compare by root, then reference */
		uorder[i] = i;
	}
	MergeSort(uorder, tmp, g->nunknowns, &c, CompareVisits);
	for (int32_t i = 0; i < g->nunknowns; i++)
		g->unknowns[i].tier = g->visits[g->unknowns[i].parent].tier + 1;

	g->mem.resize(g->mem.ctx, tmp, 0);
	g->mem.resize(g->mem.ctx, byname, 0);
	g->mem.resize(g->mem.ctx, rank, 0);
	return n;
}

int32_t
SwPath(const SwGraph *g, int32_t visit, int32_t *nodes)
{
	int32_t		n = g->visits[visit].tier + 1;

	for (int32_t i = n - 1, v = visit; i >= 0; i--, v = g->visits[v].parent)
		nodes[i] = g->visits[v].node;
	return n;
}
