/*
 * cluster.h — grouping records into duplicate clusters (pure C, no fmgr).
 *
 * Complete-linkage agglomeration over candidate pairs with union-find:
 * the pairs are taken best first, and two clusters are joined only when
 * every member of one scores at least the threshold with every member of
 * the other.  So no cluster is a chain ("Shenghong Group" matching its 1st
 * and its 2nd dyeing branch joins one of them, not both, as the branches do
 * not match each other), and the result does not depend on the order of
 * the input.  There are no rounds and no cap: every candidate pair is
 * looked at once.
 */
#ifndef HREDD_MATCH_CLUSTER_H
#define HREDD_MATCH_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "score.h"

typedef struct ClusterEdge
{
	int32_t		a;				/* node indices, 0-based */
	int32_t		b;
	double		s;				/* their score */
} ClusterEdge;

/* The score of nodes i and j (the caller's facilities). */
typedef double (*ClusterScoreFn) (void *ctx, int32_t i, int32_t j);

/* Work arrays of n entries each, owned by the caller. */
typedef struct ClusterWork
{
	int32_t    *parent;			/* union-find forest */
	int32_t    *next;			/* members of a cluster as a ring */
	int32_t    *size;			/* members, valid at a root */
	double	   *total;			/* each node's summed score to the others of its cluster */
	double	   *pend;			/* scratch: scores of a join being tried */
} ClusterWork;

/* Counters, for the caller's report. */
typedef struct ClusterStats
{
	int64_t		joins;			/* pairs that joined two clusters */
	int64_t		refused;		/* pairs refused by the guard */
	int64_t		scored;			/* scores computed by the guard */
} ClusterStats;

/*
 * Cluster n nodes over nedges candidate pairs (sorted here, best first; ties
 * by node indices).  Pairs below threshold, self pairs and pairs with an
 * index outside 0..n-1 are ignored.  On return centre[i] is the centre of
 * i's cluster: the member with the highest total score to the others
 * (ties: the lowest index).
 */
extern void ClusterLink(int32_t n, ClusterEdge *edges, size_t nedges, double threshold,
						ClusterScoreFn score, void *ctx, ClusterWork *w,
						int32_t *centre, ClusterStats *stats);

/*
 * Blocking keys of one record, for set-based candidate pairs (Splink's
 * "blocking rules"): two records are compared when they share a key.  All
 * keys include the country (0 = unknown), so records of different countries
 * (or one of unknown country) are never compared.  A record has
 *   - a name key: its name's distinct words, sorted (word order and repeats
 *     do not matter; numbers are left out, so "Unit 1" meets "Unit 2");
 *   - a word key for each name word of three letters or more that is not
 *     common (compiled-in weight >= CLUSTER_BLOCK_WORD_WEIGHT; when none is,
 *     its rarest such word);
 *   - a word key for each two neighbouring words written together
 *     ("he yuan" meets "heyuan"), up to CLUSTER_BLOCK_JOIN_MAX bytes;
 *   - typo keys for its CLUSTER_BLOCK_TYPO_WORDS rarest of those words in
 *     Latin letters of 5 to CLUSTER_BLOCK_TYPO_MAX letters: the word with one
 *     letter deleted, each way, in the word keys' space, so two words one
 *     edit apart (a letter changed, added, dropped or two swapped) share a
 *     key, as the score's typo credit asks (TyposAllowed).
 * What they miss: words two edits apart, a typo in a third rare word, and
 * names that share only common words but are not the same list of words.
 * Writes at most cap keys, sorted and distinct; returns how many.  When src
 * is given, src[i] says where key i comes from: 0 for a name, word or joined
 * key, else a hash of the word a typo key was made from (never 0).  Two
 * records whose typo keys come from the same word meet in that word's key;
 * the typo key joins them only to records with another word one edit away.
 */
#define CLUSTER_BLOCK_WORD_WEIGHT	0.5
#define CLUSTER_BLOCK_TYPO_WORDS	2
#define CLUSTER_BLOCK_TYPO_MAX		24
#define CLUSTER_BLOCK_JOIN_MAX		16
#define CLUSTER_BLOCK_MAX_KEYS		(1 + 2 * MP_MAX_TOK + CLUSTER_BLOCK_TYPO_WORDS * CLUSTER_BLOCK_TYPO_MAX)

extern int	ClusterBlockKeys(const MatchProfile *p, uint64_t *out, uint32_t *src, int cap);

/*
 * Second keys, to split a block too large to compare within (key block):
 * the block's key with each other word of the name, and with each house or
 * plot number of the address (up to four digits, as the score compares them
 * first).  Two records of the block meet again when they share another name
 * word, common ones included, or a house number.  Sorted and distinct; at
 * most cap; returns how many.
 */
#define CLUSTER_SPLIT_MAX_KEYS	(MP_MAX_TOK + MP_MAX_NUM)
extern int	ClusterSplitKeys(const MatchProfile *p, uint64_t block, uint64_t *out, int cap);

/*
 * The first key two sorted key lists share, or 0 when none (keys are never
 * 0); with the keys' sources (NULL: none), a typo key both have from the
 * same word does not count.
 */
extern uint64_t ClusterFirstCommonKey(const uint64_t *a, const uint32_t *asrc, int na,
									  const uint64_t *b, const uint32_t *bsrc, int nb);

#endif
