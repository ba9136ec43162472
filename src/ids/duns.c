/*
 * duns.c — SQL type hredd.duns (D-U-N-S number), int4 by value.
 *
 * Comparison, hashing and BRIN reuse the int4 support functions.
 */
#include "id_fmgr.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#define DUNS_TYPE "duns"
#define DUNS_NAME "a D-U-N-S number"

PG_FUNCTION_INFO_V1(duns_in);
Datum
duns_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	int32_t		v;
	IdError		e;

	if (!DunsParse(s, strlen(s), &v, &e))
	{
		IdReportError(fcinfo->context, &e, DUNS_TYPE, DUNS_NAME, s, strlen(s));
		PG_RETURN_DATUM((Datum) 0);
	}
	PG_RETURN_INT32(v);
}

PG_FUNCTION_INFO_V1(duns_out);
Datum
duns_out(PG_FUNCTION_ARGS)
{
	char	   *out = palloc(DUNS_LEN + 1);

	DunsFormat(PG_GETARG_INT32(0), out);
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(duns_recv);
Datum
duns_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		v = (int32) pq_getmsgint(buf, 4);

	if (!DunsValidPacked(v))
		IdReportBinaryError(DUNS_TYPE);
	PG_RETURN_INT32(v);
}

PG_FUNCTION_INFO_V1(duns_send);
Datum
duns_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, PG_GETARG_INT32(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(duns_is_valid);
Datum
duns_is_valid(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int32_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	PG_RETURN_BOOL(DunsParse(s, len, &v, &e));
}

PG_FUNCTION_INFO_V1(duns_error);
Datum
duns_error(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int32_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (DunsParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(IdErrorText(&e, DUNS_NAME));
}

PG_FUNCTION_INFO_V1(try_duns);
Datum
try_duns(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int32_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (!DunsParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_INT32(v);
}

PG_FUNCTION_INFO_V1(duns_legacy_luhn_ok);
Datum
duns_legacy_luhn_ok(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(DunsLegacyLuhnOk(PG_GETARG_INT32(0)));
}
