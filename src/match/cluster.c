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
#include <string.h>

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

/* ---- blocking keys ------------------------------------------------------- */

#define KEY_PRIME	0x100000001b3ULL

static uint64_t
KeyStart(char kind, uint16_t country)
{
	uint64_t	h = 0xcbf29ce484222325ULL;

	h = (h ^ (unsigned char) kind) * KEY_PRIME;
	h = (h ^ (country & 0xFF)) * KEY_PRIME;
	h = (h ^ (country >> 8)) * KEY_PRIME;
	return h;
}

static uint64_t
KeyBytes(uint64_t h, const char *s, int n)
{
	for (int i = 0; i < n; i++)
		h = (h ^ (unsigned char) s[i]) * KEY_PRIME;
	return h;
}

/* a final mix, so that keys spread over all bits; never 0 */
static uint64_t
KeyEnd(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h == 0 ? 1 : h;
}

typedef struct KeySrc
{
	uint64_t	key;
	uint32_t	src;
} KeySrc;

static int
KeyCmp(const void *x, const void *y)
{
	const KeySrc *a = x;
	const KeySrc *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->src < b->src ? -1 : a->src > b->src;
}

static int
TokCmp(const MPTok *a, const MPTok *b)
{
	int			n = a->len < b->len ? a->len : b->len;
	int			c = memcmp(a->s, b->s, n);

	if (c != 0)
		return c;
	return a->len - b->len;
}

static bool
AsciiWord(const MPTok *t)
{
	for (int i = 0; i < t->len; i++)
		if ((unsigned char) t->s[i] >= 0x80)
			return false;
	return true;
}

int
ClusterBlockKeys(const MatchProfile *p, uint64_t *outkeys, uint32_t *outsrc, int cap)
{
	KeySrc		out[CLUSTER_BLOCK_MAX_KEYS];
	int			n = 0;
	uint32_t	cur = 0;			/* the source of the keys emitted now */
	int			order[MP_MAX_TOK];
	int			norder = 0;
	uint64_t	h;
	bool		any = false;
	int			typo[CLUSTER_BLOCK_TYPO_WORDS];
	int			ntypo = 0;

	if (cap > CLUSTER_BLOCK_MAX_KEYS)
		cap = CLUSTER_BLOCK_MAX_KEYS;
#define EMIT(k) do { if (n < cap) { out[n].key = (k); out[n].src = cur; n++; } } while (0)

	/* the name key: distinct words, sorted (insertion sort: few words) */
	for (int k = 0; k < p->ntok; k++)
	{
		int			at = norder;

		while (at > 0 && TokCmp(&p->tok[order[at - 1]], &p->tok[k]) > 0)
		{
			order[at] = order[at - 1];
			at--;
		}
		order[at] = k;
		norder++;
	}
	h = KeyStart('n', p->country);
	for (int i = 0; i < norder; i++)
	{
		const MPTok *t = &p->tok[order[i]];

		if (i > 0 && TokCmp(&p->tok[order[i - 1]], t) == 0)
			continue;
		h = KeyBytes(h, t->s, t->len);
		h = KeyBytes(h, " ", 1);
	}
	if (p->ntok > 0)
		EMIT(KeyEnd(h));
	else if (p->namelen > 0)
		EMIT(KeyEnd(KeyBytes(h, p->name, p->namelen)));

	/* word keys: the words that are not common, else the rarest */
	for (int k = 0; k < p->ntok; k++)
		if (p->tok[k].len >= 3 && p->tok[k].w >= CLUSTER_BLOCK_WORD_WEIGHT)
			any = true;
	for (int k = 0; k < p->ntok; k++)
	{
		const MPTok *t = &p->tok[k];
		bool		take = t->len >= 3 && t->w >= CLUSTER_BLOCK_WORD_WEIGHT;

		if (!any && t->len >= 3)
		{
			/* the rarest word of three letters or more (the first of equals) */
			take = true;
			for (int j = 0; j < p->ntok; j++)
				if (p->tok[j].len >= 3 &&
					(p->tok[j].w > t->w || (p->tok[j].w == t->w && j < k)))
					take = false;
		}
		if (!take)
			continue;
		EMIT(KeyEnd(KeyBytes(KeyStart('w', p->country), t->s, t->len)));
		/* typo keys for the rarest words in Latin letters (ties: longer, earlier) */
		if (t->len >= 5 && t->len <= CLUSTER_BLOCK_TYPO_MAX && AsciiWord(t))
		{
			int			at = ntypo < CLUSTER_BLOCK_TYPO_WORDS ? ntypo : CLUSTER_BLOCK_TYPO_WORDS;

			while (at > 0 &&
				   (p->tok[typo[at - 1]].w < t->w ||
					(p->tok[typo[at - 1]].w == t->w && p->tok[typo[at - 1]].len < t->len)))
			{
				if (at < CLUSTER_BLOCK_TYPO_WORDS)
					typo[at] = typo[at - 1];
				at--;
			}
			if (at < CLUSTER_BLOCK_TYPO_WORDS)
			{
				typo[at] = k;
				if (ntypo < CLUSTER_BLOCK_TYPO_WORDS)
					ntypo++;
			}
		}
	}
	for (int i = 0; i < ntypo; i++)
	{
		const MPTok *t = &p->tok[typo[i]];

		cur = (uint32_t) (KeyEnd(KeyBytes(KeyStart('t', 0), t->s, t->len)) >> 32);
		if (cur == 0)
			cur = 1;
		for (int d = 0; d < t->len; d++)
		{
			/* deleting either of two equal letters gives one string */
			if (d > 0 && t->s[d] == t->s[d - 1])
				continue;
			h = KeyBytes(KeyStart('w', p->country), t->s, d);
			EMIT(KeyEnd(KeyBytes(h, t->s + d + 1, t->len - d - 1)));
		}
	}

	cur = 0;
	/* neighbouring words written together, in the word keys' space */
	for (int k = 0; k + 1 < p->ntok; k++)
	{
		const MPTok *a = &p->tok[k];
		const MPTok *b = &p->tok[k + 1];

		if (b->pos != a->pos + 1 || a->len + b->len > CLUSTER_BLOCK_JOIN_MAX)
			continue;
		h = KeyBytes(KeyStart('w', p->country), a->s, a->len);
		EMIT(KeyEnd(KeyBytes(h, b->s, b->len)));
	}
#undef EMIT

	/* sorted, distinct: a key met twice keeps its smallest source (0 first) */
	if (n > 1)
	{
		int			m = 1;

		qsort(out, n, sizeof(KeySrc), KeyCmp);
		for (int i = 1; i < n; i++)
			if (out[i].key != out[m - 1].key)
				out[m++] = out[i];
		n = m;
	}
	for (int i = 0; i < n; i++)
	{
		outkeys[i] = out[i].key;
		if (outsrc)
			outsrc[i] = out[i].src;
	}
	return n;
}

int
ClusterSplitKeys(const MatchProfile *p, uint64_t block, uint64_t *out, int cap)
{
	KeySrc		keys[CLUSTER_SPLIT_MAX_KEYS];
	MPTok		num[MP_MAX_NUM];
	int			nnum,
				n = 0;
	uint64_t	h0 = KeyStart('s', p->country);

	if (cap > CLUSTER_SPLIT_MAX_KEYS)
		cap = CLUSTER_SPLIT_MAX_KEYS;
	for (int i = 0; i < 8; i++)
		h0 = (h0 ^ ((block >> (8 * i)) & 0xFF)) * KEY_PRIME;
	for (int k = 0; k < p->ntok && n < cap; k++)
	{
		const MPTok *t = &p->tok[k];

		/* not the block's own word */
		if (KeyEnd(KeyBytes(KeyStart('w', p->country), t->s, t->len)) == block)
			continue;
		keys[n].key = KeyEnd(KeyBytes(KeyBytes(h0, "w", 1), t->s, t->len));
		keys[n].src = 0;
		n++;
	}
	MatchAddressNumbers(p->addr, p->addrlen, num, &nnum);
	for (int i = 0; i < nnum && n < cap; i++)
	{
		if (num[i].len >= 5)
			continue;
		keys[n].key = KeyEnd(KeyBytes(KeyBytes(h0, "a", 1), num[i].s, num[i].len));
		keys[n].src = 0;
		n++;
	}
	if (n > 1)
	{
		int			m = 1;

		qsort(keys, n, sizeof(KeySrc), KeyCmp);
		for (int i = 1; i < n; i++)
			if (keys[i].key != keys[m - 1].key)
				keys[m++] = keys[i];
		n = m;
	}
	for (int i = 0; i < n; i++)
		out[i] = keys[i].key;
	return n;
}

uint64_t
ClusterFirstCommonKey(const uint64_t *a, const uint32_t *asrc, int na,
					  const uint64_t *b, const uint32_t *bsrc, int nb)
{
	int			i = 0,
				j = 0;

	while (i < na && j < nb)
	{
		if (a[i] == b[j])
		{
			if (asrc && bsrc && asrc[i] != 0 && asrc[i] == bsrc[j])
			{
				i++;
				j++;
				continue;
			}
			return a[i];
		}
		if (a[i] < b[j])
			i++;
		else
			j++;
	}
	return 0;
}
