/*
 * facility_gist.c — GiST operator class for hredd.facility: the % operator
 * and nearest-neighbour ordering by <-> (ORDER BY fac <-> $1 LIMIT k).
 *
 * Leaf keys hold the sorted hashed trigrams of the normalised name and the
 * country key (the same keys as the GIN opclass) plus a short name prefix
 * for the sorted build; inner keys are a 2048-bit signature of their
 * subtree's keys.  Both answer "which of the query's trigrams may a row
 * below have", which is all MatchUpperBound needs: the distance of a key is
 * 1 - that bound, never more than the true distance, and the executor
 * rechecks leaf distances with the exact score.
 *
 * The index is built sorted by country and name prefix (sortsupport), so a
 * leaf page gathers facilities of one country whose names start alike and
 * signatures stay sparse where it matters.
 */
#include "facility.h"

#include "access/gist.h"
#include "access/reloptions.h"
#include "access/stratnum.h"
#include "port/pg_bitutils.h"
#include "utils/builtins.h"
#include "utils/sortsupport.h"

#define FACILITY_SIMILAR_STRATEGY	1
#define FACILITY_DISTANCE_STRATEGY	2

#define SIGLEN		256
#define SIGBITS		(SIGLEN * 8)
#define PREFIX_LEN	6

#define GK_ARRAY	0x01
#define GK_ALLTRUE	0x02

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
#define GK_NKEYS(k)		((int) ((VARSIZE(k) - GK_HDR) / sizeof(uint32)))
#define GK_SIG(k)		((uint8 *) (k)->data)
#define SIG_SET(s, h)	((s)[((h) % SIGBITS) >> 3] |= (uint8) (1 << (((h) % SIGBITS) & 7)))
#define SIG_HAS(s, h)	(((s)[((h) % SIGBITS) >> 3] >> (((h) % SIGBITS) & 7)) & 1)

static FacGKey *
NewSignature(void)
{
	FacGKey    *k = palloc0(GK_HDR + SIGLEN);

	SET_VARSIZE(k, GK_HDR + SIGLEN);
	return k;
}

/* OR key src into signature sig. */
static void
AddToSignature(uint8 *sig, const FacGKey *src)
{
	if (GK_IS_ARRAY(src))
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
		FacGKey    *k;
		int			n;
		uint32		ck;

		FacilityProfile(f, p);
		ck = MatchCountryKey(f->country);
		k = palloc0(GK_HDR + sizeof(uint32) * (p->ngram + 1));
		SET_VARSIZE(k, GK_HDR + sizeof(uint32) * (p->ngram + 1));
		k->flags = GK_ARRAY;
		k->country = f->country;
		memcpy(k->prefix, FAC_NAME(f), Min(PREFIX_LEN, f->namelen));
		/* grams are sorted and unique; put the country key in its place */
		n = 0;
		for (int i = 0; i < p->ngram; i++)
		{
			if (ck != 0 && ck <= p->gram[i])
			{
				if (ck != p->gram[i])
					k->data[n++] = ck;
				ck = 0;
			}
			k->data[n++] = p->gram[i];
		}
		if (ck != 0)
			k->data[n++] = ck;
		SET_VARSIZE(k, GK_HDR + sizeof(uint32) * n);
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

/* The query's profile, kept across calls of one scan. */
typedef struct GistQuery
{
	FacilityData *fac;			/* copy of the query value */
	MatchProfile p;
	char	   *model;			/* the model hredd.match_model names, */
	double		coef[MM_NCOEF];	/* and its coefficients */
	bool		present[MP_MAX_GRAM];
} GistQuery;

static GistQuery *
QueryFor(FunctionCallInfo fcinfo, Datum d)
{
	FacilityData *f = DatumGetFacility(d);
	GistQuery  *gq = (GistQuery *) fcinfo->flinfo->fn_extra;
	const char *model = FacilitySettingModel();

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
	if (gq->fac == NULL || VARSIZE(gq->fac) != VARSIZE(f) ||
		memcmp(gq->fac, f, VARSIZE(f)) != 0)
	{
		if (gq->fac != NULL)
			pfree(gq->fac);
		gq->fac = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, VARSIZE(f));
		memcpy(gq->fac, f, VARSIZE(f));
		FacilityProfile(gq->fac, &gq->p);
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

/* Upper bound of the score of the query against anything under key k. */
static double
KeyBound(GistQuery *gq, const FacGKey *k)
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
		else
			cs = SIG_HAS(GK_SIG(k), same) ? 2 : (SIG_HAS(GK_SIG(k), unknown) ? 0 : -1);
	}
	return MatchUpperBoundModel(q, gq->present, cs, gq->coef);
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
	PG_RETURN_BOOL(KeyBound(gq, k) >= hredd_match_threshold);
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

	if (strategy != FACILITY_DISTANCE_STRATEGY)
		elog(ERROR, "unrecognized strategy number: %d", strategy);
	*recheck = true;			/* a lower bound: the executor computes the real one */
	PG_RETURN_FLOAT8(1.0 - KeyBound(gq, k));
}

PG_FUNCTION_INFO_V1(facility_gist_union);
Datum
facility_gist_union(PG_FUNCTION_ARGS)
{
	GistEntryVector *ev = (GistEntryVector *) PG_GETARG_POINTER(0);
	int		   *size = (int *) PG_GETARG_POINTER(1);
	FacGKey    *u = NewSignature();

	for (int i = 0; i < ev->n; i++)
		AddToSignature(GK_SIG(u), (FacGKey *) DatumGetPointer(ev->vector[i].key));
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

	*result = VARSIZE(a) == VARSIZE(b) && a->flags == b->flags &&
		memcmp(a->data, b->data, VARSIZE(a) - GK_HDR) == 0;
	PG_RETURN_POINTER(result);
}

/* Bits that adding key k would set in signature sig. */
static int
NewBits(const uint8 *sig, const FacGKey *k)
{
	int			n = 0;

	if (GK_IS_ARRAY(k))
	{
		for (int i = 0; i < GK_NKEYS(k); i++)
			n += !SIG_HAS(sig, k->data[i]);
		return n;
	}
	for (int i = 0; i < SIGLEN; i++)
		n += pg_popcount32((uint32) (GK_SIG(k)[i] & ~sig[i]));
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

	if (GK_IS_ARRAY(o))
	{
		uint8		sig[SIGLEN] = {0};

		AddToSignature(sig, o);
		*penalty = (float) NewBits(sig, a);
	}
	else if (o->flags & GK_ALLTRUE)
		*penalty = 0;
	else
		*penalty = (float) NewBits(GK_SIG(o), a);
	PG_RETURN_POINTER(penalty);
}

static int
Hamming(const uint8 *a, const uint8 *b)
{
	int			n = 0;

	for (int i = 0; i < SIGLEN; i++)
		n += pg_popcount32((uint32) (a[i] ^ b[i]));
	return n;
}

PG_FUNCTION_INFO_V1(facility_gist_picksplit);
Datum
facility_gist_picksplit(PG_FUNCTION_ARGS)
{
	GistEntryVector *ev = (GistEntryVector *) PG_GETARG_POINTER(0);
	GIST_SPLITVEC *v = (GIST_SPLITVEC *) PG_GETARG_POINTER(1);
	int			n = ev->n - 1;	/* entries are 1..n */
	uint8	  **sig = palloc(sizeof(uint8 *) * (n + 1));
	int			seed1 = 1,
				seed2 = 2,
				worst = -1;
	FacGKey    *left = NewSignature(),
			   *right = NewSignature();

	for (int i = 1; i <= n; i++)
	{
		sig[i] = palloc0(SIGLEN);
		AddToSignature(sig[i], (FacGKey *) DatumGetPointer(ev->vector[i].key));
	}
	for (int i = 1; i <= n; i++)
		for (int j = i + 1; j <= n; j++)
		{
			int			d = Hamming(sig[i], sig[j]);

			if (d > worst)
				worst = d, seed1 = i, seed2 = j;
		}
	v->spl_left = palloc(sizeof(OffsetNumber) * (n + 1));
	v->spl_right = palloc(sizeof(OffsetNumber) * (n + 1));
	v->spl_nleft = v->spl_nright = 0;
	for (int i = 1; i <= n; i++)
	{
		bool		go_left;

		if (i == seed1)
			go_left = true;
		else if (i == seed2)
			go_left = false;
		else
		{
			int			dl = Hamming(sig[i], GK_SIG(left));
			int			dr = Hamming(sig[i], GK_SIG(right));

			go_left = dl < dr || (dl == dr && v->spl_nleft <= v->spl_nright);
		}
		if (go_left)
		{
			for (int b = 0; b < SIGLEN; b++)
				GK_SIG(left)[b] |= sig[i][b];
			v->spl_left[v->spl_nleft++] = i;
		}
		else
		{
			for (int b = 0; b < SIGLEN; b++)
				GK_SIG(right)[b] |= sig[i][b];
			v->spl_right[v->spl_nright++] = i;
		}
	}
	v->spl_ldatum = PointerGetDatum(left);
	v->spl_rdatum = PointerGetDatum(right);
	PG_RETURN_POINTER(v);
}

/* Sorted build: leaves in order of country, then name prefix. */
static int
FacGKeyCmp(Datum x, Datum y, SortSupport ssup)
{
	FacGKey    *a = (FacGKey *) DatumGetPointer(x);
	FacGKey    *b = (FacGKey *) DatumGetPointer(y);

	if (a->country != b->country)
		return a->country < b->country ? -1 : 1;
	return memcmp(a->prefix, b->prefix, PREFIX_LEN);
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
