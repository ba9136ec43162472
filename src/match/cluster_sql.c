/*
 * cluster_sql.c — hredd.facility_cluster: the SQL face of cluster.c, used
 * by hredd.cluster_facilities once it has the candidate pairs.
 *
 * facility_cluster(facs facility[], a int4[], b int4[], s float8[],
 *                  threshold float8) RETURNS int4[]
 * Nodes are the elements of facs (1-based), pairs are (a[k], b[k]) with
 * score s[k]; the result gives each node's cluster centre (1-based).  The
 * guard's scores come from the facilities, with a small cache of match
 * profiles (building a profile costs more than scoring two).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"

#include "cluster.h"
#include "facility.h"

#define PROFILE_SLOTS 256

typedef struct ScoreCtx
{
	Datum	   *facs;
	int32		n;
	MatchProfile *slot;			/* PROFILE_SLOTS + 1 profiles; the last is spare */
	int32	   *holds;			/* the node each slot holds, -1 none */
	int64		calls;
} ScoreCtx;

static const MatchProfile *
Profile(ScoreCtx *c, int32 i, int32 avoid_slot)
{
	int			k = i % PROFILE_SLOTS;

	if (k == avoid_slot)
		k = PROFILE_SLOTS;		/* the spare: the other side is in slot k */
	if (c->holds[k] != i)
	{
		FacilityProfile(DatumGetFacility(c->facs[i]), &c->slot[k]);
		c->holds[k] = i;
	}
	return &c->slot[k];
}

static double
ScoreNodes(void *ctx, int32_t i, int32_t j)
{
	ScoreCtx   *c = ctx;
	const MatchProfile *a = Profile(c, i, -1);
	const MatchProfile *b = Profile(c, j, i % PROFILE_SLOTS);

	if ((++c->calls & 1023) == 0)
		CHECK_FOR_INTERRUPTS();
	return MatchScore(a, b, NULL);
}

static void
IntArg(ArrayType *arr, const char *what, int32 **out, int *n)
{
	if (ARR_NDIM(arr) > 1 || ARR_HASNULL(arr) || ARR_ELEMTYPE(arr) != INT4OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("facility_cluster: %s must be a one-dimensional int4 array without NULLs", what)));
	*n = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
	*out = (int32 *) ((char *) arr + ARR_OVERHEAD_NONULLS(ARR_NDIM(arr)));	/* no NULLs */
}

/*
 * The facilities argument of facility_cluster and facility_block_pairs: a
 * one-dimensional array without NULLs (fn names the function in errors).
 */
static void
FacilityArrayArg(ArrayType *fa, const char *fn, Datum **facs, int *n)
{
	int16		typlen;
	bool		typbyval;
	char		typalign;
	bool	   *nulls;

	if (ARR_NDIM(fa) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: facilities must be a one-dimensional array", fn)));
	get_typlenbyvalalign(ARR_ELEMTYPE(fa), &typlen, &typbyval, &typalign);
	deconstruct_array(fa, ARR_ELEMTYPE(fa), typlen, typbyval, typalign, facs, &nulls, n);
	for (int i = 0; i < *n; i++)
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s: facility %d is NULL", fn, i + 1)));
}

PG_FUNCTION_INFO_V1(facility_cluster);
Datum
facility_cluster(PG_FUNCTION_ARGS)
{
	ArrayType  *fa,
			   *aa,
			   *ba,
			   *sa;
	double		threshold;
	Datum	   *facs;
	int			n,
				na,
				nb,
				ns;
	int32	   *av,
			   *bv;
	float8	   *sv;
	ClusterEdge *edges;
	ClusterWork w;
	ScoreCtx	ctx;
	int32	   *centre;
	Datum	   *out;
	ClusterStats st;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
		PG_RETURN_NULL();
	fa = PG_GETARG_ARRAYTYPE_P(0);
	aa = PG_GETARG_ARRAYTYPE_P(1);
	ba = PG_GETARG_ARRAYTYPE_P(2);
	sa = PG_GETARG_ARRAYTYPE_P(3);
	threshold = PG_GETARG_FLOAT8(4);
	if (!(threshold >= 0.0 && threshold <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("facility_cluster: threshold must be between 0 and 1, got %g", threshold)));
	FacilityArrayArg(fa, "facility_cluster", &facs, &n);
	IntArg(aa, "a", &av, &na);
	IntArg(ba, "b", &bv, &nb);
	if (ARR_NDIM(sa) > 1 || ARR_HASNULL(sa) || ARR_ELEMTYPE(sa) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("facility_cluster: s must be a one-dimensional float8 array without NULLs")));
	ns = ArrayGetNItems(ARR_NDIM(sa), ARR_DIMS(sa));
	sv = (float8 *) ((char *) sa + ARR_OVERHEAD_NONULLS(ARR_NDIM(sa)));	/* no NULLs */
	if (na != nb || na != ns)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("facility_cluster: a, b and s must have the same length, got %d, %d and %d", na, nb, ns)));

	edges = palloc(sizeof(ClusterEdge) * Max(na, 1));
	for (int k = 0; k < na; k++)
	{
		if (av[k] < 1 || av[k] > n || bv[k] < 1 || bv[k] > n)
			ereport(ERROR,
					(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
					 errmsg("facility_cluster: pair %d (%d, %d) names no facility (there are %d)",
							k + 1, av[k], bv[k], n)));
		edges[k].a = av[k] - 1;
		edges[k].b = bv[k] - 1;
		edges[k].s = sv[k];
	}
	w.parent = palloc(sizeof(int32) * Max(n, 1));
	w.next = palloc(sizeof(int32) * Max(n, 1));
	w.size = palloc(sizeof(int32) * Max(n, 1));
	w.total = palloc(sizeof(double) * Max(n, 1));
	w.pend = palloc(sizeof(double) * Max(n, 1));
	centre = palloc(sizeof(int32) * Max(n, 1));
	ctx.facs = facs;
	ctx.n = n;
	ctx.slot = palloc(sizeof(MatchProfile) * (PROFILE_SLOTS + 1));
	ctx.holds = palloc(sizeof(int32) * (PROFILE_SLOTS + 1));
	for (int k = 0; k <= PROFILE_SLOTS; k++)
		ctx.holds[k] = -1;
	ctx.calls = 0;

	ClusterLink(n, edges, na, threshold, ScoreNodes, &ctx, &w, centre, &st);
	elog(DEBUG1, "facility_cluster: %d records, %d pairs, %lld joins, %lld refused, %lld scored",
		 n, na, (long long) st.joins, (long long) st.refused, (long long) st.scored);

	out = palloc(sizeof(Datum) * Max(n, 1));
	for (int i = 0; i < n; i++)
		out[i] = Int32GetDatum(centre[i] + 1);
	PG_RETURN_ARRAYTYPE_P(construct_array(out, n, INT4OID, sizeof(int32), true, TYPALIGN_INT));
}

/*
 * facility_block_keys(facility) RETURNS int8[]: the blocking keys of one
 * facility (ClusterBlockKeys), sorted; for looking at the blocks a
 * clustering compares within.
 */
PG_FUNCTION_INFO_V1(facility_block_keys);
Datum
facility_block_keys(PG_FUNCTION_ARGS)
{
	FacilityData *f = PG_GETARG_FACILITY(0);
	MatchProfile *p = palloc(sizeof(MatchProfile));
	uint64_t	keys[CLUSTER_BLOCK_MAX_KEYS];
	int			n;
	Datum	   *out;

	FacilityProfileName(f, p, NULL);
	n = ClusterBlockKeys(p, keys, NULL, CLUSTER_BLOCK_MAX_KEYS);
	out = palloc(sizeof(Datum) * Max(n, 1));
	for (int i = 0; i < n; i++)
		out[i] = Int64GetDatum((int64) keys[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(out, n, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

typedef struct BlockEntry
{
	uint64_t	key;
	int32		idx;
	uint32		src;			/* the word of a typo key (ClusterBlockKeys), 0 none */
} BlockEntry;

/* by key, then source (a block's members from one word come together), then record */
static int
BlockEntryCmp(const void *x, const void *y)
{
	const BlockEntry *a = x;
	const BlockEntry *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	if (a->src != b->src)
		return a->src < b->src ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* a pair seen from one side, for each record's max_links best */
typedef struct SidePair
{
	int32		from;
	int32		to;
	double		s;
	int64		pair;
} SidePair;

static int
SidePairCmp(const void *x, const void *y)
{
	const SidePair *a = x;
	const SidePair *b = y;

	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	if (a->s != b->s)
		return a->s > b->s ? -1 : 1;
	return a->to < b->to ? -1 : a->to > b->to;
}

static int
EdgeKeyCmp(const void *x, const void *y)
{
	const ClusterEdge *a = x;
	const ClusterEdge *b = y;

	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

/* What the blocks of one facility_block_pairs call share. */
typedef struct BlockScan
{
	Datum	   *facs;
	double		threshold;
	/* each facility's keys of the blocks compared (sorted), and their sources */
	int64	   *offs;
	uint64_t   *kept;
	uint32	   *kept_src;
	/* the members' profiles, built when first needed */
	MatchProfile *prof;
	bool	   *built;
	int			nprof;
	/* the pairs >= threshold */
	ClusterEdge *pairs;
	size_t		npairs,
				cappairs;
	int64		compared,
				scored,
				calls;
} BlockScan;

/*
 * Score the pairs of one block, members mem[0..m-1]: in a block of a key
 * (split = false) the pairs whose first shared key is this one, so each pair
 * once; in a part of a split block, the pairs that share no block compared
 * (the parts may repeat a pair: the caller removes repeats).
 */
static void
ScanBlock(BlockScan *bs, const BlockEntry *mem, int m, bool split)
{
	if (m > bs->nprof)
	{
		if (bs->prof)
			pfree(bs->prof);
		if (bs->built)
			pfree(bs->built);
		bs->nprof = Max(m, 64);
		bs->prof = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(MatchProfile) * bs->nprof);
		bs->built = palloc(sizeof(bool) * bs->nprof);
	}
	memset(bs->built, 0, sizeof(bool) * m);
	for (int i = 0; i < m; i++)
	{
		int32		x = mem[i].idx;
		uint32		xs = mem[i].src;

		for (int j = i + 1; j < m; j++)
		{
			int32		y = mem[j].idx;
			uint64_t	first;
			double		s;

			if ((++bs->calls & 4095) == 0)
				CHECK_FOR_INTERRUPTS();
			/* the same word: they meet in its own key */
			if (xs != 0 && mem[j].src == xs)
				continue;
			first = ClusterFirstCommonKey(bs->kept + bs->offs[x], bs->kept_src + bs->offs[x],
										  (int) (bs->offs[x + 1] - bs->offs[x]),
										  bs->kept + bs->offs[y], bs->kept_src + bs->offs[y],
										  (int) (bs->offs[y + 1] - bs->offs[y]));
			if (split ? first != 0 : first != mem[0].key)
				continue;
			bs->compared++;
			for (int side = 0; side < 2; side++)
			{
				int			k = side == 0 ? i : j;

				if (!bs->built[k])
				{
					FacilityProfileName((FacilityData *) DatumGetPointer(bs->facs[mem[k].idx]), &bs->prof[k], NULL);
					bs->built[k] = true;
				}
			}
			if (MatchNameBound(&bs->prof[i], &bs->prof[j], MatchDefaultCoef) + 1e-9 < bs->threshold)
				continue;
			MatchProfileBuildAddress(&bs->prof[i]);
			MatchProfileBuildAddress(&bs->prof[j]);
			bs->scored++;
			s = MatchScore(&bs->prof[i], &bs->prof[j], NULL);
			if (!(s >= bs->threshold))
				continue;
			if (bs->npairs == bs->cappairs)
			{
				bs->cappairs *= 2;
				bs->pairs = repalloc_huge(bs->pairs, sizeof(ClusterEdge) * bs->cappairs);
			}
			bs->pairs[bs->npairs].a = Min(x, y);
			bs->pairs[bs->npairs].b = Max(x, y);
			bs->pairs[bs->npairs].s = s;
			bs->npairs++;
		}
	}
}

/* Append n entries to a growing array of entries. */
static BlockEntry *
AddEntries(BlockEntry *arr, size_t *len, size_t *cap, const uint64_t *keys, const uint32_t *src,
		   int n, int32 idx)
{
	if (*len + n > *cap)
	{
		*cap = Max(*cap * 2, *len + n);
		arr = repalloc_huge(arr, sizeof(BlockEntry) * *cap);
	}
	for (int k = 0; k < n; k++)
	{
		arr[*len].key = keys[k];
		arr[*len].idx = idx;
		arr[*len].src = src ? src[k] : 0;
		(*len)++;
	}
	return arr;
}

/* The end of the run of entries with the key of entry e. */
static size_t
RunEnd(const BlockEntry *ent, size_t nent, size_t e)
{
	size_t		r = e;

	while (r < nent && ent[r].key == ent[e].key)
		r++;
	return r;
}

/*
 * facility_block_pairs(facs facility[], threshold float8, max_links int4,
 *                      max_block int4) RETURNS TABLE (a int4, b int4, s float8)
 * The candidate pairs of cluster_facilities with candidates => 'blocks':
 * each facility's blocking keys (ClusterBlockKeys); the facilities that
 * share a key form a block; every two members of a block of at most
 * max_block are scored once (in the block of the first key they share).  A
 * larger block is split by a second key (ClusterSplitKeys: another name
 * word, a house number), and the pairs of its parts of at most max_block
 * that share no block compared are scored.  The pairs scoring >= threshold
 * are kept, each facility's max_links best (a pair stays when it is among
 * the best of either side; ties by index).  Parts still larger than
 * max_block are not compared within, and a NOTICE says how many there were
 * and how many facilities they hold.  a < b, 1-based.
 */
PG_FUNCTION_INFO_V1(facility_block_pairs);
Datum
facility_block_pairs(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ArrayType  *fa = PG_GETARG_ARRAYTYPE_P(0);
	double		threshold = PG_GETARG_FLOAT8(1);
	int32		max_links = PG_GETARG_INT32(2);
	int32		max_block = PG_GETARG_INT32(3);
	Datum	   *facs;
	int			n;
	MatchProfile *scratch;
	BlockEntry *ent;
	size_t		nent = 0,
				capent;
	BlockEntry *sub;
	size_t		nsub = 0,
				capsub = 1024;
	bool	   *in_over;
	BlockScan	bs;
	int64		blocks = 0,
				over = 0,
				parts_over = 0,
				over_members = 0,
				largest = 0,
				largest_part = 0;

	if (!(threshold >= 0.0 && threshold <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("facility_block_pairs: threshold must be between 0 and 1, got %g", threshold)));
	if (max_links < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("facility_block_pairs: max_links must be at least 1, got %d", max_links)));
	if (max_block < 2 || max_block > 10000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("facility_block_pairs: max_block must be between 2 and 10000, got %d", max_block)));
	FacilityArrayArg(fa, "facility_block_pairs", &facs, &n);
	InitMaterializedSRF(fcinfo, 0);

	/* every facility's keys */
	scratch = palloc(sizeof(MatchProfile));
	capent = (size_t) Max(n, 1) * 16;
	ent = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(BlockEntry) * capent);
	for (int i = 0; i < n; i++)
	{
		uint64_t	keys[CLUSTER_BLOCK_MAX_KEYS];
		uint32_t	src[CLUSTER_BLOCK_MAX_KEYS];
		int			nk;

		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		facs[i] = PointerGetDatum(DatumGetFacility(facs[i]));
		FacilityProfileName((FacilityData *) DatumGetPointer(facs[i]), scratch, NULL);
		nk = ClusterBlockKeys(scratch, keys, src, CLUSTER_BLOCK_MAX_KEYS);
		ent = AddEntries(ent, &nent, &capent, keys, src, nk, i);
	}
	if (nent > 1)
		qsort(ent, nent, sizeof(BlockEntry), BlockEntryCmp);

	/*
	 * The blocks compared (2 to max_block members), and each facility's keys
	 * of those blocks, sorted (entries come in key order): a pair is scored
	 * in the block of the first key the two share, once.
	 */
	memset(&bs, 0, sizeof(bs));
	bs.facs = facs;
	bs.threshold = threshold;
	bs.offs = palloc0(sizeof(int64) * (n + 1));
	for (size_t e = 0, r; e < nent; e = r)
	{
		r = RunEnd(ent, nent, e);
		if (r - e >= 2)
		{
			blocks++;
			largest = Max(largest, (int64) (r - e));
			if (r - e > (size_t) max_block)
				over++;
			else
				for (size_t k = e; k < r; k++)
					bs.offs[ent[k].idx + 1]++;
		}
	}
	for (int i = 0; i < n; i++)
		bs.offs[i + 1] += bs.offs[i];
	bs.kept = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(uint64_t) * Max(bs.offs[n], 1));
	bs.kept_src = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(uint32) * Max(bs.offs[n], 1));
	{
		int64	   *fill = palloc(sizeof(int64) * Max(n, 1));

		memcpy(fill, bs.offs, sizeof(int64) * Max(n, 1));
		for (size_t e = 0, r; e < nent; e = r)
		{
			r = RunEnd(ent, nent, e);
			if (r - e >= 2 && r - e <= (size_t) max_block)
				for (size_t k = e; k < r; k++)
				{
					bs.kept_src[fill[ent[k].idx]] = ent[k].src;
					bs.kept[fill[ent[k].idx]++] = ent[k].key;
				}
		}
		pfree(fill);
	}

	/* score within the blocks; the members of the larger ones get second keys */
	bs.cappairs = 1024;
	bs.pairs = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(ClusterEdge) * bs.cappairs);
	sub = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(BlockEntry) * capsub);
	for (size_t e = 0, r; e < nent; e = r)
	{
		r = RunEnd(ent, nent, e);
		if (r - e < 2)
			continue;
		if (r - e <= (size_t) max_block)
		{
			ScanBlock(&bs, ent + e, (int) (r - e), false);
			continue;
		}
		for (size_t k = e; k < r; k++)
		{
			uint64_t	keys[CLUSTER_SPLIT_MAX_KEYS];
			int			nk;

			if ((k & 1023) == 0)
				CHECK_FOR_INTERRUPTS();
			FacilityProfileName((FacilityData *) DatumGetPointer(facs[ent[k].idx]), scratch, NULL);
			nk = ClusterSplitKeys(scratch, ent[e].key, keys, CLUSTER_SPLIT_MAX_KEYS);
			sub = AddEntries(sub, &nsub, &capsub, keys, NULL, nk, ent[k].idx);
		}
	}
	pfree(ent);

	/* the parts of the larger blocks */
	if (nsub > 1)
		qsort(sub, nsub, sizeof(BlockEntry), BlockEntryCmp);
	in_over = palloc0(sizeof(bool) * Max(n, 1));
	for (size_t e = 0, r; e < nsub; e = r)
	{
		r = RunEnd(sub, nsub, e);
		if (r - e < 2)
			continue;
		if (r - e <= (size_t) max_block)
		{
			ScanBlock(&bs, sub + e, (int) (r - e), true);
			continue;
		}
		parts_over++;
		largest_part = Max(largest_part, (int64) (r - e));
		for (size_t k = e; k < r; k++)
			if (!in_over[sub[k].idx])
			{
				in_over[sub[k].idx] = true;
				over_members++;
			}
	}
	pfree(sub);
	pfree(bs.kept);
	pfree(bs.kept_src);

	/* the parts may repeat a pair: once each */
	if (bs.npairs > 1)
	{
		size_t		m = 1;

		qsort(bs.pairs, bs.npairs, sizeof(ClusterEdge), EdgeKeyCmp);
		for (size_t k = 1; k < bs.npairs; k++)
			if (bs.pairs[k].a != bs.pairs[m - 1].a || bs.pairs[k].b != bs.pairs[m - 1].b)
				bs.pairs[m++] = bs.pairs[k];
		bs.npairs = m;
	}

	/* each facility's max_links best pairs; a pair stays when either side keeps it */
	{
		ClusterEdge *pairs = bs.pairs;
		size_t		npairs = bs.npairs;
		SidePair   *side = MemoryContextAllocHuge(CurrentMemoryContext, sizeof(SidePair) * Max(2 * npairs, 1));
		bool	   *keep = palloc0(sizeof(bool) * Max(npairs, 1));
		int64		out = 0;

		for (size_t k = 0; k < npairs; k++)
		{
			side[2 * k] = (SidePair) {pairs[k].a, pairs[k].b, pairs[k].s, (int64) k};
			side[2 * k + 1] = (SidePair) {pairs[k].b, pairs[k].a, pairs[k].s, (int64) k};
		}
		if (npairs > 0)
			qsort(side, 2 * npairs, sizeof(SidePair), SidePairCmp);
		for (size_t k = 0, run = 0; k < 2 * npairs; k++)
		{
			run = (k > 0 && side[k].from == side[k - 1].from) ? run + 1 : 0;
			if (run < (size_t) max_links)
				keep[side[k].pair] = true;
		}
		for (size_t k = 0; k < npairs; k++)
		{
			Datum		values[3];
			bool		isnull[3] = {false, false, false};

			if (!keep[k])
				continue;
			values[0] = Int32GetDatum(pairs[k].a + 1);
			values[1] = Int32GetDatum(pairs[k].b + 1);
			values[2] = Float8GetDatum(pairs[k].s);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, isnull);
			out++;
		}
		elog(DEBUG1, "facility_block_pairs: %d facilities, %zu keys, " INT64_FORMAT " blocks (largest " INT64_FORMAT
			 ", " INT64_FORMAT " split into parts by %zu second keys, " INT64_FORMAT " parts still larger), "
			 INT64_FORMAT " pairs compared, " INT64_FORMAT " scored, %zu >= threshold, " INT64_FORMAT " kept",
			 n, nent, blocks, largest, over, nsub, parts_over, bs.compared, bs.scored, npairs, out);
	}
	if (parts_over > 0)
		ereport(NOTICE,
				(errmsg("cluster_facilities: " INT64_FORMAT " parts of blocks of more than %d records were not compared within (" INT64_FORMAT " distinct records in them, the largest " INT64_FORMAT " records)",
						parts_over, max_block, over_members, largest_part),
				 errdetail("" INT64_FORMAT " blocks of more than %d records (the largest " INT64_FORMAT ") were split by a second key, another name word or a house number; two records that share only a part still larger are not compared.",
						   over, max_block, largest),
				 errhint("Raise max_block, or use candidates => 'index' to compare every record with its nearest ones.")));
	return (Datum) 0;
}
