/*
 * uscc.c — SQL type hredd.uscc (China's unified social credit code), 16 bytes by reference.
 *
 * Comparison and hashing are the shared 16-byte functions of id16.c; the check
 * character is derived on output.
 */
#include "id_fmgr.h"
#include "sourcing.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#define TYPNAME "uscc"
#define IDNAME "a unified social credit code"

PG_FUNCTION_INFO_V1(uscc_in);
Datum
uscc_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	Id16Value  *v = palloc(sizeof(Id16Value));
	IdError		e;

	if (!UsccParse(s, strlen(s), v, &e))
	{
		IdReportError(fcinfo->context, &e, TYPNAME, IDNAME, s, strlen(s));
		PG_RETURN_DATUM((Datum) 0);
	}
	PG_RETURN_POINTER(v);
}

PG_FUNCTION_INFO_V1(uscc_out);
Datum
uscc_out(PG_FUNCTION_ARGS)
{
	char	   *out = palloc(USCC_LEN + 1);

	UsccFormat((const Id16Value *) PG_GETARG_POINTER(0), out);
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(uscc_recv);
Datum
uscc_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	Id16Value  *v = palloc(sizeof(Id16Value));

	pq_copymsgbytes(buf, (char *) v->b, sizeof(v->b));
	if (!UsccValidPacked(v))
		IdReportBinaryError(TYPNAME);
	PG_RETURN_POINTER(v);
}

PG_FUNCTION_INFO_V1(uscc_send);
Datum
uscc_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (const char *) ((const Id16Value *) PG_GETARG_POINTER(0))->b, sizeof(Id16Value));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(uscc_is_valid);
Datum
uscc_is_valid(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	Id16Value	v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	PG_RETURN_BOOL(UsccParse(s, len, &v, &e));
}

PG_FUNCTION_INFO_V1(uscc_error);
Datum
uscc_error(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	Id16Value	v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (UsccParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(IdErrorText(&e, IDNAME));
}

PG_FUNCTION_INFO_V1(try_uscc);
Datum
try_uscc(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	Id16Value  *v = palloc(sizeof(Id16Value));
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (!UsccParse(s, len, v, &e))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(v);
}

PG_FUNCTION_INFO_V1(uscc_region);
Datum
uscc_region(PG_FUNCTION_ARGS)
{
	char		s[USCC_LEN + 1];

	UsccFormat((const Id16Value *) PG_GETARG_POINTER(0), s);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(s + 2, 6));
}

PG_FUNCTION_INFO_V1(uscc_org_code_ok);
Datum
uscc_org_code_ok(PG_FUNCTION_ARGS)
{
	char		s[USCC_LEN + 1];

	UsccFormat((const Id16Value *) PG_GETARG_POINTER(0), s);
	PG_RETURN_BOOL(UsccOrgCodeOk(s));
}
