/*
 * supply_walk.h — the breadth-first walk of hredd.supply_graph over the
 * supplier links, in memory, pure C (no fmgr): the SQL-callable wrapper
 * (supply_graph.c) reads the links of each tier's frontier and hands them in;
 * this file keeps the nodes, the links read so far and, per root, every node
 * reached with its tier, the link that reached it and the node it came from.
 *
 * The rules are those of the PL/pgSQL walk it replaces (docs/supply_chain.md):
 * a node is reached once per root, at its lowest tier; among the links that
 * reach it in that tier the lowest link_id wins; a cycle ends where it meets
 * a node already reached.  Upstream, the inputs of unknown origin of every
 * node reached below max_tier become virtual nodes one tier further, unless
 * a real node of the same reference was reached from that root; of several,
 * the lowest tier and then the lowest link_id win.
 *
 * Names are byte strings (no NUL); "C" order compares their bytes.  Memory
 * comes from the caller's allocator (SwMem), so that an error in the
 * backend leaves nothing behind its memory context.
 */
#ifndef HREDD_SUPPLY_WALK_H
#define HREDD_SUPPLY_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* realloc-like: p NULL allocates, n 0 frees; never returns NULL for n > 0 */
typedef struct SwMem
{
	void	   *ctx;
	void	   *(*resize) (void *ctx, void *p, size_t n);
} SwMem;

typedef struct SwNode
{
	size_t		off;			/* name in the string arena */
	size_t		len;
	uint32_t	hash;
	int32_t		first;			/* first link from this node, -1: none */
	bool		loaded;			/* its links have been asked for */
	bool		is_root;		/* a root, of this walk or an earlier one */
} SwNode;

typedef struct SwLink
{
	int32_t		to;				/* node reached (the virtual node's reference when unknown) */
	int32_t		next;			/* next link of the same node, -1: none */
	int64_t		link_id;
	int32_t		payload;		/* the caller's index of the link's other columns */
	bool		unknown;		/* an input of unknown origin */
} SwLink;

typedef struct SwVisit
{
	int32_t		root;			/* root number (0 … nroots-1) */
	int32_t		node;
	int32_t		tier;			/* 0 for the root itself */
	int32_t		parent;			/* visit it came from, -1 for a root */
	int32_t		link;			/* link that reached it, -1 for a root */
} SwVisit;

typedef struct SwGraph
{
	SwMem		mem;
	char	   *arena;			/* node names */
	size_t		arena_len,
				arena_cap;
	SwNode	   *nodes;
	int32_t		nnodes,
				nodes_cap;
	int32_t    *node_hash;		/* open addressing: node number, -1 empty */
	uint32_t	node_hash_cap;
	SwLink	   *links;
	int32_t		nlinks,
				links_cap;
	int32_t    *roots;			/* node of each root */
	int32_t		nroots,
				roots_cap;
	SwVisit    *visits;			/* in tier order: roots first */
	int32_t		nvisits,
				visits_cap;
	int32_t    *visit_hash;		/* (root, node) -> visit, -1 empty */
	uint32_t	visit_hash_cap;
	int32_t		frontier;		/* first visit of the last tier reached */
	int32_t		tier;			/* that tier */
	SwVisit    *unknowns;		/* virtual nodes (tier = parent's + 1) */
	int32_t		nunknowns,
				unknowns_cap;
	int32_t    *pending;		/* scratch of SwPending */
	int32_t		pending_cap;
} SwGraph;

/* Starts an empty graph. */
void		SwInit(SwGraph *g, SwMem mem);

/* Frees everything the graph allocated. */
void		SwFree(SwGraph *g);

/* The number of a node name, added when new; -1 past INT32_MAX nodes. */
int32_t		SwNodeId(SwGraph *g, const char *name, size_t len);

/* A node's name (not NUL-terminated) and its length. */
const char *SwName(const SwGraph *g, int32_t node, size_t *len);

/*
 * Adds a root (tier 0); false when it is or was already a root (or on
 * overflow, or once the walk has begun).
 */
bool		SwAddRoot(SwGraph *g, const char *name, size_t len);

/*
 * Forgets the roots and what was reached from them, keeping the nodes and
 * the links read so far: the next roots are walked without reading them
 * again, in memory that does not grow with the number of roots.
 */
void		SwRestart(SwGraph *g);

/*
 * The nodes of the last tier reached whose links have not been asked for
 * yet, each once; they count as asked for from now on.  *out points into
 * the graph until the next call.  Returns how many (-1 on overflow).
 */
int32_t		SwPending(SwGraph *g, const int32_t **out);

/* Adds a link from a node (asked for by SwPending) to another; false on overflow. */
bool		SwAddLink(SwGraph *g, int32_t from, int32_t to, bool unknown, int64_t link_id, int32_t payload);

/*
 * Reaches the next tier from the last one: returns how many nodes were
 * reached for the first time (0: the walk is over; -1 on overflow).
 */
int64_t		SwStep(SwGraph *g);

/*
 * The virtual nodes of the inputs of unknown origin of every node reached
 * below max_tier (into g->unknowns); false on overflow.
 */
bool		SwUnknowns(SwGraph *g, int32_t max_tier);

/* compares two names (byte strings) as the caller's collation does */
typedef int (*SwNameCmp) (void *arg, const char *a, size_t alen, const char *b, size_t blen);

/* Byte order ("C" collation). */
int			SwCompareC(void *arg, const char *a, size_t alen, const char *b, size_t blen);

/*
 * The order in which hredd.supply_graph returns rows: every visit of tier 1
 * and more by tier, root name and node name ("C" order), into order[] (room
 * for g->nvisits); then every virtual node by root name ("C") and reference
 * (refcmp), into uorder[] (room for g->nunknowns).  Returns the number of
 * visits written to order[]; false-y (-1) on overflow.
 */
int32_t		SwOrder(SwGraph *g, int32_t *order, int32_t *uorder, SwNameCmp refcmp, void *refarg);

/*
 * The path of a visit, root first, into nodes[] (room for tier + 1);
 * returns its length.
 */
int32_t		SwPath(const SwGraph *g, int32_t visit, int32_t *nodes);

#endif
