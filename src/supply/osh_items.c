/*
 * osh_items.c — SQL-callable wrappers of the Open Supply Hub multi-value
 * splitter (osh_items_core.c): hredd.osh_items(text) → text[] and
 * hredd.osh_empty_items(text) → integer.  A NULL field is no item.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "osh_items.h"

/* the items of t, and its empty items; arrays palloc'd */
static size_t
split(text *t, OshItem **items, size_t *empty)
{
	const char *s = VARDATA_ANY(t);
	size_t		n = VARSIZE_ANY_EXHDR(t);
	size_t		max = OshItemsMax(s, n);
	size_t	   *scratch;

	/* at most one item per byte and one more: within MaxAllocSize for any text */
	*items = palloc(max * sizeof(OshItem));
	scratch = palloc(2 * max * sizeof(size_t));
	return OshItemsSplit(s, n, *items, scratch, empty);
}

PG_FUNCTION_INFO_V1(osh_items);
Datum
osh_items(PG_FUNCTION_ARGS)
{
	text	   *t;
	OshItem    *items;
	Datum	   *elems;
	size_t		k;

	if (PG_ARGISNULL(0))
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));
	t = PG_GETARG_TEXT_PP(0);
	k = split(t, &items, NULL);
	if (k == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));
	elems = palloc(k * sizeof(Datum));
	for (size_t i = 0; i < k; i++)
		elems[i] = PointerGetDatum(cstring_to_text_with_len(VARDATA_ANY(t) + items[i].off, (int) items[i].len));
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, (int) k, TEXTOID, -1, false, TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(osh_empty_items);
Datum
osh_empty_items(PG_FUNCTION_ARGS)
{
	OshItem    *items;
	size_t		empty = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_INT32(0);
	(void) split(PG_GETARG_TEXT_PP(0), &items, &empty);
	PG_RETURN_INT32((int32) (empty > PG_INT32_MAX ? PG_INT32_MAX : empty));
}
