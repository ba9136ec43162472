/*
 * vn_mst.c — SQL type hredd.vn_mst (Viet Nam's enterprise tax code), int8 by value.
 *
 * Comparison, hashing and BRIN reuse the int8 support functions: the stored
 * number * 1000 + branch orders like the text.
 */
#include "id_fmgr.h"
#include "sourcing.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#define TYPNAME "vn_mst"
#define IDNAME "a Vietnamese tax code"

PG_FUNCTION_INFO_V1(vn_mst_in);
Datum
vn_mst_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	int64_t		v;
	IdError		e;

	if (!VnMstParse(s, strlen(s), &v, &e))
	{
		IdReportError(fcinfo->context, &e, TYPNAME, IDNAME, s, strlen(s));
		PG_RETURN_DATUM((Datum) 0);
	}
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(vn_mst_out);
Datum
vn_mst_out(PG_FUNCTION_ARGS)
{
	char	   *out = palloc(VN_MST_MAXLEN + 1);

	VnMstFormat(PG_GETARG_INT64(0), out);
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(vn_mst_recv);
Datum
vn_mst_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		v = pq_getmsgint64(buf);

	if (!VnMstValidPacked(v))
		IdReportBinaryError(TYPNAME);
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(vn_mst_send);
Datum
vn_mst_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_INT64(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(vn_mst_is_valid);
Datum
vn_mst_is_valid(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int64_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	PG_RETURN_BOOL(VnMstParse(s, len, &v, &e));
}

PG_FUNCTION_INFO_V1(vn_mst_error);
Datum
vn_mst_error(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int64_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (VnMstParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(IdErrorText(&e, IDNAME));
}

PG_FUNCTION_INFO_V1(try_vn_mst);
Datum
try_vn_mst(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int64_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (!VnMstParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(vn_mst_head_office);
Datum
vn_mst_head_office(PG_FUNCTION_ARGS)
{
	int64		v = PG_GETARG_INT64(0);

	PG_RETURN_INT64(v - v % 1000);
}

PG_FUNCTION_INFO_V1(vn_mst_branch);
Datum
vn_mst_branch(PG_FUNCTION_ARGS)
{
	int64		v = PG_GETARG_INT64(0);

	if (v % 1000 == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32((int32) (v % 1000));
}
