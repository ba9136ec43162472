/*
 * harmonize.c — one batch of CALL hredd.harmonize in C:
 *
 *   hredd.harmonize_batch(scheme, today, input_query, after_row, before_row)
 *     RETURNS SETOF hredd.harmonized_row
 *
 * The procedure (40-indicators.sql) builds input_query over the user's table
 * (casts, the facility registry join) and writes the rows this function
 * returns into hredd.observation and hredd.rejected.  Here every raw row is
 * classified once: crosswalk look-up in a hash table, the parser, unit,
 * range and date checks, the row key, duplicates within the batch and
 * against what earlier batches wrote (probing the tables' indexes), and
 * wages against benchmarks and exchange rates held in memory.  The rules
 * that depend only on the row and the indicator are in harmonize_core.c;
 * reading the crosswalk, benchmarks and rates in harmonize_read.c; the
 * duplicate probes and the direct writer, the only code that calls the
 * executor, in harmonize_write.c (harmonize.h).
 *
 * The previous version did all of this as one set-based SQL statement per
 * batch; it spent 30 times a plain INSERT's time in joins, window sorts and
 * composite-value plumbing (docs/indicators.md has the figures).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_collation_d.h"
#include "catalog/pg_type_d.h"
#include "common/md5.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/formatting.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/tuplestore.h"
#include "utils/uuid.h"

#include "harmonize.h"


/* columns of the input query, in order */
enum
{
	IN_RID, IN_FACILITY, IN_CODE, IN_VALUE, IN_UNIT, IN_DATE, IN_COUNTRY, IN_KNOWN, IN_NCOLS
};

/* columns of hredd.harmonized_row, in order */
enum
{
	OUT_RID, OUT_ROW_KEY, OUT_REASON, OUT_FACILITY, OUT_CODE, OUT_TOPIC, OUT_INDICATOR, OUT_VALUE,
	OUT_UNIT, OUT_SEVERITY, OUT_DATE, OUT_COUNTRY, OUT_VALUE_USD, OUT_MIN_RATIO, OUT_LIVING_RATIO,
	OUT_RAW_VALUE, OUT_RAW_UNIT, OUT_IND_UNIT, OUT_MIN_VALUE, OUT_MAX_VALUE, OUT_NCOLS
};

/* rows fetched from the input cursor at a time */
#define FETCH_ROWS 10000

static char *
DatumText(Datum d, size_t *len)
{
	text	   *t = DatumGetTextPP(d);

	*len = VARSIZE_ANY_EXHDR(t);
	return VARDATA_ANY(t);
}

/* MD5 of the row's identifying fields: scheme, facility, code, value, unit, day. */
static void
RowKey(text *scheme, Datum *in, bool *innull, pg_uuid_t *key)
{
	const char *f[6];
	size_t		l[6];
	char		day[4];
	unsigned char stack[1024];
	unsigned char *buf = stack;
	size_t		need;
	const char *err;

	f[0] = VARDATA_ANY(scheme);
	l[0] = VARSIZE_ANY_EXHDR(scheme);
	for (int i = 0; i < 4; i++)
	{
		int			col = IN_FACILITY + i;

		f[1 + i] = innull[col] ? NULL : DatumText(in[col], &l[1 + i]);
	}
	if (innull[IN_DATE])
		f[5] = NULL;
	else
	{
		uint32		d = (uint32) DatumGetDateADT(in[IN_DATE]);

		day[0] = d >> 24;
		day[1] = (d >> 16) & 0xff;
		day[2] = (d >> 8) & 0xff;
		day[3] = d & 0xff;
		f[5] = day;
		l[5] = 4;
	}
	need = HarmKeyBytes(f, l, 6, buf, sizeof(stack));
	if (need > sizeof(stack))
	{
		buf = palloc(need);
		HarmKeyBytes(f, l, 6, buf, need);
	}
	if (!pg_md5_binary(buf, need, key->data, &err))
		elog(ERROR, "harmonize: could not compute a row key: %s", err);
}

/* ---------------------------------------------------------------- the batch */

/* The input query returns the columns, of the types, the loop reads. */
static bool
InputShapeOk(TupleDesc td, Oid country_type)
{
	static const Oid types[IN_NCOLS] = {TIDOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, DATEOID, InvalidOid, BOOLOID};

	if (td->natts != IN_NCOLS)
		return false;
	for (int i = 0; i < IN_NCOLS; i++)
		if (TupleDescAttr(td, i)->atttypid != (OidIsValid(types[i]) ? types[i] : country_type))
			return false;
	return true;
}

PG_FUNCTION_INFO_V1(harmonize_batch);
Datum
harmonize_batch(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *scheme = PG_GETARG_TEXT_PP(0);
	DateADT		today = PG_GETARG_DATEADT(1);
	char	   *query = text_to_cstring(PG_GETARG_TEXT_PP(2));
	Oid			argtypes[2] = {TIDOID, TIDOID};
	Datum		args[2] = {PG_GETARG_DATUM(3), PG_GETARG_DATUM(4)};
	Datum		run_id = PG_GETARG_DATUM(5);
	Datum		source = PG_GETARG_DATUM(6);
	HarmCodeTable codes;
	HarmWages  *wages;
	HarmStore  *store;
	HTAB	   *seen;			/* row keys of this batch */
	Oid			country_type;
	Datum		grade_unit;
	HASHCTL		hctl;
	Portal		cursor;
	MemoryContext rowcxt;
	Oid			value_collation = DEFAULT_COLLATION_OID;
	Datum		reason_text[HARM_NREASONS + IND_NREASONS];
	bool		reason_made[HARM_NREASONS + IND_NREASONS];

	InitMaterializedSRF(fcinfo, 0);
	memset(reason_made, 0, sizeof(reason_made));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "harmonize: SPI_connect failed");

	grade_unit = CStringGetTextDatum("grade");
	HarmLoadCodes(&codes, scheme);
	wages = HarmLoadWages(CurrentMemoryContext);
	country_type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("country"),
								   ObjectIdGetDatum(get_namespace_oid("hredd", false)));
	store = HarmStoreOpen(country_type, CurrentMemoryContext);
	hctl.keysize = sizeof(pg_uuid_t);
	hctl.entrysize = sizeof(pg_uuid_t);
	hctl.hcxt = CurrentMemoryContext;
	seen = hash_create("harmonize row keys", 1024, &hctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "harmonize row", ALLOCSET_DEFAULT_SIZES);

	cursor = SPI_cursor_open_with_args(NULL, query, 2, argtypes, args, NULL, true, CURSOR_OPT_NO_SCROLL);
	for (;;)
	{
		SPITupleTable *tt;
		TupleDesc	td;
		uint64		n;

		/* saved: the look-ups below run queries of their own */
		SPI_cursor_fetch(cursor, true, FETCH_ROWS);
		tt = SPI_tuptable;
		n = SPI_processed;
		if (n == 0)
		{
			SPI_freetuptable(tt);
			break;
		}
		td = tt->tupdesc;
		if (!InputShapeOk(td, country_type))
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("the input query of harmonize_batch must return tid, text, text, text, text, date, hredd.country, boolean"),
					 errhint("harmonize_batch is internal to CALL hredd.harmonize.")));
		/* the value map's keys are lower-cased as the value column's collation does */
		value_collation = OidIsValid(TupleDescAttr(td, IN_VALUE)->attcollation) ?
			TupleDescAttr(td, IN_VALUE)->attcollation : DEFAULT_COLLATION_OID;
		for (uint64 r = 0; r < n; r++)
		{
			Datum		in[IN_NCOLS];
			bool		innull[IN_NCOLS];
			Datum		out[OUT_NCOLS];
			bool		outnull[OUT_NCOLS];
			HarmRow		row;
			HarmResult	res;
			HarmCode   *code = NULL;
			pg_uuid_t	key;
			bool		found;
			MemoryContext old;

			CHECK_FOR_INTERRUPTS();
			old = MemoryContextSwitchTo(rowcxt);
			heap_deform_tuple(tt->vals[r], td, in, innull);
			/* the position is what harmonize resumes from: it must be there */
			if (innull[IN_RID])
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("the input query of harmonize_batch returned a row without a row position (ctid)"),
						 errhint("harmonize_batch is internal to CALL hredd.harmonize.")));
			memset(&row, 0, sizeof(row));
			if (!innull[IN_FACILITY])
				row.facility = DatumText(in[IN_FACILITY], &row.facility_len);
			row.facility_known = !innull[IN_KNOWN] && DatumGetBool(in[IN_KNOWN]);
			if (!innull[IN_CODE])
			{
				size_t		len;
				char	   *s = DatumText(in[IN_CODE], &len);

				code = HarmCodeFind(&codes, s, len);
			}
			row.ind = code ? &code->ind : NULL;
			if (!innull[IN_VALUE])
			{
				row.raw = DatumText(in[IN_VALUE], &row.raw_len);
				if (code != NULL && code->ind.nmap > 0)
				{
					/* the value map's key: lower(btrim(raw)) */
					const char *s = row.raw;
					size_t		len = row.raw_len;

					while (len > 0 && *s == ' ')
						s++, len--;
					while (len > 0 && s[len - 1] == ' ')
						len--;
					row.raw_key = str_tolower(s, len, value_collation);
					row.raw_key_len = strlen(row.raw_key);
				}
			}
			if (!innull[IN_UNIT])
				row.unit = DatumText(in[IN_UNIT], &row.unit_len);
			row.has_date = !innull[IN_DATE];
			if (row.has_date)
				row.date = DatumGetDateADT(in[IN_DATE]);
			row.today = today;

			RowKey(scheme, in, innull, &key);
			hash_search(seen, &key, HASH_ENTER, &found);
			if (found)
			{
				memset(&res, 0, sizeof(res));
				res.reason = HARM_DUPLICATE;
			}
			else if (HarmClassify(&row, &res))
			{
				/* a good row whose twin is already an observation */
				if (HarmObservationExists(store, in[IN_FACILITY], row.date, &key))
					res.reason = HARM_DUPLICATE;
			}
			else if (HarmRejectExists(store, &key))
				/* a bad row whose twin was rejected before */
				res.reason = HARM_DUPLICATE;

			memset(outnull, true, sizeof(outnull));
			out[OUT_RID] = in[IN_RID];
			outnull[OUT_RID] = false;
			out[OUT_ROW_KEY] = UUIDPGetDatum(&key);
			outnull[OUT_ROW_KEY] = false;
			if (res.reason != HARM_OK)
			{
				int			rc = res.reason == HARM_PARSE ? HARM_NREASONS + (int) res.parse : (int) res.reason;

				if (!reason_made[rc])
				{
					MemoryContext m = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);

					reason_text[rc] = CStringGetTextDatum(HarmReasonCode(&res));
					reason_made[rc] = true;
					MemoryContextSwitchTo(m);
				}
				out[OUT_REASON] = reason_text[rc];
				outnull[OUT_REASON] = false;
			}
			for (int i = 0; i < 2; i++)
			{
				out[OUT_FACILITY + i] = in[IN_FACILITY + i];
				outnull[OUT_FACILITY + i] = innull[IN_FACILITY + i];
			}
			if (code != NULL)
			{
				out[OUT_TOPIC] = code->topic;
				out[OUT_INDICATOR] = code->indicator;
				out[OUT_IND_UNIT] = code->ind_unit;
				outnull[OUT_TOPIC] = outnull[OUT_INDICATOR] = outnull[OUT_IND_UNIT] = false;
				if (code->ind.has_min)
				{
					out[OUT_MIN_VALUE] = Float8GetDatum(code->ind.min_value);
					outnull[OUT_MIN_VALUE] = false;
				}
				if (code->ind.has_max)
				{
					out[OUT_MAX_VALUE] = Float8GetDatum(code->ind.max_value);
					outnull[OUT_MAX_VALUE] = false;
				}
			}
			if (res.has_value)
			{
				out[OUT_VALUE] = Float8GetDatum(res.value);
				outnull[OUT_VALUE] = false;
				if (res.is_grade)
					out[OUT_UNIT] = grade_unit;
				else if (res.unit.qty != QTY_MONEY)
					out[OUT_UNIT] = code->ind_unit;	/* converted to it */
				else
				{
					char		unit[32];

					IndUnitFormat(&res.unit, unit, sizeof(unit));
					out[OUT_UNIT] = CStringGetTextDatum(unit);
				}
				outnull[OUT_UNIT] = false;
			}
			if (res.has_severity)
			{
				out[OUT_SEVERITY] = Float8GetDatum(res.severity);
				outnull[OUT_SEVERITY] = false;
			}
			out[OUT_DATE] = in[IN_DATE];
			outnull[OUT_DATE] = innull[IN_DATE];
			out[OUT_COUNTRY] = in[IN_COUNTRY];
			outnull[OUT_COUNTRY] = innull[IN_COUNTRY];
			if (res.reason == HARM_OK && code->ind.kind == HARM_WAGE)
			{
				double		w[4];
				bool		has[4];
				char		cur[8];

				/* the currency of the wage: "money" when it has none */
				if (res.unit.qty == QTY_MONEY && res.unit.cur[0] != '\0')
					strlcpy(cur, res.unit.cur, sizeof(cur));
				else
					strlcpy(cur, "money", sizeof(cur));
				HarmWageFigures(wages, res.value, cur, !innull[IN_COUNTRY], DatumGetInt16(in[IN_COUNTRY]), row.date, w, has);
				for (int i = 0; i < 3; i++)
				{
					out[OUT_VALUE_USD + i] = Float8GetDatum(w[i]);
					outnull[OUT_VALUE_USD + i] = !has[i];
				}
				out[OUT_SEVERITY] = Float8GetDatum(w[3]);
				outnull[OUT_SEVERITY] = !has[3];
			}
			for (int i = 0; i < 2; i++)
			{
				out[OUT_RAW_VALUE + i] = in[IN_VALUE + i];
				outnull[OUT_RAW_VALUE + i] = innull[IN_VALUE + i];
			}
			if (res.reason == HARM_OK && HarmStoreDirect(store))
			{
				/* written here; harmonize gets the row's position only */
				static const int from[HOBS_NCOLS] = {
					OUT_ROW_KEY, -1, -1, -1, OUT_FACILITY, OUT_CODE, OUT_TOPIC, OUT_INDICATOR, OUT_VALUE,
					OUT_UNIT, OUT_SEVERITY, OUT_DATE, OUT_COUNTRY, OUT_VALUE_USD, OUT_MIN_RATIO,
					OUT_LIVING_RATIO, OUT_RAW_VALUE, OUT_RAW_UNIT
				};
				Datum		ov[HOBS_NCOLS];
				bool		on[HOBS_NCOLS];

				for (int c = 0; c < (int) HOBS_NCOLS; c++)
				{
					ov[c] = from[c] >= 0 ? out[from[c]] : (Datum) 0;
					on[c] = from[c] >= 0 ? outnull[from[c]] : false;
				}
				ov[HOBS_RUN_ID] = run_id;
				ov[HOBS_SOURCE] = source;
				ov[HOBS_SCHEME] = PointerGetDatum(scheme);
				HarmStoreAdd(store, ov, on);
				for (int i = OUT_RID + 1; i < OUT_NCOLS; i++)
					outnull[i] = true;
			}
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, out, outnull);
			MemoryContextSwitchTo(old);
			MemoryContextReset(rowcxt);
		}
		SPI_freetuptable(tt);
	}
	SPI_cursor_close(cursor);
	HarmStoreClose(store);
	SPI_finish();
	return (Datum) 0;
}
