/*
 * gln.c — SQL type hredd.gln (GS1 Global Location Number), int8 by value.
 *
 * Comparison, hashing and BRIN reuse the int8 support functions.
 */
#include "id_fmgr.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#define GLN_TYPE "gln"
#define GLN_NAME "a GLN"

PG_FUNCTION_INFO_V1(gln_in);
Datum
gln_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	int64_t		v;
	IdError		e;

	if (!GlnParse(s, strlen(s), &v, &e))
	{
		IdReportError(fcinfo->context, &e, GLN_TYPE, GLN_NAME, s, strlen(s));
		PG_RETURN_DATUM((Datum) 0);
	}
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(gln_out);
Datum
gln_out(PG_FUNCTION_ARGS)
{
	char	   *out = palloc(GLN_LEN + 1);

	GlnFormat(PG_GETARG_INT64(0), out);
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(gln_recv);
Datum
gln_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		v = pq_getmsgint64(buf);

	if (!GlnValidPacked(v))
		IdReportBinaryError(GLN_TYPE);
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(gln_send);
Datum
gln_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_INT64(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(gln_is_valid);
Datum
gln_is_valid(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int64_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	PG_RETURN_BOOL(GlnParse(s, len, &v, &e));
}

PG_FUNCTION_INFO_V1(gln_error);
Datum
gln_error(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int64_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (GlnParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(IdErrorText(&e, GLN_NAME));
}

PG_FUNCTION_INFO_V1(try_gln);
Datum
try_gln(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int64_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (!GlnParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(gln_check_digit);
Datum
gln_check_digit(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int			d;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (!GlnCheckDigitFor(s, len, &d, &e))
		IdReportError(NULL, &e, GLN_TYPE, "a GLN without its check digit", s, len);
	PG_RETURN_INT32(d);
}

PG_FUNCTION_INFO_V1(gln_gs1_prefix);
Datum
gln_gs1_prefix(PG_FUNCTION_ARGS)
{
	char		s[GLN_LEN + 1];

	GlnFormat(PG_GETARG_INT64(0), s);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(s, 3));
}
