/*
 * country.c — SQL type hredd.country (ISO 3166-1 alpha-2 and XK), int2 by
 * value.  Reads codes, names and aliases; prints the alpha-2 code.
 *
 * Comparison, hashing and BRIN reuse the int2 support functions.
 */
#include "id_fmgr.h"

#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#define COUNTRY_TYPE "country"
#define COUNTRY_NAME "a country"

PG_FUNCTION_INFO_V1(country_in);
Datum
country_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	uint16_t	v;
	IdError		e;

	if (!CountryParse(s, strlen(s), &v, &e))
	{
		IdReportError(fcinfo->context, &e, COUNTRY_TYPE, COUNTRY_NAME, s, strlen(s));
		PG_RETURN_DATUM((Datum) 0);
	}
	PG_RETURN_INT16((int16) v);
}

PG_FUNCTION_INFO_V1(country_out);
Datum
country_out(PG_FUNCTION_ARGS)
{
	char	   *out = palloc(3);

	CountryFormat((uint16_t) PG_GETARG_INT16(0), out);
	PG_RETURN_CSTRING(out);
}

PG_FUNCTION_INFO_V1(country_recv);
Datum
country_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int16		v = (int16) pq_getmsgint(buf, 2);

	if (CountryLookup((uint16_t) v) == NULL)
		IdReportBinaryError(COUNTRY_TYPE);
	PG_RETURN_INT16(v);
}

PG_FUNCTION_INFO_V1(country_send);
Datum
country_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint16(&buf, PG_GETARG_INT16(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(country_is_valid);
Datum
country_is_valid(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	uint16_t	v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	PG_RETURN_BOOL(CountryParse(s, len, &v, &e));
}

PG_FUNCTION_INFO_V1(country_error);
Datum
country_error(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	uint16_t	v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (CountryParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(IdErrorText(&e, COUNTRY_NAME));
}

PG_FUNCTION_INFO_V1(try_country);
Datum
try_country(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;
	uint16_t	v;
	IdError		e;

	ID_TEXT_ARG(0, s, len);
	if (!CountryParse(s, len, &v, &e))
		PG_RETURN_NULL();
	PG_RETURN_INT16((int16) v);
}

PG_FUNCTION_INFO_V1(country_code_is_valid);
Datum
country_code_is_valid(PG_FUNCTION_ARGS)
{
	const char *s;
	size_t		len;

	ID_TEXT_ARG(0, s, len);
	PG_RETURN_BOOL(CountryCodeValid(s, len));
}

/* The compiled-in entry of a stored country; stored values are always valid. */
static const CountryInfo *
InfoOf(FunctionCallInfo fcinfo)
{
	const CountryInfo *c = CountryLookup((uint16_t) PG_GETARG_INT16(0));

	if (c == NULL)
		elog(ERROR, "stored country value %d is not in the country table", PG_GETARG_INT16(0));
	return c;
}

PG_FUNCTION_INFO_V1(country_name);
Datum
country_name(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(InfoOf(fcinfo)->name));
}

PG_FUNCTION_INFO_V1(country_alpha3);
Datum
country_alpha3(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(InfoOf(fcinfo)->alpha3));
}

PG_FUNCTION_INFO_V1(country_numeric);
Datum
country_numeric(PG_FUNCTION_ARGS)
{
	const CountryInfo *c = InfoOf(fcinfo);

	if (c->numeric < 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(psprintf("%03d", c->numeric)));
}

PG_FUNCTION_INFO_V1(country_list);
Datum
country_list(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < CountryTableSize(); i++)
	{
		const CountryInfo *c = CountryAt(i);
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		values[0] = Int16GetDatum((int16) COUNTRY_CODE(c->alpha2[0], c->alpha2[1]));
		values[1] = CStringGetTextDatum(c->alpha3);
		if (c->numeric >= 0)
			values[2] = CStringGetTextDatum(psprintf("%03d", c->numeric));
		else
			nulls[2] = true;
		values[3] = CStringGetTextDatum(c->name);
		values[4] = CStringGetTextDatum(c->iso_name);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
