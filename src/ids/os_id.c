/*
 * os_id.c — SQL type hredd.os_id (Open Supply Hub OS ID), int8 by value.
 *
 * Comparison, hashing and BRIN reuse the int8 support functions (see
 * src/sql/10-identifiers.sql): the packed value orders like the text.
 */
#include "id_fmgr.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"

#define OS_ID_TYPE "os_id"
#define OS_ID_NAME "an OS ID"

PG_FUNCTION_INFO_V1(os_id_in);
Datum
os_id_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	int64_t		v;
	IdError		e;

	if (!OsIdParse(s, strlen(s), &v, &e))
	{
		IdReportError(fcinfo->context, &e, OS_ID_TYPE, OS_ID_NAME, s, strlen(s));
		PG_RETURN_DATUM((Datum) 0);
	}
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(os_id_out);
Datum
os_id_out(PG_FUNCTION_ARGS)
{
	char	   *out = palloc(OS_ID_LEN + 1);

	OsIdFormat(PG_GETARG_INT64(0), out);
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(os_id_recv);
Datum
os_id_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int64		v = pq_getmsgint64(buf);

	if (!OsIdValidPacked(v))
		IdReportBinaryError(OS_ID_TYPE);
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(os_id_send);
Datum
os_id_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, PG_GETARG_INT64(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(os_id_is_valid);
Datum
os_id_is_valid(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int64_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	PG_RETURN_BOOL(OsIdParse(s, len, &v, &e));
}

PG_FUNCTION_INFO_V1(os_id_error);
Datum
os_id_error(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int64_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (OsIdParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(IdErrorText(&e, OS_ID_NAME));
}

PG_FUNCTION_INFO_V1(try_os_id);
Datum
try_os_id(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	int64_t		v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (!OsIdParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_INT64(v);
}

PG_FUNCTION_INFO_V1(os_id_country);
Datum
os_id_country(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT16((int16) OsIdCountry(PG_GETARG_INT64(0)));
}

PG_FUNCTION_INFO_V1(os_id_minted_on);
Datum
os_id_minted_on(PG_FUNCTION_ARGS)
{
	int			year,
				day;

	OsIdMintedOn(PG_GETARG_INT64(0), &year, &day);
	PG_RETURN_DATEADT(date2j(year, 1, 1) + day - 1 - POSTGRES_EPOCH_JDATE);
}

PG_FUNCTION_INFO_V1(os_id_check_char);
Datum
os_id_check_char(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	char		c;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (!OsIdCheckCharFor(s, len, &c, &e))
		IdReportError(NULL, &e, OS_ID_TYPE, "an OS ID without its check character", s, len);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(&c, 1));
}
