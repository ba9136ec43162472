/*
 * osh_write.c — hredd.osh_write_new and hredd.osh_write_file: an Open
 * Supply Hub download written straight into hredd.osh_location, without a
 * stage.  osh_write_file takes the records its file's readers read
 * (osh_file.c) instead of a query's rows; the rest below is the same.
 *
 * The loader hands it a query that reads every record with hredd.osh_read
 * (one row-typed column).  The query is planned as CREATE TABLE AS plans
 * its SELECT, so the records can be read by parallel workers; the rows come
 * back to this process, which writes the accepted ones into the registry
 * as COPY FROM does (batches through table_multi_insert with a bulk-insert
 * state, the table's checks), and the records a report shows (refused, or
 * with a warning) into the caller's temporary note table.  A stage written
 * and read again cost more than the registry rows themselves.
 *
 * A first load (the registry empty) then builds the indexes afresh from
 * the table as REINDEX does (a sorted build writes each index page once;
 * inserting the entries, even sorted, cost three times as much).  A later
 * load looks each accepted record's row up through the primary key: a row
 * that says the same is left, one that differs replaced (after the query:
 * no tuple may be updated while parallel workers read), an OS ID not there
 * added; the new entries are inserted.
 *
 * It takes only what the staged path would write the same way: when an
 * accepted record's OS ID comes a second time, or its facility value needs
 * hredd.facility() (which raises the error), it stops with
 * object_not_in_prerequisite_state and the loader, which called it inside a
 * subtransaction, takes the staged path instead.  In a first load an OS ID
 * that comes twice is found by the primary key when its index is built (or
 * its entries inserted): the unique violation is turned into that error (a
 * set of the OS IDs seen was an eighth of this process's time at a million
 * records, a cache miss per row).  A later load keeps that set: there the
 * first record of an OS ID may leave its row as it was.  A registry with
 * triggers or row-level security, without a unique index on os_id, or not
 * of the layout below, is refused the same way.
 *
 * The build locks the registry's indexes ACCESS EXCLUSIVE (and the
 * registry SHARE) until the transaction ends, so a first load keeps
 * readers of the (empty) registry waiting; where an index is open
 * elsewhere in this session (REINDEX refuses it) or checks uniqueness at
 * commit, and in a later load, the entries are inserted instead: those of
 * plain B-trees sorted per index and inserted in key order at the end, the
 * others with each row.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/relscan.h"
#include "access/skey.h"
#include "access/stratnum.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/index.h"
#include "catalog/namespace.h"
#include "catalog/pg_am.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "optimizer/cost.h"
#include "parser/parse_relation.h"
#include "parser/parsetree.h"
#include "tcop/dest.h"
#include "tcop/tcopprot.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"
#include "utils/tuplesort.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"

#include "osh_file.h"
#include "osh_read.h"

/*
 * Rows a batch holds before it is written.  COPY FROM writes 1,000, but
 * while this process writes a batch it takes nothing from the workers'
 * queues (64 kB each, about a hundred records): with 1,000 they stood full
 * and waiting during every batch, and a million records took a tenth
 * longer (4.16 s against 3.73 s, four alternated runs each).
 */
#define OSH_BATCH 100

/* the parallel workers the records are read by, at least (where the download is large enough) */
#define OSH_WORKERS 3

/* the registry's columns, in order, and the osh_read column each is taken from */
#define FROM_LABEL (-1)
#define FROM_NOW (-2)
static const struct
{
	const char *name;
	int			from;
}			reg_cols[] = {
	{"os_id", R_OS_ID}, {"name", R_NAME}, {"address", R_ADDRESS}, {"country", R_COUNTRY},
	{"lat", R_LAT}, {"lng", R_LNG}, {"facility", R_FACILITY}, {"sectors", R_SECTORS},
	{"product_types", R_PRODUCT_TYPES}, {"processing_types", R_PROCESSING_TYPES},
	{"facility_types", R_FACILITY_TYPES}, {"workers_min", R_WORKERS_MIN}, {"workers_max", R_WORKERS_MAX},
	{"parent_companies", R_PARENT_COMPANIES}, {"contributors", R_CONTRIBUTORS},
	{"claim_status", R_CLAIM_STATUS}, {"is_closed", R_IS_CLOSED}, {"source", FROM_LABEL},
	{"loaded_at", FROM_NOW}
};
#define REG_NCOLS ((int) lengthof(reg_cols))
StaticAssertDecl(REG_NCOLS == OSH_REG_NCOLS, "the registry's columns");

/* the note table's columns (the stage's, as hredd.osh_store_notes reads them) */
static const struct
{
	const char *name;
	Oid			type;
	int			from;			/* an osh_read column, or -1: NULL */
}			note_cols[] = {
	{"ord", INT8OID, R_ORD}, {"row_ref", TEXTOID, R_ROW_REF}, {"record", JSONBOID, -1},
	{"reason", TEXTOID, R_REASON}, {"detail", TEXTOID, R_DETAIL}, {"warn_empty", TEXTOID, R_WARN_EMPTY},
	{"warn_workers", TEXTOID, R_WARN_WORKERS}, {"warn_flag", TEXTOID, R_WARN_FLAG}
};
#define NOTE_NCOLS ((int) lengthof(note_cols))
StaticAssertDecl(NOTE_NCOLS == OSH_NOTE_NCOLS, "the note table's columns");
#define NOTE_RECORD 2			/* (the column "record") */
#define NOTE_REASON 3

/*
 * The OS IDs a later load has taken so far: a set of int64 (open
 * addressing, doubled when half full).  A first load leaves this to the
 * primary key; a later one must find an OS ID twice also where its first
 * record left the registry's row as it was.
 */
typedef struct SeenSet
{
	uint64	   *slot;			/* 0 = empty; a key k is stored as k + 1 */
	size_t		cap;			/* a power of two */
	size_t		used;
} SeenSet;

typedef struct OshWriter
{
	DestReceiver pub;
	MemoryContext cxt;			/* everything below */
	MemoryContext rowcxt;		/* reset after each record */
	EState	   *estate;
	ResultRelInfo *rri;
	Relation	rel;			/* the registry (rri's) */
	Relation	note;
	/*
	 * The download the query reads (its one table), whose rows a note shows
	 * as JSON: fetched by ctid while the workers read on (this process has
	 * time then), not afterwards by a statement that read each page again.
	 * NULL where that is not sure to give what the SQL would (then
	 * hredd.osh_store_notes fills the JSON).
	 */
	Relation	src;
	TupleTableSlot *srcslot;
	FmgrInfo	tojsonb;
	BulkInsertState bistate;
	CommandId	cid;
	TupleTableSlot *slots[OSH_BATCH];
	TupleTableSlot *check;		/* a row's values as checked, before it is formed */
	int			nbuf;
	Datum		label;
	Datum		now;
	Oid			want[R_NCOLS];	/* the type each osh_read column must have */
	Oid			rtypid;			/* the row type last checked */
	int32		rtypmod;
	TupleDesc	rdesc;
	int64		records;
	/*
	 * The index entries, sorted per index and inserted at the end in key
	 * order (each then lands on the rightmost leaf: a third of the writing
	 * went into descending two B-trees for keys in random order); NULL when
	 * an index is not a plain B-tree, then every entry goes in with its row.
	 */
	Tuplesortstate **sorts;
	/*
	 * Or no entries at all while the rows are written: the indexes are
	 * built afresh from the table at the end (REINDEX's sorted build, one
	 * page write each instead of an insertion per entry); osh_write_new
	 * then holds ACCESS EXCLUSIVE on them until the transaction ends.
	 */
	bool		build;
	/*
	 * A registry that holds rows already (a later load): each accepted
	 * record's row is looked up by its OS ID through the unique index pk.
	 * A row that says the same is left as it is, one that differs is
	 * updated, and an OS ID not there is written as a new row.
	 */
	bool		known;
	Relation	pk;
	IndexScanDesc pkscan;		/* (begun with the first record) */
	ScanKeyData pkkey;
	Snapshot	snapshot;		/* the query's */
	TupleTableSlot *old;		/* the registry's row of an OS ID */
	/*
	 * The rows to replace: their new versions, and the old ones' places.
	 * They are updated after the query has run, as no tuple may be updated
	 * while parallel workers read (new rows may be inserted).
	 */
	Tuplestorestate *updates;
	ItemPointerData *updtids;
	int64		nupd;
	int64		updcap;
	TupleTableSlot *upd;		/* a new version */
	FmgrInfo   *eq;				/* "=" of each column compared (fn_oid 0: not compared) */
	Oid		   *eqcoll;
	int64		replaced;
	int64		unchanged;
	SeenSet		seen;
} OshWriter;

static size_t
SeenHash(uint64 k, size_t cap)
{
	k ^= k >> 33;
	k *= UINT64CONST(0xff51afd7ed558ccd);
	k ^= k >> 33;
	return (size_t) k & (cap - 1);
}

/* true when key was in the set; adds it */
static bool
SeenAdd(SeenSet *s, MemoryContext cxt, int64 key)
{
	uint64		k = (uint64) key + 1;	/* packed OS IDs are >= 0 */
	size_t		h;

	if (s->used * 2 >= s->cap)
	{
		size_t		ncap = s->cap ? s->cap * 2 : 1024;
		uint64	   *nslot = MemoryContextAllocHuge(cxt, ncap * sizeof(uint64));

		memset(nslot, 0, ncap * sizeof(uint64));
		for (size_t i = 0; i < s->cap; i++)
			if (s->slot[i] != 0)
			{
				h = SeenHash(s->slot[i], ncap);
				while (nslot[h] != 0)
					h = (h + 1) & (ncap - 1);
				nslot[h] = s->slot[i];
			}
		if (s->slot)
			pfree(s->slot);
		s->slot = nslot;
		s->cap = ncap;
	}
	h = SeenHash(k, s->cap);
	while (s->slot[h] != 0)
	{
		if (s->slot[h] == k)
			return true;
		h = (h + 1) & (s->cap - 1);
	}
	s->slot[h] = k;
	s->used++;
	return false;
}

/* the error that sends the loader to its staged path */
static void
NotHere(const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("hredd.osh_write_new cannot write this download without a stage: %s", why),
			 errhint("hredd.load_osh_download then stages the download.")));
}

/*
 * The columns a later load compares (as hredd.osh_store's IS DISTINCT FROM
 * does): all but the OS ID, the facility value (made from the compared
 * ones), the source and the time of loading.
 */
static bool
Compared(int i)
{
	return reg_cols[i].from >= 0 && reg_cols[i].from != R_OS_ID && reg_cols[i].from != R_FACILITY;
}

/*
 * The "=" of each column a later load compares (fn_oid 0 for the others),
 * and the unique index on os_id's equality as a scan key: into eq, coll
 * and key (in cxt).  The name of a column without "=" where one has none
 * (then the staged path compares), else NULL.
 */
const char *
OshRowEqualities(Relation rel, Relation pk, FmgrInfo *eq, Oid *coll, ScanKey key, MemoryContext cxt)
{
	Oid			eqop = get_opfamily_member(pk->rd_opfamily[0], pk->rd_opcintype[0], pk->rd_opcintype[0],
										   BTEqualStrategyNumber);

	if (!OidIsValid(eqop))
		return "os_id";
	ScanKeyInit(key, 1, BTEqualStrategyNumber, get_opcode(eqop), (Datum) 0);
	key->sk_collation = pk->rd_indcollation[0];
	memset(eq, 0, REG_NCOLS * sizeof(FmgrInfo));
	memset(coll, 0, REG_NCOLS * sizeof(Oid));
	for (int i = 0; i < REG_NCOLS; i++)
		if (Compared(i))
		{
			Form_pg_attribute a = TupleDescAttr(RelationGetDescr(rel), i);
			TypeCacheEntry *tc = lookup_type_cache(a->atttypid, TYPECACHE_EQ_OPR_FINFO);

			if (!OidIsValid(tc->eq_opr_finfo.fn_oid))
				return NameStr(a->attname);
			fmgr_info_copy(&eq[i], &tc->eq_opr_finfo, cxt);
			coll[i] = a->attcollation;
		}
	return NULL;
}

/* Whether the registry's row (old, deformed) says what rv, rn say: NULL equals NULL, as IS NOT DISTINCT FROM. */
bool
OshRowSame(FmgrInfo *eq, const Oid *coll, TupleTableSlot *old, const Datum *rv, const bool *rn)
{
	for (int i = 0; i < REG_NCOLS; i++)
	{
		if (eq[i].fn_oid == InvalidOid)
			continue;
		if (rn[i] != old->tts_isnull[i])
			return false;
		if (!rn[i] && !DatumGetBool(FunctionCall2Coll(&eq[i], coll[i], old->tts_values[i], rv[i])))
			return false;
	}
	return true;
}

/*
 * A new row's (or a new version's) index entries: into their sorts, or into
 * the indexes now (after a HOT update in PostgreSQL 16 and later, only
 * those of summarizing indexes: then the indexes are not all B-trees, and
 * there are no sorts).
 */
static void
WriterIndexEntries(OshWriter *w, TupleTableSlot *slot, bool update, bool summarizing)
{
	if (w->sorts != NULL)
	{
		Datum		values[INDEX_MAX_KEYS];
		bool		isnull[INDEX_MAX_KEYS];

		for (int k = 0; k < w->rri->ri_NumIndices; k++)
		{
			FormIndexDatum(w->rri->ri_IndexRelationInfo[k], slot, w->estate, values, isnull);
			tuplesort_putindextuplevalues(w->sorts[k], w->rri->ri_IndexRelationDescs[k], &slot->tts_tid,
										  values, isnull);
		}
	}
	else if (w->rri->ri_NumIndices > 0 && !w->build)
#if PG_VERSION_NUM >= 160000
		list_free(ExecInsertIndexTuples(w->rri, slot, w->estate, update, false, NULL, NIL, summarizing));
#else
		list_free(ExecInsertIndexTuples(w->rri, slot, w->estate, update, false, NULL, NIL));
#endif
	ResetPerTupleExprContext(w->estate);
}

/* The batch into the registry: the rows, then their index entries (or into their sorts). */
static void
WriterFlush(OshWriter *w)
{
	if (w->nbuf == 0)
		return;
	table_multi_insert(w->rel, w->slots, w->nbuf, w->cid, 0, w->bistate);
	for (int i = 0; i < w->nbuf; i++)
	{
		WriterIndexEntries(w, w->slots[i], false, false);
		ExecClearTuple(w->slots[i]);
	}
	w->nbuf = 0;
}

/* The sorted index entries into their indexes, each index in key order. */
static void
WriterIndexes(OshWriter *w)
{
	if (w->sorts == NULL)
		return;
	for (int k = 0; k < w->rri->ri_NumIndices; k++)
	{
		Relation	irel = w->rri->ri_IndexRelationDescs[k];
		IndexInfo  *ii = w->rri->ri_IndexRelationInfo[k];
		Datum		values[INDEX_MAX_KEYS];
		bool		isnull[INDEX_MAX_KEYS];
		IndexTuple	itup;

		tuplesort_performsort(w->sorts[k]);
		while ((itup = tuplesort_getindextuple(w->sorts[k], true)) != NULL)
		{
			index_deform_tuple(itup, RelationGetDescr(irel), values, isnull);
			index_insert(irel, values, isnull, &itup->t_tid, w->rel,
						 irel->rd_index->indisunique ? UNIQUE_CHECK_YES : UNIQUE_CHECK_NO, false, ii);
			CHECK_FOR_INTERRUPTS();
		}
		tuplesort_end(w->sorts[k]);
		w->sorts[k] = NULL;
	}
}

/* The registry's row of an OS ID (w->old) to be replaced by rv, rn: kept for WriterUpdates. */
static void
WriterReplace(OshWriter *w, Datum *rv, bool *rn)
{
	if (w->nupd == w->updcap)
	{
		w->updcap = w->updcap ? w->updcap * 2 : 1024;
		w->updtids = w->updtids ? repalloc_huge(w->updtids, w->updcap * sizeof(ItemPointerData))
			: MemoryContextAllocHuge(w->cxt, w->updcap * sizeof(ItemPointerData));
	}
	w->updtids[w->nupd++] = w->old->tts_tid;
	tuplestore_putvalues(w->updates, RelationGetDescr(w->rel), rv, rn);
	ExecClearTuple(w->old);
}

/*
 * The rows kept by WriterReplace replaced, after the query: each new
 * version and, unless the update was a HOT one, its index entries.  Each OS
 * ID comes once (WriterReceive's set), and no other loader writes (the
 * caller's lock): a row changed meanwhile is an error.
 */
static void
WriterUpdates(OshWriter *w)
{
	for (int64 i = 0; i < w->nupd; i++)
	{
		TM_Result	res;
		TM_FailureData tmfd;
		LockTupleMode lockmode;
#if PG_VERSION_NUM >= 160000
		TU_UpdateIndexes entries;
#else
		bool		entries;
#endif

		if (!tuplestore_gettupleslot(w->updates, true, false, w->upd))
			elog(ERROR, "hredd.osh_write_new lost a row to replace");
		res = table_tuple_update(w->rel, &w->updtids[i], w->upd, w->cid, w->snapshot, InvalidSnapshot, true, &tmfd,
								 &lockmode, &entries);
		if (res != TM_Ok)
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("hredd.osh_write_new could not replace a row of hredd.osh_location: it was changed meanwhile")));
#if PG_VERSION_NUM >= 160000
		if (entries != TU_None)
			WriterIndexEntries(w, w->upd, true, entries == TU_Summarizing);
#else
		if (entries)
			WriterIndexEntries(w, w->upd, true, false);
#endif
		ExecClearTuple(w->upd);
		CHECK_FOR_INTERRUPTS();
	}
	w->replaced = w->nupd;
}

/* The row type of the records, checked once per type against osh_read's. */
static void
WriterRowType(OshWriter *w, Oid typid, int32 typmod)
{
	TupleDesc	d;
	MemoryContext old;

	if (w->rdesc != NULL && typid == w->rtypid && typmod == w->rtypmod)
		return;
	d = lookup_rowtype_tupdesc(typid, typmod);
	if (d->natts != R_NCOLS)
		ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
						errmsg("hredd.osh_write_new takes rows of hredd.osh_read, not rows of %d columns", d->natts)));
	for (int i = 0; i < R_NCOLS; i++)
		if (TupleDescAttr(d, i)->attisdropped || TupleDescAttr(d, i)->atttypid != w->want[i])
			ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
							errmsg("hredd.osh_write_new takes rows of hredd.osh_read: column %d is of type %s, not %s",
								   i + 1, format_type_be(TupleDescAttr(d, i)->atttypid),
								   format_type_be(w->want[i]))));
	old = MemoryContextSwitchTo(w->cxt);
	if (w->rdesc != NULL)
		FreeTupleDesc(w->rdesc);
	w->rdesc = CreateTupleDescCopy(d);
	MemoryContextSwitchTo(old);
	ReleaseTupleDesc(d);
	w->rtypid = typid;
	w->rtypmod = typmod;
}

/*
 * A record's note (the note table's columns) from v, n (osh_read's row,
 * then the record as JSON): false when no report shows the record.  The
 * JSON stays NULL where not given (read from the download by its ctid).
 */
bool
OshNoteValues(const Datum *v, const bool *n, Datum *nv, bool *nn)
{
	if (n[R_REASON] && n[R_WARN_EMPTY] && n[R_WARN_WORKERS] && n[R_WARN_FLAG])
		return false;
	for (int i = 0; i < NOTE_NCOLS; i++)
	{
		int			from = note_cols[i].from;

		nn[i] = from < 0 || n[from];
		nv[i] = nn[i] ? (Datum) 0 : v[from];
	}
	if (!n[R_NCOLS])
		nv[NOTE_RECORD] = v[R_NCOLS], nn[NOTE_RECORD] = false;
	return true;
}

/*
 * An accepted record's registry row (rv, rn) from v, n, with source =
 * label and loaded_at = now: false for a refused record.  A facility value
 * left to hredd.facility() sends the loader to its staged path.
 */
bool
OshRowValues(const Datum *v, const bool *n, Datum label, Datum now, Datum *rv, bool *rn)
{
	if (!n[R_REASON])
		return false;
	if (n[R_OS_ID] || n[R_FACILITY])
		NotHere("an accepted record's facility value is left to hredd.facility()");
	for (int i = 0; i < REG_NCOLS; i++)
	{
		int			from = reg_cols[i].from;

		if (from == FROM_LABEL)
			rv[i] = label, rn[i] = false;
		else if (from == FROM_NOW)
			rv[i] = now, rn[i] = false;
		else
			rv[i] = v[from], rn[i] = n[from];
	}
	return true;
}

/* The note table's row type (its columns as osh_write_new wants them). */
TupleDesc
OshNoteDesc(void)
{
	TupleDesc	d = CreateTemplateTupleDesc(NOTE_NCOLS);

	for (int i = 0; i < NOTE_NCOLS; i++)
		TupleDescInitEntry(d, i + 1, note_cols[i].name, note_cols[i].type, -1, 0);
	return d;
}

/* A note into the note table (its JSON from the download by ctid where not given). */
static void
WriterNote(OshWriter *w, Datum *nv, bool *nn)
{
	if (nn[NOTE_RECORD] && w->src != NULL && !nn[0])
	{
		int64		ord = DatumGetInt64(nv[0]);
		ItemPointerData tid;

		/* (ord is the ctid's block * 65536 + offset) */
		ItemPointerSet(&tid, (BlockNumber) (ord / 65536), (OffsetNumber) (ord % 65536));
		if (table_tuple_fetch_row_version(w->src, &tid, GetActiveSnapshot(), w->srcslot))
		{
			nv[NOTE_RECORD] = FunctionCall1(&w->tojsonb, ExecFetchSlotHeapTupleDatum(w->srcslot));
			nn[NOTE_RECORD] = false;
		}
		ExecClearTuple(w->srcslot);
	}
	{
		MemoryContext old = MemoryContextSwitchTo(w->rowcxt);
		HeapTuple	t = heap_form_tuple(RelationGetDescr(w->note), nv, nn);

		heap_insert(w->note, t, w->cid, 0, NULL);
		heap_freetuple(t);
		MemoryContextSwitchTo(old);
	}
	/* (a refused record has a note and no row: counted here) */
	if (!nn[NOTE_REASON])
		w->records++;
}

/*
 * An accepted record's row: rv, rn, or formed already (tup, in the
 * writer's context, rv and rn then unused unless the registry has rows).
 * Into a registry with rows it is compared with the row of its OS ID
 * there; new rows are written in batches.
 */
static void
WriterRow(OshWriter *w, Datum *rv, bool *rn, HeapTuple tup)
{
	MemoryContext old = MemoryContextSwitchTo(w->rowcxt);
	bool		found = false;

	w->records++;
	if (tup != NULL && w->known)
	{
		/* (compared column by column: the values) */
		heap_deform_tuple(tup, RelationGetDescr(w->rel), rv, rn);
	}
	else if (tup != NULL)
	{
		/* a first load: the checks on the row as formed, then into the batch */
		TupleTableSlot *out = w->slots[w->nbuf];

		ExecStoreHeapTuple(tup, out, true);
		if (w->rel->rd_att->constr)
		{
			ExecConstraints(w->rri, out, w->estate);
			ResetPerTupleExprContext(w->estate);
		}
		MemoryContextSwitchTo(old);
		MemoryContextReset(w->rowcxt);
		if (++w->nbuf == OSH_BATCH)
			WriterFlush(w);
		return;
	}
	if (w->known)
	{
		if (SeenAdd(&w->seen, w->cxt, DatumGetInt64(rv[0])))
			NotHere("an OS ID comes twice");
		/* (the scan in the writer's context: a B-tree scan keeps what it allocates) */
		MemoryContextSwitchTo(w->cxt);
		if (w->pkscan == NULL)
			w->pkscan = index_beginscan(w->rel, w->pk, w->snapshot, 1, 0);
		w->pkkey.sk_argument = rv[0];
		index_rescan(w->pkscan, &w->pkkey, 1, NULL, 0);
		found = index_getnext_slot(w->pkscan, ForwardScanDirection, w->old);
		MemoryContextSwitchTo(w->rowcxt);
		if (found)
		{
			slot_getallattrs(w->old);
			if (OshRowSame(w->eq, w->eqcoll, w->old, rv, rn))
			{
				w->unchanged++;
				ExecClearTuple(w->old);
				if (tup != NULL)
					heap_freetuple(tup);
				MemoryContextSwitchTo(old);
				MemoryContextReset(w->rowcxt);
				return;
			}
		}
	}
	/* the checks on the values as they are (checking the formed row deformed it again) */
	if (w->rel->rd_att->constr)
	{
		ExecClearTuple(w->check);
		memcpy(w->check->tts_values, rv, REG_NCOLS * sizeof(Datum));
		memcpy(w->check->tts_isnull, rn, REG_NCOLS * sizeof(bool));
		ExecStoreVirtualTuple(w->check);
		ExecConstraints(w->rri, w->check, w->estate);
		ExecClearTuple(w->check);
		ResetPerTupleExprContext(w->estate);
	}
	if (found)
		WriterReplace(w, rv, rn);
	else
	{
		TupleTableSlot *out = w->slots[w->nbuf];
		HeapTuple	formed;

		MemoryContextSwitchTo(w->cxt);
		formed = heap_form_tuple(RelationGetDescr(w->rel), rv, rn);
		MemoryContextSwitchTo(w->rowcxt);
		ExecStoreHeapTuple(formed, out, true);
		if (++w->nbuf == OSH_BATCH)
			WriterFlush(w);
	}
	if (tup != NULL)
		heap_freetuple(tup);	/* (what replaces a row was copied) */
	MemoryContextSwitchTo(old);
	MemoryContextReset(w->rowcxt);
}


/*
 * One record read (v, n: the columns of osh_read's row, then the record as
 * JSON, NULL where the note's JSON is read from the download by its ctid):
 * a note when a report shows it, a registry row when it is accepted.
 */
static void
WriterRecord(OshWriter *w, Datum *v, bool *n)
{
	Datum		nv[NOTE_NCOLS];
	bool		nn[NOTE_NCOLS];
	Datum		rv[REG_NCOLS];
	bool		rn[REG_NCOLS];

	if (OshNoteValues(v, n, nv, nn))
		WriterNote(w, nv, nn);
	if (OshRowValues(v, n, w->label, w->now, rv, rn))
		WriterRow(w, rv, rn, NULL);
	MemoryContextReset(w->rowcxt);
}

/* One row of the query: osh_read's, as one row-typed column. */
static bool
WriterReceive(TupleTableSlot *slot, DestReceiver *self)
{
	OshWriter  *w = (OshWriter *) self;
	MemoryContext old = MemoryContextSwitchTo(w->rowcxt);
	Datum		d;
	bool		isnull;
	HeapTupleHeader td;
	HeapTupleData tmp;
	Datum		v[R_NCOLS + 1];
	bool		n[R_NCOLS + 1];

	d = slot_getattr(slot, 1, &isnull);
	if (isnull)
		ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						errmsg("hredd.osh_write_new takes rows of hredd.osh_read, not NULL")));
	td = DatumGetHeapTupleHeader(d);
	WriterRowType(w, HeapTupleHeaderGetTypeId(td), HeapTupleHeaderGetTypMod(td));
	tmp.t_len = HeapTupleHeaderGetDatumLength(td);
	ItemPointerSetInvalid(&tmp.t_self);
	tmp.t_tableOid = InvalidOid;
	tmp.t_data = td;
	heap_deform_tuple(&tmp, w->rdesc, v, n);
	n[R_NCOLS] = true;
	MemoryContextSwitchTo(old);
	/* (the deformed values stay in the row context until WriterRecord resets it) */
	WriterRecord(w, v, n);
	return true;
}

/* The query's result: one column of a row type (checked per row against osh_read's). */
static void
WriterStartup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
	if (typeinfo->natts != 1 || TupleDescAttr(typeinfo, 0)->atttypid != RECORDOID)
		ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
						errmsg("hredd.osh_write_new takes a query of one column, the rows of hredd.osh_read")));
}

/* (the last batch and the index entries are written by osh_write_new, after the executor) */
static void
WriterShutdown(DestReceiver *self)
{
}

/* (the writer lives in osh_write_new's memory context) */
static void
WriterDestroy(DestReceiver *self)
{
}

/* Checks a column list against a relation's, by name and type. */
static void
CheckColumn(Relation rel, int i, const char *name, Oid type)
{
	Form_pg_attribute a = TupleDescAttr(RelationGetDescr(rel), i);

	if (a->attisdropped || strcmp(NameStr(a->attname), name) != 0 || (type != InvalidOid && a->atttypid != type))
		NotHere(psprintf("column %d of %s is not %s", i + 1, RelationGetRelationName(rel), name));
}

/*
 * The writer of a load: the registry checked (layout, no triggers or
 * row-level security, the privileges the staged path's statements need),
 * the note table checked, the registry opened as an INSERT's result
 * relation with its indexes, and a snapshot pushed (the query's, and the
 * later load's primary-key lookups').  It lives in cxt.
 */
static OshWriter *
WriterOpen(text *label, Oid noteid, MemoryContext cxt)
{
	OshWriter  *w;
	Oid			relid;
	Relation	rel;
	RangeTblEntry *rte;
#if PG_VERSION_NUM >= 160000
	List	   *perminfos = NIL;
#endif

	w = MemoryContextAllocZero(cxt, sizeof(OshWriter));
	w->cxt = cxt;
	w->rowcxt = AllocSetContextCreate(cxt, "osh_write_new row", ALLOCSET_DEFAULT_SIZES);

	/* the registry: its layout, no triggers, no row-level security */
	relid = RangeVarGetRelid(makeRangeVar("hredd", "osh_location", -1), RowExclusiveLock, false);
	rel = table_open(relid, NoLock);
	if (rel->rd_rel->relkind != RELKIND_RELATION || RelationGetDescr(rel)->natts != REG_NCOLS)
		NotHere("hredd.osh_location is not the registry table it was");
	if (rel->trigdesc != NULL)
		NotHere("hredd.osh_location has triggers");
	if (check_enable_rls(relid, InvalidOid, false) == RLS_ENABLED)
		NotHere("hredd.osh_location has row-level security");
	memset(w->want, 0, sizeof w->want);
	for (int i = 0; i < REG_NCOLS; i++)
	{
		int			from = reg_cols[i].from;

		CheckColumn(rel, i, reg_cols[i].name,
					from == FROM_LABEL ? TEXTOID : from == FROM_NOW ? TIMESTAMPTZOID : InvalidOid);
		if (from >= 0)
			w->want[from] = TupleDescAttr(RelationGetDescr(rel), i)->atttypid;
	}
	w->want[R_ORD] = INT8OID;
	w->want[R_ROW_REF] = w->want[R_REASON] = w->want[R_DETAIL] = TEXTOID;
	w->want[R_WARN_EMPTY] = w->want[R_WARN_WORKERS] = w->want[R_WARN_FLAG] = TEXTOID;

	/* the note table: the caller's, temporary */
	w->note = table_open(noteid, RowExclusiveLock);
	if (w->note->rd_rel->relkind != RELKIND_RELATION || w->note->rd_rel->relpersistence != RELPERSISTENCE_TEMP ||
		RelationGetDescr(w->note)->natts != NOTE_NCOLS)
		ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
						errmsg("\"%s\" is not a temporary note table of hredd.osh_write_new",
							   RelationGetRelationName(w->note))));
	for (int i = 0; i < NOTE_NCOLS; i++)
	{
		Form_pg_attribute a = TupleDescAttr(RelationGetDescr(w->note), i);

		if (a->attisdropped || strcmp(NameStr(a->attname), note_cols[i].name) != 0 ||
			a->atttypid != note_cols[i].type)
			ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE),
							errmsg("\"%s\" is not a temporary note table of hredd.osh_write_new",
								   RelationGetRelationName(w->note))));
	}

	/* whether the registry holds rows already (no other loader writes: the caller's lock) */
	{
		TableScanDesc scan = table_beginscan(rel, ActiveSnapshotSet() ? GetActiveSnapshot() : GetTransactionSnapshot(),
											 0, NULL);
		TupleTableSlot *any = table_slot_create(rel, NULL);

		w->known = table_scan_getnextslot(scan, ForwardScanDirection, any);
		ExecDropSingleTupleTableSlot(any);
		table_endscan(scan);
	}

	/*
	 * The privileges the staged path's statements need: INSERT (its columns
	 * but loaded_at), SELECT of os_id (whether the registry is empty), and
	 * in a later load SELECT of the columns compared and UPDATE of every
	 * column but os_id.
	 */
	rte = makeNode(RangeTblEntry);
	rte->rtekind = RTE_RELATION;
	rte->relid = relid;
	rte->relkind = rel->rd_rel->relkind;
	rte->rellockmode = RowExclusiveLock;
	{
#if PG_VERSION_NUM >= 160000
		/* (permissions moved out of the range table entry in PostgreSQL 16) */
		RTEPermissionInfo *perm = addRTEPermissionInfo(&perminfos, rte);
#else
		RangeTblEntry *perm = rte;
#endif

		perm->requiredPerms = ACL_INSERT | ACL_SELECT | (w->known ? ACL_UPDATE : 0);
		perm->selectedCols = bms_make_singleton(1 - FirstLowInvalidHeapAttributeNumber);
		for (int i = 0; i < REG_NCOLS; i++)
		{
			int			col = i + 1 - FirstLowInvalidHeapAttributeNumber;

			if (reg_cols[i].from != FROM_NOW)
				perm->insertedCols = bms_add_member(perm->insertedCols, col);
			if (w->known && Compared(i))
				perm->selectedCols = bms_add_member(perm->selectedCols, col);
			if (w->known && i > 0)
				perm->updatedCols = bms_add_member(perm->updatedCols, col);
		}
	}
#if PG_VERSION_NUM >= 160000
	ExecCheckPermissions(list_make1(rte), perminfos, true);
#else
	ExecCheckRTPerms(list_make1(rte), true);
#endif
	table_close(rel, NoLock);

	/*
	 * A transaction ID now: the executor may enter parallel mode, where none
	 * can be assigned (CREATE TABLE AS has one from creating its table).
	 */
	(void) GetCurrentTransactionId();
	w->cid = GetCurrentCommandId(true);

	/* the registry as an INSERT's result relation (indexes, checks) */
	w->estate = CreateExecutorState();
#if PG_VERSION_NUM >= 160000
	ExecInitRangeTable(w->estate, list_make1(rte), perminfos);
#else
	ExecInitRangeTable(w->estate, list_make1(rte));
#endif
	w->rri = makeNode(ResultRelInfo);
	ExecInitResultRelation(w->estate, w->rri, 1);
#if PG_VERSION_NUM >= 170000
	CheckValidResultRel(w->rri, CMD_INSERT, NIL);
#else
	CheckValidResultRel(w->rri, CMD_INSERT);
#endif
	ExecOpenIndices(w->rri, false);
	w->rel = w->rri->ri_RelationDesc;

	/*
	 * The registry's unique index on os_id (its primary key): it finds an OS
	 * ID that comes twice, when it is built or its entries are inserted (the
	 * rows are not compared as they come), and a later load looks up each
	 * record's row through it: a valid one (one left invalid by a failed
	 * CREATE INDEX CONCURRENTLY may lack rows).
	 */
	for (int k = 0; k < w->rri->ri_NumIndices && w->pk == NULL; k++)
	{
		Relation	irel = w->rri->ri_IndexRelationDescs[k];
		Form_pg_index ix = irel->rd_index;
		IndexInfo  *ii = w->rri->ri_IndexRelationInfo[k];

		if (irel->rd_rel->relam == BTREE_AM_OID && ix->indisunique && ix->indimmediate && ix->indisvalid &&
			ix->indnkeyatts == 1 && ix->indkey.values[0] == 1 && ii->ii_Expressions == NIL &&
			ii->ii_Predicate == NIL && ii->ii_ReadyForInserts)
			w->pk = irel;
	}
	if (w->pk == NULL)
		NotHere("hredd.osh_location has no unique index on os_id");

	if (w->known)
	{
		MemoryContext old = MemoryContextSwitchTo(cxt);
		const char *none;

		w->eq = palloc0(REG_NCOLS * sizeof(FmgrInfo));
		w->eqcoll = palloc0(REG_NCOLS * sizeof(Oid));
		if ((none = OshRowEqualities(w->rel, w->pk, w->eq, w->eqcoll, &w->pkkey, cxt)) != NULL)
			NotHere(psprintf("column %s has no equality", none));
		w->old = table_slot_create(w->rel, NULL);
		w->upd = MakeSingleTupleTableSlot(RelationGetDescr(w->rel), &TTSOpsMinimalTuple);
		w->updates = tuplestore_begin_heap(false, false, work_mem);
		MemoryContextSwitchTo(old);
	}

	if (w->rri->ri_NumIndices > 0)
	{
		bool		plain = true;

		for (int k = 0; k < w->rri->ri_NumIndices; k++)
		{
			IndexInfo  *ii = w->rri->ri_IndexRelationInfo[k];

			plain = plain && w->rri->ri_IndexRelationDescs[k]->rd_rel->relam == BTREE_AM_OID &&
				ii->ii_Expressions == NIL && ii->ii_Predicate == NIL && ii->ii_ReadyForInserts &&
				ii->ii_ExclusionOps == NULL && w->rri->ri_IndexRelationDescs[k]->rd_index->indimmediate;
		}
		/*
		 * The indexes of an empty registry, of whatever kind, built after
		 * (a GIN index on facility: a first load of 280,000 records 2.64 s
		 * with its entries inserted, 0.96 s + 0.91 s built after), where
		 * no one else in this session has one open (REINDEX refuses
		 * indexes in use) and none checks uniqueness at commit (a build
		 * checks at once).  A registry with rows keeps its indexes
		 * (building them would read every row, not only the load's), and
		 * so does one whose index is open: the entries of plain B-trees are
		 * sorted and inserted, those of others inserted with each row.
		 */
		w->build = !w->known;
		for (int k = 0; k < w->rri->ri_NumIndices; k++)
			w->build = w->build && w->rri->ri_IndexRelationDescs[k]->rd_refcnt == 1 &&
				w->rri->ri_IndexRelationDescs[k]->rd_index->indimmediate &&
				w->rri->ri_IndexRelationInfo[k]->ii_ReadyForInserts;
		if (plain && !w->build)
		{
			MemoryContext old = MemoryContextSwitchTo(cxt);

			/* (maintenance_work_mem shared among them, as for building them) */
			int			mem = Max(maintenance_work_mem / w->rri->ri_NumIndices, 1024);

			w->sorts = palloc0(w->rri->ri_NumIndices * sizeof(Tuplesortstate *));
			for (int k = 0; k < w->rri->ri_NumIndices; k++)
				w->sorts[k] = tuplesort_begin_index_btree(w->rel, w->rri->ri_IndexRelationDescs[k], false, false,
														  mem, NULL, TUPLESORT_NONE);
			MemoryContextSwitchTo(old);
		}
	}
	w->bistate = GetBulkInsertState();
	for (int i = 0; i < OSH_BATCH; i++)
		w->slots[i] = MakeSingleTupleTableSlot(RelationGetDescr(w->rel), &TTSOpsHeapTuple);
	w->check = MakeSingleTupleTableSlot(RelationGetDescr(w->rel), &TTSOpsVirtual);
	{
		MemoryContext old = MemoryContextSwitchTo(cxt);

		w->label = PointerGetDatum(pg_detoast_datum_copy((struct varlena *) label));
		MemoryContextSwitchTo(old);
	}
	w->now = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());

	w->pub.receiveSlot = WriterReceive;
	w->pub.rStartup = WriterStartup;
	w->pub.rShutdown = WriterShutdown;
	w->pub.rDestroy = WriterDestroy;
	w->pub.mydest = DestNone;

	if (ActiveSnapshotSet())
	{
		PushCopiedSnapshot(GetActiveSnapshot());
		UpdateActiveSnapshotCommandId();
	}
	else
		PushActiveSnapshot(GetTransactionSnapshot());
	w->snapshot = GetActiveSnapshot();
	return w;
}

/*
 * After the records: the last batch, the rows to replace, the sorted index
 * entries, or the indexes built afresh (a first load).
 */
static void
WriterFinish(OshWriter *w)
{
	WriterFlush(w);
	if (w->pkscan != NULL)
		index_endscan(w->pkscan);
	if (w->known)
	{
		WriterUpdates(w);
		tuplestore_end(w->updates);
		ExecDropSingleTupleTableSlot(w->old);
		ExecDropSingleTupleTableSlot(w->upd);
	}
	PopActiveSnapshot();
	WriterIndexes(w);
	for (int i = 0; i < OSH_BATCH; i++)
		ExecDropSingleTupleTableSlot(w->slots[i]);
	ExecDropSingleTupleTableSlot(w->check);
	FreeBulkInsertState(w->bistate);
	table_finish_bulk_insert(w->rel, 0);
	if (w->build)
	{
		List	   *indexes = NIL;
		char		persistence = w->rel->rd_rel->relpersistence;
		ReindexParams params = {0};
		ListCell   *lc;
		int			nest;

		for (int k = 0; k < w->rri->ri_NumIndices; k++)
			indexes = lappend_oid(indexes, RelationGetRelid(w->rri->ri_IndexRelationDescs[k]));
		/* (REINDEX wants them closed: the indexes, the registry) */
		ExecCloseResultRelations(w->estate);
		ExecCloseRangeTableRelations(w->estate);
		FreeExecutorState(w->estate);
		CommandCounterIncrement();	/* (the rows visible to the build) */
		/*
		 * This process takes its part in a parallel build: the loader
		 * keeps it out of the reading (parallel_leader_participation
		 * off), and with it out a build's one worker sorted alone.
		 */
		nest = NewGUCNestLevel();
		(void) set_config_option("parallel_leader_participation", "on", PGC_USERSET, PGC_S_SESSION,
								 GUC_ACTION_SAVE, true, 0, false);
		foreach(lc, indexes)
#if PG_VERSION_NUM >= 170000
			reindex_index(NULL, lfirst_oid(lc), false, persistence, &params);
#else
			reindex_index(lfirst_oid(lc), false, persistence, &params);
#endif
		AtEOXact_GUC(true, nest);
	}
	else
	{
		/* (the indexes, the registry: closed with the result relations) */
		ExecCloseResultRelations(w->estate);
		ExecCloseRangeTableRelations(w->estate);
		FreeExecutorState(w->estate);
	}
}

/* The source of the records: calls WriterRecord for each. */
typedef void (*WriterReadFn) (OshWriter *w, void *arg);

/*
 * The records read (read) and written, then WriterFinish; a unique
 * violation (an OS ID twice) turned into the error that sends the loader
 * to its staged path.  Returns the counts as result's row and frees the
 * writer.
 */
static Datum
WriterRun(OshWriter *w, WriterReadFn read, void *arg, TupleDesc result)
{
	MemoryContext callercxt = CurrentMemoryContext;
	Datum		counts[3];
	bool		nulls[3] = {false, false, false};

	PG_TRY();
	{
		read(w, arg);
		WriterFinish(w);
	}
	PG_CATCH();
	{
		ErrorData  *e;

		/* a unique violation: an OS ID that comes twice (the staged path reports it) */
		MemoryContextSwitchTo(callercxt);
		e = CopyErrorData();
		if (e->sqlerrcode != ERRCODE_UNIQUE_VIOLATION)
			PG_RE_THROW();
		FlushErrorState();
		NotHere("an OS ID comes twice");
	}
	PG_END_TRY();
	table_close(w->note, NoLock);
	if (w->src != NULL)
	{
		ExecDropSingleTupleTableSlot(w->srcslot);
		table_close(w->src, NoLock);
	}
	counts[0] = Int64GetDatum(w->records);
	counts[1] = Int64GetDatum(w->replaced);
	counts[2] = Int64GetDatum(w->unchanged);
	MemoryContextDelete(w->cxt);
	return HeapTupleGetDatum(heap_form_tuple(result, counts, nulls));
}

/* The query's rows, read by the executor into the writer (a DestReceiver). */
static void
ReadQuery(OshWriter *w, void *arg)
{
	QueryDesc  *qd = (QueryDesc *) arg;

	ExecutorStart(qd, 0);
	ExecutorRun(qd, ForwardScanDirection, 0, true);
	ExecutorFinish(qd);
	ExecutorEnd(qd);
	FreeQueryDesc(qd);
}

/*
 * hredd.osh_write_new(query, label, note): runs query (a SELECT of one
 * column, the rows of hredd.osh_read), writes its accepted records into
 * hredd.osh_location with source = label, and the records a report shows
 * into the temporary table note; returns the number of records read.
 */
PG_FUNCTION_INFO_V1(osh_write_new);
Datum
osh_write_new(PG_FUNCTION_ARGS)
{
	char	   *sql = text_to_cstring(PG_GETARG_TEXT_PP(0));
	text	   *label = PG_GETARG_TEXT_PP(1);
	Oid			noteid = PG_GETARG_OID(2);
	OshWriter  *w;
	List	   *raw,
			   *queries;
	Query	   *query;
	PlannedStmt *plan;
	QueryDesc  *qd;
	TupleDesc	result;
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "osh_write_new", ALLOCSET_DEFAULT_SIZES);

	if (get_call_result_type(fcinfo, NULL, &result) != TYPEFUNC_COMPOSITE || result->natts != 3)
		elog(ERROR, "hredd.osh_write_new must return a row of 3 columns");
	result = BlessTupleDesc(result);
	w = WriterOpen(label, noteid, cxt);

	/* the query: one SELECT */
	raw = pg_parse_query(sql);
	if (list_length(raw) != 1)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("hredd.osh_write_new takes one query, not %d", list_length(raw))));
	queries = pg_analyze_and_rewrite_fixedparams(linitial_node(RawStmt, raw), sql, NULL, 0, NULL);
	query = list_length(queries) == 1 ? linitial_node(Query, queries) : NULL;
	if (query == NULL || query->commandType != CMD_SELECT || query->utilityStmt != NULL ||
		query->hasModifyingCTE || query->rowMarks != NIL)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("hredd.osh_write_new takes a plain SELECT")));

	/*
	 * The download: the query's one table, a plain one without row-level
	 * security that this user may read whole (as the statement in
	 * hredd.osh_store_notes would read it).
	 */
	{
		Oid			srcid = InvalidOid;
		int			nrel = 0;
		ListCell   *lc;

		foreach(lc, query->rtable)
		{
			RangeTblEntry *r = lfirst_node(RangeTblEntry, lc);

			if (r->rtekind == RTE_RELATION)
				nrel++, srcid = r->relid;
		}
		if (nrel == 1 && get_rel_relkind(srcid) == RELKIND_RELATION &&
			check_enable_rls(srcid, InvalidOid, true) != RLS_ENABLED &&
			pg_class_aclcheck(srcid, GetUserId(), ACL_SELECT) == ACLCHECK_OK)
		{
			MemoryContext old = MemoryContextSwitchTo(cxt);

			w->src = table_open(srcid, AccessShareLock);
			w->srcslot = table_slot_create(w->src, NULL);
			/* to_jsonb(anyelement) finds its argument's type in its call */
			fmgr_info_cxt(F_TO_JSONB, &w->tojsonb, cxt);
			w->tojsonb.fn_expr = (Node *) makeFuncExpr(F_TO_JSONB, JSONBOID,
													   list_make1(makeNullConst(RelationGetDescr(w->src)->tdtypeid,
																				-1, InvalidOid)),
													   InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL);
			MemoryContextSwitchTo(old);
		}
	}

	/* planned as CREATE TABLE AS plans its SELECT: parallel where worth it */
	{
		/*
		 * At least OSH_WORKERS workers where the download is large enough
		 * for them (or as many as max_parallel_workers_per_gather allows,
		 * if more; none where it is 0): the writing process drains their
		 * queues in bursts, and with two workers on two cores each stood
		 * waiting for it half the time (a fifth of the machine idle); a
		 * third one fills the gaps (a million records 6-8 % sooner).
		 */
		int			nest = NewGUCNestLevel();

		if (max_parallel_workers_per_gather > 0 && max_parallel_workers_per_gather < OSH_WORKERS)
			(void) set_config_option("max_parallel_workers_per_gather", CppAsString2(OSH_WORKERS), PGC_USERSET,
									 PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
		plan = pg_plan_query(query, sql, CURSOR_OPT_PARALLEL_OK, NULL);
		AtEOXact_GUC(true, nest);
	}
	qd = CreateQueryDesc(plan, sql, w->snapshot, InvalidSnapshot, &w->pub, NULL, NULL, 0);
	PG_RETURN_DATUM(WriterRun(w, ReadQuery, qd, result));
}

/* A note of a record of the file, into the writer. */
static void
FileNote(void *arg, Datum *nv, bool *nn)
{
	WriterNote((OshWriter *) arg, nv, nn);
}

/* A registry row of a record of the file (values, or formed by a worker), into the writer. */
static void
FileRow(void *arg, Datum *rv, bool *rn, MinimalTuple mt)
{
	OshWriter  *w = (OshWriter *) arg;

	if (mt != NULL)
	{
		Datum		v[REG_NCOLS];
		bool		n[REG_NCOLS];
		MemoryContext old = MemoryContextSwitchTo(w->cxt);
		HeapTuple	tup = heap_tuple_from_minimal_tuple(mt);

		MemoryContextSwitchTo(old);
		WriterRow(w, v, n, tup);
	}
	else
		WriterRow(w, rv, rn, NULL);
}

/*
 * A record a worker found the same as the registry's row of its OS ID
 * (a later load): unchanged, once (an OS ID twice sends the loader to its
 * staged path, as WriterRow's).
 */
static void
FileSame(void *arg, Datum os_id)
{
	OshWriter  *w = (OshWriter *) arg;

	if (SeenAdd(&w->seen, w->cxt, DatumGetInt64(os_id)))
		NotHere("an OS ID comes twice");
	w->records++;
	w->unchanged++;
}

/* The file's records, read by parallel workers (osh_file.c), into the writer. */
static void
ReadFile(OshWriter *w, void *arg)
{
	OshFileSink sink = {w, FileNote, FileRow, FileSame};

	OshFileRead((OshFile *) arg, w->label, w->now, w->known ? RelationGetRelid(w->pk) : InvalidOid, &sink);
}

/*
 * hredd.osh_write_file(path, label, note): as osh_write_new, the records of
 * an Open Supply Hub download read from its CSV file on the server (the
 * header naming the columns) instead of a query's rows; row_ref is the
 * record's line, and the note's JSON its header's names and fields.
 */
PG_FUNCTION_INFO_V1(osh_write_file);
Datum
osh_write_file(PG_FUNCTION_ARGS)
{
	char	   *path = text_to_cstring(PG_GETARG_TEXT_PP(0));
	text	   *label = PG_GETARG_TEXT_PP(1);
	Oid			noteid = PG_GETARG_OID(2);
	OshFile    *f;
	OshWriter  *w;
	TupleDesc	result,
				desc;
	MemoryContext cxt;

	if (get_call_result_type(fcinfo, NULL, &result) != TYPEFUNC_COMPOSITE || result->natts != 3)
		elog(ERROR, "hredd.osh_write_file must return a row of 3 columns");
	result = BlessTupleDesc(result);
	/* the file first: its privilege and header are checked before the registry is */
	f = OshFileOpen(path, true);
	cxt = AllocSetContextCreate(CurrentMemoryContext, "osh_write_file", ALLOCSET_DEFAULT_SIZES);
	w = WriterOpen(label, noteid, cxt);
	/* what the readers send: osh_read's row, as the registry's columns want */
	desc = OshReadDesc();
	for (int i = 0; i < R_NCOLS; i++)
		if (TupleDescAttr(desc, i)->atttypid != w->want[i])
			NotHere(psprintf("hredd.osh_read's column %d is not of the registry's type", i + 1));
	PG_RETURN_DATUM(WriterRun(w, ReadFile, f, result));
}

/* hredd.osh_file_header(path): the names of the header of a CSV file on the server. */
PG_FUNCTION_INFO_V1(osh_file_header);
Datum
osh_file_header(PG_FUNCTION_ARGS)
{
	List	   *names = OshFileHeader(OshFileOpen(text_to_cstring(PG_GETARG_TEXT_PP(0)), false));
	Datum	   *d = palloc(Max(list_length(names), 1) * sizeof(Datum));
	int			n = 0;
	ListCell   *lc;

	foreach(lc, names)
		d[n++] = CStringGetTextDatum((char *) lfirst(lc));
	PG_RETURN_ARRAYTYPE_P(construct_array(d, n, TEXTOID, -1, false, TYPALIGN_INT));
}
