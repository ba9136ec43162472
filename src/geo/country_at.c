/*
 * country_at.c — hredd.country_at(lat, lng): the country of a position from
 * a per-backend cache of the subdivided Natural Earth boundaries.
 *
 * The cache is read once per backend through SPI (ST_AsBinary over
 * hredd.country_boundary_part, PostGIS called through SQL, never linked)
 * and dropped by a relcache callback on that table.  Relcache invalidations
 * come from DDL, TRUNCATE, VACUUM FULL and ALTER EXTENSION ... UPDATE, not from
 * plain INSERT, UPDATE or DELETE: a backend that loaded the boundaries keeps
 * them until it ends or such an invalidation arrives.  The table is shipped
 * data that only extension upgrades change, so that is the rule, not a bug;
 * whoever edits it by hand must reconnect (or run a no-op ALTER TABLE).
 *
 * SPI runs with the caller's search_path, which may put a schema others can
 * write to before pg_catalog: so the query names every function, type and
 * table with its schema, PostGIS's schema is read from the catalog without
 * SQL, and nothing in the query is resolved by search_path.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/namespace.h"
#include "catalog/pg_extension.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "nodes/makefuncs.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/regproc.h"
#include "utils/rel.h"

#include "../ids/ids.h"
#include "pip.h"

/* Points in no polygon but this close to one get its country. */
#define COAST_KM 25.0

static PipIndex *country_index = NULL;
static Oid	country_index_relid = InvalidOid;
static bool callback_registered = false;

static void
InvalidateCountryIndex(Datum arg, Oid relid)
{
	if (country_index && (relid == InvalidOid || relid == country_index_relid))
	{
		PipIndexFree(country_index);
		country_index = NULL;
	}
}

/*
 * The quoted name of PostGIS's schema, read from pg_extension directly: a
 * query would resolve its "=" through the caller's search_path.
 */
static char *
PostgisSchema(void)
{
	Oid			ext = get_extension_oid("postgis", true);
	Oid			nsp = InvalidOid;
	char	   *name = NULL;

	if (OidIsValid(ext))
	{
		Relation	rel = table_open(ExtensionRelationId, AccessShareLock);
		ScanKeyData key;
		SysScanDesc scan;
		HeapTuple	tup;

		ScanKeyInit(&key, Anum_pg_extension_oid, BTEqualStrategyNumber, F_OIDEQ,
					ObjectIdGetDatum(ext));
		scan = systable_beginscan(rel, ExtensionOidIndexId, true, NULL, 1, &key);
		tup = systable_getnext(scan);
		if (HeapTupleIsValid(tup))
			nsp = ((Form_pg_extension) GETSTRUCT(tup))->extnamespace;
		systable_endscan(scan);
		table_close(rel, AccessShareLock);
	}
	if (OidIsValid(nsp))
		name = get_namespace_name(nsp);
	if (name == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("hredd.country_at needs the postgis extension")));
	return pstrdup(quote_identifier(name));
}

/* Read the boundary parts into a new index. */
static PipIndex *
LoadCountryIndex(void)
{
	PipIndex   *ix;
	char	   *schema;
	char	   *query;
	Oid			relid;

	schema = PostgisSchema();
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	relid = RangeVarGetRelid(makeRangeVar("hredd", "country_boundary_part", -1), NoLock, false);
	query = psprintf("SELECT c.country::pg_catalog.text, %s.st_asbinary(c.geom) "
					 "FROM hredd.country_boundary_part c WHERE c.country IS NOT NULL", schema);
	if (SPI_execute(query, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read hredd.country_boundary_part");

	ix = PipIndexNew();
	if (!ix)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		bool		isnull;
		char	   *code = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		Datum		wkb = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &isnull);
		bytea	   *b;

		if (isnull || code == NULL || strlen(code) != 2)
			continue;
		b = DatumGetByteaPP(wkb);
		if (!PipIndexAddWkb(ix, COUNTRY_CODE(code[0], code[1]),
							(const uint8_t *) VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b)))
		{
			PipIndexFree(ix);
			elog(ERROR, "hredd.country_boundary_part holds a geometry that is not a polygon (country %s)", code);
		}
	}
	SPI_finish();
	if (!PipIndexFinish(ix))
	{
		PipIndexFree(ix);
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	country_index_relid = relid;
	return ix;
}

/* Country code at a valid position (0 = none), loading the cache on first use. */
static uint16_t
LookupCountry(float8 lat, float8 lng)
{
	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(InvalidateCountryIndex, (Datum) 0);
		callback_registered = true;
	}
	if (!country_index)
		country_index = LoadCountryIndex();
	return PipIndexLookup(country_index, lng, lat, COAST_KM);
}

/* PostGIS functions called through fmgr (never linked), found once per backend. */
typedef struct PostgisCalls
{
	bool		ready;
	FmgrInfo	srid,
				x,
				y,
				type,
				isempty,
				transform,
				pointonsurface;
} PostgisCalls;

static PostgisCalls postgis;

static void
LookupPostgis(void)
{
	static const char *const sigs[] = {
		"st_srid(%1$s.geometry)", "st_x(%1$s.geometry)", "st_y(%1$s.geometry)",
		"geometrytype(%1$s.geometry)", "st_isempty(%1$s.geometry)",
		"st_transform(%1$s.geometry,pg_catalog.int4)", "st_pointonsurface(%1$s.geometry)"
	};
	FmgrInfo   *slots[] = {&postgis.srid, &postgis.x, &postgis.y, &postgis.type, &postgis.isempty,
		&postgis.transform, &postgis.pointonsurface};
	char	   *schema = PostgisSchema();

	for (int i = 0; i < (int) lengthof(sigs); i++)
	{
		/* "st_x(schema.geometry)" qualified as "schema.st_x(schema.geometry)" */
		char	   *sig = psprintf("%s.%s", schema, psprintf(sigs[i], schema));
		Oid			fn = DatumGetObjectId(DirectFunctionCall1(regprocedurein, CStringGetDatum(sig)));

		fmgr_info_cxt(fn, slots[i], TopMemoryContext);
	}
	postgis.ready = true;
}

/* The position of a point, or the point's country, for any geometry. */
PG_FUNCTION_INFO_V1(country_at_geometry);
Datum
country_at_geometry(PG_FUNCTION_ARGS)
{
	Datum		g = PG_GETARG_DATUM(0);
	int32		srid;
	char	   *type;
	float8		lat,
				lng;
	uint16_t	code;

	if (!postgis.ready)
		LookupPostgis();
	if (DatumGetBool(FunctionCall1(&postgis.isempty, g)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("geometry is empty: a position or a shape is needed")));
	srid = DatumGetInt32(FunctionCall1(&postgis.srid, g));
	if (srid != 0 && srid != 4326)
		g = FunctionCall2(&postgis.transform, g, Int32GetDatum(4326));
	type = text_to_cstring(DatumGetTextPP(FunctionCall1(&postgis.type, g)));
	if (strcmp(type, "POINT") != 0)
		g = FunctionCall1(&postgis.pointonsurface, g);
	lng = DatumGetFloat8(FunctionCall1(&postgis.x, g));
	lat = DatumGetFloat8(FunctionCall1(&postgis.y, g));
	if (!(lat >= -90 && lat <= 90) || !(lng >= -180 && lng <= 180))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("point (%g %g) is outside longitude -180 to 180, latitude -90 to 90", lng, lat)));
	code = LookupCountry(lat, lng);
	if (code == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT16((int16) code);
}

PG_FUNCTION_INFO_V1(country_at_latlng);
Datum
country_at_latlng(PG_FUNCTION_ARGS)
{
	float8		lat = PG_GETARG_FLOAT8(0);
	float8		lng = PG_GETARG_FLOAT8(1);
	uint16_t	code;

	if (!(lat >= -90 && lat <= 90))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("latitude %g is out of range", lat),
				 errdetail("A latitude lies between -90 and 90 degrees.")));
	if (!(lng >= -180 && lng <= 180))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("longitude %g is out of range", lng),
				 errdetail("A longitude lies between -180 and 180 degrees.")));
	code = LookupCountry(lat, lng);
	if (code == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT16((int16) code);
}
