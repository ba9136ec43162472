/*
 * facility_gist.c — GiST operator class for hredd.facility: the % operator
 * and nearest-neighbour ordering by <-> (ORDER BY fac <-> $1 LIMIT k).
 *
 * The distance of a key is 1 - an upper bound of the match score of the
 * query against anything under it, never more than the true distance; the
 * executor rechecks leaf distances with the exact score.  A nearest-neighbour
 * search reads every subtree and scores every row whose bound reaches its
 * k-th best score, which for a query with few true matches is the score of
 * a row that shares almost nothing with it: so the bounds must be tight far
 * down the scale, not only around hredd.match_threshold.
 *
 * Keys of format 2 (see below) carry what makes the bound tight: a leaf has
 * the row's trigrams, words and house numbers (the GIN opclass's evidence),
 * its weight totals and its address's trigrams and word shapes, so that its
 * bound is close to the score and few rows are read from the heap; a
 * signature has the exact range of countries below, the trigram and word
 * bits and the least weight totals.  The index is built sorted by country
 * and the row's rarest words, and split in that order, so a subtree holds
 * one country and few words.  Indexes of format 1 (0.1.0 and the 0.2
 * development builds before it) are read with the bound they were built for
 * and extended with keys of either format until REINDEX.
 */
#include "facility.h"

#include <float.h>
#include <math.h>

#include "access/gist.h"
#include "access/reloptions.h"
#include "access/stratnum.h"
#include "port/pg_bitutils.h"
#include "utils/builtins.h"
#include "utils/sortsupport.h"

#define FACILITY_SIMILAR_STRATEGY	1
#define FACILITY_DISTANCE_STRATEGY	2

/* ---- format 1 (0.1.0 and earlier 0.2 development builds) -------------------
 * Leaf: the sorted hashed trigrams and the country key; signature: 2048 bits
 * of them.  Still read (with the bound it was built for) and still extended
 * by inserts, so an index built by 0.1.0 keeps answering right; REINDEX
 * turns it into format 2.
 */
#define SIGLEN		256
#define SIGBITS		(SIGLEN * 8)
#define PREFIX_LEN	6

#define GK_ARRAY	0x01		/* a leaf key (else a signature) */
#define GK_ALLTRUE	0x02
#define GK_V2		0x04		/* format 2 */
#define GK_NONUM	0x08		/* format 2: the row (a row below) has no house numbers */
#define GK_FRAG		0x10		/* the row (a row below) looks letter-spaced */
#define GK_ADDR		0x20		/* the row (a row below) has an address the score reads */
#define GK_NOADDR	0x40		/* (signatures) a row below has none */
#define GK_AWORDS	0x80		/* (leaves) its address words' lengths and letters are listed */

typedef struct FacGKey
{
	int32		vl_len_;
	uint8		flags;
	uint8		pad;
	uint16		country;		/* leaf only */
	char		prefix[PREFIX_LEN]; /* leaf only: first bytes of the name */
	uint16		pad2;
	uint32		data[FLEXIBLE_ARRAY_MEMBER];	/* sorted keys, or the signature */
} FacGKey;

#define GK_HDR			offsetof(FacGKey, data)
#define GK_IS_ARRAY(k)	(((k)->flags & GK_ARRAY) != 0)
#define GK_IS_V2(k)		((((const FacGKey *) (k))->flags & GK_V2) != 0)
#define GK_NKEYS(k)		((int) ((VARSIZE(k) - GK_HDR) / sizeof(uint32)))
#define GK_SIG(k)		((uint8 *) (k)->data)
#define SIG_SET(s, h)	((s)[((h) % SIGBITS) >> 3] |= (uint8) (1 << (((h) % SIGBITS) & 7)))
#define SIG_HAS(s, h)	(((s)[((h) % SIGBITS) >> 3] >> (((h) % SIGBITS) & 7)) & 1)

/* ---- format 2 ----------------------------------------------------------------
 * Leaf: the country; the low 16 bits of the name's trigram hashes; the
 * buckets of its word keys and of its address's house and plot numbers (as
 * the GIN opclass's format 3 has them); the totals of its word and trigram
 * weights; a 256-bit filter of its address's trigrams with the lengths and
 * letters of its address words.  That bounds the score closely
 * (MatchUpperBoundRow, MatchAddressBound), so few rows are read from the
 * heap to be scored.  Signature: the range of countries below, 2048 bits of
 * name trigrams, 1024 of word and number keys, the least weight totals.
 * All 16-bit forms only merge keys: a key met by another makes a bound
 * looser, never lower.
 */
#define G2_GBITS	2048		/* name trigram bits of a signature */
#define G2_WBITS	1024		/* word and number key bits */
#define G2_SIGLEN	((G2_GBITS + G2_WBITS) / 8)
#define G2_ABITS	256			/* address trigram filter of a leaf */
#define G2_MAXAW	12			/* address words listed at most */
/* a leaf's bound this low without its address is not refined by it */
#define GIST_CHEAP_ENOUGH	0.002

typedef struct FacGLeaf
{
	int32		vl_len_;
	uint8		flags;			/* GK_ARRAY | GK_V2, GK_NONUM, GK_FRAG, GK_ADDR, GK_AWORDS */
	uint8		naw;			/* address words listed */
	uint16		country;
	uint16		ngram;			/* name trigrams */
	uint16		nword;			/* word keys */
	uint16		nnum;			/* number keys */
	uint16		nagram;			/* the address's trigram count */
	uint16		sort[2];		/* build order: the buckets of the two rarest words */
	float4		W,				/* word weights, trigram weights, address word */
				V,				/* weights: totals, rounded down */
				AW;
	uint8		afilter[G2_ABITS / 8];
	uint16		data[FLEXIBLE_ARRAY_MEMBER];	/* trigrams, words, numbers (each sorted),
												 * then naw lengths (uint8) and letters
												 * (uint32, aligned) */
} FacGLeaf;

typedef struct FacGSig
{
	int32		vl_len_;
	uint8		flags;			/* GK_V2, GK_NONUM, GK_FRAG, GK_ADDR, GK_NOADDR */
	uint8		pad;
	uint16		clo,			/* countries below: within [clo, chi] (0 = none) */
				chi;
	uint16		sort[2];		/* build order of the first row below */
	uint16		pad2;
	float4		W,				/* least weight totals below */
				V;
	uint8		sig[G2_SIGLEN];
} FacGSig;

#define L2_GRAMS(k)		((k)->data)
#define L2_WORDS(k)		((k)->data + (k)->ngram)
#define L2_NUMS(k)		((k)->data + (k)->ngram + (k)->nword)
#define L2_AWOFF(k)		(offsetof(FacGLeaf, data) + sizeof(uint16) * ((k)->ngram + (k)->nword + (k)->nnum))
#define L2_AWLEN(k)		((const uint8 *) (k) + L2_AWOFF(k))
#define L2_AWMASK(k)	((const uint32 *) ((const char *) (k) + TYPEALIGN(4, L2_AWOFF(k) + (k)->naw)))
#define L2_SIZE(ng, nw, nn, naw) \
	(TYPEALIGN(4, offsetof(FacGLeaf, data) + sizeof(uint16) * ((ng) + (nw) + (nn)) + (naw)) + 4 * (naw))

#define WBIT(b)			(G2_GBITS + (b) % G2_WBITS)
#define BIT_SET(s, i)	((s)[(i) >> 3] |= (uint8) (1 << ((i) & 7)))
#define BIT_HAS(s, i)	(((s)[(i) >> 3] >> ((i) & 7)) & 1)
#define ABIT(h)			(((h) >> 16) % G2_ABITS)

static uint16
Bucket(uint32 key)
{
	return (uint16) (key & 0xFFFF);
}

static int
U16Cmp(const void *a, const void *b)
{
	return (int) *(const uint16 *) a - (int) *(const uint16 *) b;
}

/* Sort and unique n 16-bit values; returns the new count. */
static int
U16SortUnique(uint16 *a, int n)
{
	int			m = 0;

	if (n <= 1)
		return n;
	qsort(a, n, sizeof(uint16), U16Cmp);
	for (int i = 0; i < n; i++)
		if (m == 0 || a[m - 1] != a[i])
			a[m++] = a[i];
	return m;
}

static float4
FloorFloat(double x)
{
	float4		f = (float4) x;

	if ((double) f > x)
		f = nextafterf(f, 0);
	return f < 0 ? 0 : f;
}

static FacGSig *
NewSig2(void)
{
	FacGSig    *k = palloc0(sizeof(FacGSig));

	SET_VARSIZE(k, sizeof(FacGSig));
	k->flags = GK_V2;
	k->clo = PG_UINT16_MAX;
	k->chi = 0;
	k->W = k->V = FLT_MAX;
	k->sort[0] = k->sort[1] = PG_UINT16_MAX;
	return k;
}

/* The build order of a key of either format: country (or least country below), two words. */
static void
SortKeyOf(const FacGKey *k, uint16 *out)
{
	if (GK_IS_V2(k) && GK_IS_ARRAY(k))
	{
		const FacGLeaf *l = (const FacGLeaf *) k;

		out[0] = l->country, out[1] = l->sort[0], out[2] = l->sort[1];
	}
	else if (GK_IS_V2(k))
	{
		const FacGSig *g = (const FacGSig *) k;

		out[0] = g->clo, out[1] = g->sort[0], out[2] = g->sort[1];
	}
	else
		out[0] = GK_IS_ARRAY(k) ? k->country : 0, out[1] = out[2] = 0;
}

/* Add key src (format 2) to signature u (format 2). */
static void
AddToSig2(FacGSig *u, const FacGKey *src)
{
	uint16		sk[3];

	SortKeyOf(src, sk);
	if (sk[0] < u->clo || (sk[0] == u->clo && (sk[1] < u->sort[0] ||
											   (sk[1] == u->sort[0] && sk[2] < u->sort[1]))))
		u->sort[0] = sk[1], u->sort[1] = sk[2];
	if (GK_IS_ARRAY(src))
	{
		const FacGLeaf *l = (const FacGLeaf *) src;

		u->clo = Min(u->clo, l->country);
		u->chi = Max(u->chi, l->country);
		u->flags |= l->flags & (GK_NONUM | GK_FRAG | GK_ADDR);
		if (!(l->flags & GK_ADDR))
			u->flags |= GK_NOADDR;
		u->W = Min(u->W, l->W);
		u->V = Min(u->V, l->V);
		for (int i = 0; i < l->ngram; i++)
			BIT_SET(u->sig, L2_GRAMS(l)[i] % G2_GBITS);
		for (int i = 0; i < l->nword + l->nnum; i++)
			BIT_SET(u->sig, WBIT(L2_WORDS(l)[i]));
	}
	else
	{
		const FacGSig *g = (const FacGSig *) src;

		u->clo = Min(u->clo, g->clo);
		u->chi = Max(u->chi, g->chi);
		u->flags |= g->flags & (GK_NONUM | GK_FRAG | GK_ADDR | GK_NOADDR);
		u->W = Min(u->W, g->W);
		u->V = Min(u->V, g->V);
		for (int i = 0; i < G2_SIGLEN; i++)
			u->sig[i] |= g->sig[i];
	}
}

/* OR key src, of either format, into signature sig of format 1. */
static void
AddToSignature(uint8 *sig, const FacGKey *src)
{
	if (GK_IS_V2(src) && GK_IS_ARRAY(src))
	{
		const FacGLeaf *l = (const FacGLeaf *) src;

		/* a trigram's bit is the low bits of its hash, which the leaf keeps */
		for (int i = 0; i < l->ngram; i++)
			SIG_SET(sig, (uint32) L2_GRAMS(l)[i]);
		SIG_SET(sig, MatchCountryKey(l->country));
	}
	else if (GK_IS_V2(src))
	{
		const FacGSig *g = (const FacGSig *) src;

		for (int i = 0; i < G2_GBITS / 8; i++)
			sig[i] |= g->sig[i];
		for (uint32 c = g->clo; c <= g->chi; c++)
			SIG_SET(sig, MatchCountryKey((uint16) c));
	}
	else if (GK_IS_ARRAY(src))
	{
		for (int i = 0; i < GK_NKEYS(src); i++)
			SIG_SET(sig, src->data[i]);
	}
	else if (src->flags & GK_ALLTRUE)
		memset(sig, 0xFF, SIGLEN);
	else
		for (int i = 0; i < SIGLEN; i++)
			sig[i] |= GK_SIG(src)[i];
}

/* The union of keys: format 2 when they all are, else format 1. */
static FacGKey *
UnionOf(FacGKey **keys, int n)
{
	bool		v2 = true;

	for (int i = 0; i < n && v2; i++)
		v2 = GK_IS_V2(keys[i]);
	if (v2)
	{
		FacGSig    *u = NewSig2();

		for (int i = 0; i < n; i++)
			AddToSig2(u, keys[i]);
		return (FacGKey *) u;
	}
	else
	{
		FacGKey    *u = palloc0(GK_HDR + SIGLEN);

		SET_VARSIZE(u, GK_HDR + SIGLEN);
		for (int i = 0; i < n; i++)
			AddToSignature(GK_SIG(u), keys[i]);
		return u;
	}
}

PG_FUNCTION_INFO_V1(facility_gist_compress);
Datum
facility_gist_compress(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *retval = entry;

	if (entry->leafkey)
	{
		FacilityData *f = DatumGetFacility(entry->key);
		MatchProfile *p = palloc(sizeof(MatchProfile));
		uint32	   *keys;
		uint16	   *words,
				   *nums;
		FacGLeaf   *k;
		int			nk,
					nw = 0,
					nn = 0,
					ng,
					naw;
		uint16	   *grams;
		uint8		flags = GK_ARRAY | GK_V2;
		int			best = -1,
					second = -1;

		FacilityProfile(f, p);
		keys = palloc(sizeof(uint32) * (2 * p->ntok + 2 + MP_MAX_NUM));
		words = palloc(sizeof(uint16) * (2 * p->ntok + 2 + MP_MAX_NUM));
		nums = palloc(sizeof(uint16) * (MP_MAX_NUM + 1));
		nk = MatchRowWordKeys(p, keys);
		for (int i = 0; i < nk; i++)
		{
			if (keys[i] == MatchFragKey())
				flags |= GK_FRAG;
			else
				words[nw++] = Bucket(keys[i]);
		}
		nw = U16SortUnique(words, nw);
		nk = MatchRowNumberKeys(p, keys);
		for (int i = 0; i < nk; i++)
		{
			if (keys[i] == MatchNoNumberKey())
				flags |= GK_NONUM;
			else
				nums[nn++] = Bucket(keys[i]);
		}
		nn = U16SortUnique(nums, nn);
		grams = palloc(sizeof(uint16) * (p->ngram + 1));
		for (int i = 0; i < p->ngram; i++)
			grams[i] = (uint16) p->gram[i];
		ng = U16SortUnique(grams, p->ngram);
		if (p->has_address && p->natok + p->nanum > 0)
			flags |= GK_ADDR;
		naw = 0;
		if ((flags & GK_ADDR) && p->natok <= G2_MAXAW)
		{
			flags |= GK_AWORDS;
			naw = p->natok;
		}

		k = palloc0(L2_SIZE(ng, nw, nn, naw));
		SET_VARSIZE(k, L2_SIZE(ng, nw, nn, naw));
		k->flags = flags;
		k->country = f->country;
		k->ngram = ng;
		k->nword = nw;
		k->nnum = nn;
		k->naw = naw;
		k->nagram = (flags & GK_ADDR) && p->natok > 0 ? Min(p->nagram, PG_UINT16_MAX) : 0;
		k->W = FloorFloat(p->W);
		k->V = FloorFloat(p->V);
		k->AW = FloorFloat(p->AW);
		for (int i = 0; i < p->nagram && k->nagram > 0; i++)
			BIT_SET(k->afilter, ABIT(p->agram[i]));
		memcpy(L2_GRAMS(k), grams, sizeof(uint16) * ng);
		memcpy(L2_WORDS(k), words, sizeof(uint16) * nw);
		memcpy(L2_NUMS(k), nums, sizeof(uint16) * nn);
		for (int i = 0; i < naw; i++)
		{
			((uint8 *) L2_AWLEN(k))[i] = (uint8) Min(p->atok[i].len, 255);
			((uint32 *) L2_AWMASK(k))[i] = p->atok[i].mask;
		}
		/* the build's order: the rarest two words */
		for (int i = 0; i < p->ntok; i++)
		{
			if (best < 0 || p->tok[i].w > p->tok[best].w)
				second = best, best = i;
			else if (second < 0 || p->tok[i].w > p->tok[second].w)
				second = i;
		}
		k->sort[0] = best < 0 ? 0 : Bucket(MatchWordKey(p->tok[best].s, p->tok[best].len, "", 0));
		k->sort[1] = second < 0 ? 0 : Bucket(MatchWordKey(p->tok[second].s, p->tok[second].len, "", 0));
		pfree(keys);
		pfree(words);
		pfree(nums);
		pfree(grams);
		pfree(p);
		retval = palloc(sizeof(GISTENTRY));
		gistentryinit(*retval, PointerGetDatum(k), entry->rel, entry->page,
					  entry->offset, false);
	}
	PG_RETURN_POINTER(retval);
}

PG_FUNCTION_INFO_V1(facility_gist_decompress);
Datum
facility_gist_decompress(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	FacGKey    *k = (FacGKey *) PG_DETOAST_DATUM(entry->key);

	if (k != (FacGKey *) DatumGetPointer(entry->key))
	{
		GISTENTRY  *retval = palloc(sizeof(GISTENTRY));

		gistentryinit(*retval, PointerGetDatum(k), entry->rel, entry->page,
					  entry->offset, false);
		PG_RETURN_POINTER(retval);
	}
	PG_RETURN_POINTER(entry);
}

/* The query's profile and its keys in every form, kept across calls of one scan. */
typedef struct GistQuery
{
	FacilityData *fac;			/* copy of the query value */
	MatchProfile p;
	MatchAddressQuery aq;
	char	   *model;			/* the model hredd.match_model names, */
	double		coef[MM_NCOEF];	/* and its coefficients */
	Oid			registry;		/* the registry hredd.match_registry names (its
								 * statistics weigh q's words, and the rows'
								 * word weight totals in the keys, taken
								 * without them, are not read) */
	bool		present[MP_MAX_GRAM];
	bool		apresent[MP_MAX_AGRAM];
	/* format 2 */
	uint16		g16[MP_MAX_GRAM];	/* q's trigrams' low bits, sorted, */
	int16		g16idx[MP_MAX_GRAM];	/* and their indexes in p.gram */
	int			ng16;
	uint64		g16bits[65536 / 64];	/* the set of g16, to pass over a row's
										 * trigrams q has not in one test each */
	uint16		wkey[MP_MAX_TOK];	/* q's word keys' buckets */
	uint16		jkey[MP_MAX_TOK];	/* its neighbouring pairs' (join[k] >= 0) */
	int			join[MP_MAX_TOK];
	bool		word[MP_MAX_TOK];
	bool		pjoin[MP_MAX_TOK];
	int			nnumk;			/* q's house number keys (0: no number evidence) */
	uint16		numk[MP_MAX_NUM];
	bool		addr;			/* q's address counts in the score */
	uint8		abyte[MP_MAX_AGRAM];	/* q's address trigrams in a leaf's filter */
	uint8		abit[MP_MAX_AGRAM];
} GistQuery;

static int
G16Cmp(const void *a, const void *b, void *arg)
{
	const uint32 *g = (const uint32 *) arg;
	int16		x = *(const int16 *) a,
				y = *(const int16 *) b;

	return (int) (uint16) g[x] - (int) (uint16) g[y];
}

static void
QueryKeys(GistQuery *gq)
{
	MatchProfile *q = &gq->p;
	uint32	   *keys = palloc(sizeof(uint32) * (2 * q->ntok + 1 + MP_MAX_NUM));
	int			join[MP_MAX_TOK + 1];

	for (int i = 0; i < q->ngram; i++)
		gq->g16idx[i] = (int16) i;
	qsort_arg(gq->g16idx, q->ngram, sizeof(int16), G16Cmp, q->gram);
	memset(gq->g16bits, 0, sizeof(gq->g16bits));
	for (int i = 0; i < q->ngram; i++)
	{
		gq->g16[i] = (uint16) q->gram[gq->g16idx[i]];
		gq->g16bits[gq->g16[i] >> 6] |= UINT64CONST(1) << (gq->g16[i] & 63);
	}
	gq->ng16 = q->ngram;

	(void) MatchQueryWordKeys(q, keys, join);
	for (int k = 0; k < q->ntok; k++)
	{
		gq->wkey[k] = Bucket(keys[k]);
		gq->join[k] = join[k];
		gq->jkey[k] = join[k] >= 0 ? Bucket(keys[join[k]]) : 0;
	}
	gq->addr = q->has_address && q->natok + q->nanum > 0;
	gq->nnumk = 0;
	if (gq->addr)
	{
		gq->nnumk = MatchQueryNumberKeys(q, keys);
		for (int i = 0; i < gq->nnumk; i++)
			gq->numk[i] = Bucket(keys[i]);
	}
	MatchAddressQueryBuild(q, &gq->aq);
	for (int i = 0; i < q->nagram; i++)
	{
		gq->abyte[i] = (uint8) (ABIT(q->agram[i]) >> 3);
		gq->abit[i] = (uint8) (1 << (ABIT(q->agram[i]) & 7));
	}
	pfree(keys);
}

static GistQuery *
QueryFor(FunctionCallInfo fcinfo, Datum d)
{
	FacilityData *f = DatumGetFacility(d);
	GistQuery  *gq = (GistQuery *) fcinfo->flinfo->fn_extra;
	const char *model = FacilitySettingModel();
	Oid			registry = FacilitySettingRegistry();

	if (gq == NULL || strcmp(gq->model, model) != 0)
	{
		/* the operators score with the model the setting names: bound that one */
		double		coef[MM_NCOEF];

		FacilityLoadModel(model, coef);
		if (gq == NULL)
		{
			gq = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(GistQuery));
			fcinfo->flinfo->fn_extra = gq;
		}
		else
			pfree(gq->model);
		gq->model = MemoryContextStrdup(fcinfo->flinfo->fn_mcxt, model);
		memcpy(gq->coef, coef, sizeof(coef));
	}
	if (gq->fac == NULL || VARSIZE(gq->fac) != VARSIZE(f) || gq->registry != registry ||
		memcmp(gq->fac, f, VARSIZE(f)) != 0)
	{
		if (gq->fac != NULL)
			pfree(gq->fac);
		gq->fac = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, VARSIZE(f));
		memcpy(gq->fac, f, VARSIZE(f));
		gq->registry = registry;
		FacilityProfileStats(gq->fac, &gq->p, OidIsValid(registry) ? FacilitySettingStats() : NULL);
		QueryKeys(gq);
		fcinfo->flinfo->fn_extra = gq;
	}
	return gq;
}

static bool
ArrayHas(const FacGKey *k, uint32 h)
{
	int			lo = 0,
				hi = GK_NKEYS(k) - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (k->data[mid] == h)
			return true;
		if (k->data[mid] < h)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

static bool
U16Has(const uint16 *a, int n, uint16 v)
{
	int			lo = 0,
				hi = n - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (a[mid] == v)
			return true;
		if (a[mid] < v)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

/*
 * The country state for the bound of rows whose countries lie in [lo, hi]:
 * 1 all q's, 0 all unknown, -1 all another, 2 may be anything; where q's is
 * impossible but both others are, the one the model weighs higher.
 */
static int
CountryState(const GistQuery *gq, uint16 lo, uint16 hi)
{
	uint16		qc = gq->p.country;
	bool		same,
				unknown,
				other;

	if (qc == 0)
		return 0;				/* (the bound ignores it) */
	same = lo <= qc && qc <= hi;
	unknown = lo == 0;
	other = hi > lo || (lo != qc && lo != 0);
	if (same)
		return (unknown || other) ? 2 : 1;
	if (unknown && other)
		return gq->coef[MM_COUNTRY_DIFF] >= 0 ? 0 : -1;
	return unknown ? 0 : -1;
}

/* Format 1: what the index built by 0.1.0 knows. */
static double
KeyBound1(GistQuery *gq, const FacGKey *k)
{
	const MatchProfile *q = &gq->p;
	int			cs = 0;

	if (!GK_IS_ARRAY(k) && (k->flags & GK_ALLTRUE))
	{
		for (int i = 0; i < q->ngram; i++)
			gq->present[i] = true;
		return MatchUpperBoundModel(q, gq->present, 2, gq->coef);
	}
	for (int i = 0; i < q->ngram; i++)
		gq->present[i] = GK_IS_ARRAY(k) ? ArrayHas(k, q->gram[i]) :
			SIG_HAS(GK_SIG(k), q->gram[i]);
	if (q->country != 0)
	{
		uint32		same = MatchCountryKey(q->country),
					unknown = MatchCountryKey(0);

		if (GK_IS_ARRAY(k))
			cs = ArrayHas(k, same) ? 1 : (ArrayHas(k, unknown) ? 0 : -1);
		else if (SIG_HAS(GK_SIG(k), same))
			cs = 2;
		else if (SIG_HAS(GK_SIG(k), unknown))
			cs = gq->coef[MM_COUNTRY_DIFF] >= 0 ? 0 : -1;	/* unknown or another */
		else
			cs = -1;
	}
	return MatchUpperBoundModel(q, gq->present, cs, gq->coef);
}

/*
 * A row's total word weight, as its key has it: taken without registry
 * statistics, which weigh some words less, so with them only 0 (unknown)
 * bounds the score.
 */
static inline double
RowW(const GistQuery *gq, double W)
{
	return OidIsValid(gq->registry) ? 0 : W;
}

/* Format 2, a leaf: one row. */
static double
LeafBound2(GistQuery *gq, const FacGLeaf *l)
{
	const MatchProfile *q = &gq->p;
	const uint16 *g = L2_GRAMS(l),
			   *w = L2_WORDS(l),
			   *n = L2_NUMS(l);
	MatchWordEvidence ev;
	int			j = 0,
				as = 0,
				cs;
	double		aub = 0;

	/*
	 * q's trigrams (sorted by their low bits) against the row's: most of a
	 * row's are not q's, and one bit test passes over each of those; the
	 * rest are found in q's sorted list (q's from there on with the same
	 * low bits too)
	 */
	memset(gq->present, 0, sizeof(bool) * q->ngram);
	for (int r = 0; r < l->ngram; r++)
	{
		uint16		v = g[r];

		if (!(gq->g16bits[v >> 6] & (UINT64CONST(1) << (v & 63))))
			continue;
		while (j < gq->ng16 && gq->g16[j] < v)
			j++;
		for (int i = j; i < gq->ng16 && gq->g16[i] == v; i++)
			gq->present[gq->g16idx[i]] = true;
	}
	for (int k = 0; k < q->ntok; k++)
	{
		gq->word[k] = U16Has(w, l->nword, gq->wkey[k]);
		gq->pjoin[k] = gq->join[k] >= 0 && U16Has(w, l->nword, gq->jkey[k]);
	}
	ev.word = gq->word;
	ev.join = gq->join;
	ev.present_join = gq->pjoin;
	ev.frag = (l->flags & GK_FRAG) != 0;
	ev.anum_conflict = false;
	cs = CountryState(gq, l->country, l->country);
	if (gq->addr && (l->flags & GK_ADDR))
	{
		MatchAddressRow ar;
		double		b;

		if (gq->nnumk > 0 && !(l->flags & GK_NONUM))
		{
			ev.anum_conflict = true;
			for (int i = 0; i < gq->nnumk && ev.anum_conflict; i++)
				if (U16Has(n, l->nnum, gq->numk[i]))
					ev.anum_conflict = false;
		}

		/*
		 * Any bound is a valid distance, and how tight it is matters only
		 * for rows a search will reach: a row already this unlike without
		 * its address (another country, no word in common) is not worth
		 * reading the address for.
		 */
		b = MatchUpperBoundRow(q, gq->present, &ev, RowW(gq, l->W), l->V, 2, 1, cs, gq->coef);
		if (b < GIST_CHEAP_ENOUGH)
			return b;
		for (int i = 0; i < q->nagram; i++)
			gq->apresent[i] = (l->afilter[gq->abyte[i]] & gq->abit[i]) != 0;
		ar.nagram = l->nagram;
		ar.AW = l->AW;
		ar.nword = (l->flags & GK_AWORDS) ? l->naw : -1;
		ar.len = L2_AWLEN(l);
		ar.mask = L2_AWMASK(l);
		aub = MatchAddressBound(q, &gq->aq, gq->apresent, &ar);
		as = 1;
	}
	return MatchUpperBoundRow(q, gq->present, &ev, RowW(gq, l->W), l->V, as, aub, cs, gq->coef);
}

/* Format 2, a signature: the rows below. */
static double
SigBound2(GistQuery *gq, const FacGSig *s)
{
	const MatchProfile *q = &gq->p;
	MatchWordEvidence ev;
	int			as;

	for (int i = 0; i < q->ngram; i++)
		gq->present[i] = BIT_HAS(s->sig, q->gram[i] % G2_GBITS);
	for (int k = 0; k < q->ntok; k++)
	{
		gq->word[k] = BIT_HAS(s->sig, WBIT(gq->wkey[k]));
		gq->pjoin[k] = gq->join[k] >= 0 && BIT_HAS(s->sig, WBIT(gq->jkey[k]));
	}
	ev.word = gq->word;
	ev.join = gq->join;
	ev.present_join = gq->pjoin;
	ev.frag = (s->flags & GK_FRAG) != 0;
	ev.anum_conflict = false;
	if (gq->nnumk > 0 && !(s->flags & GK_NONUM) && !(s->flags & GK_NOADDR))
	{
		ev.anum_conflict = true;
		for (int i = 0; i < gq->nnumk && ev.anum_conflict; i++)
			if (BIT_HAS(s->sig, WBIT(gq->numk[i])))
				ev.anum_conflict = false;
	}
	as = (s->flags & GK_NOADDR) ? ((s->flags & GK_ADDR) ? 2 : 0) : 2;
	return MatchUpperBoundRow(q, gq->present, &ev, RowW(gq, s->W), s->V, as, 1,
							  CountryState(gq, s->clo, s->chi), gq->coef);
}

/* Upper bound of the score of the query against anything under key k. */
static double
KeyBound(GistQuery *gq, const FacGKey *k)
{
	if (!GK_IS_V2(k))
		return KeyBound1(gq, k);
	if (GK_IS_ARRAY(k))
		return LeafBound2(gq, (const FacGLeaf *) k);
	return SigBound2(gq, (const FacGSig *) k);
}

PG_FUNCTION_INFO_V1(facility_gist_consistent);
Datum
facility_gist_consistent(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = (StrategyNumber) PG_GETARG_UINT16(2);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(4);
	GistQuery  *gq = QueryFor(fcinfo, PG_GETARG_DATUM(1));
	FacGKey    *k = (FacGKey *) DatumGetPointer(entry->key);

	if (strategy != FACILITY_SIMILAR_STRATEGY)
		elog(ERROR, "unrecognized strategy number: %d", strategy);
	*recheck = true;
	/* (the margin: the bound sums in another order than the score) */
	PG_RETURN_BOOL(KeyBound(gq, k) + 1e-9 >= hredd_match_threshold);
}

PG_FUNCTION_INFO_V1(facility_gist_distance);
Datum
facility_gist_distance(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = (StrategyNumber) PG_GETARG_UINT16(2);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(4);
	GistQuery  *gq = QueryFor(fcinfo, PG_GETARG_DATUM(1));
	FacGKey    *k = (FacGKey *) DatumGetPointer(entry->key);
	double		d;

	if (strategy != FACILITY_DISTANCE_STRATEGY)
		elog(ERROR, "unrecognized strategy number: %d", strategy);
	*recheck = true;			/* a lower bound: the executor computes the real one */
	d = 1.0 - KeyBound(gq, k) - 1e-9;
	PG_RETURN_FLOAT8(d < 0 ? 0 : d);
}

PG_FUNCTION_INFO_V1(facility_gist_union);
Datum
facility_gist_union(PG_FUNCTION_ARGS)
{
	GistEntryVector *ev = (GistEntryVector *) PG_GETARG_POINTER(0);
	int		   *size = (int *) PG_GETARG_POINTER(1);
	FacGKey   **keys = palloc(sizeof(FacGKey *) * ev->n);
	FacGKey    *u;

	for (int i = 0; i < ev->n; i++)
		keys[i] = (FacGKey *) DatumGetPointer(ev->vector[i].key);
	u = UnionOf(keys, ev->n);
	*size = VARSIZE(u);
	PG_RETURN_POINTER(u);
}

PG_FUNCTION_INFO_V1(facility_gist_same);
Datum
facility_gist_same(PG_FUNCTION_ARGS)
{
	FacGKey    *a = (FacGKey *) PG_GETARG_POINTER(0);
	FacGKey    *b = (FacGKey *) PG_GETARG_POINTER(1);
	bool	   *result = (bool *) PG_GETARG_POINTER(2);

	*result = VARSIZE(a) == VARSIZE(b) &&
		memcmp((char *) a + VARHDRSZ, (char *) b + VARHDRSZ, VARSIZE(a) - VARHDRSZ) == 0;
	PG_RETURN_POINTER(result);
}

/* Bits that adding key k would set in signature sig (format 1). */
static int
NewBits(const uint8 *sig, const FacGKey *k)
{
	uint8		s2[SIGLEN];
	int			n = 0;

	memcpy(s2, sig, SIGLEN);
	AddToSignature(s2, k);
	for (int i = 0; i < SIGLEN; i++)
		n += pg_popcount32((uint32) (s2[i] & ~sig[i]));
	return n;
}

PG_FUNCTION_INFO_V1(facility_gist_penalty);
Datum
facility_gist_penalty(PG_FUNCTION_ARGS)
{
	GISTENTRY  *orig = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *add = (GISTENTRY *) PG_GETARG_POINTER(1);
	float	   *penalty = (float *) PG_GETARG_POINTER(2);
	FacGKey    *o = (FacGKey *) DatumGetPointer(orig->key);
	FacGKey    *a = (FacGKey *) DatumGetPointer(add->key);

	if (GK_IS_V2(o) && GK_IS_V2(a))
	{
		/* keep subtrees to a country, then add the fewest bits */
		FacGSig    *u = NewSig2();
		uint16		lo,
					hi;
		int			n = 0;

		AddToSig2(u, o);
		lo = u->clo, hi = u->chi;
		AddToSig2(u, a);
		{
			FacGSig    *only = NewSig2();

			AddToSig2(only, o);
			for (int i = 0; i < G2_SIGLEN; i++)
				n += pg_popcount32((uint32) (u->sig[i] & ~only->sig[i]));
		}
		*penalty = (float) n + ((u->clo != lo || u->chi != hi) ? 100000.0f : 0);
	}
	else
	{
		uint8		sig[SIGLEN] = {0};

		AddToSignature(sig, o);
		*penalty = (float) NewBits(sig, a);
	}
	PG_RETURN_POINTER(penalty);
}

/* Entries of a split, in build order. */
typedef struct SplitItem
{
	OffsetNumber off;
	uint16		sk[3];
} SplitItem;

static int
SplitItemCmp(const void *a, const void *b)
{
	const SplitItem *x = a,
			   *y = b;

	for (int i = 0; i < 3; i++)
		if (x->sk[i] != y->sk[i])
			return x->sk[i] < y->sk[i] ? -1 : 1;
	return x->off < y->off ? -1 : (x->off > y->off);
}

/*
 * Split in build order (country, rarest words), at the middle or at the
 * nearest change of country (else of rarest word) within the middle half:
 * the sorted build hands over pages of rows in that order, and a split
 * that keeps it keeps each page to a few countries and words.
 */
PG_FUNCTION_INFO_V1(facility_gist_picksplit);
Datum
facility_gist_picksplit(PG_FUNCTION_ARGS)
{
	GistEntryVector *ev = (GistEntryVector *) PG_GETARG_POINTER(0);
	GIST_SPLITVEC *v = (GIST_SPLITVEC *) PG_GETARG_POINTER(1);
	int			n = ev->n - 1;	/* entries are 1..n */
	SplitItem  *it = palloc(sizeof(SplitItem) * (n + 1));
	FacGKey   **keys = palloc(sizeof(FacGKey *) * (n + 1));
	int			cut = n / 2,
				bestd = n;

	for (int i = 1; i <= n; i++)
	{
		it[i - 1].off = (OffsetNumber) i;
		SortKeyOf((FacGKey *) DatumGetPointer(ev->vector[i].key), it[i - 1].sk);
	}
	qsort(it, n, sizeof(SplitItem), SplitItemCmp);
	for (int level = 0; level < 2 && bestd == n; level++)
		for (int i = Max(1, n / 4); i <= Min(n - 1, 3 * n / 4); i++)
		{
			bool		change = level == 0 ? it[i - 1].sk[0] != it[i].sk[0] :
				(it[i - 1].sk[0] != it[i].sk[0] || it[i - 1].sk[1] != it[i].sk[1]);

			if (change && abs(i - n / 2) < bestd)
				bestd = abs(i - n / 2), cut = i;
		}
	if (cut < 1)
		cut = 1;
	if (cut > n - 1)
		cut = n - 1;
	v->spl_left = palloc(sizeof(OffsetNumber) * (n + 1));
	v->spl_right = palloc(sizeof(OffsetNumber) * (n + 1));
	v->spl_nleft = v->spl_nright = 0;
	for (int i = 0; i < n; i++)
	{
		if (i < cut)
			v->spl_left[v->spl_nleft++] = it[i].off;
		else
			v->spl_right[v->spl_nright++] = it[i].off;
	}
	for (int i = 0; i < v->spl_nleft; i++)
		keys[i] = (FacGKey *) DatumGetPointer(ev->vector[v->spl_left[i]].key);
	v->spl_ldatum = PointerGetDatum(UnionOf(keys, v->spl_nleft));
	for (int i = 0; i < v->spl_nright; i++)
		keys[i] = (FacGKey *) DatumGetPointer(ev->vector[v->spl_right[i]].key);
	v->spl_rdatum = PointerGetDatum(UnionOf(keys, v->spl_nright));
	PG_RETURN_POINTER(v);
}

/* Sorted build: leaves in order of country, then rarest words. */
static int
FacGKeyCmp(Datum x, Datum y, SortSupport ssup)
{
	uint16		a[3],
				b[3];

	SortKeyOf((FacGKey *) DatumGetPointer(x), a);
	SortKeyOf((FacGKey *) DatumGetPointer(y), b);
	for (int i = 0; i < 3; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

PG_FUNCTION_INFO_V1(facility_gist_sortsupport);
Datum
facility_gist_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = FacGKeyCmp;
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(facility_gkey_in);
Datum
facility_gkey_in(PG_FUNCTION_ARGS)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("cannot accept a value of type facility_gkey"),
			 errdetail("facility_gkey exists only inside GiST indexes on facility.")));
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(facility_gkey_out);
Datum
facility_gkey_out(PG_FUNCTION_ARGS)
{
	FacGKey    *k = (FacGKey *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));

	if (GK_IS_V2(k) && GK_IS_ARRAY(k))
	{
		FacGLeaf   *l = (FacGLeaf *) k;

		PG_RETURN_CSTRING(psprintf("leaf2(%d trigrams, %d words, %d numbers)",
								   l->ngram, l->nword, l->nnum));
	}
	if (GK_IS_V2(k))
	{
		FacGSig    *g = (FacGSig *) k;
		int			bits = 0;

		for (int i = 0; i < G2_SIGLEN; i++)
			bits += pg_popcount32(g->sig[i]);
		PG_RETURN_CSTRING(psprintf("signature2(%d of %d bits)", bits, G2_GBITS + G2_WBITS));
	}
	if (GK_IS_ARRAY(k))
		PG_RETURN_CSTRING(psprintf("leaf(%d keys)", GK_NKEYS(k)));
	if (k->flags & GK_ALLTRUE)
		PG_RETURN_CSTRING(pstrdup("signature(all)"));
	{
		int			bits = 0;

		for (int i = 0; i < SIGLEN; i++)
			bits += pg_popcount32(GK_SIG(k)[i]);
		PG_RETURN_CSTRING(psprintf("signature(%d of %d bits)", bits, SIGBITS));
	}
}
