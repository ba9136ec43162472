/*
 * osh_fields.c — SQL-callable wrappers of osh_fields_core.c:
 * hredd.osh_workers(text) → (workers_min, workers_max),
 * hredd.osh_flag(text) → boolean, hredd.osh_coordinate(text, float8) → float8.
 * All STRICT; they were PL/pgSQL, whose pinned search_path cost more than
 * their work on every call of the loader.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "osh_fields.h"

PG_FUNCTION_INFO_V1(osh_workers);
Datum
osh_workers(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	TupleDesc	desc;
	Datum		values[2] = {0, 0};
	bool		nulls[2] = {true, true};
	int32_t		min = 0,
				max = 0;
	int			got;

	/* the row type, blessed once per call site (it cost more than the band) */
	desc = (TupleDesc) fcinfo->flinfo->fn_extra;
	if (desc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
							errmsg("hredd.osh_workers must return a row (workers_min, workers_max)")));
		desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = desc;
	}
	got = OshWorkers(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &min, &max);
	if (got & OSH_WORKERS_MIN)
	{
		values[0] = Int32GetDatum(min);
		nulls[0] = false;
	}
	if (got & OSH_WORKERS_MAX)
	{
		values[1] = Int32GetDatum(max);
		nulls[1] = false;
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

PG_FUNCTION_INFO_V1(osh_flag);
Datum
osh_flag(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int			f = OshFlag(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));

	if (f < 0)
		PG_RETURN_NULL();
	PG_RETURN_BOOL(f == 1);
}

PG_FUNCTION_INFO_V1(osh_coordinate);
Datum
osh_coordinate(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	float8		bound = PG_GETARG_FLOAT8(1);
	double		v;

	if (!OshCoordinate(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), bound, &v))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(v);
}
