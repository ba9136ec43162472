/*
 * row_key.c — harmonize_row_key: the key that identifies the content of a
 * raw audit row, so that re-running harmonize adds nothing.
 *
 * The key is the MD5 of the parts (scheme, facility, code, value, unit,
 * date as text) joined by the unit separator U+001F, NULL parts left out:
 * what md5(concat_ws(chr(31), …))::uuid computes, without the hex text in
 * between.  Done in C because that expression cost harmonize more per row
 * than parsing the value.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "common/md5.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/uuid.h"

PG_FUNCTION_INFO_V1(harmonize_row_key);

/* harmonize_row_key(parts text[]) -> uuid */
Datum
harmonize_row_key(PG_FUNCTION_ARGS)
{
	ArrayType  *parts = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			i;
	bool		first = true;
	StringInfoData buf;
	pg_uuid_t  *key;
	const char *err = NULL;

	if (ARR_NDIM(parts) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("row key parts must be a one-dimensional array, not %d-dimensional", ARR_NDIM(parts))));
	deconstruct_array(parts, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);

	initStringInfo(&buf);
	for (i = 0; i < n; i++)
	{
		text	   *t;

		if (nulls[i])
			continue;
		t = DatumGetTextPP(elems[i]);
		if (!first)
			appendStringInfoChar(&buf, '\x1f');
		appendBinaryStringInfo(&buf, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
		first = false;
	}

	key = (pg_uuid_t *) palloc(sizeof(pg_uuid_t));
	if (!pg_md5_binary(buf.data, buf.len, key->data, &err))
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("could not compute the md5 row key: %s", err ? err : "out of memory")));
	pfree(buf.data);
	pfree(elems);
	pfree(nulls);
	PG_RETURN_UUID_P(key);
}
