/*
 * facility.c — SQL type hredd.facility, the normalisers, match_score,
 * match_explain and the operators % and <->.
 *
 * A facility keeps its normalised name and address, not the raw text: that
 * is what scoring and indexing need, and it is what its text form shows, so
 * a dump restores the same value (normalisation is idempotent).
 */
#include "facility.h"

#include <math.h>

#include "../ids/id_fmgr.h"
#include "facility_text.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/varlena.h"

#define FACILITY_TYPE "facility"

/* ---- building values ------------------------------------------------------ */

/* Build a facility; coordinates are stored in canonical form. */
FacilityData *
FacilityMake(const char *name, size_t namelen, const char *addr, size_t addrlen,
			 uint16 country, bool has_coords, double lat, double lng)
{
	size_t		coords = has_coords ? 2 * sizeof(double) : 0;
	size_t		size = FAC_HEADER + coords + namelen + addrlen;
	FacilityData *f = palloc0(size);

	SET_VARSIZE(f, size);
	f->country = country;
	f->flags = has_coords ? FAC_HAS_COORDS : 0;
	f->version = FAC_VERSION;
	f->namelen = (uint16) namelen;
	f->addrlen = (uint16) addrlen;
	if (has_coords)
	{
		/* -0 is stored as 0: equal values have equal bytes */
		lat = FacilityCanonCoord(lat);
		lng = FacilityCanonCoord(lng);
		memcpy(f->data, &lat, sizeof(double));
		memcpy(f->data + sizeof(double), &lng, sizeof(double));
	}
	memcpy(FAC_NAME(f), name, namelen);
	memcpy(FAC_ADDR(f), addr, addrlen);
	return f;
}

FacilityData *
FacilityCheck(FacilityData *f)
{
	if (f->version != FAC_VERSION && !hredd_accept_stale_facility)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("facility value \"%.*s\" was normalised by an older hredd (normaliser version %d; this hredd is version %d)",
						Min((int) f->namelen, 60), FAC_NAME(f), f->version, FAC_VERSION),
				 errdetail("A facility's name, address, hash, order and index keys come from the normaliser; "
						   "a value from another version would silently disagree with new ones, so it is refused."),
				 errhint("Recompute the stored values and their indexes: CALL hredd.facility_upgrade('your_table'); "
						 "hredd.facility_is_stale(column) finds them.")));
	return f;
}

static void
FacilityCoords(const FacilityData *f, double *lat, double *lng)
{
	memcpy(lat, f->data, sizeof(double));
	memcpy(lng, f->data + sizeof(double), sizeof(double));
}

void
FacilityProfile(const FacilityData *f, MatchProfile *p)
{
	FacilityProfileStats(f, p, NULL);
}

void
FacilityProfileStats(const FacilityData *f, MatchProfile *p, const MatchStats *st)
{
	FacilityProfileName(f, p, st);
	MatchProfileBuildAddress(p);
}

/* All but the address's words (MatchProfileBuildAddress adds them); p points into f. */
void
FacilityProfileName(const FacilityData *f, MatchProfile *p, const MatchStats *st)
{
	double		lat = 0,
				lng = 0;

	if (f->flags & FAC_HAS_COORDS)
		FacilityCoords(f, &lat, &lng);
	MatchProfileBuildName(p, FAC_NAME(f), f->namelen, FAC_ADDR(f), f->addrlen, f->country,
						  (f->flags & FAC_HAS_COORDS) != 0, lat, lng, st);
}

/* Parse a country given as text; raises the country type's own error. */
static uint16
CountryArg(const char *s, size_t len)
{
	uint16_t	v;
	IdError		e;

	if (!CountryParse(s, len, &v, &e))
		IdReportError(NULL, &e, "country", "a country", s, len);
	return v;
}

/* Normalise one field, with the errors every entry point shares. */
static char *
NormalizeField(MatchField field, const char *s, size_t n, uint16 country,
			   size_t *outlen, bool empty_ok)
{
	const char *what = field == MATCH_FIELD_NAME ? "name" : "address";
	char	   *out = palloc(MATCH_NORM_CAP(n) + 1);
	MatchNormStatus st = MatchNormalize(field, s, n, country, out, outlen);

	if (st == MATCH_NORM_TOO_LONG)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("facility %s is too long (%zu bytes)", what, n),
				 errdetail("The limit is %d bytes.",
						   field == MATCH_FIELD_NAME ? MATCH_NAME_MAX : MATCH_ADDRESS_MAX)));
	if (st == MATCH_NORM_EMPTY && !empty_ok)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("facility %s \"%s\" has no letters or digits", what,
						ClipForMessage(s, n))));
	out[*outlen] = '\0';
	return out;
}

/* ---- the normalisers --------------------------------------------------------- */

static Datum
NormalizeSql(FunctionCallInfo fcinfo, MatchField field)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	uint16		country = 0;
	size_t		outlen;
	char	   *out;

	if (!PG_ARGISNULL(1))
	{
		text	   *c = PG_GETARG_TEXT_PP(1);

		country = CountryArg(VARDATA_ANY(c), VARSIZE_ANY_EXHDR(c));
	}
	out = NormalizeField(field, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), country, &outlen, true);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out, outlen));
}

PG_FUNCTION_INFO_V1(normalize_name);
Datum
normalize_name(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	return NormalizeSql(fcinfo, MATCH_FIELD_NAME);
}

PG_FUNCTION_INFO_V1(normalize_address);
Datum
normalize_address(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	return NormalizeSql(fcinfo, MATCH_FIELD_ADDRESS);
}

/* ---- constructor and I/O --------------------------------------------------- */

static void
CheckCoordsOf(bool has_lat, double lat, bool has_lng, double lng, text *name)
{
	FacilityTextError e = FacilityCheckCoords(has_lat, lat, has_lng, lng);
	char	   *who = "";

	if (e == FT_OK)
		return;
	/* name the facility, so that a load that stops says which row */
	if (name != NULL)
	{
		size_t		n = VARSIZE_ANY_EXHDR(name);
		int			cut = pg_mbcliplen(VARDATA_ANY(name), n, 60);

		who = psprintf(" of \"%.*s%s\"", cut, VARDATA_ANY(name), (size_t) cut < n ? "…" : "");
	}
	if (e == FT_ONE_COORD)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("facility coordinates%s need both latitude and longitude", who),
				 errdetail("%s", FacilityTextErrorDetail(e)),
				 name ? errhint("hredd.facility_lenient() keeps the facility without its coordinates; hredd.coordinates_valid() flags them.") : 0));
	if (e == FT_COORD_RANGE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("facility coordinates%s (%s, %s) are out of range", who,
						float8out_internal(lat), float8out_internal(lng)),
				 errdetail("%s", FacilityTextErrorDetail(e)),
				 name ? errhint("hredd.facility_lenient() keeps the facility without its coordinates; hredd.coordinates_valid() flags them.") : 0));
}

static void
CheckCoords(bool has_lat, double lat, bool has_lng, double lng)
{
	CheckCoordsOf(has_lat, lat, has_lng, lng, NULL);
}

typedef enum FacMode
{
	FAC_STRICT,					/* facility(): errors */
	FAC_SOFT,					/* try_facility(): NULL for any bad part */
	FAC_LENIENT					/* facility_lenient(): NULL for a bad name, address
								 * or country; bad coordinates dropped */
} FacMode;

/*
 * Build a facility from the SQL arguments (name, address, country, lat,
 * lng).  With soft set, bad input gives NULL instead of an error: the
 * checks are made before anything could raise.
 */
static Datum
FacilityFromArgs(FunctionCallInfo fcinfo, FacMode mode)
{
	bool		soft = mode != FAC_STRICT;
	bool		has_coords = !PG_ARGISNULL(3) || !PG_ARGISNULL(4);
	text	   *name;
	uint16		country = 0;
	char	   *nname,
			   *naddr = "";
	size_t		nlen,
				alen = 0;
	double		lat = 0,
				lng = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	name = PG_GETARG_TEXT_PP(0);
	if (!PG_ARGISNULL(2))
	{
		text	   *c = PG_GETARG_TEXT_PP(2);

		/* an empty or blank country is unknown, like NULL */
		if (VARSIZE_ANY_EXHDR(c) > 0 &&
			strspn(text_to_cstring(c), " \t\r\n") < VARSIZE_ANY_EXHDR(c))
		{
			IdError		e;
			uint16_t	v;

			if (soft && !CountryParse(VARDATA_ANY(c), VARSIZE_ANY_EXHDR(c), &v, &e))
				PG_RETURN_NULL();
			country = CountryArg(VARDATA_ANY(c), VARSIZE_ANY_EXHDR(c));
		}
	}
	if (!PG_ARGISNULL(3))
		lat = PG_GETARG_FLOAT8(3);
	if (!PG_ARGISNULL(4))
		lng = PG_GETARG_FLOAT8(4);
	if (soft && FacilityCheckCoords(!PG_ARGISNULL(3), lat, !PG_ARGISNULL(4), lng) != FT_OK)
	{
		if (mode == FAC_SOFT)
			PG_RETURN_NULL();
		has_coords = false;		/* lenient: the rest of the facility stays */
		lat = lng = 0;
	}
	if (has_coords)
		CheckCoordsOf(!PG_ARGISNULL(3), lat, !PG_ARGISNULL(4), lng, name);

	if (soft)
	{
		size_t		n = VARSIZE_ANY_EXHDR(name);
		char	   *tmp;

		if (n > MATCH_NAME_MAX ||
			(!PG_ARGISNULL(1) && VARSIZE_ANY_EXHDR(PG_GETARG_TEXT_PP(1)) > MATCH_ADDRESS_MAX))
			PG_RETURN_NULL();
		tmp = palloc(MATCH_NORM_CAP(n) + 1);
		if (MatchNormalize(MATCH_FIELD_NAME, VARDATA_ANY(name), n, country, tmp, &nlen) !=
			MATCH_NORM_OK)
			PG_RETURN_NULL();
		pfree(tmp);
	}
	nname = NormalizeField(MATCH_FIELD_NAME, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name),
						   country, &nlen, false);
	if (!PG_ARGISNULL(1))
	{
		text	   *a = PG_GETARG_TEXT_PP(1);

		naddr = NormalizeField(MATCH_FIELD_ADDRESS, VARDATA_ANY(a), VARSIZE_ANY_EXHDR(a),
							   country, &alen, true);
	}
	PG_RETURN_POINTER(FacilityMake(nname, nlen, naddr, alen, country,
								   has_coords, lat, lng));
}

PG_FUNCTION_INFO_V1(facility_make);
Datum
facility_make(PG_FUNCTION_ARGS)
{
	return FacilityFromArgs(fcinfo, FAC_STRICT);
}

PG_FUNCTION_INFO_V1(try_facility);
Datum
try_facility(PG_FUNCTION_ARGS)
{
	return FacilityFromArgs(fcinfo, FAC_SOFT);
}

PG_FUNCTION_INFO_V1(facility_lenient);
Datum
facility_lenient(PG_FUNCTION_ARGS)
{
	return FacilityFromArgs(fcinfo, FAC_LENIENT);
}

/* Both coordinates absent, or both present and in range. */
PG_FUNCTION_INFO_V1(coordinates_valid);
Datum
coordinates_valid(PG_FUNCTION_ARGS)
{
	double		lat = PG_ARGISNULL(0) ? 0 : PG_GETARG_FLOAT8(0);
	double		lng = PG_ARGISNULL(1) ? 0 : PG_GETARG_FLOAT8(1);

	PG_RETURN_BOOL(FacilityCheckCoords(!PG_ARGISNULL(0), lat, !PG_ARGISNULL(1), lng) == FT_OK);
}

/* The text form is wrong: quote (the start of) it and say what is wrong. */
static void
FacilitySyntaxError(const char *s, size_t n, FacilityTextError e)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", FACILITY_TYPE,
					ClipForMessage(s, n)),
			 errdetail("%s", FacilityTextErrorDetail(e))));
}

PG_FUNCTION_INFO_V1(facility_in);
Datum
facility_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	size_t		n = strlen(s);
	FacilityText ft;
	FacilityTextError e;
	uint16		country = 0;
	char	   *nname,
			   *naddr;
	size_t		nlen,
				alen;

	ft.buf = palloc(n + 1);
	e = FacilityTextParse(s, n, &ft);
	if (e != FT_OK)
		FacilitySyntaxError(s, n, e);
	if (ft.present[2])
		country = CountryArg(ft.buf + ft.off[2], ft.len[2]);
	nname = NormalizeField(MATCH_FIELD_NAME, ft.buf + ft.off[0], ft.len[0], country, &nlen,
						   false);
	naddr = NormalizeField(MATCH_FIELD_ADDRESS, ft.buf + ft.off[1], ft.len[1], country, &alen,
						   true);
	PG_RETURN_POINTER(FacilityMake(nname, nlen, naddr, alen, country, ft.has_coords,
								   ft.lat, ft.lng));
}

PG_FUNCTION_INFO_V1(facility_out);
Datum
facility_out(PG_FUNCTION_ARGS)
{
	/* any version: pg_dump must read a stale value, and input normalises it again */
	FacilityData *f = DatumGetFacilityAny(PG_GETARG_DATUM(0));
	StringInfoData buf;

	initStringInfo(&buf);
	/* normalised text holds no quotes or backslashes: nothing to escape */
	appendStringInfo(&buf, "(\"%.*s\",", f->namelen, FAC_NAME(f));
	if (f->addrlen > 0)
		appendStringInfo(&buf, "\"%.*s\"", f->addrlen, FAC_ADDR(f));
	appendStringInfoChar(&buf, ',');
	if (f->country)
	{
		char		cc[3];

		CountryFormat(f->country, cc);
		appendBinaryStringInfo(&buf, cc, 2);
	}
	appendStringInfoChar(&buf, ',');
	if (f->flags & FAC_HAS_COORDS)
	{
		double		lat,
					lng;

		FacilityCoords(f, &lat, &lng);
		appendStringInfo(&buf, "%s,%s", float8out_internal(lat), float8out_internal(lng));
	}
	else
		appendStringInfoChar(&buf, ',');
	appendStringInfoChar(&buf, ')');
	PG_RETURN_CSTRING(buf.data);
}

/*
 * Binary form: country (int2, 0 = unknown), coordinate flag (int1), lat and
 * lng (float8, when flagged), name and address (int4 length + UTF-8 bytes).
 * recv normalises again, so a hand-made message cannot store an unnormalised
 * or invalid value.
 */
PG_FUNCTION_INFO_V1(facility_send);
Datum
facility_send(PG_FUNCTION_ARGS)
{
	FacilityData *f = DatumGetFacilityAny(PG_GETARG_DATUM(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint16(&buf, f->country);
	pq_sendbyte(&buf, (f->flags & FAC_HAS_COORDS) ? 1 : 0);
	if (f->flags & FAC_HAS_COORDS)
	{
		double		lat,
					lng;

		FacilityCoords(f, &lat, &lng);
		pq_sendfloat8(&buf, lat);
		pq_sendfloat8(&buf, lng);
	}
	pq_sendint32(&buf, f->namelen);
	pq_sendbytes(&buf, FAC_NAME(f), f->namelen);
	pq_sendint32(&buf, f->addrlen);
	pq_sendbytes(&buf, FAC_ADDR(f), f->addrlen);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(facility_recv);
Datum
facility_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	uint16		country = (uint16) pq_getmsgint(buf, 2);
	int			flag = pq_getmsgbyte(buf);
	double		lat = 0,
				lng = 0;
	int			len;
	const char *name,
			   *addr;
	int			nl,
				al;
	char	   *nname,
			   *naddr;
	size_t		nlen,
				alen;

	if (country != 0 && CountryLookup(country) == NULL)
		IdReportBinaryError(FACILITY_TYPE);
	if (flag != 0 && flag != 1)
		IdReportBinaryError(FACILITY_TYPE);
	if (flag)
	{
		lat = pq_getmsgfloat8(buf);
		lng = pq_getmsgfloat8(buf);
		CheckCoords(true, lat, true, lng);
	}
	len = pq_getmsgint(buf, 4);
	if (len < 0 || len > buf->len - buf->cursor)
		IdReportBinaryError(FACILITY_TYPE);
	name = pq_getmsgbytes(buf, len);
	nl = len;
	len = pq_getmsgint(buf, 4);
	if (len < 0 || len > buf->len - buf->cursor)
		IdReportBinaryError(FACILITY_TYPE);
	addr = pq_getmsgbytes(buf, len);
	al = len;
	nname = NormalizeField(MATCH_FIELD_NAME, name, nl, country, &nlen, false);
	naddr = NormalizeField(MATCH_FIELD_ADDRESS, addr, al, country, &alen, true);
	PG_RETURN_POINTER(FacilityMake(nname, nlen, naddr, alen, country, flag != 0, lat, lng));
}

/* ---- normaliser versions --------------------------------------------------- */

PG_FUNCTION_INFO_V1(facility_is_stale);
Datum
facility_is_stale(PG_FUNCTION_ARGS)
{
	FacilityData *f = DatumGetFacilityAny(PG_GETARG_DATUM(0));

	PG_RETURN_BOOL(f->version != FAC_VERSION);
}

/*
 * A value normalised again by this hredd, from its stored (normalised) text:
 * what the normaliser dropped before is not recovered, so a column computed
 * from source text is better recomputed from it (facility_upgrade does).
 */
PG_FUNCTION_INFO_V1(facility_renormalize);
Datum
facility_renormalize(PG_FUNCTION_ARGS)
{
	FacilityData *f = DatumGetFacilityAny(PG_GETARG_DATUM(0));
	char	   *nname,
			   *naddr;
	size_t		nlen,
				alen;
	double		lat = 0,
				lng = 0;

	if (f->version == FAC_VERSION)
		PG_RETURN_POINTER(f);
	nname = NormalizeField(MATCH_FIELD_NAME, FAC_NAME(f), f->namelen, f->country, &nlen, false);
	naddr = NormalizeField(MATCH_FIELD_ADDRESS, FAC_ADDR(f), f->addrlen, f->country, &alen, true);
	if (f->flags & FAC_HAS_COORDS)
		FacilityCoords(f, &lat, &lng);
	PG_RETURN_POINTER(FacilityMake(nname, nlen, naddr, alen, f->country,
								   (f->flags & FAC_HAS_COORDS) != 0, lat, lng));
}

/* ---- accessors ----------------------------------------------------------- */

PG_FUNCTION_INFO_V1(facility_name);
Datum
facility_name(PG_FUNCTION_ARGS)
{
	FacilityData *f = PG_GETARG_FACILITY(0);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(FAC_NAME(f), f->namelen));
}

PG_FUNCTION_INFO_V1(facility_address);
Datum
facility_address(PG_FUNCTION_ARGS)
{
	FacilityData *f = PG_GETARG_FACILITY(0);

	if (f->addrlen == 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(FAC_ADDR(f), f->addrlen));
}

PG_FUNCTION_INFO_V1(facility_country);
Datum
facility_country(PG_FUNCTION_ARGS)
{
	FacilityData *f = PG_GETARG_FACILITY(0);

	if (f->country == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT16((int16) f->country);
}

/* ---- equality and ordering (for DISTINCT, GROUP BY, UNION, joins) ------- */

/*
 * A total order with no meaning beyond grouping: country, name, address,
 * then coordinates.  Equal means the same stored value.
 */
static int
FacilityCmp(const FacilityData *a, const FacilityData *b)
{
	int			c;
	double		la = 0,
				ga = 0,
				lb = 0,
				gb = 0;

	if (a->country != b->country)
		return a->country < b->country ? -1 : 1;
	c = memcmp(FAC_NAME(a), FAC_NAME(b), Min(a->namelen, b->namelen));
	if (c != 0 || a->namelen != b->namelen)
		return c != 0 ? (c < 0 ? -1 : 1) : (a->namelen < b->namelen ? -1 : 1);
	c = memcmp(FAC_ADDR(a), FAC_ADDR(b), Min(a->addrlen, b->addrlen));
	if (c != 0 || a->addrlen != b->addrlen)
		return c != 0 ? (c < 0 ? -1 : 1) : (a->addrlen < b->addrlen ? -1 : 1);
	if ((a->flags & FAC_HAS_COORDS) != (b->flags & FAC_HAS_COORDS))
		return (a->flags & FAC_HAS_COORDS) ? 1 : -1;
	if (a->flags & FAC_HAS_COORDS)
	{
		FacilityCoords(a, &la, &ga);
		FacilityCoords(b, &lb, &gb);
		/* as float8 compares: -0 = 0, NaN = NaN and above every number */
		c = float8_cmp_internal(la, lb);
		if (c == 0)
			c = float8_cmp_internal(ga, gb);
		if (c != 0)
			return c;
	}
	return 0;
}

#define FACILITY_CMP_FN(fname, expr) \
PG_FUNCTION_INFO_V1(fname); \
Datum \
fname(PG_FUNCTION_ARGS) \
{ \
	int			c = FacilityCmp(PG_GETARG_FACILITY(0), PG_GETARG_FACILITY(1)); \
	PG_RETURN_BOOL(expr); \
}

FACILITY_CMP_FN(facility_eq, c == 0)
FACILITY_CMP_FN(facility_ne, c != 0)
FACILITY_CMP_FN(facility_lt, c < 0)
FACILITY_CMP_FN(facility_le, c <= 0)
FACILITY_CMP_FN(facility_gt, c > 0)
FACILITY_CMP_FN(facility_ge, c >= 0)

PG_FUNCTION_INFO_V1(facility_cmp);
Datum
facility_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(FacilityCmp(PG_GETARG_FACILITY(0), PG_GETARG_FACILITY(1)));
}

/*
 * The bytes the hash functions read: the value from the country on (the
 * version byte included: every value that gets here has FAC_VERSION, or is
 * being rewritten by facility_upgrade, so equal values hash alike), with
 * its coordinates in canonical form.  Input stores them so, but a value
 * stored with -0 before it did must hash as the 0 it equals.  Values already
 * canonical hash exactly as before (hash indexes and partitions stay valid).
 */
static const unsigned char *
FacilityHashBytes(const FacilityData *f, int *len)
{
	*len = (int) (VARSIZE(f) - offsetof(FacilityData, country));
	if (f->flags & FAC_HAS_COORDS)
	{
		double		lat,
					lng,
					clat,
					clng;

		FacilityCoords(f, &lat, &lng);
		clat = FacilityCanonCoord(lat);
		clng = FacilityCanonCoord(lng);
		if (memcmp(&lat, &clat, sizeof(double)) != 0 ||
			memcmp(&lng, &clng, sizeof(double)) != 0)
		{
			FacilityData *copy = palloc(VARSIZE(f));

			memcpy(copy, f, VARSIZE(f));
			memcpy(copy->data, &clat, sizeof(double));
			memcpy(copy->data + sizeof(double), &clng, sizeof(double));
			f = copy;
		}
	}
	return (const unsigned char *) f + offsetof(FacilityData, country);
}

/* Hash support: values equal under = hash alike. */
PG_FUNCTION_INFO_V1(facility_hash);
Datum
facility_hash(PG_FUNCTION_ARGS)
{
	int			len;
	const unsigned char *k = FacilityHashBytes(PG_GETARG_FACILITY(0), &len);

	return hash_any(k, len);
}

PG_FUNCTION_INFO_V1(facility_hash_extended);
Datum
facility_hash_extended(PG_FUNCTION_ARGS)
{
	int			len;
	const unsigned char *k = FacilityHashBytes(PG_GETARG_FACILITY(0), &len);

	return hash_any_extended(k, len, PG_GETARG_INT64(1));
}

/* ---- scoring ------------------------------------------------------------- */

/*
 * Profiles of the two arguments, kept between calls of one function in one
 * query: in "WHERE fac % $1" or a join's inner loop one argument stays the
 * same, and its profile is built once.
 */
typedef struct ProfileCache
{
	FacilityData *copy[2];		/* the facility each profile was built from */
	Size		cap[2];
	MatchProfile p[2];
	/* the model of match_score(a, b, model): its name and coefficients */
	char	   *model;
	double		coef[MM_NCOEF];
	/* the registry of match_score(a, b, model, registry) or of the setting
	 * hredd.match_registry, and its statistics (a slot of StatsCache) */
	Oid			registry;
	Oid			profile_registry[2];	/* what each profile was built with */
	const MatchStats *st;
} ProfileCache;

/* ---- registry statistics (hredd.match_analyze) ---------------------------- */

typedef struct StatKey
{
	uint64		h;
	char		kind;
} StatKey;

typedef struct StatEntry
{
	StatKey		key;
	int			freq;
} StatEntry;

static int
StatLookup(void *arg, char kind, const char *s, int len)
{
	StatKey		k;
	StatEntry  *e;

	memset(&k, 0, sizeof(k));
	k.h = hash_bytes_extended((const unsigned char *) s, len, 0);
	k.kind = kind;
	e = hash_search((HTAB *) arg, &k, HASH_FIND, NULL);
	return e ? e->freq : 0;
}

static int
StatWord(void *arg, const char *s, int len)
{
	return StatLookup(arg, 'w', s, len);
}

static int
StatName(void *arg, const char *s, int len)
{
	return StatLookup(arg, 'n', s, len);
}

static int
StatAddr(void *arg, const char *s, int len)
{
	return StatLookup(arg, 'a', s, len);
}

/*
 * The statistics of the registries used lately (a few: one statement may
 * score against two), kept for the session: read again only when
 * hredd.match_analyze has counted again (its row in match_stats_run is
 * another), so that every index search and every batch of a bulk match does
 * not read them anew.
 */
#define STATS_SLOTS 4

typedef struct StatsSlot
{
	Oid			registry;
	TransactionId xmin;			/* of its match_stats_run row */
	uint64		used;			/* when last asked for (least recently used goes) */
	MemoryContext cxt;
	HTAB	   *hash;
	MatchStats	st;
} StatsSlot;

static StatsSlot StatsCache[STATS_SLOTS];
static uint64 StatsClock;
static TimestampTz StatsNoticed;	/* the statement told they are stale */

/* Is st still the statistics of reg (its slot not taken by another)? */
static bool
StatsStillOf(const MatchStats *st, Oid reg)
{
	for (int i = 0; i < STATS_SLOTS; i++)
		if (st == &StatsCache[i].st)
			return StatsCache[i].registry == reg && StatsCache[i].hash != NULL;
	return false;
}

/*
 * The statistics of a registry: an error when there are none, a notice (once
 * a statement) when the table changed much since they were taken.
 */
static const MatchStats *
RegistryStats(Oid reg)
{
	Oid			argtypes[1] = {OIDOID};
	Datum		values[1] = {ObjectIdGetDatum(reg)};
	HASHCTL		ctl;
	bool		isnull;
	double		rows;
	int64		changed;
	TransactionId xmin;
	char	   *relname;
	StatsSlot  *slot = NULL;

	SPI_connect();
	if (SPI_execute_with_args(
							  "SELECT r.rows::float8, (pg_catalog.pg_stat_get_tuples_inserted(r.target) "
							  " + pg_catalog.pg_stat_get_tuples_updated(r.target) "
							  " + pg_catalog.pg_stat_get_tuples_deleted(r.target) "
							  " + pg_catalog.pg_stat_get_xact_tuples_inserted(r.target) "
							  " + pg_catalog.pg_stat_get_xact_tuples_updated(r.target) "
							  " + pg_catalog.pg_stat_get_xact_tuples_deleted(r.target) - r.changes)::int8, "
							  " r.xmin::text::int8 "
							  "FROM hredd.match_stats_run r WHERE r.target = $1",
							  1, argtypes, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read hredd.match_stats_run");
	if (SPI_processed == 0)
	{
		relname = get_rel_name(reg);
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("no match statistics for table \"%s\"", relname ? relname : "?"),
				 errhint("Run SELECT hredd.match_analyze('%s', '<facility column>') first.",
						 relname ? relname : "?")));
	}
	rows = DatumGetFloat8(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	changed = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &isnull));
	if (!isnull && changed > 0.1 * rows + 10 && StatsNoticed != GetCurrentStatementStartTimestamp())
	{
		StatsNoticed = GetCurrentStatementStartTimestamp();
		relname = get_rel_name(reg);
		ereport(NOTICE,
				(errmsg("match statistics of table \"%s\" are stale: about " INT64_FORMAT " rows changed since hredd.match_analyze counted %.0f",
						relname ? relname : "?", changed, rows),
				 errhint("Run hredd.match_analyze again; until then scores use the old counts.")));
	}
	xmin = (TransactionId) DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &isnull));
	/* its slot, if it has one; else the least recently used */
	for (int i = 0; i < STATS_SLOTS; i++)
		if (StatsCache[i].registry == reg)
			slot = &StatsCache[i];
	if (slot != NULL && slot->hash != NULL && slot->xmin == xmin)
	{
		SPI_finish();
		slot->used = ++StatsClock;
		return &slot->st;
	}
	if (slot == NULL)
	{
		slot = &StatsCache[0];
		for (int i = 1; i < STATS_SLOTS; i++)
			if (StatsCache[i].used < slot->used)
				slot = &StatsCache[i];
	}
	slot->registry = InvalidOid;
	slot->hash = NULL;
	if (slot->cxt == NULL)
		slot->cxt = AllocSetContextCreate(TopMemoryContext, "hredd match statistics",
										  ALLOCSET_DEFAULT_SIZES);
	else
		MemoryContextReset(slot->cxt);
	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(StatKey);
	ctl.entrysize = sizeof(StatEntry);
	ctl.hcxt = slot->cxt;
	slot->hash = hash_create("hredd match statistics", 1024, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	if (SPI_execute_with_args("SELECT kind, key, freq FROM hredd.match_stats WHERE target = $1",
							  1, argtypes, values, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read hredd.match_stats");
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		char		kind = DatumGetChar(SPI_getbinval(t, SPI_tuptable->tupdesc, 1, &isnull));
		text	   *key = DatumGetTextPP(SPI_getbinval(t, SPI_tuptable->tupdesc, 2, &isnull));
		int			freq = DatumGetInt32(SPI_getbinval(t, SPI_tuptable->tupdesc, 3, &isnull));
		StatKey		k;
		StatEntry  *e;

		memset(&k, 0, sizeof(k));
		k.h = hash_bytes_extended((const unsigned char *) VARDATA_ANY(key), VARSIZE_ANY_EXHDR(key), 0);
		k.kind = kind;
		e = hash_search(slot->hash, &k, HASH_ENTER, NULL);
		e->freq = freq;
	}
	SPI_finish();
	slot->registry = reg;
	slot->xmin = xmin;
	slot->used = ++StatsClock;
	slot->st.arg = slot->hash;
	slot->st.rows = rows;
	slot->st.word_df = StatWord;
	slot->st.name_freq = StatName;
	slot->st.addr_freq = StatAddr;
	return &slot->st;
}

/*
 * The registry hredd.match_registry names, InvalidOid when none.  The
 * operators and the GiST opclass ask for every row or key: the name is
 * looked up once a statement (and again when the setting changes).
 */
Oid
FacilitySettingRegistry(void)
{
	static char *name = NULL;	/* (in TopMemoryContext) */
	static Oid	oid = InvalidOid;
	static TimestampTz stmt = 0;
	List	   *names;
	Oid			reg;

	if (hredd_match_registry == NULL || hredd_match_registry[0] == '\0')
		return InvalidOid;
	if (name != NULL && stmt == GetCurrentStatementStartTimestamp() &&
		strcmp(name, hredd_match_registry) == 0)
		return oid;
	names = textToQualifiedNameList(cstring_to_text(hredd_match_registry));
	reg = RangeVarGetRelid(makeRangeVarFromNameList(names), NoLock, true);
	if (!OidIsValid(reg))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("hredd.match_registry names table \"%s\", which does not exist", hredd_match_registry),
				 errhint("Set it to the registry searched (its statistics from hredd.match_analyze), or RESET hredd.match_registry.")));
	if (name != NULL)
		pfree(name);
	name = MemoryContextStrdup(TopMemoryContext, hredd_match_registry);
	oid = reg;
	stmt = GetCurrentStatementStartTimestamp();
	return reg;
}

/* The statistics of the registry hredd.match_registry names, NULL when none. */
const MatchStats *
FacilitySettingStats(void)
{
	Oid			reg = FacilitySettingRegistry();

	return OidIsValid(reg) ? RegistryStats(reg) : NULL;
}

/*
 * The statistics of this call's registry, NULL when none: the fourth
 * argument's, or for the operators (setting) the one hredd.match_registry
 * names.  Looked up once for the function's cache (a statement).
 */
static const MatchStats *
CallStats(FunctionCallInfo fcinfo, ProfileCache *c, bool setting)
{
	Oid			reg;

	if (setting)
		reg = FacilitySettingRegistry();
	else if (PG_NARGS() < 4 || PG_ARGISNULL(3))
		reg = InvalidOid;
	else
		reg = PG_GETARG_OID(3);
	if (!OidIsValid(reg))
		return NULL;
	if (c->registry != reg || c->st == NULL || !StatsStillOf(c->st, reg))
	{
		c->st = RegistryStats(reg);
		c->registry = reg;
	}
	return c->st;
}

static MatchProfile *CachedProfileLazy(FunctionCallInfo fcinfo, ProfileCache **cache, int arg,
										bool lazy, bool setting);

static const MatchProfile *
CachedProfile(FunctionCallInfo fcinfo, ProfileCache **cache, int arg, bool setting)
{
	return CachedProfileLazy(fcinfo, cache, arg, false, setting);
}

/*
 * lazy: a new profile without its address's words (MatchProfileBuildAddress);
 * setting: the operators', with the statistics hredd.match_registry names
 */
static MatchProfile *
CachedProfileLazy(FunctionCallInfo fcinfo, ProfileCache **cache, int arg, bool lazy, bool setting)
{
	FacilityData *f = PG_GETARG_FACILITY(arg);
	ProfileCache *c = *cache;
	const MatchStats *st;

	if (c == NULL)
		*cache = c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ProfileCache));
	st = CallStats(fcinfo, c, setting);
	if (c->copy[arg] == NULL || VARSIZE(c->copy[arg]) != VARSIZE(f) ||
		c->profile_registry[arg] != (st ? c->registry : InvalidOid) ||
		memcmp(c->copy[arg], f, VARSIZE(f)) != 0)
	{
		if (c->cap[arg] < VARSIZE(f))
		{
			if (c->copy[arg])
				pfree(c->copy[arg]);
			c->cap[arg] = Max(VARSIZE(f), 256);
			c->copy[arg] = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, c->cap[arg]);
		}
		memcpy(c->copy[arg], f, VARSIZE(f));
		FacilityProfileName(c->copy[arg], &c->p[arg], st);
		c->profile_registry[arg] = st ? c->registry : InvalidOid;
	}
	if (!lazy)
		MatchProfileBuildAddress(&c->p[arg]);
	return &c->p[arg];
}

/*
 * The coefficients of a named model: "default" is the compiled-in one,
 * anything else is read from hredd.match_model.
 */
void
FacilityLoadModel(const char *name, double *coef)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		values[1];
	bool		isnull;
	Datum		d;
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	if (strcmp(name, "default") == 0)
	{
		memcpy(coef, MatchDefaultCoef, sizeof(double) * MM_NCOEF);
		return;
	}
	values[0] = CStringGetTextDatum(name);
	SPI_connect();
	if (SPI_execute_with_args("SELECT coefficients FROM hredd.match_model WHERE name = $1",
							  1, argtypes, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read hredd.match_model");
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("match model \"%s\" does not exist", name),
				 errhint("Fit one with hredd.match_calibrate, or use \"default\".")));
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("match model \"%s\" has no coefficients", name)));
	arr = DatumGetArrayTypeP(d);
	deconstruct_array(arr, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, &n);
	if (n != MM_NCOEF)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("match model \"%s\" has %d coefficients, this version of hredd needs %d",
						name, n, MM_NCOEF)));
	for (int i = 0; i < n; i++)
	{
		if (nulls[i] || !isfinite(DatumGetFloat8(elems[i])))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("match model \"%s\" has a NULL or infinite coefficient (%s)",
							name, MatchCoefNames[i])));
		coef[i] = DatumGetFloat8(elems[i]);
	}
	SPI_finish();
}

/*
 * The model of this call: the third argument, else hredd.match_model; the
 * two-argument match_score and match_explain always use the default (they
 * are IMMUTABLE), the operators (setting) the one hredd.match_model names.
 */
static const double *
CallModel(FunctionCallInfo fcinfo, ProfileCache *c, const char **name, bool setting)
{
	const char *want;

	if (PG_NARGS() < 3 && !setting)
	{
		*name = "default";
		return MatchDefaultCoef;
	}
	want = (setting || PG_ARGISNULL(2)) ? FacilitySettingModel() :
		text_to_cstring(PG_GETARG_TEXT_PP(2));
	if (strcmp(want, "default") == 0)
	{
		*name = "default";
		return MatchDefaultCoef;
	}
	if (c->model == NULL || strcmp(c->model, want) != 0)
	{
		double		coef[MM_NCOEF];

		FacilityLoadModel(want, coef);
		if (c->model)
			pfree(c->model);
		c->model = MemoryContextStrdup(fcinfo->flinfo->fn_mcxt, want);
		memcpy(c->coef, coef, sizeof(coef));
	}
	*name = c->model;
	return c->coef;
}

/* The model hredd.match_model names ("default" when unset). */
const char *
FacilitySettingModel(void)
{
	return hredd_match_model ? hredd_match_model : "default";
}

static double
ScorePairSetting(FunctionCallInfo fcinfo, MatchResult *r, const double **coef, const char **model,
				 bool setting)
{
	ProfileCache **cache = (ProfileCache **) &fcinfo->flinfo->fn_extra;
	const MatchProfile *a = CachedProfile(fcinfo, cache, 0, setting);
	const MatchProfile *b = CachedProfile(fcinfo, cache, 1, setting);
	const char *name;
	const double *cf = CallModel(fcinfo, *cache, &name, setting);

	if (coef)
		*coef = cf;
	if (model)
		*model = name;
	return MatchScoreModel(a, b, cf, r);
}

static double
ScorePairModel(FunctionCallInfo fcinfo, MatchResult *r, const double **coef, const char **model)
{
	return ScorePairSetting(fcinfo, r, coef, model, false);
}

static double
ScorePair(FunctionCallInfo fcinfo, MatchResult *r)
{
	return ScorePairModel(fcinfo, r, NULL, NULL);
}

PG_FUNCTION_INFO_V1(match_score);
Datum
match_score(PG_FUNCTION_ARGS)
{
	/* the three-argument form is not strict (a NULL model reads the setting) */
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(ScorePair(fcinfo, NULL));
}

/* The inputs of the model for a pair (MatchResult.x), for fitting. */
PG_FUNCTION_INFO_V1(match_features);
Datum
match_features(PG_FUNCTION_ARGS)
{
	MatchResult *r = palloc(sizeof(MatchResult));
	Datum		d[MM_NCOEF];

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	ScorePair(fcinfo, r);
	for (int i = 0; i < MM_NCOEF; i++)
		d[i] = Float8GetDatum(r->x[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, MM_NCOEF, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/* Fit coefficients: x a two-dimensional array of inputs (one row a pair), y the labels. */
PG_FUNCTION_INFO_V1(match_fit);
Datum
match_fit(PG_FUNCTION_ARGS)
{
	ArrayType  *xa = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *ya = PG_GETARG_ARRAYTYPE_P(1);
	double		l2 = PG_GETARG_FLOAT8(2);
	Datum	   *xe,
			   *ye;
	bool	   *xn,
			   *yn;
	int			nx,
				ny;
	double	   *x;
	bool	   *y;
	double		coef[MM_NCOEF];
	Datum		d[MM_NCOEF];

	if (ARR_ELEMTYPE(xa) != FLOAT8OID || ARR_ELEMTYPE(ya) != BOOLOID)
		ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
						errmsg("match_fit takes float8[] inputs and boolean[] labels")));
	deconstruct_array(xa, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &xe, &xn, &nx);
	deconstruct_array(ya, BOOLOID, 1, true, TYPALIGN_CHAR, &ye, &yn, &ny);
	if (ny == 0 || nx != ny * MM_NCOEF || (ARR_NDIM(xa) != 2 && nx > 0))
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("match_fit needs one row of %d inputs per label (got %d values for %d labels)",
							   MM_NCOEF, nx, ny)));
	if (isnan(l2) || l2 < 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("match_fit: the penalty must be a number >= 0, not %g", l2)));
	x = palloc(sizeof(double) * nx);
	y = palloc(sizeof(bool) * ny);
	for (int i = 0; i < nx; i++)
	{
		if (xn[i] || !isfinite(DatumGetFloat8(xe[i])))
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
							errmsg("match_fit: input %d of pair %d is NULL or infinite",
								   i % MM_NCOEF + 1, i / MM_NCOEF + 1)));
		x[i] = DatumGetFloat8(xe[i]);
	}
	for (int i = 0; i < ny; i++)
	{
		if (yn[i])
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
							errmsg("match_fit: the label of pair %d is NULL", i + 1)));
		y[i] = DatumGetBool(ye[i]);
	}
	if (MatchFitLogistic(x, y, ny, l2, coef) < 0)
		ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						errmsg("match model fit did not converge on %d pairs", ny),
						errhint("Label more pairs, or raise the penalty.")));
	for (int i = 0; i < MM_NCOEF; i++)
		d[i] = Float8GetDatum(coef[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, MM_NCOEF, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/* The names of the model's coefficients, in order. */
PG_FUNCTION_INFO_V1(match_model_terms);
Datum
match_model_terms(PG_FUNCTION_ARGS)
{
	Datum		d[MM_NCOEF];

	for (int i = 0; i < MM_NCOEF; i++)
		d[i] = CStringGetTextDatum(MatchCoefNames[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, MM_NCOEF, TEXTOID, -1, false, TYPALIGN_INT));
}

/* The shipped default's coefficients. */
PG_FUNCTION_INFO_V1(match_default_coefficients);
Datum
match_default_coefficients(PG_FUNCTION_ARGS)
{
	Datum		d[MM_NCOEF];

	for (int i = 0; i < MM_NCOEF; i++)
		d[i] = Float8GetDatum(MatchDefaultCoef[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(d, MM_NCOEF, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/*
 * Most rows an index returns for % are told from their names, numbers,
 * country and distance: their addresses are read only when the bound of the
 * score over what the address could add reaches the threshold.
 */
PG_FUNCTION_INFO_V1(facility_similar);
Datum
facility_similar(PG_FUNCTION_ARGS)
{
	ProfileCache **cache = (ProfileCache **) &fcinfo->flinfo->fn_extra;
	MatchProfile *a = CachedProfileLazy(fcinfo, cache, 0, true, true);
	MatchProfile *b = CachedProfileLazy(fcinfo, cache, 1, true, true);
	const char *model;
	const double *cf = CallModel(fcinfo, *cache, &model, true);

	/* (the margin: the bound sums in another order than the score) */
	if ((!a->address_built || !b->address_built) &&
		MatchNameBound(a, b, cf) + 1e-9 < hredd_match_threshold)
		PG_RETURN_BOOL(false);
	MatchProfileBuildAddress(a);
	MatchProfileBuildAddress(b);
	PG_RETURN_BOOL(MatchScoreModel(a, b, cf, NULL) >= hredd_match_threshold);
}

PG_FUNCTION_INFO_V1(facility_distance);
Datum
facility_distance(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(1.0 - ScorePairSetting(fcinfo, NULL, NULL, NULL, true));
}

/* ---- explanation ------------------------------------------------------------ */

static void
JsonString(StringInfo b, const char *s, int n)
{
	char	   *tmp = pnstrdup(s, n);

	escape_json(b, tmp);
	pfree(tmp);
}

static void
JsonNum(StringInfo b, double v)
{
	appendStringInfo(b, "%.4f", fabs(v) < 0.00005 ? 0.0 : v);
}

static void
Component(StringInfo b, const char *name, double value, bool value_known, double weight,
		  double contribution, const char *why)
{
	appendStringInfo(b, "{\"component\": ");
	escape_json(b, name);
	appendStringInfoString(b, ", \"value\": ");
	if (value_known)
		JsonNum(b, value);
	else
		appendStringInfoString(b, "null");
	appendStringInfoString(b, ", \"weight\": ");
	JsonNum(b, weight);
	appendStringInfoString(b, ", \"contribution\": ");
	JsonNum(b, contribution);
	appendStringInfoString(b, ", \"reason\": ");
	escape_json(b, why);
	appendStringInfoString(b, "}");
}

PG_FUNCTION_INFO_V1(match_explain);
Datum
match_explain(PG_FUNCTION_ARGS)
{
	MatchResult *r = palloc(sizeof(MatchResult));
	StringInfoData j;
	StringInfoData why;
	const double *coef;
	const char *model;
	double		score;
	bool		first = true;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	score = ScorePairModel(fcinfo, r, &coef, &model);
	initStringInfo(&j);
	initStringInfo(&why);
	appendStringInfo(&j, "{\"score\": ");
	JsonNum(&j, score);
	appendStringInfo(&j, ", \"decision\": \"%s\"", score >= 0.5 ? "same facility" : "different facilities");
	appendStringInfoString(&j, ", \"model\": ");
	escape_json(&j, model);
	appendStringInfoString(&j, ", \"threshold\": 0.5, \"log_odds\": ");
	JsonNum(&j, r->logit);
	appendStringInfoString(&j, ", \"components\": [");

	Component(&j, "baseline", 0, false, 1, r->c_intercept,
			  "Two records picked at random are almost never the same facility; the evidence below has to overcome this.");

	resetStringInfo(&why);
	if (r->frag)
		appendStringInfo(&why, "A name looks letter-spaced, so the names are compared letter by letter (%.0f%% of weighted letter groups shared).",
						 100 * r->name_chars);
	else if (r->unspaced)
		appendStringInfo(&why, "Both names are written without blanks (Chinese, Japanese, Thai), so they are compared letter by letter (%.0f%% of weighted letter groups shared).",
						 100 * r->name_chars);
	else
	{
		int			shared = 0,
					typos = 0,
					unmatched = 0;

		for (int k = 0; k < r->npairs; k++)
		{
			if (r->pairs[k].b == NULL)
				unmatched++;
			else if (r->pairs[k].credit < 1)
				typos++;
			else
				shared++;
		}
		appendStringInfo(&why, "Names share %.0f%% of their weighted words (%d the same, %d a typo apart, %d without a partner) and %.0f%% of their weighted letter groups; rare words weigh more than common ones.",
						 100 * r->name_words, shared, typos, unmatched, 100 * r->name_chars);
		if (r->contained)
			appendStringInfoString(&why, " One name's words are all in the other (a short and a long form of one name), so the address, numbers and country count in full.");
		if (r->names_apart)
			appendStringInfoString(&why, " No uncommon word is in common and each name has one of its own: the words in common are common ones (a place, a trade) and count as none, and the address, numbers, country and distance do not count.");
	}
	appendStringInfoString(&j, ", ");
	{
		double		wn = coef[MM_NAME_WORDS] + coef[MM_NAME_CHARS];

		Component(&j, "name", fabs(wn) > 1e-9 ? r->c_name / wn : 0,
				  true, wn, r->c_name, why.data);
	}

	resetStringInfo(&why);
	if (r->address_known && r->address_site == 2 && r->address >= MATCH_ADDRESS_MID)
		appendStringInfo(&why, "Addresses share %.0f%% of their weighted words, but no house or plot number (two or more on each side, or the numbers of two areas: industrial zone 1 and 2, phase, sector): the words in common name the area, not the site, and count for nothing.", 100 * r->address);
	else if (r->address_known && r->address_town_only)
		appendStringInfo(&why, "Addresses end alike (the town, the province) and differ before that; read with that common end counting for only %.0f%%, they are %.0f%% alike.", 100 * MATCH_TAIL_SHARE, 100 * r->address);
	else if (r->address_known)
		appendStringInfo(&why, "Addresses share %.0f%% of their weighted words.", 100 * r->address);
	else
		appendStringInfoString(&why, "At least one side has no address: no evidence either way.");
	if (r->one_site)
		appendStringInfoString(&why, " They share a house or plot number and are otherwise alike (one site), and the names share an uncommon word: two names of one facility (its operator's and its own, a group's and its plant's), so the address, its numbers and the country count in full.");
	appendStringInfoString(&j, ", ");
	Component(&j, "address", r->address, r->address_known,
			  r->address >= MATCH_ADDRESS_MID ? coef[MM_ADDR_ABOVE] : coef[MM_ADDR_BELOW],
			  r->c_address, why.data);

	appendStringInfoString(&j, ", ");
	{
		bool		one_sided = r->name_numbers == 0 && r->x[MM_NUM_CONFLICT] < 0;

		Component(&j, "name numbers", one_sided ? r->x[MM_NUM_CONFLICT] : r->name_numbers,
				  r->name_numbers != 0 || one_sided, 1, r->c_name_numbers,
				  r->name_numbers > 0 ? "Both names carry the same numbers." :
				  r->name_numbers < 0 ? "The names carry different numbers (unit 3 vs unit 5, II vs III): usually different facilities." :
				  one_sided ? "Only one name carries a number (a unit of a group: the other name may mean any of its units), and the address numbers do not say which: some evidence against." :
				  "Numbers in the names do not tell the records apart (neither has any, one set holds the other, or only one name has a number and the addresses share theirs).");
	}
	appendStringInfoString(&j, ", ");
	Component(&j, "address numbers", r->address_numbers, r->address_numbers != 0, 1,
			  r->c_address_numbers,
			  r->address_numbers > 0 ? "The addresses share a number (plot, building, street number)." :
			  r->address_numbers < 0 && r->address_site == 2 ?
			  "The addresses share no house or plot number, with two or more on each side or in two areas (industrial zone 1 and 2, phase, sector): another site (counted 1.5 times)." :
			  r->address_numbers < 0 && r->address_area_only ?
			  "The addresses share a number, but each also has a house or plot number the other lacks: the one in common is the street's or the area's (or a short postcode), and the sites differ." :
			  r->address_numbers < 0 ? "The addresses share no number." :
			  "Numbers in the addresses cannot be compared.");
	appendStringInfoString(&j, ", ");
	Component(&j, "country", r->country, r->country != 0, 1, r->c_country,
			  r->country > 0 ? "Same country." :
			  r->country < 0 ? "Different countries: almost always different facilities." :
			  "At least one side has no country.");
	resetStringInfo(&why);
	if (r->distance_known)
		appendStringInfo(&why, r->distance_inexact ?
						 "The coordinates are %.2f km apart; a point is inexact (at most two decimals: a centroid or rounded), so only a large distance counts." :
						 "The coordinates are %.2f km apart: within 300 m is evidence for, from 600 m strong evidence against (one site's geocoding error against the spread of other sites).",
						 r->distance_km);
	else
		appendStringInfoString(&why, "At least one side has no coordinates.");
	appendStringInfoString(&j, ", ");
	Component(&j, "distance", r->distance_km, r->distance_known, 1, r->c_distance, why.data);
	resetStringInfo(&why);
	if (r->name_freq == 0)
		appendStringInfoString(&why, "No registry statistics given (hredd.match_analyze): how common the name is in the registry is not known.");
	else if (r->name_freq <= 2)
		appendStringInfo(&why, "The name occurs %d time(s) in the registry searched: no chain or group.", r->name_freq);
	else
		appendStringInfo(&why, "The name occurs %d times in the registry searched: a chain or group, so the same name says less that the records are one facility.", r->name_freq);
	appendStringInfoString(&j, ", ");
	Component(&j, "name common in registry", r->name_freq, r->name_freq > 0, coef[MM_NAME_COMMON],
			  r->c_name_common, why.data);
	appendStringInfoString(&j, "], \"features\": {\"name_words\": ");
	JsonNum(&j, r->name_words);
	appendStringInfoString(&j, ", \"name_chars\": ");
	JsonNum(&j, r->name_chars);
	appendStringInfo(&j, ", \"letter_spaced\": %s, \"name_contained\": %s, \"names_apart\": %s, \"one_site\": %s, \"address_words\": ",
					 r->frag ? "true" : "false", r->contained ? "true" : "false",
					 r->names_apart ? "true" : "false", r->one_site ? "true" : "false");
	if (r->address_known)
		JsonNum(&j, r->address_words);
	else
		appendStringInfoString(&j, "null");
	appendStringInfoString(&j, ", \"address_chars\": ");
	if (r->address_known)
		JsonNum(&j, r->address_chars);
	else
		appendStringInfoString(&j, "null");
	appendStringInfo(&j, ", \"name_numbers\": %d, \"address_numbers\": %d, \"country\": %d, \"registry_name_rows\": %d, \"distance_inexact\": %s, \"distance_km\": ",
					 r->name_numbers, r->address_numbers, r->country, r->name_freq,
					 r->distance_inexact ? "true" : "false");
	if (r->distance_known)
		JsonNum(&j, r->distance_km);
	else
		appendStringInfoString(&j, "null");
	appendStringInfoString(&j, "}, \"words\": [");

	/* the word pairs, from a's side */
	for (int k = 0; k < r->npairs; k++)
	{
		const MatchPair *p = &r->pairs[k];
		const MPTok *mine = r->swapped ? p->b : p->a;
		const MPTok *theirs = r->swapped ? p->a : p->b;

		if (p->credit < 0)
		{
			/* an unpaired word of the other side of the comparison */
			mine = r->swapped ? p->a : NULL;
			theirs = r->swapped ? NULL : p->a;
		}

		if (p->weight == 0 && p->b != NULL)
			continue;			/* second half of a split word */
		if (!first)
			appendStringInfoString(&j, ", ");
		first = false;
		appendStringInfoString(&j, "{\"a\": ");
		if (mine)
			JsonString(&j, mine->s, mine->len);
		else
			appendStringInfoString(&j, "null");
		appendStringInfoString(&j, ", \"b\": ");
		if (theirs)
		{
			if (p->b2 && !r->swapped && p->credit >= 0)
			{
				char	   *two = psprintf("%.*s %.*s", p->b->len, p->b->s, p->b2->len, p->b2->s);

				escape_json(&j, two);
			}
			else
				JsonString(&j, theirs->s, theirs->len);
		}
		else
			appendStringInfoString(&j, "null");
		appendStringInfoString(&j, ", \"weight\": ");
		JsonNum(&j, p->b ? p->weight : p->a->w);
		appendStringInfo(&j, ", \"match\": \"%s\"}",
						 p->b == NULL ? "none" : p->credit < 1 ? "typo" :
						 p->b2 ? "joined" : "same");
	}
	appendStringInfoString(&j, "]}");
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(j.data)));
}
