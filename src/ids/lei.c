/*
 * lei.c — SQL type hredd.lei (ISO 17442 Legal Entity Identifier), 16 bytes
 * by reference.
 *
 * The 18 base characters are packed 6 bits each, big-endian, so memcmp
 * orders like the text; the check digits are derived on output.
 */
#include "id_fmgr.h"

#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/sortsupport.h"

#define LEI_TYPE "lei"
#define LEI_NAME "an LEI"

#define PG_GETARG_LEI(n) ((const LeiValue *) PG_GETARG_POINTER(n))

static int
LeiCompare(const LeiValue *a, const LeiValue *b)
{
	return memcmp(a->b, b->b, sizeof(a->b));
}

PG_FUNCTION_INFO_V1(lei_in);
Datum
lei_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	LeiValue   *v = palloc(sizeof(LeiValue));
	IdError		e;

	if (!LeiParse(s, strlen(s), v, &e))
	{
		IdReportError(fcinfo->context, &e, LEI_TYPE, LEI_NAME, s, strlen(s));
		PG_RETURN_DATUM((Datum) 0);
	}
	PG_RETURN_POINTER(v);
}

PG_FUNCTION_INFO_V1(lei_out);
Datum
lei_out(PG_FUNCTION_ARGS)
{
	char	   *out = palloc(LEI_LEN + 1);

	LeiFormat(PG_GETARG_LEI(0), out);
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(lei_recv);
Datum
lei_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	LeiValue   *v = palloc(sizeof(LeiValue));

	pq_copymsgbytes(buf, (char *) v->b, sizeof(v->b));
	if (!LeiValidPacked(v))
		IdReportBinaryError(LEI_TYPE);
	PG_RETURN_POINTER(v);
}

PG_FUNCTION_INFO_V1(lei_send);
Datum
lei_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (const char *) PG_GETARG_LEI(0)->b, sizeof(LeiValue));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(lei_is_valid);
Datum
lei_is_valid(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	LeiValue	v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	PG_RETURN_BOOL(LeiParse(s, len, &v, &e));
}

PG_FUNCTION_INFO_V1(lei_error);
Datum
lei_error(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	LeiValue	v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (LeiParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(IdErrorText(&e, LEI_NAME));
}

PG_FUNCTION_INFO_V1(try_lei);
Datum
try_lei(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	LeiValue   *v = palloc(sizeof(LeiValue));
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (!LeiParse(s, len, v, &e))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(v);
}

PG_FUNCTION_INFO_V1(lei_check_digits);
Datum
lei_check_digits(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int			d;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (!LeiCheckDigitsFor(s, len, &d, &e))
		IdReportError(NULL, &e, LEI_TYPE, "an LEI without its check digits", s, len);
	PG_RETURN_TEXT_P(cstring_to_text(psprintf("%02d", d)));
}

PG_FUNCTION_INFO_V1(lei_lou);
Datum
lei_lou(PG_FUNCTION_ARGS)
{
	char		s[LEI_LEN + 1];

	LeiFormat(PG_GETARG_LEI(0), s);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(s, 4));
}

/* --- comparison, btree and hash support --------------------------------- */

PG_FUNCTION_INFO_V1(lei_cmp);
Datum
lei_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(LeiCompare(PG_GETARG_LEI(0), PG_GETARG_LEI(1)));
}

PG_FUNCTION_INFO_V1(lei_eq);
Datum
lei_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(LeiCompare(PG_GETARG_LEI(0), PG_GETARG_LEI(1)) == 0);
}

PG_FUNCTION_INFO_V1(lei_ne);
Datum
lei_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(LeiCompare(PG_GETARG_LEI(0), PG_GETARG_LEI(1)) != 0);
}

PG_FUNCTION_INFO_V1(lei_lt);
Datum
lei_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(LeiCompare(PG_GETARG_LEI(0), PG_GETARG_LEI(1)) < 0);
}

PG_FUNCTION_INFO_V1(lei_le);
Datum
lei_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(LeiCompare(PG_GETARG_LEI(0), PG_GETARG_LEI(1)) <= 0);
}

PG_FUNCTION_INFO_V1(lei_gt);
Datum
lei_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(LeiCompare(PG_GETARG_LEI(0), PG_GETARG_LEI(1)) > 0);
}

PG_FUNCTION_INFO_V1(lei_ge);
Datum
lei_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(LeiCompare(PG_GETARG_LEI(0), PG_GETARG_LEI(1)) >= 0);
}

static int
LeiFastCmp(Datum a, Datum b, SortSupport ssup)
{
	return LeiCompare((const LeiValue *) DatumGetPointer(a),
					  (const LeiValue *) DatumGetPointer(b));
}

/*
 * Abbreviated key: the first 8 bytes (the first 10 characters and a bit),
 * big-endian, compared as an unsigned integer.  They almost always decide.
 */
static Datum
LeiAbbrevConvert(Datum original, SortSupport ssup)
{
	const LeiValue *v = (const LeiValue *) DatumGetPointer(original);
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
LeiAbbrevAbort(int memtupcount, SortSupport ssup)
{
	return false;
}

PG_FUNCTION_INFO_V1(lei_sortsupport);
Datum
lei_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = LeiFastCmp;
	if (ssup->abbreviate)
	{
		ssup->abbrev_full_comparator = LeiFastCmp;
		ssup->abbrev_converter = LeiAbbrevConvert;
		ssup->abbrev_abort = LeiAbbrevAbort;
		ssup->comparator = ssup_datum_unsigned_cmp;
	}
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(lei_hash);
Datum
lei_hash(PG_FUNCTION_ARGS)
{
	return hash_any(PG_GETARG_LEI(0)->b, sizeof(LeiValue));
}

PG_FUNCTION_INFO_V1(lei_hash_extended);
Datum
lei_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_any_extended(PG_GETARG_LEI(0)->b, sizeof(LeiValue), PG_GETARG_INT64(1));
}
