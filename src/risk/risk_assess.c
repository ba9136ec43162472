/*
 * risk_assess.c — the SQL face of risk_core.c, for hredd.assess_risk:
 *
 *   hredd.risk_facility(...)  one facility's results for every topic of the
 *       run, as a hredd.risk_packed (arrays in the run's topic order), from
 *       the layer and evidence sums of its keys;
 *   hredd.risk_rank(refs, priority[][], actual[][])  the rank of every
 *       facility × topic of the run, one row of ranks per facility.
 *
 * Together they replace a statement that joined every facility × topic row
 * with the sums, computed each row in SQL, sorted all rows with all their
 * columns for row_number(), then again by facility for array_agg.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type_d.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/tuplestore.h"

#include "risk_core.h"

/* a run has a few dozen topics; this bounds one facility's arrays */
#define RISK_MAX_TOPICS 10000

/* the elements of a one-dimensional array as a C array, NULLs flagged */
typedef struct Elems
{
	int			n;
	Datum	   *d;
	bool	   *null;
} Elems;

static Elems
GetElems(FunctionCallInfo fcinfo, int argno, Oid elem, const char *what)
{
	Elems		e = {0, NULL, NULL};
	ArrayType  *a;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	if (PG_ARGISNULL(argno))
		return e;
	a = PG_GETARG_ARRAYTYPE_P(argno);
	if (ARR_ELEMTYPE(a) != elem)
		elog(ERROR, "hredd.risk_facility: %s has the wrong element type", what);
	if (ARR_NDIM(a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("hredd.risk_facility: %s must be a one-dimensional array", what)));
	get_typlenbyvalalign(elem, &typlen, &typbyval, &typalign);
	deconstruct_array(a, elem, typlen, typbyval, typalign, &e.d, &e.null, &e.n);
	return e;
}

/* a topic constant: n elements, none NULL */
static void *
TopicArray(FunctionCallInfo fcinfo, int argno, Oid elem, int n, const char *what)
{
	Elems		e = GetElems(fcinfo, argno, elem, what);
	int			i;

	if (e.n != n || PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("hredd.risk_facility: %s must have one element per topic (%d), not %d", what, n, e.n)));
	if (elem == BOOLOID)
	{
		bool	   *b = palloc(n * sizeof(bool));

		for (i = 0; i < n; i++)
		{
			if (e.null[i])
				goto null;
			b[i] = DatumGetBool(e.d[i]);
		}
		return b;
	}
	else
	{
		double	   *x = palloc(n * sizeof(double));

		for (i = 0; i < n; i++)
		{
			if (e.null[i])
				goto null;
			x[i] = DatumGetFloat8(e.d[i]);
		}
		return x;
	}
null:
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("hredd.risk_facility: %s contains NULL", what)));
	return NULL;
}

static double
GetFloat(FunctionCallInfo fcinfo, int argno, const char *what)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("hredd.risk_facility: %s is NULL", what)));
	return PG_GETARG_FLOAT8(argno);
}

static bool
GetBool(FunctionCallInfo fcinfo, int argno, const char *what)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("hredd.risk_facility: %s is NULL", what)));
	return PG_GETARG_BOOL(argno);
}

/* the ords of a key's entries: k of them, none NULL */
static int *
Ords(Elems o, const char *what)
{
	int		   *ord = palloc((o.n + 1) * sizeof(int));
	int			i;

	for (i = 0; i < o.n; i++)
	{
		if (o.null[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("hredd.risk_facility: the topic positions of %s contain NULL", what)));
		ord[i] = DatumGetInt32(o.d[i]);
	}
	return ord;
}

static void
SameLength(Elems a, Elems b, const char *what)
{
	if (a.n != b.n)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("hredd.risk_facility: the arrays of %s differ in length (%d and %d)", what, a.n, b.n)));
}

static double *
Floats(Elems e, bool **present)
{
	double	   *x = palloc((e.n + 1) * sizeof(double));
	bool	   *p = palloc((e.n + 1) * sizeof(bool));
	int			i;

	for (i = 0; i < e.n; i++)
	{
		p[i] = !e.null[i];
		x[i] = e.null[i] ? 0 : DatumGetFloat8(e.d[i]);
	}
	*present = p;
	return x;
}

/* One key's layer sums: arguments argno (ords), +1 lg, +2 mx, +3 swv, +4 sw. */
static void
AddLayer(FunctionCallInfo fcinfo, RiskLayerSums *s, int n, int argno, const char *what)
{
	Elems		o = GetElems(fcinfo, argno, INT4OID, what),
				lg = GetElems(fcinfo, argno + 1, FLOAT8OID, what),
				mx = GetElems(fcinfo, argno + 2, FLOAT8OID, what),
				swv = GetElems(fcinfo, argno + 3, FLOAT8OID, what),
				sw = GetElems(fcinfo, argno + 4, FLOAT8OID, what);
	bool	   *p_lg,
			   *p_mx,
			   *p_swv,
			   *p_sw;
	double	   *x_lg,
			   *x_mx,
			   *x_swv,
			   *x_sw;
	int		   *ord;
	int			bad;

	if (PG_ARGISNULL(argno))
		return;					/* no such key */
	SameLength(o, lg, what);
	SameLength(o, mx, what);
	SameLength(o, swv, what);
	SameLength(o, sw, what);
	ord = Ords(o, what);
	x_lg = Floats(lg, &p_lg);
	x_mx = Floats(mx, &p_mx);
	x_swv = Floats(swv, &p_swv);
	x_sw = Floats(sw, &p_sw);
	bad = RiskAddLayer(s, n, o.n, ord, x_lg, p_lg, x_mx, p_mx, x_swv, p_swv, x_sw, p_sw);
	if (bad >= 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("hredd.risk_facility: topic position %d of %s is outside 1 to %d", ord[bad], what, n)));
}

static Datum
FloatArray(const double *x, int n)
{
	Datum	   *d = palloc(n * sizeof(Datum));
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Float8GetDatum(x[i]);
	return PointerGetDatum(construct_array(d, n, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/*
 * hredd.risk_facility(ntopics,
 *   base_likelihood[], scale[], irremediability[], needs_country[], needs_products[], needs_location[],  (1..6)
 *   combine, unknown_prior, floor_share, alpha, default_scope, scope_workers,  (7..12)
 *   has_country, has_products, has_location, workers, match_score,  (13..17)
 *   country:   ords, lg, mx, swv, sw   (18..22)
 *   goods:     ords, lg, mx, swv, sw   (23..27)
 *   stages:    ords, lg, mx, swv, sw   (28..32)
 *   zones:     ords, lg, mx, swv, sw   (33..37)
 *   evidence:  ords, shift, actual, count, coverage  (38..42))
 */
PG_FUNCTION_INFO_V1(risk_facility);
Datum
risk_facility(PG_FUNCTION_ARGS)
{
	int			n,
				i;
	RiskTopics	t;
	RiskProfileNumbers p;
	RiskFacilityFacts f;
	RiskLayerSums s;
	RiskEvidenceSums e;
	RiskResults r;
	char	   *combine;
	TupleDesc	tupdesc;
	Datum		out[9];
	bool		outnull[9] = {false};

	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("hredd.risk_facility: the number of topics is NULL")));
	n = PG_GETARG_INT32(0);
	if (n < 1 || n > RISK_MAX_TOPICS)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("hredd.risk_facility: %d topics is outside 1 to %d", n, RISK_MAX_TOPICS)));
	t.n = n;
	t.base_likelihood = TopicArray(fcinfo, 1, FLOAT8OID, n, "base_likelihood");
	t.scale = TopicArray(fcinfo, 2, FLOAT8OID, n, "scale");
	t.irremediability = TopicArray(fcinfo, 3, FLOAT8OID, n, "irremediability");
	t.needs_country = TopicArray(fcinfo, 4, BOOLOID, n, "needs_country");
	t.needs_products = TopicArray(fcinfo, 5, BOOLOID, n, "needs_products");
	t.needs_location = TopicArray(fcinfo, 6, BOOLOID, n, "needs_location");

	if (PG_ARGISNULL(7))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("hredd.risk_facility: combine is NULL")));
	combine = text_to_cstring(PG_GETARG_TEXT_PP(7));
	if (strcmp(combine, "noisy_or") == 0)
		p.combine = RISK_NOISY_OR;
	else if (strcmp(combine, "max") == 0)
		p.combine = RISK_MAX;
	else if (strcmp(combine, "mean") == 0)
		p.combine = RISK_MEAN;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("hredd.risk_facility: unknown combination rule \"%s\"", combine),
				 errhint("The rules are noisy_or, max and mean.")));
	p.unknown_prior = GetFloat(fcinfo, 8, "unknown_prior");
	p.floor_share = GetFloat(fcinfo, 9, "floor_share");
	p.alpha = GetFloat(fcinfo, 10, "alpha");
	p.default_scope = GetFloat(fcinfo, 11, "default_scope");
	p.scope_workers = GetFloat(fcinfo, 12, "scope_workers");

	f.has_country = GetBool(fcinfo, 13, "has_country");
	f.has_products = GetBool(fcinfo, 14, "has_products");
	f.has_location = GetBool(fcinfo, 15, "has_location");
	f.workers_known = !PG_ARGISNULL(16);
	f.workers = f.workers_known ? PG_GETARG_FLOAT8(16) : 0;
	f.match_known = !PG_ARGISNULL(17);
	f.match_score = f.match_known ? PG_GETARG_FLOAT8(17) : 0;

	s.lg = palloc0(n * sizeof(double));
	s.mx = palloc0(n * sizeof(double));
	s.mx_any = palloc0(n * sizeof(bool));
	s.swv = palloc0(n * sizeof(double));
	s.sw = palloc0(n * sizeof(double));
	/* in the order the SQL it replaces added them */
	AddLayer(fcinfo, &s, n, 18, "the country's layers");
	AddLayer(fcinfo, &s, n, 23, "the goods' layers");
	AddLayer(fcinfo, &s, n, 28, "the stages' layers");
	AddLayer(fcinfo, &s, n, 33, "the zones' layers");

	e.shift = palloc0(n * sizeof(double));
	e.actual = palloc0(n * sizeof(bool));
	e.count = palloc0(n * sizeof(int));
	e.coverage = palloc0(n * sizeof(double));
	if (!PG_ARGISNULL(38))
	{
		Elems		o = GetElems(fcinfo, 38, INT4OID, "the evidence"),
					sh = GetElems(fcinfo, 39, FLOAT8OID, "the evidence"),
					ac = GetElems(fcinfo, 40, BOOLOID, "the evidence"),
					ct = GetElems(fcinfo, 41, INT4OID, "the evidence"),
					cv = GetElems(fcinfo, 42, FLOAT8OID, "the evidence");
		int		   *ord;

		SameLength(o, sh, "the evidence");
		SameLength(o, ac, "the evidence");
		SameLength(o, ct, "the evidence");
		SameLength(o, cv, "the evidence");
		ord = Ords(o, "the evidence");
		for (i = 0; i < o.n; i++)
		{
			int			k = ord[i] - 1;

			if (ord[i] < 1 || ord[i] > n)
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("hredd.risk_facility: topic position %d of the evidence is outside 1 to %d", ord[i], n)));
			if (e.count[k] != 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("hredd.risk_facility: topic position %d of the evidence is given twice", ord[i])));
			/* as the SQL did: coalesce(sum, 0), coalesce(bool_or, false) */
			e.shift[k] = sh.null[i] ? 0 : DatumGetFloat8(sh.d[i]);
			e.actual[k] = ac.null[i] ? false : DatumGetBool(ac.d[i]);
			e.count[k] = ct.null[i] ? 0 : DatumGetInt32(ct.d[i]);
			e.coverage[k] = cv.null[i] ? 0 : DatumGetFloat8(cv.d[i]);
			if (e.count[k] < 1)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("hredd.risk_facility: the evidence of topic position %d counts %d items", ord[i], e.count[k])));
		}
	}

	r.l0 = palloc(n * sizeof(double));
	r.likelihood = palloc(n * sizeof(double));
	r.priority = palloc(n * sizeof(double));
	r.actual = palloc(n * sizeof(bool));
	r.confidence = palloc(n * sizeof(double));
	r.gap_bits = palloc(n * sizeof(short));
	r.evidence_count = palloc(n * sizeof(int));
	r.evidence_shift = palloc(n * sizeof(double));
	RiskCompute(&t, &p, &f, &s, &e, &r);

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "hredd.risk_facility must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);
	if (tupdesc->natts != 9)
		elog(ERROR, "hredd.risk_packed has %d columns, expected 9", tupdesc->natts);
	out[0] = Float8GetDatum(r.scope);
	out[1] = FloatArray(r.l0, n);
	out[2] = FloatArray(r.likelihood, n);
	out[3] = FloatArray(r.priority, n);
	{
		Datum	   *b = palloc(n * sizeof(Datum)),
				   *g = palloc(n * sizeof(Datum)),
				   *c = palloc(n * sizeof(Datum));

		for (i = 0; i < n; i++)
		{
			b[i] = BoolGetDatum(r.actual[i]);
			g[i] = Int16GetDatum(r.gap_bits[i]);
			c[i] = Int32GetDatum(r.evidence_count[i]);
		}
		out[4] = PointerGetDatum(construct_array(b, n, BOOLOID, 1, true, TYPALIGN_CHAR));
		out[6] = PointerGetDatum(construct_array(g, n, INT2OID, 2, true, TYPALIGN_SHORT));
		out[7] = PointerGetDatum(construct_array(c, n, INT4OID, 4, true, TYPALIGN_INT));
	}
	out[5] = FloatArray(r.confidence, n);
	out[8] = FloatArray(r.evidence_shift, n);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, out, outnull)));
}

/*
 * A 2-D array of nfac rows without NULLs (or empty when nfac is 0), as a C
 * array.
 */
static void *
RiskMatrix(ArrayType *a, Oid elem, int nfac, int *ntopics, const char *name)
{
	int			n = ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));

	if (ARR_ELEMTYPE(a) != elem)
		elog(ERROR, "hredd.risk_rank: %s has the wrong element type", name);
	if (n == 0 && nfac == 0)
	{
		*ntopics = 0;
		return NULL;
	}
	if (ARR_NDIM(a) != 2 || ARR_DIMS(a)[0] != nfac)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("hredd.risk_rank: %s must have one row of topics per facility (%d rows)", name, nfac)));
	if (ARR_HASNULL(a) && array_contains_nulls(a))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("hredd.risk_rank: %s contains NULL", name)));
	*ntopics = ARR_DIMS(a)[1];
	/* ARR_DATA_PTR, without its signed/unsigned mix */
	return (char *) a + (ARR_HASNULL(a) ? (Size) a->dataoffset : (Size) ARR_OVERHEAD_NONULLS(ARR_NDIM(a)));
}

PG_FUNCTION_INFO_V1(risk_rank);
Datum
risk_rank(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ArrayType  *refs_a,
			   *pri_a,
			   *act_a;
	Datum	   *ref_d;
	bool	   *ref_null;
	int			nfac,
				nt_p,
				nt_a,
				f;
	RiskRef    *refs;
	const double *pri;
	const bool *act;
	int		   *rank,
			   *work;
	Datum	   *r;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return (Datum) 0;
	refs_a = PG_GETARG_ARRAYTYPE_P(0);
	pri_a = PG_GETARG_ARRAYTYPE_P(1);
	act_a = PG_GETARG_ARRAYTYPE_P(2);
	if (ARR_NDIM(refs_a) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("hredd.risk_rank: the facility references must be a one-dimensional array")));
	deconstruct_array(refs_a, TEXTOID, -1, false, TYPALIGN_INT, &ref_d, &ref_null, &nfac);
	pri = RiskMatrix(pri_a, FLOAT8OID, nfac, &nt_p, "priority");
	act = RiskMatrix(act_a, BOOLOID, nfac, &nt_a, "actual");
	if (nfac == 0)
		return (Datum) 0;
	if (nt_p != nt_a)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("hredd.risk_rank: priority has %d topics, actual %d", nt_p, nt_a)));
	if ((Size) nfac * nt_p > MaxAllocSize / sizeof(Datum))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("hredd.risk_rank: %d facilities × %d topics is too many for one run", nfac, nt_p)));

	refs = palloc(nfac * sizeof(RiskRef));
	for (f = 0; f < nfac; f++)
	{
		text	   *t;

		if (ref_null[f])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("hredd.risk_rank: facility reference %d is NULL", f + 1)));
		t = DatumGetTextPP(ref_d[f]);
		refs[f].data = VARDATA_ANY(t);
		refs[f].len = VARSIZE_ANY_EXHDR(t);
	}
	rank = palloc((Size) nfac * nt_p * sizeof(int));
	work = palloc((Size) nfac * nt_p * sizeof(int));
	r = palloc(nt_p * sizeof(Datum));
	if (!RiskRank(refs, nfac, nt_p, pri, act, rank, work))
		elog(ERROR, "hredd.risk_rank: too many cells");

	for (f = 0; f < nfac; f++)
	{
		Datum		out[2];
		bool		outnull[2] = {false, false};
		int			t;

		CHECK_FOR_INTERRUPTS();
		for (t = 0; t < nt_p; t++)
			r[t] = Int32GetDatum(rank[f * nt_p + t]);
		out[0] = ref_d[f];
		out[1] = PointerGetDatum(construct_array(r, nt_p, INT4OID, 4, true, TYPALIGN_INT));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, out, outnull);
	}
	return (Datum) 0;
}
