/*
 * gstin.c — SQL type hredd.gstin (India's GST identification number), 16 bytes by reference.
 *
 * Comparison and hashing are the shared 16-byte functions of id16.c; the check
 * character is derived on output.
 */
#include "id_fmgr.h"
#include "sourcing.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#define TYPNAME "gstin"
#define IDNAME "a GSTIN"

PG_FUNCTION_INFO_V1(gstin_in);
Datum
gstin_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	Id16Value  *v = palloc(sizeof(Id16Value));
	IdError		e;

	if (!GstinParse(s, strlen(s), v, &e))
	{
		IdReportError(fcinfo->context, &e, TYPNAME, IDNAME, s, strlen(s));
		PG_RETURN_DATUM((Datum) 0);
	}
	PG_RETURN_POINTER(v);
}

PG_FUNCTION_INFO_V1(gstin_out);
Datum
gstin_out(PG_FUNCTION_ARGS)
{
	char	   *out = palloc(GSTIN_LEN + 1);

	GstinFormat((const Id16Value *) PG_GETARG_POINTER(0), out);
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(gstin_recv);
Datum
gstin_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	Id16Value  *v = palloc(sizeof(Id16Value));

	pq_copymsgbytes(buf, (char *) v->b, sizeof(v->b));
	if (!GstinValidPacked(v))
		IdReportBinaryError(TYPNAME);
	PG_RETURN_POINTER(v);
}

PG_FUNCTION_INFO_V1(gstin_send);
Datum
gstin_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (const char *) ((const Id16Value *) PG_GETARG_POINTER(0))->b, sizeof(Id16Value));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(gstin_is_valid);
Datum
gstin_is_valid(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	Id16Value	v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	PG_RETURN_BOOL(GstinParse(s, len, &v, &e));
}

PG_FUNCTION_INFO_V1(gstin_error);
Datum
gstin_error(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	Id16Value	v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (GstinParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(IdErrorText(&e, IDNAME));
}

PG_FUNCTION_INFO_V1(try_gstin);
Datum
try_gstin(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	Id16Value  *v = palloc(sizeof(Id16Value));
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (!GstinParse(s, len, v, &e))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(v);
}

PG_FUNCTION_INFO_V1(gstin_state);
Datum
gstin_state(PG_FUNCTION_ARGS)
{
	char		s[GSTIN_LEN + 1];

	GstinFormat((const Id16Value *) PG_GETARG_POINTER(0), s);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(s, 2));
}

PG_FUNCTION_INFO_V1(gstin_pan);
Datum
gstin_pan(PG_FUNCTION_ARGS)
{
	char		s[GSTIN_LEN + 1];

	GstinFormat((const Id16Value *) PG_GETARG_POINTER(0), s);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(s + 2, 10));
}
