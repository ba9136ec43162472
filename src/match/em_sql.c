/*
 * em_sql.c — hredd.match_em: the EM of em.c over the model inputs of
 * unlabelled pairs, and the logistic model fitted to its posteriors
 * (internal to hredd.match_estimate; the SQL wrapper stays thin).
 */
#include "postgres.h"

#include <math.h>

#include "em.h"
#include "score.h"
#include "catalog/pg_type.h"
#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#define EM_MIN_PAIRS	10
#define EM_SMOOTHING	0.1

/* The rows of a float8[] of model inputs (one row of MM_NCOEF per pair). */
static double *
InputRows(ArrayType *a, const char *what, int *rows)
{
	Datum	   *e;
	bool	   *nulls;
	int			n;
	double	   *x;

	if (ARR_ELEMTYPE(a) != FLOAT8OID)
		ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
						errmsg("match_em: %s must be float8[]", what)));
	deconstruct_array(a, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &e, &nulls, &n);
	if (n % MM_NCOEF != 0 || (n > 0 && (ARR_NDIM(a) != 2 || ARR_DIMS(a)[1] != MM_NCOEF)))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("match_em: %s must be a two-dimensional array of rows of %d inputs (match_features), got %d values",
							   what, MM_NCOEF, n)));
	x = palloc(sizeof(double) * (n > 0 ? n : 1));
	for (int i = 0; i < n; i++)
	{
		if (nulls[i] || !isfinite(DatumGetFloat8(e[i])))
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
							errmsg("match_em: input %d of row %d of %s is NULL or infinite",
								   i % MM_NCOEF + 1, i / MM_NCOEF + 1, what)));
		x[i] = DatumGetFloat8(e[i]);
	}
	*rows = n / MM_NCOEF;
	return x;
}

static int *
RowLevels(const double *x, int rows)
{
	int		   *lv = palloc(sizeof(int) * EMC_NCMP * (rows > 0 ? rows : 1));

	for (int i = 0; i < rows; i++)
		if (!MatchEmLevels(x + (size_t) i * MM_NCOEF, lv + (size_t) i * EMC_NCMP))
			elog(ERROR, "match_em: inputs of row %d are not finite", i + 1);
	return lv;
}

static ArrayType *
Float8Array(const double *v, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * n);

	for (int i = 0; i < n; i++)
		d[i] = Float8GetDatum(v[i]);
	return construct_array(d, n, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

/*
 * match_em(inputs, random_inputs, fix_u, max_iterations, tolerance, penalty)
 * -> (coefficients, lambda, comparisons, levels, m, u, u_random, pairs,
 *     iterations, converged, log_likelihood, expected_matches)
 */
PG_FUNCTION_INFO_V1(match_em);
Datum
match_em(PG_FUNCTION_ARGS)
{
	ArrayType  *xa = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *ra = PG_GETARG_ARRAYTYPE_P(1);
	bool		fix_u = PG_GETARG_BOOL(2);
	int32		max_iter = PG_GETARG_INT32(3);
	double		tol = PG_GETARG_FLOAT8(4);
	double		l2 = PG_GETARG_FLOAT8(5);
	int			n,
				nr;
	double	   *x,
			   *xr;
	int		   *lv,
			   *lvr = NULL;
	double		m[EMC_NLEVELS],
				u[EMC_NLEVELS],
				ur[EMC_NLEVELS] = {0},
				ur0[EMC_NLEVELS];
	int			count[EMC_NLEVELS] = {0};
	int			off[EMC_NCMP];
	double	   *post;
	double		coef[MM_NCOEF];
	MatchEmOptions opt;
	MatchEmFit	fit;
	MatchEmStatus st;
	Datum		cmp_names[EMC_NLEVELS],
				lev_names[EMC_NLEVELS];
	TupleDesc	td;
	Datum		values[12];
	bool		isnull[12] = {0};
	int			j = 0;

	if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "match_em: return type must be a row type");
	if (max_iter < 1 || max_iter > 100000)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("match_em: max_iterations must be between 1 and 100000, got %d", max_iter)));
	if (!(tol > 0) || !isfinite(tol))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("match_em: tolerance must be a number > 0, got %g", tol)));
	if (isnan(l2) || l2 < 0 || isinf(l2))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("match_em: penalty must be a number >= 0, got %g", l2)));
	x = InputRows(xa, "inputs", &n);
	xr = InputRows(ra, "random_inputs", &nr);
	if (n < EM_MIN_PAIRS)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("match_em: too few pairs (%d): EM needs at least %d", n, EM_MIN_PAIRS)));
	lv = RowLevels(x, n);
	if (nr > 0)
	{
		lvr = RowLevels(xr, nr);
		if (MatchEmFrequencies(lvr, nr, EMC_NCMP, MatchEmLevelCount, EM_SMOOTHING, ur) != EM_OK)
			elog(ERROR, "match_em: level frequencies of the random pairs failed");
	}
	MatchEmStart(m, u, nr > 0 ? ur : NULL);
	if (fix_u && nr == 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("match_em: fix_u needs random pairs to take u from")));
	if (fix_u)
		memcpy(u, ur, sizeof(u));
	off[0] = 0;
	for (int k = 1; k < EMC_NCMP; k++)
		off[k] = off[k - 1] + MatchEmLevelCount[k - 1];
	for (int i = 0; i < n; i++)
		for (int k = 0; k < EMC_NCMP; k++)
			if (lv[i * EMC_NCMP + k] >= 0)
				count[off[k] + lv[i * EMC_NCMP + k]]++;
	memcpy(ur0, ur, sizeof(ur));

	opt.max_iter = max_iter;
	opt.tolerance = tol;
	opt.fix_u = fix_u;
	opt.smoothing = EM_SMOOTHING;
	post = palloc(sizeof(double) * n);
	st = MatchEmRun(lv, n, EMC_NCMP, MatchEmLevelCount, 0.2, &opt, m, u, &fit, post);
	if (st == EM_BAD_INPUT)
		elog(ERROR, "match_em: EM rejected its input");
	if (st == EM_DEGENERATE)
		ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
						errmsg("match_em: EM put every one of the %d pairs in one class (lambda %g)",
							   n, fit.lambda),
						errhint("The candidate pairs hold no recognisable matches, or nothing but matches: lower the threshold, raise top_k, or sample more rows.")));
	if (st == EM_NOT_CONVERGED)
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("match_em: EM did not converge in %d iterations on %d pairs", max_iter, n),
						errhint("Raise max_iterations or the tolerance.")));
	if (MatchFitLogisticSoft(x, post, n, l2, coef) < 0)
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("match model fit did not converge on %d pairs", n),
						errhint("Raise the penalty.")));

	for (int k = 0; k < EMC_NCMP; k++)
		for (int l = 0; l < MatchEmLevelCount[k]; l++, j++)
		{
			cmp_names[j] = CStringGetTextDatum(MatchEmComparisonNames[k]);
			lev_names[j] = CStringGetTextDatum(MatchEmLevelName(k, l));
		}
	values[0] = PointerGetDatum(Float8Array(coef, MM_NCOEF));
	values[1] = Float8GetDatum(fit.lambda);
	values[2] = PointerGetDatum(construct_array(cmp_names, EMC_NLEVELS, TEXTOID, -1, false, TYPALIGN_INT));
	values[3] = PointerGetDatum(construct_array(lev_names, EMC_NLEVELS, TEXTOID, -1, false, TYPALIGN_INT));
	values[4] = PointerGetDatum(Float8Array(m, EMC_NLEVELS));
	values[5] = PointerGetDatum(Float8Array(u, EMC_NLEVELS));
	if (nr > 0)
		values[6] = PointerGetDatum(Float8Array(ur0, EMC_NLEVELS));
	else
		isnull[6] = true;
	{
		Datum		c[EMC_NLEVELS];

		for (int i = 0; i < EMC_NLEVELS; i++)
			c[i] = Int32GetDatum(count[i]);
		values[7] = PointerGetDatum(construct_array(c, EMC_NLEVELS, INT4OID, 4, true, TYPALIGN_INT));
	}
	values[8] = Int32GetDatum(fit.iterations);
	values[9] = BoolGetDatum(fit.converged);
	values[10] = Float8GetDatum(fit.log_likelihood);
	values[11] = Float8GetDatum(fit.expected_matches);
	td = BlessTupleDesc(td);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(td, values, isnull)));
}
