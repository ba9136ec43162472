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
 * that depend only on the row and the indicator are in harmonize_core.c.
 *
 * The previous version did all of this as one set-based SQL statement per
 * batch; it spent 30 times a plain INSERT's time in joins, window sorts and
 * composite-value plumbing (docs/indicators.md has the figures).
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/relation.h"
#include "access/skey.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/namespace.h"
#include "catalog/pg_collation_d.h"
#include "catalog/pg_type_d.h"
#include "common/hashfn.h"
#include "common/md5.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/formatting.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/syscache.h"
#include "storage/lmgr.h"
#include "catalog/pg_index.h"
#include "utils/snapmgr.h"
#include "utils/tuplestore.h"
#include "utils/uuid.h"

#include "harmonize_core.h"

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

/* A crosswalk row of the scheme that maps a code onto an indicator. */
typedef struct Code
{
	char	   *code;
	size_t		len;
	uint32		hash;
	int			next;			/* chain in CodeTable.buckets, -1 at the end */
	HarmIndicator ind;
	Datum		topic;			/* text */
	Datum		indicator;		/* text */
	Datum		ind_unit;		/* text */
} Code;

typedef struct CodeTable
{
	Code	   *codes;
	int			ncodes;
	int		   *buckets;
	uint32		mask;
} CodeTable;

/* A wage benchmark. */
typedef struct Benchmark
{
	int16		country;
	bool		minimum;		/* kind minimum, else living */
	DateADT		valid_from;
	DateADT		valid_to;
	double		amount;
	char		currency[4];
} Benchmark;

/* The exchange rates of one currency, by date. */
typedef struct Rates
{
	char		currency[4];
	int			n;
	DateADT    *valid_on;
	double	   *per_usd;
} Rates;

typedef struct Batch
{
	MemoryContext cxt;			/* lives as long as the batch */
	CodeTable	codes;
	Benchmark  *bench;
	int			nbench;
	Rates	   *rates;
	int			nrates;
	int			rates_cap;
	/* duplicate checks */
	HTAB	   *seen;			/* row keys of this batch */
	Relation	obs;
	Relation	obs_key;		/* (facility_ref, observed_on, row_key) */
	IndexScanDesc obs_scan;
	TupleTableSlot *obs_slot;
	Relation	rej;
	Relation	rej_key;		/* (row_key) */
	IndexScanDesc rej_scan;
	TupleTableSlot *rej_slot;
	SnapshotData dirty;
} Batch;

/* columns of hredd.observation that harmonize fills, in this order, with
 * their types (InvalidOid: hredd.country) */
static const struct
{
	const char *name;
	Oid			type;
}			obs_columns[] = {
	{"row_key", UUIDOID}, {"run_id", INT8OID}, {"source", TEXTOID}, {"scheme", TEXTOID},
	{"facility_ref", TEXTOID}, {"scheme_code", TEXTOID}, {"topic", TEXTOID}, {"indicator", TEXTOID},
	{"value", FLOAT8OID}, {"unit", TEXTOID}, {"severity", FLOAT8OID}, {"observed_on", DATEOID},
	{"country", InvalidOid}, {"value_usd", FLOAT8OID}, {"minimum_wage_ratio", FLOAT8OID},
	{"living_wage_ratio", FLOAT8OID}, {"raw_value", TEXTOID}, {"raw_unit", TEXTOID}
};
#define OBS_NCOLS lengthof(obs_columns)

/* observations buffered before a multi-row insert */
#define WRITE_ROWS 1000

/*
 * Writes observations straight into the table, the way COPY does: rows
 * buffered and inserted a page at a time, then their index entries, with
 * the table's constraints checked.  Used when hredd.observation is as
 * shipped, with no triggers, rules or row security and only the shipped
 * columns (user indexes and CHECK constraints are fine); otherwise the rows
 * go back to harmonize's INSERT so that everything fires.
 */
typedef struct Writer
{
	bool		direct;
	Relation	rel;
	EState	   *estate;
	ResultRelInfo *rri;
	BulkInsertState bistate;
	CommandId	cid;
	AttrNumber	att[OBS_NCOLS];	/* attribute index (0-based) of each column */
	TupleTableSlot *slots[WRITE_ROWS];
	int			nslots;
	MemoryContext cxt;			/* copies of the buffered rows' datums */
} Writer;

/*
 * Whether harmonize may write observations directly, and where each column
 * is: the shipped columns with their types and no other.
 */
static bool
WriterCanWrite(Writer *w, Oid country_type)
{
	Relation	rel = w->rel;
	TupleDesc	td = RelationGetDescr(rel);
	int			live = 0;

	if (rel->trigdesc != NULL || rel->rd_rel->relhasrules || rel->rd_rel->relrowsecurity ||
		(td->constr && td->constr->has_generated_stored) ||
		pg_class_aclcheck(RelationGetRelid(rel), GetUserId(), ACL_INSERT) != ACLCHECK_OK)
		return false;
	for (int i = 0; i < td->natts; i++)
		if (!TupleDescAttr(td, i)->attisdropped)
			live++;
	if (live != (int) OBS_NCOLS)
		return false;			/* a column of the user's: its default must apply */
	for (int c = 0; c < (int) OBS_NCOLS; c++)
	{
		w->att[c] = -1;
		for (int i = 0; i < td->natts; i++)
		{
			Form_pg_attribute a = TupleDescAttr(td, i);

			if (!a->attisdropped && strcmp(NameStr(a->attname), obs_columns[c].name) == 0 &&
				a->atttypid == (OidIsValid(obs_columns[c].type) ? obs_columns[c].type : country_type))
				w->att[c] = i;
		}
		if (w->att[c] < 0)
			return false;			/* renamed, dropped or of another type */
	}
	return true;
}

static void
WriterBegin(Writer *w, Relation rel, Oid country_type)
{
	memset(w, 0, sizeof(*w));
	w->rel = rel;
	w->direct = WriterCanWrite(w, country_type);
	if (!w->direct)
		return;
	w->estate = CreateExecutorState();
	w->rri = makeNode(ResultRelInfo);
	InitResultRelInfo(w->rri, rel, 0, NULL, 0);
	CheckValidResultRel(w->rri, CMD_INSERT);
	ExecOpenIndices(w->rri, false);
	w->bistate = GetBulkInsertState();
	w->cid = GetCurrentCommandId(true);
	for (int i = 0; i < WRITE_ROWS; i++)
		w->slots[i] = table_slot_create(rel, NULL);
	w->cxt = AllocSetContextCreate(CurrentMemoryContext, "harmonize observations", ALLOCSET_DEFAULT_SIZES);
}

static void
WriterFlush(Writer *w)
{
	if (w->nslots == 0)
		return;
	table_multi_insert(w->rel, w->slots, w->nslots, w->cid, 0, w->bistate);
	for (int i = 0; i < w->nslots; i++)
	{
		List	   *recheck;

		if (w->rri->ri_NumIndices > 0)
		{
			recheck = ExecInsertIndexTuples(w->rri, w->slots[i], w->estate, false, false, NULL, NIL);
			list_free(recheck);
		}
		ResetPerTupleExprContext(w->estate);
		ExecClearTuple(w->slots[i]);
	}
	w->nslots = 0;
	MemoryContextReset(w->cxt);
}

/* Buffer one observation; values are in obs_columns order. */
static void
WriterAdd(Writer *w, Datum *values, bool *nulls)
{
	TupleTableSlot *slot = w->slots[w->nslots];
	TupleDesc	td = slot->tts_tupleDescriptor;
	MemoryContext old = MemoryContextSwitchTo(w->cxt);

	ExecClearTuple(slot);
	for (int i = 0; i < td->natts; i++)
		slot->tts_isnull[i] = true;
	for (int c = 0; c < (int) OBS_NCOLS; c++)
	{
		Form_pg_attribute a = TupleDescAttr(td, w->att[c]);

		slot->tts_isnull[w->att[c]] = nulls[c];
		if (!nulls[c])
			slot->tts_values[w->att[c]] = datumCopy(values[c], a->attbyval, a->attlen);
	}
	ExecStoreVirtualTuple(slot);
	slot->tts_tableOid = RelationGetRelid(w->rel);
	MemoryContextSwitchTo(old);
	if (w->rri->ri_RelationDesc->rd_att->constr)
		ExecConstraints(w->rri, slot, w->estate);
	ResetPerTupleExprContext(w->estate);
	if (++w->nslots == WRITE_ROWS)
		WriterFlush(w);
}

static void
WriterEnd(Writer *w)
{
	if (!w->direct)
		return;
	WriterFlush(w);
	for (int i = 0; i < WRITE_ROWS; i++)
		ExecDropSingleTupleTableSlot(w->slots[i]);
	FreeBulkInsertState(w->bistate);
	table_finish_bulk_insert(w->rel, 0);
	ExecCloseIndices(w->rri);
	FreeExecutorState(w->estate);
	MemoryContextDelete(w->cxt);
}

static char *
DatumText(Datum d, size_t *len)
{
	text	   *t = DatumGetTextPP(d);

	*len = VARSIZE_ANY_EXHDR(t);
	return VARDATA_ANY(t);
}

/* ---------------------------------------------------------------- the crosswalk */

static Code *
CodeFind(const CodeTable *t, const char *s, size_t len)
{
	uint32		h;

	if (t->ncodes == 0)
		return NULL;
	h = hash_bytes((const unsigned char *) s, (int) len);
	for (int i = t->buckets[h & t->mask]; i >= 0; i = t->codes[i].next)
	{
		Code	   *c = &t->codes[i];

		if (c->hash == h && c->len == len && memcmp(c->code, s, len) == 0)
			return c;
	}
	return NULL;
}

static double
GetFloat(HeapTuple tup, TupleDesc td, int col, bool *has)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, td, col, &isnull);

	*has = !isnull;
	return isnull ? 0 : DatumGetFloat8(d);
}

static char *
GetString(HeapTuple tup, TupleDesc td, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, td, col, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}

/* Run a query with one text parameter; its rows are in SPI_tuptable. */
static SPITupleTable *
QueryWithText(const char *sql, text *arg, const char *what)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1] = {PointerGetDatum(arg)};

	if (SPI_execute_with_args(sql, 1, argtypes, args, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "harmonize: could not read the %s", what);
	return SPI_tuptable;
}

/* The scheme's crosswalk rows that carry data, with their indicators and value maps. */
static void
LoadCodes(CodeTable *t, text *scheme)
{
	SPITupleTable *tt;
	TupleDesc	td;
	uint32		nb = 16;

	tt = QueryWithText("SELECT c.scheme_code, c.topic, c.indicator, i.kind, i.unit, i.grade_scale, "
					   "       i.direction = 'lower_is_better', i.threshold_ok, i.threshold_severe, "
					   "       i.min_value, i.max_value "
					   "FROM hredd.crosswalk c JOIN hredd.indicator i ON i.code = c.indicator "
					   "WHERE c.scheme = $1 AND c.indicator IS NOT NULL",
					   scheme, "crosswalk");
	td = tt->tupdesc;
	t->ncodes = (int) SPI_processed;
	t->codes = palloc0(sizeof(Code) * Max(t->ncodes, 1));
	while (nb < (uint32) t->ncodes * 2)
		nb <<= 1;
	t->mask = nb - 1;
	t->buckets = palloc(sizeof(int) * nb);
	memset(t->buckets, -1, sizeof(int) * nb);
	for (int i = 0; i < t->ncodes; i++)
	{
		HeapTuple	tup = tt->vals[i];
		Code	   *c = &t->codes[i];
		HarmIndicator *ind = &c->ind;
		char	   *kind = GetString(tup, td, 4);
		char	   *unit = GetString(tup, td, 5);
		bool		isnull;
		IndReason	r;
		char		bad[32];

		c->code = GetString(tup, td, 1);
		c->len = strlen(c->code);
		c->hash = hash_bytes((const unsigned char *) c->code, (int) c->len);
		c->next = t->buckets[c->hash & t->mask];
		t->buckets[c->hash & t->mask] = i;
		c->topic = PointerGetDatum(cstring_to_text(GetString(tup, td, 2)));
		c->indicator = PointerGetDatum(cstring_to_text(GetString(tup, td, 3)));
		c->ind_unit = PointerGetDatum(cstring_to_text(unit));
		ind->kind = strcmp(kind, "grade") == 0 ? HARM_GRADE :
			strcmp(kind, "wage") == 0 ? HARM_WAGE :
			strcmp(kind, "flag") == 0 ? HARM_FLAG : HARM_MEASURE;
		if (ind->kind != HARM_GRADE && !IndUnitParse(unit, strlen(unit), &ind->unit, &r, bad, sizeof(bad)))
			elog(ERROR, "harmonize: indicator %s has the unit \"%s\", which hredd cannot read",
				 TextDatumGetCString(c->indicator), unit);
		ind->grade_scale = GetString(tup, td, 6);
		ind->lower_is_better = DatumGetBool(SPI_getbinval(tup, td, 7, &isnull));
		ind->threshold_ok = GetFloat(tup, td, 8, &ind->has_thresholds);
		ind->threshold_severe = GetFloat(tup, td, 9, &isnull);
		ind->min_value = GetFloat(tup, td, 10, &ind->has_min);
		ind->max_value = GetFloat(tup, td, 11, &ind->has_max);
	}
	SPI_freetuptable(tt);

	/* value maps: raw answer -> number, as the crosswalk trigger checked them */
	tt = QueryWithText("SELECT c.scheme_code, e.key, e.value::float8 "
					   "FROM hredd.crosswalk c, jsonb_each(c.value_map) e "
					   "WHERE c.scheme = $1 AND c.indicator IS NOT NULL "
					   "ORDER BY c.scheme_code, e.key",
					   scheme, "value maps");
	td = tt->tupdesc;
	for (uint64 i = 0; i < SPI_processed;)
	{
		char	   *code = GetString(tt->vals[i], td, 1);
		Code	   *c = CodeFind(t, code, strlen(code));
		uint64		j = i;
		HarmMapEntry *map;

		while (j < SPI_processed && strcmp(GetString(tt->vals[j], td, 1), code) == 0)
			j++;
		map = palloc(sizeof(HarmMapEntry) * (j - i));
		for (uint64 k = i; k < j; k++)
		{
			bool		has;

			map[k - i].key = GetString(tt->vals[k], td, 2);
			map[k - i].keylen = strlen(map[k - i].key);
			map[k - i].value = GetFloat(tt->vals[k], td, 3, &has);
		}
		if (c != NULL)
		{
			c->ind.map = map;
			c->ind.nmap = (int) (j - i);
		}
		i = j;
	}
	SPI_freetuptable(tt);
}

/* ---------------------------------------------------------------- wages */

static int
BenchmarkCmp(const void *a, const void *b)
{
	const Benchmark *x = a,
			   *y = b;

	if (x->country != y->country)
		return x->country < y->country ? -1 : 1;
	if (x->minimum != y->minimum)
		return x->minimum ? -1 : 1;
	/* latest first */
	if (x->valid_from != y->valid_from)
		return x->valid_from > y->valid_from ? -1 : 1;
	return 0;
}

static void
LoadBenchmarks(Batch *b)
{
	SPITupleTable *tt;
	TupleDesc	td;

	if (SPI_execute("SELECT b.country, b.kind = 'minimum', b.valid_from, b.valid_to, b.amount_month, b.currency "
					"FROM hredd.wage_benchmark b", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "harmonize: could not read the wage benchmarks");
	tt = SPI_tuptable;
	td = tt->tupdesc;
	b->nbench = (int) SPI_processed;
	b->bench = palloc0(sizeof(Benchmark) * Max(b->nbench, 1));
	for (int i = 0; i < b->nbench; i++)
	{
		HeapTuple	tup = tt->vals[i];
		Benchmark  *x = &b->bench[i];
		bool		isnull;
		char	   *cur = GetString(tup, td, 6);

		x->country = DatumGetInt16(SPI_getbinval(tup, td, 1, &isnull));
		x->minimum = DatumGetBool(SPI_getbinval(tup, td, 2, &isnull));
		x->valid_from = DatumGetDateADT(SPI_getbinval(tup, td, 3, &isnull));
		x->valid_to = DatumGetDateADT(SPI_getbinval(tup, td, 4, &isnull));
		x->amount = DatumGetFloat8(SPI_getbinval(tup, td, 5, &isnull));
		strlcpy(x->currency, cur, sizeof(x->currency));
	}
	SPI_freetuptable(tt);
	qsort(b->bench, b->nbench, sizeof(Benchmark), BenchmarkCmp);
}

/* The benchmark of a kind in force in a country on a day, or NULL. */
static const Benchmark *
FindBenchmark(const Batch *b, int16 country, bool minimum, DateADT day)
{
	int			lo = 0,
				hi = b->nbench;

	/* first entry of (country, kind) */
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;
		const Benchmark *x = &b->bench[mid];

		if (x->country < country || (x->country == country && x->minimum && !minimum))
			lo = mid + 1;
		else
			hi = mid;
	}
	for (int i = lo; i < b->nbench && b->bench[i].country == country && b->bench[i].minimum == minimum; i++)
	{
		const Benchmark *x = &b->bench[i];

		if (x->valid_from <= day && day < x->valid_to)
			return x;
	}
	return NULL;
}

/* The rate of a currency (units per US dollar) on a day; false when none. */
static bool
FindRate(Batch *b, const char *currency, DateADT day, double *rate)
{
	Rates	   *r = NULL;
	int			lo,
				hi;

	if (strcmp(currency, "USD") == 0)
	{
		*rate = 1.0;
		return true;
	}
	if (strlen(currency) != 3)
		return false;			/* "money": a wage in no particular currency */
	for (int i = 0; i < b->nrates && r == NULL; i++)
		if (strcmp(b->rates[i].currency, currency) == 0)
			r = &b->rates[i];
	if (r == NULL)
	{
		/* first use of this currency: read its rates */
		SPITupleTable *tt;
		MemoryContext caller = CurrentMemoryContext;

		tt = QueryWithText("SELECT x.valid_on, x.per_usd FROM hredd.exchange_rate x "
						   "WHERE x.currency = $1 ORDER BY x.valid_on",
						   cstring_to_text(currency), "exchange rates");
		/* SPI leaves its own context current: the arrays live with the batch */
		MemoryContextSwitchTo(b->cxt);
		if (b->nrates == b->rates_cap)
		{
			b->rates_cap = Max(8, b->rates_cap * 2);
			b->rates = b->rates ? repalloc(b->rates, sizeof(Rates) * b->rates_cap)
				: palloc(sizeof(Rates) * b->rates_cap);
		}
		r = &b->rates[b->nrates++];
		strlcpy(r->currency, currency, sizeof(r->currency));
		r->n = (int) SPI_processed;
		r->valid_on = palloc(sizeof(DateADT) * Max(r->n, 1));
		r->per_usd = palloc(sizeof(double) * Max(r->n, 1));
		for (int i = 0; i < r->n; i++)
		{
			bool		isnull;

			r->valid_on[i] = DatumGetDateADT(SPI_getbinval(tt->vals[i], tt->tupdesc, 1, &isnull));
			r->per_usd[i] = DatumGetFloat8(SPI_getbinval(tt->vals[i], tt->tupdesc, 2, &isnull));
		}
		MemoryContextSwitchTo(caller);
		SPI_freetuptable(tt);
	}
	/* the last rate valid on or before the day */
	lo = 0;
	hi = r->n;
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (r->valid_on[mid] <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return false;
	*rate = r->per_usd[lo - 1];
	return true;
}

/*
 * A wage (value in currency cur per month) against the benchmarks of its
 * country on its day: value in US dollars, ratios to the minimum and the
 * living wage, severity.  Each output is NULL (false in has[]) when a
 * benchmark or rate is missing.
 */
static void
WageFigures(Batch *b, double v, const char *cur, bool has_country, int16 country, DateADT day,
			double out[4], bool has[4])
{
	double		w_rate = 0;
	bool		has_w = FindRate(b, cur, day, &w_rate);
	double		ratio[2] = {0, 0};
	bool		has_ratio[2] = {false, false};

	memset(has, 0, sizeof(bool) * 4);
	if (has_w)
	{
		out[0] = HarmRound6(v / w_rate);
		has[0] = true;
	}
	for (int k = 0; k < 2 && has_country; k++)
	{
		const Benchmark *x = FindBenchmark(b, country, k == 0, day);
		double		x_rate;

		if (x == NULL)
			continue;
		if (strcmp(x->currency, cur) == 0)
		{
			ratio[k] = v / x->amount;
			has_ratio[k] = true;
		}
		else if (has_w && FindRate(b, x->currency, day, &x_rate))
		{
			ratio[k] = v / w_rate / (x->amount / x_rate);
			has_ratio[k] = true;
		}
		if (has_ratio[k])
		{
			out[1 + k] = HarmRound6(ratio[k]);
			has[1 + k] = true;
		}
	}
	has[3] = HarmWageSeverity(has_ratio[0], ratio[0], has_ratio[1], ratio[1], &out[3]);
}

/* ---------------------------------------------------------------- duplicates */

static Oid
HreddRelation(const char *name)
{
	Oid			nsp = get_namespace_oid("hredd", false);
	Oid			rel = get_relname_relid(name, nsp);

	if (!OidIsValid(rel))
		elog(ERROR, "harmonize: relation hredd.%s is missing", name);
	return rel;
}

/*
 * The batch reads hredd.observation and hredd.rejected through their indexes
 * (a duplicate answers what is in them) and writes observations itself, so it
 * needs what a SELECT and an INSERT would: checked before any lock is taken,
 * so that a role without them learns nothing and blocks nobody.  Row-level
 * security cannot be honoured by an index probe: refuse rather than bypass it.
 */
static void
CheckTableAccess(Oid rel, const char *name, AclMode mode)
{
	AclResult	acl = pg_class_aclcheck(rel, GetUserId(), mode);

	if (acl != ACLCHECK_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied for table hredd.%s", name),
				 errdetail("hredd.harmonize needs %s on hredd.%s.",
						   mode == ACL_SELECT ? "SELECT" : "SELECT and INSERT", name),
				 errhint("An owner of hredd can grant it with SELECT hredd.grant_access(role, 'writer').")));
	if (check_enable_rls(rel, InvalidOid, false) == RLS_ENABLED)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("hredd.harmonize cannot run while row-level security applies to hredd.%s", name),
				 errdetail("Its duplicate check reads the table through its indexes, which would bypass the policies.")));
}

static void
OpenTables(Batch *b)
{
	Oid			key;
	Oid			obs = HreddRelation("observation");
	Oid			rej = HreddRelation("rejected");

	CheckTableAccess(obs, "observation", ACL_SELECT | ACL_INSERT);
	CheckTableAccess(rej, "rejected", ACL_SELECT);
	InitDirtySnapshot(b->dirty);
	b->obs = table_open(obs, RowExclusiveLock);
	key = RelationGetPrimaryKeyIndex(b->obs);
	if (!OidIsValid(key))
		elog(ERROR, "harmonize: hredd.observation has no primary key");
	b->obs_key = index_open(key, AccessShareLock);
	/* the probe below assumes the shipped key */
	{
		Form_pg_index ix = b->obs_key->rd_index;
		TupleDesc	td = RelationGetDescr(b->obs);
		static const char *const cols[3] = {"facility_ref", "observed_on", "row_key"};
		bool		ok = ix->indnkeyatts == 3 && b->obs_key->rd_indcollation[0] == C_COLLATION_OID;

		for (int i = 0; ok && i < 3; i++)
			ok = ix->indkey.values[i] > 0 &&
				strcmp(NameStr(TupleDescAttr(td, ix->indkey.values[i] - 1)->attname), cols[i]) == 0;
		if (!ok)
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("the primary key of hredd.observation is not (facility_ref COLLATE \"C\", observed_on, row_key)"),
					 errhint("harmonize checks duplicates with that key; restore it.")));
	}
	b->obs_slot = table_slot_create(b->obs, NULL);
	b->obs_scan = index_beginscan(b->obs, b->obs_key, &b->dirty, 3, 0);
	b->rej = table_open(rej, AccessShareLock);
	b->rej_key = index_open(HreddRelation("rejected_row_key_idx"), AccessShareLock);
	b->rej_slot = table_slot_create(b->rej, NULL);
	b->rej_scan = index_beginscan(b->rej, b->rej_key, &b->dirty, 1, 0);
}

static void
CloseTables(Batch *b)
{
	index_endscan(b->obs_scan);
	index_endscan(b->rej_scan);
	ExecDropSingleTupleTableSlot(b->obs_slot);
	ExecDropSingleTupleTableSlot(b->rej_slot);
	/* the locks are kept to the end of the transaction, as the executor does */
	index_close(b->obs_key, NoLock);
	index_close(b->rej_key, NoLock);
	table_close(b->obs, NoLock);
	table_close(b->rej, NoLock);
}

/*
 * Whether the index has a live entry for the keys.  With a dirty snapshot a
 * twin that a transaction in progress is writing or deleting is seen too:
 * wait for that transaction to end and look again, as a unique check does,
 * so that a twin rolled back does not count.
 */
static bool
Probe(Batch *b, IndexScanDesc scan, TupleTableSlot *slot, ScanKey keys, int nkeys)
{
	for (;;)
	{
		TransactionId xwait;

		index_rescan(scan, keys, nkeys, NULL, 0);
		if (!index_getnext_slot(scan, ForwardScanDirection, slot))
			return false;
		xwait = TransactionIdIsValid(b->dirty.xmin) ? b->dirty.xmin : b->dirty.xmax;
		if (!TransactionIdIsValid(xwait))
			return true;
		ExecClearTuple(slot);
		index_rescan(scan, keys, nkeys, NULL, 0);	/* drops the leaf page */
		XactLockTableWait(xwait, NULL, NULL, XLTW_None);
	}
}

/*
 * Whether an observation with this facility, day and row key exists (or is
 * being written by a transaction that then commits).
 */
static bool
ObservationExists(Batch *b, Datum facility, DateADT day, pg_uuid_t *key)
{
	ScanKeyData k[3];
	bool		found;
	MemoryContext old;

	ScanKeyEntryInitialize(&k[0], 0, 1, BTEqualStrategyNumber, InvalidOid, C_COLLATION_OID, F_TEXTEQ, facility);
	ScanKeyEntryInitialize(&k[1], 0, 2, BTEqualStrategyNumber, InvalidOid, InvalidOid, F_DATE_EQ,
						   DateADTGetDatum(day));
	ScanKeyEntryInitialize(&k[2], 0, 3, BTEqualStrategyNumber, InvalidOid, InvalidOid, F_UUID_EQ,
						   UUIDPGetDatum(key));
	/*
	 * In the batch's context: the scan keeps memory of its own across
	 * probes (the btree's list of dead items to mark, allocated on first
	 * use), which must not live in the per-row context.
	 */
	old = MemoryContextSwitchTo(b->cxt);
	found = Probe(b, b->obs_scan, b->obs_slot, k, 3);
	MemoryContextSwitchTo(old);
	return found;
}

static bool
RejectExists(Batch *b, pg_uuid_t *key)
{
	ScanKeyData k[1];
	bool		found;
	MemoryContext old;

	ScanKeyEntryInitialize(&k[0], 0, 1, BTEqualStrategyNumber, InvalidOid, InvalidOid, F_UUID_EQ,
						   UUIDPGetDatum(key));
	old = MemoryContextSwitchTo(b->cxt);	/* as in ObservationExists */
	found = Probe(b, b->rej_scan, b->rej_slot, k, 1);
	MemoryContextSwitchTo(old);
	return found;
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
	Batch		b;
	Writer		wr;
	Oid			country_type;
	Datum		grade_unit;
	HASHCTL		hctl;
	Portal		cursor;
	MemoryContext rowcxt;
	Oid			value_collation = DEFAULT_COLLATION_OID;
	Datum		reason_text[32];
	bool		reason_made[32];

	InitMaterializedSRF(fcinfo, 0);
	memset(&b, 0, sizeof(b));
	memset(reason_made, 0, sizeof(reason_made));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "harmonize: SPI_connect failed");
	b.cxt = CurrentMemoryContext;

	grade_unit = CStringGetTextDatum("grade");
	LoadCodes(&b.codes, scheme);
	LoadBenchmarks(&b);
	OpenTables(&b);
	country_type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("country"),
								   ObjectIdGetDatum(get_namespace_oid("hredd", false)));
	WriterBegin(&wr, b.obs, country_type);
	hctl.keysize = sizeof(pg_uuid_t);
	hctl.entrysize = sizeof(pg_uuid_t);
	hctl.hcxt = CurrentMemoryContext;
	b.seen = hash_create("harmonize row keys", 1024, &hctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
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
			Code	   *code = NULL;
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

				code = CodeFind(&b.codes, s, len);
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
			hash_search(b.seen, &key, HASH_ENTER, &found);
			if (found)
			{
				memset(&res, 0, sizeof(res));
				res.reason = HARM_DUPLICATE;
			}
			else if (HarmClassify(&row, &res))
			{
				/* a good row whose twin is already an observation */
				if (ObservationExists(&b, in[IN_FACILITY], row.date, &key))
					res.reason = HARM_DUPLICATE;
			}
			else if (RejectExists(&b, &key))
				/* a bad row whose twin was rejected before */
				res.reason = HARM_DUPLICATE;

			memset(outnull, true, sizeof(outnull));
			out[OUT_RID] = in[IN_RID];
			outnull[OUT_RID] = false;
			out[OUT_ROW_KEY] = UUIDPGetDatum(&key);
			outnull[OUT_ROW_KEY] = false;
			if (res.reason != HARM_OK)
			{
				int			rc = res.reason == HARM_PARSE ? 16 + (int) res.parse : (int) res.reason;

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
				WageFigures(&b, res.value, cur, !innull[IN_COUNTRY], DatumGetInt16(in[IN_COUNTRY]), row.date, w, has);
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
			if (res.reason == HARM_OK && wr.direct)
			{
				/* written here; harmonize gets the row's position only */
				static const int from[OBS_NCOLS] = {
					OUT_ROW_KEY, -1, -1, -1, OUT_FACILITY, OUT_CODE, OUT_TOPIC, OUT_INDICATOR, OUT_VALUE,
					OUT_UNIT, OUT_SEVERITY, OUT_DATE, OUT_COUNTRY, OUT_VALUE_USD, OUT_MIN_RATIO,
					OUT_LIVING_RATIO, OUT_RAW_VALUE, OUT_RAW_UNIT
				};
				Datum		ov[OBS_NCOLS];
				bool		on[OBS_NCOLS];

				for (int c = 0; c < (int) OBS_NCOLS; c++)
				{
					ov[c] = from[c] >= 0 ? out[from[c]] : (Datum) 0;
					on[c] = from[c] >= 0 ? outnull[from[c]] : false;
				}
				ov[1] = run_id;
				ov[2] = source;
				ov[3] = PointerGetDatum(scheme);
				WriterAdd(&wr, ov, on);
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
	WriterEnd(&wr);
	CloseTables(&b);
	SPI_finish();
	return (Datum) 0;
}
