/*
 * harmonize_write.c — hredd.observation and hredd.rejected for a harmonize
 * batch: the privilege checks, the duplicate probes through the tables'
 * indexes with a dirty snapshot, and the writer that inserts observations
 * the way COPY does.  The only file of harmonize that calls the executor and
 * the index access methods; what differs between PostgreSQL versions there
 * is in src/compat.h.  See harmonize.h.
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
#include "catalog/pg_index.h"
#include "catalog/pg_type_d.h"
#include "executor/executor.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/acl.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"

#include "../compat.h"
#include "harmonize.h"

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
StaticAssertDecl(lengthof(obs_columns) == HOBS_NCOLS, "obs_columns follows HarmObsColumn");

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
	HreddCheckValidResultRel(w->rri, CMD_INSERT);
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
			recheck = HreddInsertIndexTuples(w->rri, w->slots[i], w->estate);
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

struct HarmStore
{
	MemoryContext cxt;			/* lives as long as the batch */
	Relation	obs;
	Relation	obs_key;		/* (facility_ref, observed_on, row_key) */
	IndexScanDesc obs_scan;
	TupleTableSlot *obs_slot;
	Relation	rej;
	Relation	rej_key;		/* (row_key) */
	IndexScanDesc rej_scan;
	TupleTableSlot *rej_slot;
	SnapshotData dirty;
	Writer		wr;
};

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
OpenTables(HarmStore *b)
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
	b->obs_scan = HreddIndexBeginScan(b->obs, b->obs_key, &b->dirty, 3);
	b->rej = table_open(rej, AccessShareLock);
	b->rej_key = index_open(HreddRelation("rejected_row_key_idx"), AccessShareLock);
	b->rej_slot = table_slot_create(b->rej, NULL);
	b->rej_scan = HreddIndexBeginScan(b->rej, b->rej_key, &b->dirty, 1);
}

static void
CloseTables(HarmStore *b)
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
Probe(HarmStore *b, IndexScanDesc scan, TupleTableSlot *slot, ScanKey keys, int nkeys)
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
bool
HarmObservationExists(HarmStore *b, Datum facility, DateADT day, pg_uuid_t *key)
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

bool
HarmRejectExists(HarmStore *b, pg_uuid_t *key)
{
	ScanKeyData k[1];
	bool		found;
	MemoryContext old;

	ScanKeyEntryInitialize(&k[0], 0, 1, BTEqualStrategyNumber, InvalidOid, InvalidOid, F_UUID_EQ,
						   UUIDPGetDatum(key));
	old = MemoryContextSwitchTo(b->cxt);	/* as in HarmObservationExists */
	found = Probe(b, b->rej_scan, b->rej_slot, k, 1);
	MemoryContextSwitchTo(old);
	return found;
}

/* ---------------------------------------------------------------- the store */

HarmStore *
HarmStoreOpen(Oid country_type, MemoryContext cxt)
{
	HarmStore  *s = MemoryContextAllocZero(cxt, sizeof(HarmStore));
	MemoryContext old = MemoryContextSwitchTo(cxt);

	s->cxt = cxt;
	OpenTables(s);
	WriterBegin(&s->wr, s->obs, country_type);
	MemoryContextSwitchTo(old);
	return s;
}

bool
HarmStoreDirect(const HarmStore *s)
{
	return s->wr.direct;
}

void
HarmStoreAdd(HarmStore *s, Datum *values, bool *nulls)
{
	Assert(s->wr.direct);
	WriterAdd(&s->wr, values, nulls);
}

void
HarmStoreClose(HarmStore *s)
{
	WriterEnd(&s->wr);
	CloseTables(s);
}
