/*
 * osh_file.c — an Open Supply Hub download read from its CSV file on the
 * server by parallel workers, for hredd.load_osh_file.
 *
 * A download copied into a table and then loaded was written twice: the
 * COPY's rows, then the registry's.  Writing the COPY's rows alone took as
 * long as writing the registry's, so COPY + load could never come within
 * twice the COPY.  Here the workers read the file itself.
 *
 * The file is cut into blocks of equal size.  Whether a byte lies inside
 * quotes depends only on the parity of the quotes before it (csv_core.h),
 * so one pass of this process counts the quotes and newlines before each
 * block; a worker then takes blocks one by one (an atomic counter), finds
 * the block's first record (the byte after its first newline outside
 * quotes), and reads every record that starts within the block, the last
 * one past its end.  Each record becomes osh_read's row (the same C,
 * OshReadValues) with its place: ord, its first byte's offset, and row_ref,
 * "line N" (its first line, the header being line 1), and, where a report
 * shows it, its JSON (the header's names and its fields, as to_jsonb of a
 * table's row COPY would have written).  The worker forms from it the
 * registry's row, where the record is accepted, and the note, where a
 * report shows it (OshRowValues, OshNoteValues: osh_write.c's), and sends
 * each through its own tuple queue, as Gather's workers send rows; this
 * process only writes them, as it does for hredd.osh_write_new (forming
 * the rows there cost it a tenth of its time).  Read by this process alone
 * (no workers), each record goes to the writer as values.
 */
#include "postgres.h"

#include <sys/stat.h>
#include <unistd.h>

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/parallel.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_type.h"
#include "executor/tqueue.h"
#include "executor/tuptable.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "optimizer/cost.h"
#include "parser/parse_func.h"
#include "pgstat.h"
#include "port/atomics.h"
#include "storage/fd.h"
#include "storage/latch.h"
#include "storage/shm_mq.h"
#include "storage/shm_toc.h"
#include "tcop/dest.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/wait_event.h"

#include "csv_core.h"
#include "osh_fields.h"
#include "osh_file.h"
#include "osh_read.h"
#include "osh_record.h"

/* the blocks: about a 64th of the file, within these bounds */
#define BLOCK_MIN	((uint64) 4096)
#define BLOCK_MAX	((uint64) 1 << 20)
/* the workers that read, at least (where the file has blocks for them), as osh_write_new's */
#define FILE_WORKERS 3
/* each worker's tuple queue */
#define QUEUE_SIZE	((Size) 65536)
/* fields a record may have (a table's columns at most) */
#define MAX_FIELDS	1600

#define KEY_SHARED	UINT64CONST(0xE8D0000000000001)
#define KEY_BLOCKS	UINT64CONST(0xE8D0000000000002)
#define KEY_NAMES	UINT64CONST(0xE8D0000000000003)
#define KEY_QUEUES	UINT64CONST(0xE8D0000000000004)
#define KEY_LABEL	UINT64CONST(0xE8D0000000000005)

/* where a block starts: the quotes' parity and the newlines before its byte off - 1 */
typedef struct FileBlock
{
	uint64		off;
	uint64		newlines;
	bool		in_quotes;
} FileBlock;

/* what the workers share */
typedef struct FileShared
{
	char		path[MAXPGPATH];
	uint64		size;			/* the bytes the first pass counted */
	uint64		data_start;		/* after the header */
	uint64		header_newlines;
	int			nheader;		/* the header's fields */
	int			map[OSH_NFIELDS];	/* the header's field of each OshFieldNo, -1: none */
	bool		claim_flag;		/* claim status from has_approved_claim (a yes/no) */
	Oid			pk;				/* a later load: the registry's unique index on os_id */
	int			nblocks;
	pg_atomic_uint32 next;		/* the next block to take */
} FileShared;

struct OshFile
{
	FileShared	sh;
	FileBlock  *blocks;
	char	   *names;			/* the header's names, each NUL-terminated */
	Size		names_len;
};

/*
 * the columns of a download: per field (OshFieldNo), the names it may have
 * in a header or a table, the first present wins (hredd.load_osh_download
 * reads this list through hredd.osh_download_columns)
 */
static const char *const field_names[OSH_NFIELDS][6] = {
	[OSH_F_OS_ID] = {"os_id"},
	[OSH_F_NAME] = {"name"},
	[OSH_F_ADDRESS] = {"address"},
	[OSH_F_COUNTRY] = {"country_code", "country", "country_name"},
	[OSH_F_LAT] = {"lat", "latitude"},
	[OSH_F_LNG] = {"lng", "lon", "longitude"},
	[OSH_F_SECTORS] = {"sector", "sectors"},
	[OSH_F_PRODUCTS] = {"product_type", "product_types"},
	[OSH_F_PROCESSING] = {"processing_type", "processing_types"},
	[OSH_F_FACILITY_TYPES] = {"facility_type", "facility_types", "location_type"},
	[OSH_F_WORKERS] = {"number_of_workers", "workers"},
	[OSH_F_PARENTS] = {"parent_company", "parent_companies"},
	[OSH_F_CONTRIBUTORS] = {"contributor", "contributors"},
	[OSH_F_CLAIM] = {"claim_status", "has_approved_claim"},
	[OSH_F_CLOSED] = {"is_closed"},
};

PGDLLEXPORT void osh_file_worker(dsm_segment *seg, shm_toc *toc);

/*
 * hredd.osh_download_columns(): the same list for hredd.load_osh_download,
 * which finds a table's columns by it: per field of hredd.osh_read, in its
 * order, the names a download may give it, comma-separated, first first.
 */
PG_FUNCTION_INFO_V1(osh_download_columns);
Datum
osh_download_columns(PG_FUNCTION_ARGS)
{
	Datum		d[OSH_NFIELDS];

	for (int k = 0; k < OSH_NFIELDS; k++)
	{
		StringInfoData b;

		initStringInfo(&b);
		for (int c = 0; c < 6 && field_names[k][c] != NULL; c++)
			appendStringInfo(&b, "%s%s", c > 0 ? "," : "", field_names[k][c]);
		d[k] = CStringGetTextDatum(b.data);
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(d, OSH_NFIELDS, TEXTOID, -1, false, TYPALIGN_INT));
}

/* what a reader (a worker, or this process alone) keeps */
typedef struct Reader
{
	const FileShared *sh;
	const FileBlock *blocks;
	const char *names;
	const char **name;			/* each header field's name */
	int			fd;
	char	   *buf;			/* bytes of the file from bufoff on */
	size_t		bufcap;
	uint64		bufoff;
	size_t		buflen;
	CsvField   *fields;
	char	   *scratch;		/* unescaped values */
	size_t		scratchcap;
	MemoryContext cxt;			/* the buffers (freed with it at the end) */
	MemoryContext rowcxt;
	Datum		label;			/* the registry's source */
	Datum		now;			/* its loaded_at */
	Datum		rv[OSH_REG_NCOLS];
	bool		rn[OSH_REG_NCOLS];
	/* this process reading alone: each record to the sink */
	const OshFileSink *sink;
	/* a worker: the rows and the notes into its two queues */
	DestReceiver *dest_row;
	DestReceiver *dest_note;
	DestReceiver *dest_same;
	TupleTableSlot *slot_row;
	TupleTableSlot *slot_note;
	TupleTableSlot *slot_same;
	/* a worker in a later load: each accepted record compared with the registry's row */
	IndexScanDesc scan;
	MemoryContext scancxt;		/* (a B-tree scan keeps what it allocates) */
	ScanKeyData key;
	FmgrInfo	eq[OSH_REG_NCOLS];
	Oid			coll[OSH_REG_NCOLS];
	TupleTableSlot *old;
} Reader;

static void
FileError(const char *path, uint64 line, const char *what)
{
	ereport(ERROR, (errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
					errmsg("line %llu of file \"%s\" %s", (unsigned long long) line, path, what)));
}

/* bytes [off, off + n) of the file into buf; how many (fewer only at its end) */
static size_t
ReadAt(int fd, const char *path, char *buf, size_t n, uint64 off)
{
	size_t		got = 0;

	while (got < n)
	{
		ssize_t		r;

		pgstat_report_wait_start(WAIT_EVENT_COPY_FILE_READ);
		r = pg_pread(fd, buf + got, n - got, (off_t) (off + got));
		pgstat_report_wait_end();
		if (r < 0)
			ereport(ERROR, (errcode_for_file_access(), errmsg("could not read file \"%s\": %m", path)));
		if (r == 0)
			break;
		got += (size_t) r;
	}
	return got;
}

/*
 * The reader's buffer from file offset off: want bytes, fewer where the
 * file (as first counted) ends sooner (none past its end).
 */
static void
Fill(Reader *r, uint64 off, size_t want)
{
	uint64		end = Min(off + want, r->sh->size);
	size_t		n = off < end ? (size_t) (end - off) : 0;

	if (off >= r->bufoff && end <= r->bufoff + r->buflen)
		return;
	if (n > r->bufcap)
	{
		size_t		cap = Max(r->bufcap * 2, n);

		if (cap > MaxAllocHugeSize)
			ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
							errmsg("a record of file \"%s\" is too long", r->sh->path)));
		r->buf = r->buf ? repalloc_huge(r->buf, cap) : MemoryContextAllocHuge(r->cxt, cap);
		r->bufcap = cap;
	}
	r->bufoff = off;
	r->buflen = ReadAt(r->fd, r->sh->path, r->buf, n, off);
	if (r->buflen < n)
		ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						errmsg("file \"%s\" became shorter while it was read", r->sh->path)));
}

/* a field's value: NULL (absent), or s[0..n) */
static bool
FieldValue(Reader *r, const char *rec, const CsvField *f, size_t *scratchused, const char **s, size_t *n)
{
	if (f->kind == CSV_NULL)
		return false;
	if (f->kind == CSV_SLICE)
	{
		*s = rec + f->off;
		*n = f->len;
		return true;
	}
	*s = r->scratch + *scratchused;
	*n = CsvUnescape(rec + f->off, f->len, r->scratch + *scratchused);
	*scratchused += f->len;
	return true;
}

/* the record as JSON: every header name with its field (a string, or null) */
static Datum
RecordJson(Reader *r, const char *rec, int nf)
{
	JsonbParseState *st = NULL;
	JsonbValue *res;
	size_t		used = 0;
	char	   *scratch = palloc(r->scratchcap + 1);
	char	   *saved = r->scratch;

	r->scratch = scratch;
	(void) pushJsonbValue(&st, WJB_BEGIN_OBJECT, NULL);
	for (int i = 0; i < nf; i++)
	{
		JsonbValue	k,
					v;
		const char *s;
		size_t		n;

		k.type = jbvString;
		k.val.string.val = (char *) r->name[i];
		k.val.string.len = (int) strlen(r->name[i]);
		(void) pushJsonbValue(&st, WJB_KEY, &k);
		if (FieldValue(r, rec, &r->fields[i], &used, &s, &n))
		{
			v.type = jbvString;
			v.val.string.val = (char *) s;
			v.val.string.len = (int) n;
		}
		else
			v.type = jbvNull;
		(void) pushJsonbValue(&st, WJB_VALUE, &v);
	}
	res = pushJsonbValue(&st, WJB_END_OBJECT, NULL);
	r->scratch = saved;
	return JsonbPGetDatum(JsonbValueToJsonb(res));
}

/* values and nulls as a row into a worker's queue */
static void
Send(DestReceiver *dest, TupleTableSlot *slot, const Datum *v, const bool *n)
{
	int			natts = slot->tts_tupleDescriptor->natts;

	ExecClearTuple(slot);
	memcpy(slot->tts_values, v, natts * sizeof(Datum));
	memcpy(slot->tts_isnull, n, natts * sizeof(bool));
	ExecStoreVirtualTuple(slot);
	dest->receiveSlot(slot, dest);
}

/* Whether the registry has the row r->rv, r->rn (by its OS ID), saying the same. */
static bool
Same(Reader *r)
{
	MemoryContext old = MemoryContextSwitchTo(r->scancxt);
	bool		found,
				same = false;

	r->key.sk_argument = r->rv[0];
	index_rescan(r->scan, &r->key, 1, NULL, 0);
	found = index_getnext_slot(r->scan, ForwardScanDirection, r->old);
	MemoryContextSwitchTo(old);
	if (found)
	{
		slot_getallattrs(r->old);
		same = OshRowSame(r->eq, r->coll, r->old, r->rv, r->rn);
		ExecClearTuple(r->old);
	}
	return same;
}

/* One record (nf fields at rec, starting at file offset off, on line line): its note and row, to the sink or the queues. */
static void
ReadRecord(Reader *r, const char *rec, size_t len, int nf, uint64 off, uint64 line)
{
	const FileShared *sh = r->sh;
	OshText		f[OSH_NFIELDS];
	Datum		values[R_NCOLS + 1];
	bool		nulls[R_NCOLS + 1];
	size_t		used = 0;
	char		ref[32];
	MemoryContext old;

	if (nf != sh->nheader)
		FileError(sh->path, line, psprintf("has %d %s where its header has %d", nf, nf == 1 ? "field" : "fields",
										   sh->nheader));
	/* as COPY checks what it reads (a NUL byte included) */
	if (!pg_verify_mbstr(PG_UTF8, rec, (int) len, true))
		ereport(ERROR, (errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
						errmsg("line %llu of file \"%s\" is not valid UTF-8", (unsigned long long) line, sh->path)));
	old = MemoryContextSwitchTo(r->rowcxt);
	if (len > r->scratchcap)
	{
		if (r->scratch != NULL)
			pfree(r->scratch);
		r->scratchcap = Max(len, 2 * r->scratchcap);
		r->scratch = MemoryContextAllocHuge(r->cxt, r->scratchcap + 1);
	}
	for (int k = 0; k < OSH_NFIELDS; k++)
	{
		f[k].present = false;
		f[k].s = NULL;
		f[k].n = 0;
		if (sh->map[k] >= 0)
			f[k].present = FieldValue(r, rec, &r->fields[sh->map[k]], &used, &f[k].s, &f[k].n);
	}
	/* has_approved_claim: CASE osh_flag(field) WHEN true THEN 'claimed' WHEN false THEN 'unclaimed' END */
	if (sh->claim_flag && f[OSH_F_CLAIM].present)
	{
		int			flag = OshFlag(f[OSH_F_CLAIM].s, f[OSH_F_CLAIM].n);

		f[OSH_F_CLAIM].present = flag >= 0;
		f[OSH_F_CLAIM].s = flag == 1 ? "claimed" : "unclaimed";
		f[OSH_F_CLAIM].n = strlen(f[OSH_F_CLAIM].s);
	}
	for (int k = 0; k < OSH_NFIELDS; k++)
		OshTrimField(&f[k]);
	OshReadValues(f, NULL, values, nulls);
	values[R_ORD] = Int64GetDatum((int64) off);
	nulls[R_ORD] = false;
	nulls[R_NCOLS] = true;
	/* where a report shows the record: its line and its JSON (the others need neither) */
	if (!nulls[R_REASON] || !nulls[R_WARN_EMPTY] || !nulls[R_WARN_WORKERS] || !nulls[R_WARN_FLAG])
	{
		snprintf(ref, sizeof ref, "line %llu", (unsigned long long) line);
		values[R_ROW_REF] = CStringGetTextDatum(ref);
		nulls[R_ROW_REF] = false;
		values[R_NCOLS] = RecordJson(r, rec, nf);
		nulls[R_NCOLS] = false;
	}
	{
		Datum		nv[OSH_NOTE_NCOLS];
		bool		nn[OSH_NOTE_NCOLS];

		if (OshNoteValues(values, nulls, nv, nn))
		{
			if (r->sink != NULL)
				r->sink->note(r->sink->arg, nv, nn);
			else
				Send(r->dest_note, r->slot_note, nv, nn);
		}
		if (OshRowValues(values, nulls, r->label, r->now, r->rv, r->rn))
		{
			if (r->sink != NULL)
				r->sink->row(r->sink->arg, r->rv, r->rn, NULL);
			else if (r->scan != NULL && Same(r))
				Send(r->dest_same, r->slot_same, r->rv, r->rn);		/* (its first column, the OS ID) */
			else
				Send(r->dest_row, r->slot_row, r->rv, r->rn);
		}
	}
	MemoryContextSwitchTo(old);
	MemoryContextReset(r->rowcxt);
}

/* Every record that starts within block b. */
static void
ReadBlock(Reader *r, int b)
{
	const FileShared *sh = r->sh;
	const FileBlock *blk = &r->blocks[b];
	uint64		stop = b + 1 < sh->nblocks ? r->blocks[b + 1].off : sh->size;
	uint64		pos;
	uint64		line;

	if (b == 0)
	{
		pos = sh->data_start;
		line = 1 + sh->header_newlines;
	}
	else
	{
		/* the first record: after the first newline outside quotes from off - 1 on */
		uint64		at = blk->off - 1;
		bool		in_quotes = blk->in_quotes;

		line = 1 + sh->header_newlines + blk->newlines;
		for (;;)
		{
			size_t		start,
						nl,
						avail;
			uint64_t	q,
						n;

			Fill(r, at, (size_t) Min(stop - at + 65536, (uint64) 4 << 20));
			avail = r->buflen - (size_t) (at - r->bufoff);
			if (avail == 0)
				return;			/* the file ends inside the record before */
			if (CsvRecordStart(r->buf + (at - r->bufoff), avail, in_quotes, &start, &nl))
			{
				pos = at + start;
				line += nl;
				break;
			}
			/* (a quoted field longer than the block: on past it) */
			CsvCount(r->buf + (at - r->bufoff), avail, &q, &n);
			in_quotes ^= (q & 1) != 0;
			line += n;
			at += avail;
		}
		if (pos >= stop)
			return;
	}
	while (pos < stop)
	{
		size_t		want = (size_t) Min(stop - pos + 65536, (uint64) 4 << 20);

		Fill(r, pos, want);
		for (;;)
		{
			int			nf;
			size_t		used,
						nl;
			bool		at_eof = r->bufoff + r->buflen >= sh->size;
			size_t		at = (size_t) (pos - r->bufoff);
			CsvStatus	st = CsvReadRecord(r->buf + at, r->buflen - at, at_eof, r->fields, MAX_FIELDS, &nf, &used, &nl);

			if (st == CSV_NEED_MORE)
			{
				/* the record goes on: read it from its start, twice as much (a text holds 1 GB at most) */
				if (r->buflen - at > MaxAllocSize)
					FileError(sh->path, line, "is longer than 1 GB");
				Fill(r, pos, Max(r->buflen - at, (size_t) 65536) * 2);
				continue;
			}
			if (st == CSV_UNTERMINATED)
				FileError(sh->path, line, "ends inside a quoted field");
			if (st == CSV_TOO_MANY_FIELDS)
				FileError(sh->path, line, psprintf("has more than %d fields", MAX_FIELDS));
			if (used == 0)
				return;			/* the end of the file */
			if (nf > 0)
				ReadRecord(r, r->buf + at, used, nf, pos, line);
			pos += used;
			line += nl;
			CHECK_FOR_INTERRUPTS();
			if (pos >= stop || pos >= r->bufoff + r->buflen)
				break;
		}
	}
}

/* Blocks taken one by one until none is left. */
static void
ReadBlocks(Reader *r)
{
	r->fd = OpenTransientFile(r->sh->path, O_RDONLY | PG_BINARY);
	if (r->fd < 0)
		ereport(ERROR, (errcode_for_file_access(),
						errmsg("could not open file \"%s\" for reading: %m", r->sh->path)));
	r->cxt = AllocSetContextCreate(CurrentMemoryContext, "osh_file reader", ALLOCSET_DEFAULT_SIZES);
	r->fields = MemoryContextAlloc(r->cxt, MAX_FIELDS * sizeof(CsvField));
	r->rowcxt = AllocSetContextCreate(r->cxt, "osh_file record", ALLOCSET_DEFAULT_SIZES);
	r->name = MemoryContextAlloc(r->cxt, Max(r->sh->nheader, 1) * sizeof(char *));
	{
		const char *p = r->names;

		for (int i = 0; i < r->sh->nheader; i++)
		{
			r->name[i] = p;
			p += strlen(p) + 1;
		}
	}
	for (;;)
	{
		uint32		b = pg_atomic_fetch_add_u32((pg_atomic_uint32 *) &r->sh->next, 1);

		if (b >= (uint32) r->sh->nblocks)
			break;
		ReadBlock(r, (int) b);
	}
	CloseTransientFile(r->fd);
	MemoryContextDelete(r->cxt);
}

TupleDesc
OshReadDesc(void)
{
	Oid			args[OSH_NFIELDS + 2];
	Oid			fn;
	TupleDesc	d;

	args[0] = TIDOID;
	for (int i = 1; i <= OSH_NFIELDS; i++)
		args[i] = TEXTOID;
	args[OSH_NFIELDS + 1] = BOOLOID;
	fn = LookupFuncName(list_make2(makeString("hredd"), makeString("osh_read")), OSH_NFIELDS + 2, args, false);
	if (get_func_result_type(fn, NULL, &d) != TYPEFUNC_COMPOSITE || d->natts != R_NCOLS)
		elog(ERROR, "hredd.osh_read must return a row of %d columns", R_NCOLS);
	return d;
}

/* what a worker sends of a record found the same: its OS ID (an int8 inside) */
static TupleDesc
SameDesc(void)
{
	TupleDesc	d = CreateTemplateTupleDesc(1);

	TupleDescInitEntry(d, 1, "os_id", INT8OID, -1, 0);
	return d;
}

void
osh_file_worker(dsm_segment *seg, shm_toc *toc)
{
	FileShared *sh = shm_toc_lookup(toc, KEY_SHARED, false);
	char	   *queues = shm_toc_lookup(toc, KEY_QUEUES, false);
	char	   *label = shm_toc_lookup(toc, KEY_LABEL, false);
	Reader	   *r = palloc0(sizeof(Reader));
	shm_mq	   *mq_row = (shm_mq *) (queues + (3 * ParallelWorkerNumber) * QUEUE_SIZE);
	shm_mq	   *mq_note = (shm_mq *) (queues + (3 * ParallelWorkerNumber + 1) * QUEUE_SIZE);
	shm_mq	   *mq_same = (shm_mq *) (queues + (3 * ParallelWorkerNumber + 2) * QUEUE_SIZE);
	Relation	reg;
	Relation	pk = NULL;
	TupleDesc	note_desc = OshNoteDesc();

	shm_mq_set_sender(mq_row, MyProc);
	shm_mq_set_sender(mq_note, MyProc);
	shm_mq_set_sender(mq_same, MyProc);
	r->dest_row = CreateTupleQueueDestReceiver(shm_mq_attach(mq_row, seg, NULL));
	r->dest_note = CreateTupleQueueDestReceiver(shm_mq_attach(mq_note, seg, NULL));
	r->dest_same = CreateTupleQueueDestReceiver(shm_mq_attach(mq_same, seg, NULL));
	r->sh = sh;
	r->blocks = shm_toc_lookup(toc, KEY_BLOCKS, false);
	r->names = shm_toc_lookup(toc, KEY_NAMES, false);
	memcpy(&r->now, label, sizeof(Datum));
	r->label = PointerGetDatum(label + MAXALIGN(sizeof(Datum)));
	/* the registry's row type (the loading process holds its lock) */
	reg = table_open(RangeVarGetRelid(makeRangeVar("hredd", "osh_location", -1), AccessShareLock, false),
					 AccessShareLock);
	if (RelationGetDescr(reg)->natts != OSH_REG_NCOLS)
		elog(ERROR, "hredd.osh_location is not the registry table it was");
	r->slot_row = MakeSingleTupleTableSlot(CreateTupleDescCopy(RelationGetDescr(reg)), &TTSOpsVirtual);
	r->slot_note = MakeSingleTupleTableSlot(note_desc, &TTSOpsVirtual);
	r->slot_same = MakeSingleTupleTableSlot(SameDesc(), &TTSOpsVirtual);
	if (OidIsValid(sh->pk))
	{
		/* a later load: the rows compared here, by the query's snapshot (the loading process's) */
		pk = index_open(sh->pk, AccessShareLock);
		if (OshRowEqualities(reg, pk, r->eq, r->coll, &r->key, CurrentMemoryContext) != NULL)
			elog(ERROR, "hredd.osh_location has a column without equality");
		r->scancxt = AllocSetContextCreate(CurrentMemoryContext, "osh_file scan", ALLOCSET_DEFAULT_SIZES);
		r->old = table_slot_create(reg, NULL);
		r->scan = index_beginscan(reg, pk, GetActiveSnapshot(), 1, 0);
	}
	r->dest_row->rStartup(r->dest_row, CMD_SELECT, r->slot_row->tts_tupleDescriptor);
	r->dest_note->rStartup(r->dest_note, CMD_SELECT, note_desc);
	r->dest_same->rStartup(r->dest_same, CMD_SELECT, r->slot_same->tts_tupleDescriptor);
	ReadBlocks(r);
	if (r->scan != NULL)
	{
		index_endscan(r->scan);
		ExecDropSingleTupleTableSlot(r->old);
		index_close(pk, AccessShareLock);
	}
	table_close(reg, AccessShareLock);
	r->dest_row->rShutdown(r->dest_row);
	r->dest_row->rDestroy(r->dest_row);
	r->dest_note->rShutdown(r->dest_note);
	r->dest_note->rDestroy(r->dest_note);
	r->dest_same->rShutdown(r->dest_same);
	r->dest_same->rDestroy(r->dest_same);
}

OshFile *
OshFileOpen(const char *path, bool count)
{
	OshFile    *f = palloc0(sizeof(OshFile));
	FileShared *sh = &f->sh;
	int			fd;
	struct stat st;
	char	   *buf;
	size_t		cap = 65536,
				len;
	CsvField   *fields = palloc(MAX_FIELDS * sizeof(CsvField));
	int			nf;
	size_t		used,
				nl;
	CsvStatus	cs;
	StringInfoData names;
	uint64		block;
	uint64		bom = 0;

	if (!has_privs_of_role(GetUserId(), ROLE_PG_READ_SERVER_FILES))
		ereport(ERROR, (errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
						errmsg("permission denied to read file \"%s\"", path),
						errdetail("Only roles with privileges of the \"pg_read_server_files\" role may read a file on the server."),
						errhint("COPY the download into a table of text columns (psql's \\copy reads a file of the client) and call hredd.load_osh_download.")));
	if (GetDatabaseEncoding() != PG_UTF8)
		ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						errmsg("hredd.load_osh_file reads UTF-8 files into UTF-8 databases, and this database's encoding is %s",
							   GetDatabaseEncodingName()),
						errhint("COPY the download into a table of text columns (with its ENCODING) and call hredd.load_osh_download.")));
	if (strlen(path) >= MAXPGPATH)
		ereport(ERROR, (errcode(ERRCODE_NAME_TOO_LONG), errmsg("file name \"%s\" is too long", path)));
	strlcpy(sh->path, path, MAXPGPATH);

	/* (a regular file, checked before it is opened: opening a pipe would wait for a writer) */
	if (stat(path, &st) != 0)
		ereport(ERROR, (errcode_for_file_access(), errmsg("could not open file \"%s\" for reading: %m", path)));
	if (!S_ISREG(st.st_mode))
		ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE), errmsg("\"%s\" is not a file", path),
						errhint("hredd.load_osh_file reads a file that stays as it is while it is read (not a pipe); COPY reads others.")));
	fd = OpenTransientFile(path, O_RDONLY | PG_BINARY);
	if (fd < 0)
		ereport(ERROR, (errcode_for_file_access(), errmsg("could not open file \"%s\" for reading: %m", path)));
	if (fstat(fd, &st) != 0)
		ereport(ERROR, (errcode_for_file_access(), errmsg("could not stat file \"%s\": %m", path)));
	if (!S_ISREG(st.st_mode))
		ereport(ERROR, (errcode(ERRCODE_WRONG_OBJECT_TYPE), errmsg("\"%s\" is not a file", path)));
	sh->size = (uint64) st.st_size;

	/* the header (after a byte order mark, as spreadsheets write one) */
	buf = palloc(cap);
	len = ReadAt(fd, path, buf, Min((size_t) 3, (size_t) sh->size), 0);
	if (len == 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		bom = 3;
	for (;;)
	{
		len = ReadAt(fd, path, buf, (size_t) Min((uint64) cap, sh->size - bom), bom);
		cs = CsvReadRecord(buf, len, bom + len >= sh->size, fields, MAX_FIELDS, &nf, &used, &nl);
		if (cs != CSV_NEED_MORE)
			break;
		cap *= 2;
		if (cap > MaxAllocSize)
			FileError(path, 1, "is too long for a header");
		buf = repalloc(buf, cap);
	}
	if (cs == CSV_UNTERMINATED)
		FileError(path, 1, "ends inside a quoted field");
	if (cs == CSV_TOO_MANY_FIELDS)
		FileError(path, 1, psprintf("has more than %d fields", MAX_FIELDS));
	if (nf == 0)
		ereport(ERROR, (errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
						errmsg("file \"%s\" does not start with a header", path),
						errhint("An Open Supply Hub download starts with a line of column names (os_id, name, address, ...).")));
	if (!pg_verify_mbstr(PG_UTF8, buf, (int) used, true))
		FileError(path, 1, "is not valid UTF-8");
	sh->data_start = bom + used;
	sh->header_newlines = nl;
	sh->nheader = nf;
	initStringInfo(&names);
	for (int i = 0; i < nf; i++)
	{
		char	   *s;
		size_t		n;

		if (fields[i].kind == CSV_ESCAPED)
		{
			s = palloc(fields[i].len + 1);
			n = CsvUnescape(buf + fields[i].off, fields[i].len, s);
		}
		else
			s = buf + fields[i].off, n = fields[i].len;
		if (n == 0 || memchr(s, '\0', n) != NULL)
			FileError(path, 1, psprintf("has no name for its field %d", i + 1));
		appendBinaryStringInfo(&names, s, (int) n);
		appendStringInfoChar(&names, '\0');
	}
	f->names = names.data;
	f->names_len = (Size) names.len;
	/* each name once; then the download's columns */
	{
		const char **name = palloc(nf * sizeof(char *));
		const char *p = f->names;

		for (int i = 0; i < nf; i++, p += strlen(p) + 1)
		{
			name[i] = p;
			for (int j = 0; j < i; j++)
				if (strcmp(name[j], p) == 0)
					ereport(ERROR, (errcode(ERRCODE_DUPLICATE_COLUMN),
									errmsg("file \"%s\" names column \"%s\" twice in its header", path, p)));
		}
		for (int k = 0; k < OSH_NFIELDS; k++)
		{
			sh->map[k] = -1;
			for (int c = 0; c < 6 && field_names[k][c] != NULL && sh->map[k] < 0; c++)
				for (int i = 0; i < nf; i++)
					if (strcmp(name[i], field_names[k][c]) == 0)
					{
						sh->map[k] = i;
						if (k == OSH_F_CLAIM)
							sh->claim_flag = c == 1;
						break;
					}
		}
		if (sh->map[OSH_F_OS_ID] < 0)
			ereport(ERROR, (errcode(ERRCODE_UNDEFINED_COLUMN),
							errmsg("file \"%s\" has no column \"os_id\": it is not an Open Supply Hub download", path),
							errhint("Its first line must name the columns, as a download from Open Supply Hub does.")));
	}

	if (!count)
	{
		CloseTransientFile(fd);
		return f;
	}

	/* the blocks, and the quotes and newlines before each (one pass over the file) */
	block = Max(BLOCK_MIN, Min(BLOCK_MAX, (sh->size - sh->data_start) / 64));
	{
		uint64		nblocks = sh->data_start >= sh->size ? 1 : (sh->size - sh->data_start + block - 1) / block;
		uint64		q = 0,
					n = 0,
					at = sh->data_start;
		size_t		bufsize = (size_t) Max(block, (uint64) 1 << 20);

		if (nblocks > (uint64) (MaxAllocSize / sizeof(FileBlock)))
			ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED), errmsg("file \"%s\" is too large", path)));
		sh->nblocks = (int) nblocks;
		f->blocks = palloc0(nblocks * sizeof(FileBlock));
		f->blocks[0].off = sh->data_start;
		buf = repalloc(buf, bufsize);
		for (uint64 b = 1; b < nblocks; b++)
		{
			uint64		upto = sh->data_start + b * block - 1;	/* (the byte before the block) */

			while (at < upto)
			{
				size_t		want = (size_t) Min(upto - at, (uint64) bufsize);
				size_t		got = ReadAt(fd, path, buf, want, at);
				uint64_t	bq,
							bn;

				if (got < want)
					ereport(ERROR, (errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
									errmsg("file \"%s\" became shorter while it was read", path)));
				CsvCount(buf, got, &bq, &bn);
				q += bq;
				n += bn;
				at += got;
				CHECK_FOR_INTERRUPTS();
			}
			f->blocks[b].off = upto + 1;
			f->blocks[b].newlines = n;
			f->blocks[b].in_quotes = (q & 1) != 0;
		}
	}
	CloseTransientFile(fd);
	pfree(buf);
	pg_atomic_init_u32(&sh->next, 0);
	return f;
}

List *
OshFileHeader(OshFile *f)
{
	List	   *names = NIL;
	const char *p = f->names;

	for (int i = 0; i < f->sh.nheader; i++, p += strlen(p) + 1)
		names = lappend(names, pstrdup(p));
	return names;
}

/* This process reading alone: each record handed to the sink as it is read. */
static void
ReadAlone(OshFile *f, Datum label, Datum now, const OshFileSink *sink)
{
	Reader	   *r = palloc0(sizeof(Reader));

	r->sh = &f->sh;
	r->blocks = f->blocks;
	r->names = f->names;
	r->label = label;
	r->now = now;
	r->sink = sink;
	ReadBlocks(r);
}

void
OshFileRead(OshFile *f, Datum label, Datum now, Oid pk, const OshFileSink *sink)
{
	int			want = max_parallel_workers_per_gather == 0 ? 0 : Max(FILE_WORKERS, max_parallel_workers_per_gather);
	ParallelContext *pcxt;
	FileShared *sh;
	char	   *queues;
	TupleQueueReader **readers;
	bool	   *live;
	int			nqueues,
				nlive;
	TupleTableSlot *slot_note;
	TupleTableSlot *slot_same;
	Size		label_len = VARSIZE_ANY(DatumGetPointer(label));

	want = Min(want, f->sh.nblocks - 1);
	if (want <= 0 || IsInParallelMode() || !IsUnderPostmaster)
	{
		ReadAlone(f, label, now, sink);
		return;
	}
	(void) GetCurrentTransactionId();	/* (none can be assigned in parallel mode) */
	EnterParallelMode();
	pcxt = CreateParallelContext("$libdir/hredd", "osh_file_worker", want);
	shm_toc_estimate_chunk(&pcxt->estimator, sizeof(FileShared));
	shm_toc_estimate_chunk(&pcxt->estimator, f->sh.nblocks * sizeof(FileBlock));
	shm_toc_estimate_chunk(&pcxt->estimator, f->names_len + 1);
	shm_toc_estimate_chunk(&pcxt->estimator, MAXALIGN(sizeof(Datum)) + label_len);
	shm_toc_estimate_chunk(&pcxt->estimator, mul_size(QUEUE_SIZE, 3 * want));
	shm_toc_estimate_keys(&pcxt->estimator, 5);
	InitializeParallelDSM(pcxt);
	if (pcxt->seg == NULL)
	{
		/* no dynamic shared memory: read alone */
		DestroyParallelContext(pcxt);
		ExitParallelMode();
		ReadAlone(f, label, now, sink);
		return;
	}
	sh = shm_toc_allocate(pcxt->toc, sizeof(FileShared));
	memcpy(sh, &f->sh, sizeof(FileShared));
	pg_atomic_init_u32(&sh->next, 0);
	sh->pk = pk;
	shm_toc_insert(pcxt->toc, KEY_SHARED, sh);
	{
		FileBlock  *b = shm_toc_allocate(pcxt->toc, f->sh.nblocks * sizeof(FileBlock));

		memcpy(b, f->blocks, f->sh.nblocks * sizeof(FileBlock));
		shm_toc_insert(pcxt->toc, KEY_BLOCKS, b);
	}
	{
		char	   *n = shm_toc_allocate(pcxt->toc, f->names_len + 1);

		memcpy(n, f->names, f->names_len + 1);
		shm_toc_insert(pcxt->toc, KEY_NAMES, n);
	}
	{
		/* loaded_at, then source (a varlena) */
		char	   *l = shm_toc_allocate(pcxt->toc, MAXALIGN(sizeof(Datum)) + label_len);

		memcpy(l, &now, sizeof(Datum));
		memcpy(l + MAXALIGN(sizeof(Datum)), DatumGetPointer(label), label_len);
		shm_toc_insert(pcxt->toc, KEY_LABEL, l);
	}
	/* each worker's three queues: its rows, its notes, the OS IDs of rows found the same */
	queues = shm_toc_allocate(pcxt->toc, mul_size(QUEUE_SIZE, 3 * want));
	for (int i = 0; i < 3 * want; i++)
	{
		shm_mq	   *mq = shm_mq_create(queues + i * QUEUE_SIZE, QUEUE_SIZE);

		shm_mq_set_receiver(mq, MyProc);
	}
	shm_toc_insert(pcxt->toc, KEY_QUEUES, queues);

	LaunchParallelWorkers(pcxt);
	elog(DEBUG1, "hredd.load_osh_file: %s: %d blocks, %d workers launched", f->sh.path, f->sh.nblocks,
		 pcxt->nworkers_launched);
	if (pcxt->nworkers_launched == 0)
	{
		WaitForParallelWorkersToFinish(pcxt);
		DestroyParallelContext(pcxt);
		ExitParallelMode();
		ReadAlone(f, label, now, sink);
		return;
	}
	slot_note = MakeSingleTupleTableSlot(OshNoteDesc(), &TTSOpsMinimalTuple);
	slot_same = MakeSingleTupleTableSlot(SameDesc(), &TTSOpsMinimalTuple);
	nqueues = 3 * pcxt->nworkers_launched;
	readers = palloc(nqueues * sizeof(TupleQueueReader *));
	live = palloc(nqueues * sizeof(bool));
	for (int i = 0; i < nqueues; i++)
	{
		shm_mq_handle *h = shm_mq_attach((shm_mq *) (queues + i * QUEUE_SIZE), pcxt->seg,
										 pcxt->worker[i / 3].bgwhandle);

		readers[i] = CreateTupleQueueReader(h);
		live[i] = true;
	}
	nlive = nqueues;

	/* the rows and notes as they come, a few from each queue in turn (as Gather takes them) */
	while (nlive > 0)
	{
		bool		got = false;

		for (int i = 0; i < nqueues; i++)
		{
			if (!live[i])
				continue;
			for (int k = 0; k < 64; k++)
			{
				bool		done = false;
				MinimalTuple tup = TupleQueueReaderNext(readers[i], true, &done);

				if (done)
				{
					live[i] = false;
					nlive--;
					break;
				}
				if (tup == NULL)
					break;
				got = true;
				if (i % 3 == 0)
					sink->row(sink->arg, NULL, NULL, tup);
				else if (i % 3 == 1)
				{
					ExecStoreMinimalTuple(tup, slot_note, false);
					slot_getallattrs(slot_note);
					sink->note(sink->arg, slot_note->tts_values, slot_note->tts_isnull);
					ExecClearTuple(slot_note);
				}
				else
				{
					bool		isnull;

					ExecStoreMinimalTuple(tup, slot_same, false);
					sink->same(sink->arg, slot_getattr(slot_same, 1, &isnull));
					ExecClearTuple(slot_same);
				}
			}
		}
		if (!got && nlive > 0)
		{
			(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_EXIT_ON_PM_DEATH, -1, WAIT_EVENT_EXECUTE_GATHER);
			ResetLatch(MyLatch);
		}
		CHECK_FOR_INTERRUPTS();
	}
	WaitForParallelWorkersToFinish(pcxt);
	for (int i = 0; i < nqueues; i++)
		DestroyTupleQueueReader(readers[i]);
	ExecDropSingleTupleTableSlot(slot_note);
	ExecDropSingleTupleTableSlot(slot_same);
	DestroyParallelContext(pcxt);
	ExitParallelMode();
}
