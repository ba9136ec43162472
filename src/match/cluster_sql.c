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
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

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

PG_FUNCTION_INFO_V1(facility_cluster);
Datum
facility_cluster(PG_FUNCTION_ARGS)
{
	ArrayType  *fa,
			   *aa,
			   *ba,
			   *sa;
	double		threshold;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *facs;
	bool	   *nulls;
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
	if (ARR_NDIM(fa) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("facility_cluster: facilities must be a one-dimensional array")));
	get_typlenbyvalalign(ARR_ELEMTYPE(fa), &typlen, &typbyval, &typalign);
	deconstruct_array(fa, ARR_ELEMTYPE(fa), typlen, typbyval, typalign, &facs, &nulls, &n);
	for (int i = 0; i < n; i++)
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("facility_cluster: facility %d is NULL", i + 1)));
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
