/*
 * supply_graph.c — hredd.supply_graph(roots, direction, as_of, max_tier):
 * the upstream or downstream graph of each root over the supplier links
 * valid on as_of, walked breadth first in memory (supply_walk_core.c).
 *
 * Per tier one query reads the links of every node of the frontier not read
 * before, of all roots at once (= ANY over the indexed buyer or supplier
 * column); a node's links are read once per call however many roots reach
 * it.  The rows come out in the order the PL/pgSQL walk this replaces
 * inserted them: the real nodes by tier, root and node ("C" order), then the
 * virtual nodes of unknown origin by root ("C") and reference (the
 * database's collation); that per batch of roots (below).
 *
 * The query names every table, function and operator with its schema, and
 * the function pins its search_path as well (src/sql/60-supply.sql).
 */
#include "postgres.h"
#include "../compat.h"

#include "access/htup_details.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"
#include "utils/varlena.h"

#include "supply_walk.h"

PG_FUNCTION_INFO_V1(supply_graph);

/* columns of the link query (1-based), the same for both directions */
enum
{
	Q_FROM = 1, Q_TO, Q_LINK_ID, Q_RELATION, Q_STAGE, Q_MATERIAL, Q_ORIGIN, Q_SHARE, Q_UREF, Q_ULABEL
};

#define LINK_COLUMNS \
	"l.link_id, l.relation, l.stage, l.material, l.origin_country, l.share, " \
	"CASE WHEN l.supplier_ref IS NULL THEN hredd.supply_unknown_ref(l.material, l.origin_country) END, " \
	"CASE WHEN l.supplier_ref IS NULL THEN pg_catalog.format('unknown supplier of %s in %s', l.material, " \
	"COALESCE(hredd.country_name(l.origin_country), 'an unknown country')) END " \
	"FROM hredd.supply_link l WHERE "
#define LINK_VALID \
	" OPERATOR(pg_catalog.=) ANY ($1) AND l.valid_from OPERATOR(pg_catalog.<=) $2 " \
	"AND $2 OPERATOR(pg_catalog.<=) l.valid_to"

static const char *const upstream_sql =
"SELECT l.buyer_ref, l.supplier_ref, " LINK_COLUMNS "l.buyer_ref" LINK_VALID;
static const char *const downstream_sql =
"SELECT l.supplier_ref, l.buyer_ref, " LINK_COLUMNS "l.supplier_ref" LINK_VALID;

typedef struct Walk
{
	SwGraph		g;
	MemoryContext cxt;
	HeapTuple  *links;			/* the rows of the link query, by payload number */
	int32		nlinks,
				links_cap;
	TupleDesc	desc;			/* their descriptor */
	Datum	   *text;			/* node names as text, made when first needed */
	int32		text_cap;
} Walk;

/* SwMem over a memory context: nothing survives an error. */
static void *
WalkResize(void *ctx, void *p, size_t n)
{
	if (n == 0)
	{
		pfree(p);
		return NULL;
	}
	if (p == NULL)
		return MemoryContextAllocHuge((MemoryContext) ctx, n);
	return repalloc_huge(p, n);
}

static void
TooMany(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("supply_graph reached more nodes or links than it can hold")));
}

/* A node's name as a text datum (kept in the walk's context). */
static Datum
NodeText(Walk *w, int32 node)
{
	if (node >= w->text_cap)
	{
		int32		cap = Max(w->g.nnodes, node + 1);

		if (w->text == NULL)
			w->text = MemoryContextAllocHuge(w->cxt, (Size) cap * sizeof(Datum));
		else
			w->text = repalloc_huge(w->text, (Size) cap * sizeof(Datum));
		memset(w->text + w->text_cap, 0, (Size) (cap - w->text_cap) * sizeof(Datum));
		w->text_cap = cap;
	}
	if (w->text[node] == (Datum) 0)
	{
		size_t		len;
		const char *s = SwName(&w->g, node, &len);
		MemoryContext old = MemoryContextSwitchTo(w->cxt);

		w->text[node] = PointerGetDatum(cstring_to_text_with_len(s, (int) len));
		MemoryContextSwitchTo(old);
	}
	return w->text[node];
}

/* The node of a text column of the link query (interned). */
static int32
ColumnNode(Walk *w, HeapTuple tup, TupleDesc desc, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, desc, col, &isnull);
	text	   *t;
	int32		node;

	if (isnull)
		elog(ERROR, "supply_graph: link reference is null");
	t = DatumGetTextPP(d);
	node = SwNodeId(&w->g, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	if (node < 0)
		TooMany();
	return node;
}

/* Reads the links of the nodes the frontier has not read yet. */
static void
ReadLinks(Walk *w, SPIPlanPtr plan, DateADT as_of)
{
	const int32 *pending;
	int32		n = SwPending(&w->g, &pending);
	Datum	   *elems;
	Datum		args[2];
	SPITupleTable *tt;

	if (n < 0)
		TooMany();
	if (n == 0)
		return;
	elems = palloc((Size) n * sizeof(Datum));
	for (int32 i = 0; i < n; i++)
		elems[i] = NodeText(w, pending[i]);
	args[0] = PointerGetDatum(construct_array(elems, n, TEXTOID, -1, false, TYPALIGN_INT));
	args[1] = DateADTGetDatum(as_of);
	if (SPI_execute_plan(plan, args, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "supply_graph: the link query failed");
	MemoryContextSwitchTo(w->cxt);	/* SPI left us in its own context */
	tt = SPI_tuptable;
	if (w->desc == NULL)
		w->desc = CreateTupleDescCopy(tt->tupdesc);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = tt->vals[i];
		bool		isnull;
		bool		unknown;
		int32		from = ColumnNode(w, tup, tt->tupdesc, Q_FROM);
		int32		to;
		int64		link_id = DatumGetInt64(SPI_getbinval(tup, tt->tupdesc, Q_LINK_ID, &isnull));

		(void) SPI_getbinval(tup, tt->tupdesc, Q_TO, &unknown);
		to = ColumnNode(w, tup, tt->tupdesc, unknown ? Q_UREF : Q_TO);
		if (w->nlinks >= w->links_cap)
		{
			if (w->links_cap > 0x3fffffff / 2)
				TooMany();
			w->links_cap = w->links_cap ? w->links_cap * 2 : 1024;
			w->links = w->links ? repalloc_huge(w->links, (Size) w->links_cap * sizeof(HeapTuple))
				: MemoryContextAllocHuge(w->cxt, (Size) w->links_cap * sizeof(HeapTuple));
		}
		w->links[w->nlinks] = heap_copytuple(tup);
		if (!SwAddLink(&w->g, from, to, unknown, link_id, w->nlinks))
			TooMany();
		w->nlinks++;
	}
	SPI_freetuptable(tt);
	pfree(DatumGetPointer(args[0]));
	pfree(elems);
}

/* References of virtual nodes compared as the database's collation does. */
static int
CompareDefault(void *arg, const char *a, size_t alen, const char *b, size_t blen)
{
	return varstr_cmp(a, (int) alen, b, (int) blen, DEFAULT_COLLATION_OID);
}

/* One row: a visit (real or virtual, whose parent and link are given). */
static void
PutRow(Walk *w, ReturnSetInfo *rsinfo, const SwVisit *v, bool unknown, int32 *pathbuf, Datum *pathtext)
{
	Datum		values[13];
	bool		nulls[13] = {0};
	const SwLink *k = &w->g.links[v->link];
	HeapTuple	tup = w->links[k->payload];
	int32		n = SwPath(&w->g, v->parent, pathbuf);
	ArrayType  *path;

	pathbuf[n++] = v->node;
	for (int32 i = 0; i < n; i++)
		pathtext[i] = NodeText(w, pathbuf[i]);
	path = construct_array(pathtext, n, TEXTOID, -1, false, TYPALIGN_INT);

	values[0] = NodeText(w, w->g.roots[v->root]);
	values[1] = Int32GetDatum(v->tier);
	values[2] = NodeText(w, v->node);
	values[3] = NodeText(w, w->g.visits[v->parent].node);
	values[4] = Int64GetDatum(k->link_id);
	values[5] = heap_getattr(tup, Q_RELATION, w->desc, &nulls[5]);
	values[6] = heap_getattr(tup, Q_STAGE, w->desc, &nulls[6]);
	values[7] = heap_getattr(tup, Q_MATERIAL, w->desc, &nulls[7]);
	values[8] = heap_getattr(tup, Q_ORIGIN, w->desc, &nulls[8]);
	values[9] = heap_getattr(tup, Q_SHARE, w->desc, &nulls[9]);
	values[10] = BoolGetDatum(unknown);
	if (unknown)
		values[11] = heap_getattr(tup, Q_ULABEL, w->desc, &nulls[11]);
	else
		values[11] = values[2];
	values[12] = PointerGetDatum(path);
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	pfree(path);
}

/* Walks the roots added since the last SwRestart and returns their rows. */
static void
WalkBatch(Walk *w, ReturnSetInfo *rsinfo, SPIPlanPtr plan, bool up, DateADT as_of, int32 max_tier)
{
	int32	   *order,
			   *uorder,
			   *pathbuf;
	Datum	   *pathtext;
	int32		nreal;

	while (w->g.tier < max_tier)
	{
		int64		n;

		CHECK_FOR_INTERRUPTS();
		ReadLinks(w, plan, as_of);
		n = SwStep(&w->g);
		if (n < 0)
			TooMany();
		if (n == 0)
			break;
	}
	if (up && !SwUnknowns(&w->g, max_tier))
		TooMany();

	order = MemoryContextAllocHuge(w->cxt, (Size) w->g.nvisits * sizeof(int32) + 1);
	uorder = MemoryContextAllocHuge(w->cxt, (Size) w->g.nunknowns * sizeof(int32) + 1);
	nreal = SwOrder(&w->g, order, uorder, CompareDefault, NULL);
	/* the deepest visit is the last one: they come in tier order */
	pathbuf = palloc(((Size) w->g.visits[w->g.nvisits - 1].tier + 2) * sizeof(int32));
	pathtext = palloc(((Size) w->g.visits[w->g.nvisits - 1].tier + 2) * sizeof(Datum));
	for (int32 i = 0; i < nreal; i++)
	{
		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		PutRow(w, rsinfo, &w->g.visits[order[i]], false, pathbuf, pathtext);
	}
	for (int32 i = 0; i < w->g.nunknowns; i++)
	{
		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		PutRow(w, rsinfo, &w->g.unknowns[uorder[i]], true, pathbuf, pathtext);
	}
	pfree(order);
	pfree(uorder);
	pfree(pathbuf);
	pfree(pathtext);
	SwRestart(&w->g);
}

/*
 * The roots are walked in batches of ROOT_BATCH (in the order given): the
 * memory of a walk grows with roots times the nodes each reaches, while the
 * links read are kept for the next batch.  The rows come by batch, then by
 * tier, root and node.
 */
#define ROOT_BATCH 1024

Datum
supply_graph(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *direction = PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1);
	bool		up = false;
	DateADT		as_of;
	int32		max_tier;
	Walk		w;
	MemoryContext old;
	Datum	   *elems;
	bool	   *elemnulls;
	int			nelems;
	Oid			argtypes[2] = {TEXTARRAYOID, DATEOID};
	SPIPlanPtr	plan;

	if (direction != NULL)
	{
		char	   *d = text_to_cstring(direction);

		up = strcmp(d, "upstream") == 0;
		if (!up && strcmp(d, "downstream") != 0)
			direction = NULL;
		pfree(d);
	}
	if (direction == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("supply_graph direction must be upstream or downstream, not %s",
						PG_ARGISNULL(1) ? "NULL" : text_to_cstring(PG_GETARG_TEXT_PP(1)))));
	if (PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_GETARG_INT32(3) < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("supply_graph needs a date and a max_tier of at least 1")));
	as_of = PG_GETARG_DATEADT(2);
	max_tier = PG_GETARG_INT32(3);

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;

	memset(&w, 0, sizeof(w));
	w.cxt = AllocSetContextCreate(CurrentMemoryContext, "supply_graph", ALLOCSET_DEFAULT_SIZES);
	SwInit(&w.g, (SwMem) {w.cxt, WalkResize});
	old = MemoryContextSwitchTo(w.cxt);
	deconstruct_array(PG_GETARG_ARRAYTYPE_P(0), TEXTOID, -1, false, TYPALIGN_INT, &elems, &elemnulls, &nelems);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "supply_graph: SPI_connect failed");

	/*
	 * A generic plan: planned for the frontier's actual size, the planner
	 * turns to a sequential scan of every link once a frontier has some
	 * thousand nodes, many times slower than the index with a warm cache.
	 */
	plan = SPI_prepare_cursor(up ? upstream_sql : downstream_sql, 2, argtypes, CURSOR_OPT_GENERIC_PLAN);
	if (plan == NULL)
		elog(ERROR, "supply_graph: could not prepare the link query: %s", SPI_result_code_string(SPI_result));
	MemoryContextSwitchTo(w.cxt);

	for (int i = 0; i < nelems; i++)
	{
		text	   *t;

		if (elemnulls[i])
			continue;
		t = DatumGetTextPP(elems[i]);
		(void) SwAddRoot(&w.g, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));	/* false: named twice */
		if (w.g.nroots == ROOT_BATCH)
			WalkBatch(&w, rsinfo, plan, up, as_of, max_tier);
	}
	if (w.g.nroots > 0)
		WalkBatch(&w, rsinfo, plan, up, as_of, max_tier);

	SPI_finish();
	MemoryContextSwitchTo(old);
	MemoryContextDelete(w.cxt);
	return (Datum) 0;
}
