/*
 * osh_record.c — hredd.osh_read: one staged Open Supply Hub record (its
 * text fields) into every typed value the registry keeps, in one call: the
 * OS ID, country, coordinates, worker band and closure flag
 * (osh_record_core.c), the six multi-value fields as arrays
 * (osh_items_core.c), the hredd.facility value (the matching module's
 * normaliser, as hredd.facility() builds it), the first reason the record
 * is refused with its sentence, and the warnings' sentences.  The loader
 * used to read the fields in one statement, build the arrays and the
 * facility in another, and write the sentences in a third.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "storage/itemptr.h"
#include "utils/memutils.h"

#include "../match/facility.h"
#include "osh_fields.h"
#include "osh_items.h"
#include "osh_read.h"
#include "osh_record.h"

/* the list fields' result columns, in osh_list_fields' order */
static const int list_cols[OSH_NLISTS] = {
	R_SECTORS, R_PRODUCT_TYPES, R_PROCESSING_TYPES, R_FACILITY_TYPES, R_PARENT_COMPANIES, R_CONTRIBUTORS
};

/* what a call site keeps between calls: the row type, blessed once */
typedef struct CallState
{
	TupleDesc	desc;
} CallState;

/* left(t, chars) as SQL writes it: at most that many characters; "" when absent */
static int
LeftLen(const OshText *t, int chars)
{
	if (!t->present)
		return 0;
	return pg_mbcharcliplen(t->s, (int) t->n, chars);
}

static Datum
TextDatum(const char *s, size_t n)
{
	return PointerGetDatum(cstring_to_text_with_len(s, (int) n));
}

/* the items of a multi-value field as text[] ('{}' when absent or empty) */
static Datum
ItemsArray(const OshText *t)
{
	size_t		max,
				k;
	OshItem    *items;
	size_t	   *scratch;

	if (!t->present)
		return PointerGetDatum(construct_empty_array(TEXTOID));
	max = OshItemsMax(t->s, t->n);
	items = palloc(max * sizeof(OshItem));
	scratch = palloc(2 * max * sizeof(size_t));
	k = OshItemsSplit(t->s, t->n, items, scratch, NULL);
	if (k == 0)
		return PointerGetDatum(construct_empty_array(TEXTOID));
	/*
	 * the array written at once, as construct_array lays it out (each item
	 * a text with a 4-byte header, int-aligned; no nulls): building a text
	 * per item and copying them cost a twentieth of reading a record
	 */
	{
		Size		total = ARR_OVERHEAD_NONULLS(1);
		ArrayType  *a;
		char	   *p;

		for (size_t i = 0; i < k; i++)
			total += INTALIGN(VARHDRSZ + items[i].len);
		if (!AllocSizeIsValid(total))
			ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
							errmsg("array size exceeds the maximum allowed (%d)", (int) MaxAllocSize)));
		a = (ArrayType *) palloc0(total);
		SET_VARSIZE(a, total);
		a->ndim = 1;
		a->dataoffset = 0;
		a->elemtype = TEXTOID;
		ARR_DIMS(a)[0] = (int) k;
		ARR_LBOUND(a)[0] = 1;
		p = (char *) a + ARR_OVERHEAD_NONULLS(1);	/* (ARR_DATA_PTR without nulls) */
		for (size_t i = 0; i < k; i++)
		{
			SET_VARSIZE(p, VARHDRSZ + items[i].len);
			memcpy(VARDATA(p), t->s + items[i].off, items[i].len);
			p += INTALIGN(VARHDRSZ + items[i].len);
		}
		return PointerGetDatum(a);
	}
}

/*
 * The facility value hredd.facility(name, address, country, lat, lng) gives
 * for an accepted record, or NULL where it would raise an error (a name
 * without letters or digits, a name or address over the normaliser's limit):
 * the loader then calls hredd.facility() itself, which raises it as before.
 */
static FacilityData *
Facility(const OshText *name, const OshText *addr, const OshRecord *r)
{
	char	   *nname,
			   *naddr = "";
	size_t		nlen,
				alen = 0;

	if (name->n > MATCH_NAME_MAX || (addr->present && addr->n > MATCH_ADDRESS_MAX))
		return NULL;
	nname = palloc(MATCH_NORM_CAP(name->n) + 1);
	if (MatchNormalize(MATCH_FIELD_NAME, name->s, name->n, r->country, nname, &nlen) != MATCH_NORM_OK)
		return NULL;
	if (addr->present)
	{
		naddr = palloc(MATCH_NORM_CAP(addr->n) + 1);
		if (MatchNormalize(MATCH_FIELD_ADDRESS, addr->s, addr->n, r->country, naddr, &alen) == MATCH_NORM_TOO_LONG)
			return NULL;
	}
	return FacilityMake(nname, nlen, naddr, alen, r->country, r->has_lat || r->has_lng,
						r->has_lat ? r->lat : 0, r->has_lng ? r->lng : 0);
}

/*
 * A record's fields (trimmed where the loader trims them) as the values of
 * hredd.osh_read's row, but for its place (R_ORD, R_ROW_REF: NULL here).
 * args are the fields as given, whose texts are taken as they are where
 * not trimmed; NULL: every text is made afresh.
 */
void
OshReadValues(const OshText *f, text *const *args, Datum *values, bool *nulls)
{
	OshRecord	r;
	char		buf[512];

	OshRecordRead(f, &r);
	memset(nulls, true, R_NCOLS * sizeof(bool));
	if (r.has_os_id)
		values[R_OS_ID] = Int64GetDatum(r.os_id), nulls[R_OS_ID] = false;
	if (r.has_country)
		values[R_COUNTRY] = Int16GetDatum((int16) r.country), nulls[R_COUNTRY] = false;
	if (r.has_lat)
		values[R_LAT] = Float8GetDatum(r.lat), nulls[R_LAT] = false;
	if (r.has_lng)
		values[R_LNG] = Float8GetDatum(r.lng), nulls[R_LNG] = false;
	if (r.workers & OSH_WORKERS_MIN)
		values[R_WORKERS_MIN] = Int32GetDatum(r.workers_min), nulls[R_WORKERS_MIN] = false;
	if (r.workers & OSH_WORKERS_MAX)
		values[R_WORKERS_MAX] = Int32GetDatum(r.workers_max), nulls[R_WORKERS_MAX] = false;
	if (r.closed >= 0)
		values[R_IS_CLOSED] = BoolGetDatum(r.closed == 1), nulls[R_IS_CLOSED] = false;
	/* the text fields kept as given: the argument itself unless trimmed */
	{
		static const int text_fields[3] = {OSH_F_NAME, OSH_F_ADDRESS, OSH_F_CLAIM};
		static const int text_cols[3] = {R_NAME, R_ADDRESS, R_CLAIM_STATUS};

		for (int i = 0; i < 3; i++)
		{
			const OshText *t = &f[text_fields[i]];

			if (!t->present)
				continue;
			nulls[text_cols[i]] = false;
			if (args != NULL && t->n == VARSIZE_ANY_EXHDR(args[text_fields[i]]))
				values[text_cols[i]] = PointerGetDatum(args[text_fields[i]]);
			else
				values[text_cols[i]] = TextDatum(t->s, t->n);
		}
	}
	for (int k = 0; k < OSH_NLISTS; k++)
	{
		values[list_cols[k]] = ItemsArray(&f[osh_list_fields[k]]);
		nulls[list_cols[k]] = false;
	}

	if (r.reason == OSH_OK)
	{
		FacilityData *fac = Facility(&f[OSH_F_NAME], &f[OSH_F_ADDRESS], &r);
		size_t		n;

		if (fac != NULL)
			values[R_FACILITY] = PointerGetDatum(fac), nulls[R_FACILITY] = false;
		/* the warnings of an accepted record */
		if ((n = OshEmptyItemsDetail(r.empty, buf, sizeof buf)) > 0)
			values[R_WARN_EMPTY] = TextDatum(buf, n), nulls[R_WARN_EMPTY] = false;
		if (r.bad_workers)
		{
			const OshText *t = &f[OSH_F_WORKERS];

			values[R_WARN_WORKERS] = CStringGetTextDatum(
				psprintf("\"%.*s\" is not a number of workers or a band; the band is left empty.",
						 LeftLen(t, 60), t->s));
			nulls[R_WARN_WORKERS] = false;
		}
		if (r.bad_flag)
		{
			const OshText *t = &f[OSH_F_CLOSED];

			values[R_WARN_FLAG] = CStringGetTextDatum(
				psprintf("\"%.*s\" is not a yes/no value for is_closed; it is left empty.", LeftLen(t, 60), t->s));
			nulls[R_WARN_FLAG] = false;
		}
	}
	else
	{
		char	   *detail = NULL;
		const OshText *id = &f[OSH_F_OS_ID],
				   *cc = &f[OSH_F_COUNTRY],
				   *lat = &f[OSH_F_LAT],
				   *lng = &f[OSH_F_LNG];

		switch (r.reason)
		{
			case OSH_MISSING_OS_ID:
				detail = "The record has no OS ID.";
				break;
			case OSH_INVALID_OS_ID:
				IdErrorDetail(&r.os_id_error, "an OS ID", buf, sizeof buf);
				detail = psprintf("\"%.*s\" is not an OS ID: %s", LeftLen(id, 60), id->s ? id->s : "", buf);
				break;
			case OSH_MISSING_NAME:
				detail = "The record has no name.";
				break;
			case OSH_INVALID_COUNTRY:
				/* (a record without a country takes its OS ID's, so it has one) */
				if (cc->present)
					IdErrorDetail(&r.country_error, "a country", buf, sizeof buf);
				else
					buf[0] = '\0';
				detail = psprintf("\"%.*s\" is not a country: %s", LeftLen(cc, 60), cc->s ? cc->s : "", buf);
				break;
			case OSH_INVALID_COORDINATES:
				detail = psprintf("The coordinates (%.*s, %.*s) are not a latitude within 90 and a longitude "
								  "within 180, both or neither.",
								  lat->present ? LeftLen(lat, 30) : 4, lat->present ? lat->s : "none",
								  lng->present ? LeftLen(lng, 30) : 4, lng->present ? lng->s : "none");
				break;
			case OSH_OK:
				break;
		}
		values[R_REASON] = CStringGetTextDatum(OshReasonName(r.reason));
		nulls[R_REASON] = false;
		values[R_DETAIL] = CStringGetTextDatum(detail);
		nulls[R_DETAIL] = false;
	}
}

PG_FUNCTION_INFO_V1(osh_read);
Datum
osh_read(PG_FUNCTION_ARGS)
{
	OshText		f[OSH_NFIELDS];
	text	   *args[OSH_NFIELDS];
	/* arguments: the record's ctid, its fields, whether to trim them */
	bool		trim = PG_NARGS() == OSH_NFIELDS + 2 && !PG_ARGISNULL(OSH_NFIELDS + 1) &&
		PG_GETARG_BOOL(OSH_NFIELDS + 1);
	CallState  *cs;
	TupleDesc	desc;
	Datum		values[R_NCOLS];
	bool		nulls[R_NCOLS];

	if (PG_NARGS() != OSH_NFIELDS + 2)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("hredd.osh_read takes a tid, %d text fields and a flag", OSH_NFIELDS)));
	/* the row type, blessed once per call site */
	cs = (CallState *) fcinfo->flinfo->fn_extra;
	if (cs == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE || desc->natts != R_NCOLS)
			ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
							errmsg("hredd.osh_read must return a row of %d columns", R_NCOLS)));
		cs = palloc0(sizeof(CallState));
		cs->desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = cs;
	}
	desc = cs->desc;

	for (int i = 0; i < OSH_NFIELDS; i++)
	{
		f[i].present = !PG_ARGISNULL(i + 1);
		f[i].s = NULL;
		f[i].n = 0;
		if (f[i].present)
		{
			text	   *t = args[i] = PG_GETARG_TEXT_PP(i + 1);

			f[i].s = VARDATA_ANY(t);
			f[i].n = VARSIZE_ANY_EXHDR(t);
			if (trim)
				OshTrimField(&f[i]);
		}
	}
	OshReadValues(f, args, values, nulls);
	/*
	 * where the record stands in its table: its order (as the ctid's) and
	 * its reference (the ctid as text), so the loader needs no sort
	 */
	if (!PG_ARGISNULL(0))
	{
		ItemPointer tid = (ItemPointer) PG_GETARG_POINTER(0);
		BlockNumber blk = ItemPointerGetBlockNumberNoCheck(tid);
		OffsetNumber off = ItemPointerGetOffsetNumberNoCheck(tid);
		char		ref[32];
		int			n = 0;

		/* "(blk,off)", as tidout writes it (snprintf cost a fiftieth of a record) */
		ref[n++] = '(';
		n += pg_ultoa_n(blk, ref + n);
		ref[n++] = ',';
		n += pg_ultoa_n((uint32) off, ref + n);
		ref[n++] = ')';

		values[R_ORD] = Int64GetDatum((int64) blk * 65536 + off);
		nulls[R_ORD] = false;
		values[R_ROW_REF] = TextDatum(ref, (size_t) n);
		nulls[R_ROW_REF] = false;
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
