/*
 * bd_bin.c — SQL type hredd.bd_bin (Bangladesh's business identification number), int8 by value.
 *
 * Comparison, hashing and BRIN reuse the int8 support functions.
 */
#include "id_fmgr.h"
#include "sourcing.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#define TYPNAME "bd_bin"
#define IDNAME "a BIN"

PG_FUNCTION_INFO_V1(bd_bin_in);
Datum
bd_bin_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	int64_t		v;
	IdError		e;

	if (!BdBinParse(s, strlen(s), &v, &e))
	{
		IdReportError(fcinfo->context, &e, TYPNAME, IDNAME, s, strlen(s));
		PG_RETURN_DATUM((Datum) 0);
	}
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(bd_bin_out);
Datum
bd_bin_out(PG_FUNCTION_ARGS)
{
	char	   *out = palloc(BD_BIN_LEN + 1);

	BdBinFormat(PG_GETARG_INT64(0), out);
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(bd_bin_recv);
Datum
bd_bin_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		v = pq_getmsgint64(buf);

	if (!BdBinValidPacked(v))
		IdReportBinaryError(TYPNAME);
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(bd_bin_send);
Datum
bd_bin_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_INT64(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(bd_bin_is_valid);
Datum
bd_bin_is_valid(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int64_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	PG_RETURN_BOOL(BdBinParse(s, len, &v, &e));
}

PG_FUNCTION_INFO_V1(bd_bin_error);
Datum
bd_bin_error(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int64_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (BdBinParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(IdErrorText(&e, IDNAME));
}

PG_FUNCTION_INFO_V1(try_bd_bin);
Datum
try_bd_bin(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int64_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (!BdBinParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_INT64(v);
}
