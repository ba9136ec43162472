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
#include "common/hashfn.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

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

static void
FacilityCoords(const FacilityData *f, double *lat, double *lng)
{
	memcpy(lat, f->data, sizeof(double));
	memcpy(lng, f->data + sizeof(double), sizeof(double));
}

void
FacilityProfile(const FacilityData *f, MatchProfile *p)
{
	double		lat = 0,
				lng = 0;

	if (f->flags & FAC_HAS_COORDS)
		FacilityCoords(f, &lat, &lng);
	MatchProfileBuild(p, FAC_NAME(f), f->namelen, FAC_ADDR(f), f->addrlen, f->country,
					  (f->flags & FAC_HAS_COORDS) != 0, lat, lng);
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
	FacilityData *f = PG_GETARG_FACILITY(0);
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
	FacilityData *f = PG_GETARG_FACILITY(0);
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
 * The bytes the hash functions read: the value from the country on, with
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
} ProfileCache;

static const MatchProfile *
CachedProfile(FunctionCallInfo fcinfo, ProfileCache **cache, int arg)
{
	FacilityData *f = PG_GETARG_FACILITY(arg);
	ProfileCache *c = *cache;

	if (c == NULL)
		*cache = c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ProfileCache));
	if (c->copy[arg] == NULL || VARSIZE(c->copy[arg]) != VARSIZE(f) ||
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
		FacilityProfile(c->copy[arg], &c->p[arg]);
	}
	return &c->p[arg];
}

static double
ScorePair(FunctionCallInfo fcinfo, MatchResult *r)
{
	ProfileCache **cache = (ProfileCache **) &fcinfo->flinfo->fn_extra;
	const MatchProfile *a = CachedProfile(fcinfo, cache, 0);
	const MatchProfile *b = CachedProfile(fcinfo, cache, 1);

	return MatchScore(a, b, r);
}

PG_FUNCTION_INFO_V1(match_score);
Datum
match_score(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(ScorePair(fcinfo, NULL));
}

PG_FUNCTION_INFO_V1(facility_similar);
Datum
facility_similar(PG_FUNCTION_ARGS)
{
	double		s = ScorePair(fcinfo, NULL);

	PG_RETURN_BOOL(s >= hredd_match_threshold);
}

PG_FUNCTION_INFO_V1(facility_distance);
Datum
facility_distance(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(1.0 - ScorePair(fcinfo, NULL));
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
	double		score = ScorePair(fcinfo, r);
	bool		first = true;

	initStringInfo(&j);
	initStringInfo(&why);
	appendStringInfo(&j, "{\"score\": ");
	JsonNum(&j, score);
	appendStringInfo(&j, ", \"decision\": \"%s\"", score >= 0.5 ? "same facility" : "different facilities");
	appendStringInfoString(&j, ", \"threshold\": 0.5, \"log_odds\": ");
	JsonNum(&j, r->logit);
	appendStringInfoString(&j, ", \"components\": [");

	Component(&j, "baseline", 0, false, 1, r->c_intercept,
			  "Two records picked at random are almost never the same facility; the evidence below has to overcome this.");

	resetStringInfo(&why);
	if (r->frag)
		appendStringInfo(&why, "A name looks letter-spaced, so the names are compared letter by letter (%.0f%% of weighted letter groups shared).",
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
	}
	appendStringInfoString(&j, ", ");
	Component(&j, "name", r->c_name / (MATCH_B_WORDS + MATCH_B_CHARS),
			  true, MATCH_B_WORDS + MATCH_B_CHARS, r->c_name, why.data);

	resetStringInfo(&why);
	if (r->address_known)
		appendStringInfo(&why, "Addresses share %.0f%% of their weighted words.", 100 * r->address);
	else
		appendStringInfoString(&why, "At least one side has no address: no evidence either way.");
	appendStringInfoString(&j, ", ");
	Component(&j, "address", r->address, r->address_known,
			  r->address >= MATCH_ADDRESS_MID ? MATCH_B_ADDRESS_ABOVE : MATCH_B_ADDRESS_BELOW,
			  r->c_address, why.data);

	appendStringInfoString(&j, ", ");
	Component(&j, "name numbers", r->name_numbers, r->name_numbers != 0, 1, r->c_name_numbers,
			  r->name_numbers > 0 ? "Both names carry the same numbers." :
			  r->name_numbers < 0 ? "The names carry different numbers (unit 3 vs unit 5, II vs III): usually different facilities." :
			  "Numbers in the names cannot be compared (one side or both have none).");
	appendStringInfoString(&j, ", ");
	Component(&j, "address numbers", r->address_numbers, r->address_numbers != 0, 1,
			  r->c_address_numbers,
			  r->address_numbers > 0 ? "The addresses share a number (plot, building, street number)." :
			  r->address_numbers < 0 ? "The addresses share no number." :
			  "Numbers in the addresses cannot be compared.");
	appendStringInfoString(&j, ", ");
	Component(&j, "country", r->country, r->country != 0, 1, r->c_country,
			  r->country > 0 ? "Same country." :
			  r->country < 0 ? "Different countries: almost always different facilities." :
			  "At least one side has no country.");
	resetStringInfo(&why);
	if (r->distance_known)
		appendStringInfo(&why, "The coordinates are %.2f km apart.", r->distance_km);
	else
		appendStringInfoString(&why, "At least one side has no coordinates.");
	appendStringInfoString(&j, ", ");
	Component(&j, "distance", r->distance_km, r->distance_known, 1, r->c_distance, why.data);
	appendStringInfoString(&j, "], \"features\": {\"name_words\": ");
	JsonNum(&j, r->name_words);
	appendStringInfoString(&j, ", \"name_chars\": ");
	JsonNum(&j, r->name_chars);
	appendStringInfo(&j, ", \"letter_spaced\": %s, \"address_words\": ", r->frag ? "true" : "false");
	if (r->address_known)
		JsonNum(&j, r->address_words);
	else
		appendStringInfoString(&j, "null");
	appendStringInfoString(&j, ", \"address_chars\": ");
	if (r->address_known)
		JsonNum(&j, r->address_chars);
	else
		appendStringInfoString(&j, "null");
	appendStringInfo(&j, ", \"name_numbers\": %d, \"address_numbers\": %d, \"country\": %d, \"distance_km\": ",
					 r->name_numbers, r->address_numbers, r->country);
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
			if (p->b2 && !r->swapped)
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
