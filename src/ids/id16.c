/*
 * id16.c — comparison, sort support and hashing shared by the 16-byte
 * identifier types of the sourcing countries (uscc, gstin).  Their packed
 * forms compare with memcmp in the order of their canonical text.
 */
#include "id_fmgr.h"
#include "sourcing.h"

#include "common/hashfn.h"
#include "utils/sortsupport.h"

#define ARG16(n) ((const Id16Value *) PG_GETARG_POINTER(n))

static inline int
Id16Compare(const Id16Value *a, const Id16Value *b)
{
	return memcmp(a->b, b->b, sizeof(a->b));
}

PG_FUNCTION_INFO_V1(id16_cmp);
Datum
id16_cmp(PG_FUNCTION_ARGS)
{
	int			c = Id16Compare(ARG16(0), ARG16(1));

	PG_RETURN_INT32(c < 0 ? -1 : c > 0 ? 1 : 0);
}

PG_FUNCTION_INFO_V1(id16_eq);
Datum
id16_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(Id16Compare(ARG16(0), ARG16(1)) == 0);
}

PG_FUNCTION_INFO_V1(id16_ne);
Datum
id16_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(Id16Compare(ARG16(0), ARG16(1)) != 0);
}

PG_FUNCTION_INFO_V1(id16_lt);
Datum
id16_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(Id16Compare(ARG16(0), ARG16(1)) < 0);
}

PG_FUNCTION_INFO_V1(id16_le);
Datum
id16_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(Id16Compare(ARG16(0), ARG16(1)) <= 0);
}

PG_FUNCTION_INFO_V1(id16_gt);
Datum
id16_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(Id16Compare(ARG16(0), ARG16(1)) > 0);
}

PG_FUNCTION_INFO_V1(id16_ge);
Datum
id16_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(Id16Compare(ARG16(0), ARG16(1)) >= 0);
}

static int
Id16FastCmp(Datum a, Datum b, SortSupport ssup)
{
	return Id16Compare((const Id16Value *) DatumGetPointer(a),
					   (const Id16Value *) DatumGetPointer(b));
}

/* Abbreviated key: the first 8 bytes, big-endian, as an unsigned integer. */
static Datum
Id16AbbrevConvert(Datum original, SortSupport ssup)
{
	const Id16Value *v = (const Id16Value *) DatumGetPointer(original);
	uint64		k = 0;

	for (int i = 0; i < 8; i++)
		k = (k << 8) | v->b[i];
#if SIZEOF_DATUM == 8
	return UInt64GetDatum(k);
#else
	return UInt32GetDatum((uint32) (k >> 32));
#endif
}

static bool
Id16AbbrevAbort(int memtupcount, SortSupport ssup)
{
	return false;
}

PG_FUNCTION_INFO_V1(id16_sortsupport);
Datum
id16_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = Id16FastCmp;
	if (ssup->abbreviate)
	{
		ssup->abbrev_full_comparator = Id16FastCmp;
		ssup->abbrev_converter = Id16AbbrevConvert;
		ssup->abbrev_abort = Id16AbbrevAbort;
		ssup->comparator = ssup_datum_unsigned_cmp;
	}
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(id16_hash);
Datum
id16_hash(PG_FUNCTION_ARGS)
{
	return hash_any(ARG16(0)->b, sizeof(Id16Value));
}

PG_FUNCTION_INFO_V1(id16_hash_extended);
Datum
id16_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_any_extended(ARG16(0)->b, sizeof(Id16Value), PG_GETARG_INT64(1));
}
