/*
 * value.c — SQL-callable wrappers of the indicator value parser
 * (value_core.c): parse_value, parse_value_as, convert_unit, normalize_unit,
 * grade_score.  Thin: the rules live in the pure C file.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "../ids/id_fmgr.h"
#include "value_core.h"

/* Per-call-site cache: the result descriptor and the last target unit. */
typedef struct ValueCache
{
	TupleDesc	tupdesc;
	char		target_text[IND_MAX_INPUT + 1];
	size_t		target_len;
	IndUnit		target;
} ValueCache;

static ValueCache *
GetCache(FunctionCallInfo fcinfo)
{
	ValueCache *c = (ValueCache *) fcinfo->flinfo->fn_extra;

	if (c == NULL)
	{
		TupleDesc	td;
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		/* the descriptor lives as long as the call site, not the row */
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		c = palloc0(sizeof(ValueCache));
		c->tupdesc = BlessTupleDesc(CreateTupleDescCopy(td));
		MemoryContextSwitchTo(old);
		c->target_len = (size_t) -1;
		fcinfo->flinfo->fn_extra = c;
	}
	return c;
}

/* Parse a unit argument or raise the error that names it. */
static void
UnitArg(text *t, IndUnit *u)
{
	IndReason	r;
	char		bad[32];
	size_t		len = VARSIZE_ANY_EXHDR(t);

	if (!IndUnitParse(VARDATA_ANY(t), len, u, &r, bad, sizeof(bad)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid unit \"%s\"", ClipForMessage(VARDATA_ANY(t), len)),
				 r == IND_UNKNOWN_UNIT ?
				 errdetail("\"%s\" is not a unit, currency or period that hredd knows.", bad) :
				 r == IND_AMBIGUOUS_CURRENCY ?
				 errdetail("\"%s\" names several currencies; use the ISO 4217 code.", bad) :
				 r == IND_TOO_LONG ?
				 errdetail("A unit is at most %d bytes long.", IND_MAX_INPUT) :
				 errdetail("The unit names two different quantities, currencies or periods.")));
}

/* The target unit, parsed once per distinct text at this call site. */
static const IndUnit *
TargetArg(ValueCache *c, text *t)
{
	size_t		len = VARSIZE_ANY_EXHDR(t);

	if (len != c->target_len || memcmp(c->target_text, VARDATA_ANY(t), len) != 0)
	{
		UnitArg(t, &c->target);
		if (len <= IND_MAX_INPUT)
		{
			memcpy(c->target_text, VARDATA_ANY(t), len);
			c->target_len = len;
		}
	}
	return &c->target;
}

/* Build (value, value_high, unit, qualifier, reason). */
static Datum
ValueResult(ValueCache *c, const IndValue *v, bool ok)
{
	Datum		values[5];
	bool		nulls[5] = {false, false, false, false, false};
	char		unit[32];

	if (ok)
	{
		char		q[2] = {v->qual, '\0'};

		IndUnitFormat(&v->unit, unit, sizeof(unit));
		values[0] = Float8GetDatum(v->lo);
		values[1] = Float8GetDatum(v->hi);
		values[2] = CStringGetTextDatum(unit);
		if (v->qual)
			values[3] = CStringGetTextDatum(q);
		else
			nulls[3] = true;
		nulls[4] = true;
	}
	else
	{
		nulls[0] = nulls[1] = nulls[2] = nulls[3] = true;
		values[4] = CStringGetTextDatum(IndReasonCode(v->reason));
	}
	return HeapTupleGetDatum(heap_form_tuple(c->tupdesc, values, nulls));
}

PG_FUNCTION_INFO_V1(parse_value);
Datum
parse_value(PG_FUNCTION_ARGS)
{
	ValueCache *c = GetCache(fcinfo);
	text	   *raw = PG_GETARG_TEXT_PP(0);
	text	   *unit = PG_NARGS() > 1 ? PG_GETARG_TEXT_PP(1) : NULL;
	IndValue	v;
	bool		ok;

	ok = IndParse(VARDATA_ANY(raw), VARSIZE_ANY_EXHDR(raw),
				  unit ? VARDATA_ANY(unit) : NULL, unit ? VARSIZE_ANY_EXHDR(unit) : 0, &v);
	PG_RETURN_DATUM(ValueResult(c, &v, ok));
}

PG_FUNCTION_INFO_V1(parse_value_as);
Datum
parse_value_as(PG_FUNCTION_ARGS)
{
	ValueCache *c = GetCache(fcinfo);
	text	   *raw = PG_GETARG_TEXT_PP(0);
	text	   *unit = PG_GETARG_TEXT_PP(1);
	const IndUnit *target = TargetArg(c, PG_GETARG_TEXT_PP(2));
	IndValue	v;
	bool		ok;

	ok = IndParse(VARDATA_ANY(raw), VARSIZE_ANY_EXHDR(raw),
				  VARDATA_ANY(unit), VARSIZE_ANY_EXHDR(unit), &v);
	if (ok)
		ok = IndConvertValue(&v, target);
	PG_RETURN_DATUM(ValueResult(c, &v, ok));
}

PG_FUNCTION_INFO_V1(convert_unit);
Datum
convert_unit(PG_FUNCTION_ARGS)
{
	float8		x = PG_GETARG_FLOAT8(0);
	IndUnit		from,
				to;
	double		out = 0;
	IndConvResult r;
	char		f[32],
				t[32];

	UnitArg(PG_GETARG_TEXT_PP(1), &from);
	UnitArg(PG_GETARG_TEXT_PP(2), &to);
	r = IndConvertStatus(x, &from, &to, &out);
	if (r == IND_CONV_OK)
		PG_RETURN_FLOAT8(out);
	IndUnitFormat(&from, f, sizeof(f));
	IndUnitFormat(&to, t, sizeof(t));
	if (r == IND_CONV_NOT_FINITE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value %s is not a finite number", float8out_internal(x)),
				 errdetail("Only finite numbers convert between units.")));
	if (r == IND_CONV_OVERFLOW)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value %s %s converted to %s is out of range",
						float8out_internal(x), f, t),
				 errdetail("The result would exceed the largest double precision number.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot convert unit \"%s\" to \"%s\"", f, t),
			 errdetail("Only the same quantity converts (hours to hours, days to days, money of one currency), and only between periods.")));
	PG_RETURN_NULL();			/* not reached */
}

PG_FUNCTION_INFO_V1(normalize_unit);
Datum
normalize_unit(PG_FUNCTION_ARGS)
{
	IndUnit		u;
	char		buf[32];

	UnitArg(PG_GETARG_TEXT_PP(0), &u);
	IndUnitFormat(&u, buf, sizeof(buf));
	PG_RETURN_TEXT_P(cstring_to_text(buf));
}

PG_FUNCTION_INFO_V1(grade_score);
Datum
grade_score(PG_FUNCTION_ARGS)
{
	text	   *scale = PG_GETARG_TEXT_PP(0);
	text	   *grade = PG_GETARG_TEXT_PP(1);
	double		s;
	static const char *const scales[] = {"bsci", "nc", "rba", "ituc", "thinkhazard", "higg", NULL};
	bool		known = false;
	size_t		sl = VARSIZE_ANY_EXHDR(scale);

	for (const char *const *k = scales; *k; k++)
		if (strlen(*k) == sl && memcmp(*k, VARDATA_ANY(scale), sl) == 0)
			known = true;
	if (!known)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown grade scale \"%s\"", ClipForMessage(VARDATA_ANY(scale), sl)),
				 errdetail("The scales are bsci, nc, rba, ituc, thinkhazard and higg.")));
	if (!IndGradeScore(VARDATA_ANY(scale), sl, VARDATA_ANY(grade), VARSIZE_ANY_EXHDR(grade), &s))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(s);
}
