/*
 * tr_vkn.c — SQL type hredd.tr_vkn (Türkiye's tax identification number), int8 by value.
 *
 * Comparison, hashing and BRIN reuse the int8 support functions.
 */
#include "id_fmgr.h"
#include "sourcing.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#define TYPNAME "tr_vkn"
#define IDNAME "a VKN"

PG_FUNCTION_INFO_V1(tr_vkn_in);
Datum
tr_vkn_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	int64_t		v;
	IdError		e;

	if (!TrVknParse(s, strlen(s), &v, &e))
	{
		IdReportError(fcinfo->context, &e, TYPNAME, IDNAME, s, strlen(s));
		PG_RETURN_DATUM((Datum) 0);
	}
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(tr_vkn_out);
Datum
tr_vkn_out(PG_FUNCTION_ARGS)
{
	char	   *out = palloc(TR_VKN_LEN + 1);

	TrVknFormat(PG_GETARG_INT64(0), out);
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(tr_vkn_recv);
Datum
tr_vkn_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		v = pq_getmsgint64(buf);

	if (!TrVknValidPacked(v))
		IdReportBinaryError(TYPNAME);
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(tr_vkn_send);
Datum
tr_vkn_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_INT64(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(tr_vkn_is_valid);
Datum
tr_vkn_is_valid(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int64_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	PG_RETURN_BOOL(TrVknParse(s, len, &v, &e));
}

PG_FUNCTION_INFO_V1(tr_vkn_error);
Datum
tr_vkn_error(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int64_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (TrVknParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(IdErrorText(&e, IDNAME));
}

PG_FUNCTION_INFO_V1(try_tr_vkn);
Datum
try_tr_vkn(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int64_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (!TrVknParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_INT64(v);
}
