#!/usr/bin/env bash
# search_path hijacks of the geo functions (issue 10, finding 2).
#
# A role with CREATE on schema public (PostGIS's schema here, the default)
# plants there everything a geo function could pick up by name instead of the
# real thing: operators for mixed argument types that match better than the
# built-ins, format/unnest/jsonb_agg/nextval/concat_ws overloads, PostGIS
# overloads with the argument lists hredd could pass, a domain named "text",
# an "=" for names, and tables named like every temporary work table of the
# loaders, with triggers.  Each shadow, when it runs, logs a row to
# public.pwned and raises a WARNING "PWNED", then does what the real thing
# would, so the caller carries on and every further shadow gets its chance.
#
# The shadows are planted before CREATE EXTENSION hredd (its install script
# loads the shipped boundaries with PostGIS calls), then a superuser runs every
# geo function and loader with search_path "public, hredd", "hredd" and
# "public, pg_catalog, hredd" (pg_catalog after public: a caller's choice that
# the C code's own queries must survive).  Every call in this script is
# qualified and typed, so only hredd's own name look-ups are under test.
# The test passes when no shadow ran, no statement failed and the results are
# the real ones.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=hredd_shadows
role=hredd_mallory
q() { psql -X -q -v ON_ERROR_STOP=1 -At -d $db "$@"; }
out=$(mktemp)
cleanup() {
	rm -f "$out"
	psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1 || true
}
trap cleanup EXIT

psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" \
	-c "DROP ROLE IF EXISTS $role" -c "CREATE DATABASE $db" -c "CREATE ROLE $role NOLOGIN"

# ---------------------------------------------------------------- the attacker
q <<SQL
SET client_min_messages = warning;
CREATE EXTENSION postgis;
GRANT CREATE ON SCHEMA public TO $role;
CREATE TABLE public.pwned (n serial, shadow text, run_as name DEFAULT current_user, context text);
GRANT INSERT ON public.pwned TO PUBLIC;
GRANT USAGE ON SEQUENCE public.pwned_n_seq TO PUBLIC;
SQL
q -c "SET ROLE $role" -f - <<'SQL'
SET client_min_messages = error;
-- what every shadow does first
CREATE FUNCTION public.hredd_pwn(shadow text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
DECLARE
    ctx text;
BEGIN
    GET DIAGNOSTICS ctx = PG_CONTEXT;
    INSERT INTO public.pwned (shadow, context) VALUES (shadow, ctx);
    RAISE WARNING 'PWNED: % ran as %', shadow, current_user;
END
$f$;
CREATE FUNCTION public.hredd_pwn_check(shadow text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $f$
BEGIN
    PERFORM public.hredd_pwn(shadow);
    RETURN true;
END
$f$;

-- operators for mixed argument types: the built-ins need a cast, these do not
DO $do$
DECLARE
    op text;
    pair text[];
    fn text;
    n int := 0;
BEGIN
    FOREACH op IN ARRAY ARRAY['<', '>', '<=', '>=', '=', '<>', '+', '-', '*', '/'] LOOP
        FOREACH pair SLICE 1 IN ARRAY ARRAY[['float8', 'int4'], ['float8', 'numeric'], ['int4', 'float8'],
                                            ['numeric', 'float8'], ['float8', 'int8'], ['int8', 'float8'],
                                            ['int4', 'numeric'], ['numeric', 'int4']] LOOP
            n := n + 1;
            fn := 'public.hredd_shadow_op_' || n;
            EXECUTE pg_catalog.format($q$
                CREATE FUNCTION %1$s(a %2$s, b %3$s) RETURNS %4$s
                LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $b$
                BEGIN
                    PERFORM public.hredd_pwn(%5$L);
                    RETURN a::float8 OPERATOR(pg_catalog.%6$s) b::float8;
                END $b$$q$,
                fn, pair[1], pair[2],
                CASE WHEN op IN ('+', '-', '*', '/') THEN 'float8' ELSE 'boolean' END,
                pg_catalog.format('%s(%s,%s)', op, pair[1], pair[2]), op);
            EXECUTE pg_catalog.format('CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = %s)',
                           op, pair[1], pair[2], fn);
        END LOOP;
    END LOOP;
END
$do$;

-- built-in functions: exact matches where the built-in is variadic or polymorphic
CREATE FUNCTION public.format(f text, a text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('format(text,text)'); RETURN pg_catalog.format(f, a); END $f$;
CREATE FUNCTION public.format(f text, a text, b text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('format(text,text,text)'); RETURN pg_catalog.format(f, a, b); END $f$;
CREATE FUNCTION public.format(f text, a text, b text, c text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('format(text,text,text,text)'); RETURN pg_catalog.format(f, a, b, c); END $f$;
CREATE FUNCTION public.format(f text, a float8) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('format(text,float8)'); RETURN pg_catalog.format(f, a); END $f$;
CREATE FUNCTION public.format(f text, a text, b float8) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('format(text,text,float8)'); RETURN pg_catalog.format(f, a, b); END $f$;
CREATE FUNCTION public.format(f text, a float8, b float8) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('format(text,float8,float8)'); RETURN pg_catalog.format(f, a, b); END $f$;
CREATE FUNCTION public.concat_ws(s text, a text, b text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('concat_ws(text,text,text)'); RETURN pg_catalog.concat_ws(s, a, b); END $f$;
CREATE FUNCTION public.unnest(a text[]) RETURNS SETOF text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('unnest(text[])'); RETURN QUERY SELECT pg_catalog.unnest(a); END $f$;
CREATE FUNCTION public.nextval(s text) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('nextval(text)'); RETURN pg_catalog.nextval(s::regclass); END $f$;
CREATE FUNCTION public.jsonb_build_object(a text, b text) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('jsonb_build_object(text,text)'); RETURN pg_catalog.jsonb_build_object(a, b); END $f$;
CREATE FUNCTION public.hredd_shadow_jsonb_agg(s jsonb, v jsonb) RETURNS jsonb
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('jsonb_agg(jsonb)'); RETURN coalesce(s, '[]') || jsonb_build_array(v); END $f$;
CREATE AGGREGATE public.jsonb_agg(jsonb) (SFUNC = public.hredd_shadow_jsonb_agg, STYPE = jsonb);
CREATE FUNCTION public.hredd_shadow_string_agg(s text, v text, d varchar) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('string_agg(text,varchar)'); RETURN coalesce(s || d, '') || v; END $f$;
CREATE AGGREGATE public.string_agg(text, varchar) (SFUNC = public.hredd_shadow_string_agg, STYPE = text);

-- a domain named "text" and an "=" for names: found first by a caller whose
-- search_path puts pg_catalog after public (they shadow unqualified names in
-- queries that C code runs with the caller's search_path)
CREATE DOMAIN public.text AS pg_catalog.text CHECK (public.hredd_pwn_check('domain public.text'));
CREATE FUNCTION public.hredd_shadow_name_eq(a name, b name) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('=(name,name)'); RETURN a OPERATOR(pg_catalog.=) b; END $f$;
CREATE OPERATOR public.= (LEFTARG = name, RIGHTARG = name, FUNCTION = public.hredd_shadow_name_eq);

-- PostGIS overloads in PostGIS's own schema: shorter argument lists (a
-- caller that relies on a default gets these), other numeric types
CREATE FUNCTION public.st_subdivide(g geometry, n integer) RETURNS SETOF geometry
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_subdivide(geometry,integer)');
      RETURN QUERY SELECT public.st_subdivide(g, n, -1.0::float8); END $f$;
CREATE FUNCTION public.st_setsrid(g geometry, srid bigint) RETURNS geometry
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_setsrid(geometry,bigint)'); RETURN public.st_setsrid(g, srid::int4); END $f$;
CREATE FUNCTION public.st_setsrid(g geometry, srid numeric) RETURNS geometry
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_setsrid(geometry,numeric)'); RETURN public.st_setsrid(g, srid::int4); END $f$;
CREATE FUNCTION public.st_transform(g geometry, srid bigint) RETURNS geometry
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_transform(geometry,bigint)'); RETURN public.st_transform(g, srid::int4); END $f$;
CREATE FUNCTION public.st_makepoint(x numeric, y numeric) RETURNS geometry
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_makepoint(numeric,numeric)'); RETURN public.st_makepoint(x::float8, y::float8); END $f$;
CREATE FUNCTION public.st_makepoint(x integer, y integer) RETURNS geometry
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_makepoint(integer,integer)'); RETURN public.st_makepoint(x::float8, y::float8); END $f$;
CREATE FUNCTION public.st_makeenvelope(a integer, b integer, c integer, d integer, srid integer) RETURNS geometry
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_makeenvelope(integer,...)');
      RETURN public.st_makeenvelope(a::float8, b::float8, c::float8, d::float8, srid); END $f$;
CREATE FUNCTION public.st_dwithin(a geography, b geography, d float8) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_dwithin(geography,geography,float8)'); RETURN public.st_dwithin(a, b, d, true); END $f$;
CREATE FUNCTION public.st_distance(a geography, b geography) RETURNS float8
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_distance(geography,geography)'); RETURN public.st_distance(a, b, true); END $f$;
CREATE FUNCTION public.st_isvaliddetail(g geometry) RETURNS valid_detail
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_isvaliddetail(geometry)'); RETURN public.st_isvaliddetail(g, 0); END $f$;
CREATE FUNCTION public.st_makevalid(g geometry, p varchar) RETURNS geometry
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_makevalid(geometry,varchar)'); RETURN public.st_makevalid(g, p::text); END $f$;
CREATE FUNCTION public.st_makevalid(g geometry, p name) RETURNS geometry
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_makevalid(geometry,name)'); RETURN public.st_makevalid(g, p::text); END $f$;
CREATE FUNCTION public.st_asgeojson(g geometry, d integer) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_asgeojson(geometry,integer)'); RETURN public.st_asgeojson(g, d, 8); END $f$;
CREATE FUNCTION public.st_collectionextract(g geometry, t bigint) RETURNS geometry
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_collectionextract(geometry,bigint)'); RETURN public.st_collectionextract(g, t::int4); END $f$;
CREATE FUNCTION public.st_geomfromgeojson(j varchar) RETURNS geometry
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_geomfromgeojson(varchar)'); RETURN public.st_geomfromgeojson(j::text); END $f$;
CREATE FUNCTION public.postgis_typmod_srid(t bigint) RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('postgis_typmod_srid(bigint)'); RETURN public.postgis_typmod_srid(t::int4); END $f$;
-- what the register's SVG map calls (risk_map_svg)
CREATE FUNCTION public.st_assvg(g geometry, rel integer) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_assvg(geometry,integer)'); RETURN public.st_assvg(g, rel, 15); END $f$;
CREATE FUNCTION public.st_simplify(g geometry, t numeric) RETURNS geometry
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_simplify(geometry,numeric)'); RETURN public.st_simplify(g, t::float8, false); END $f$;
CREATE FUNCTION public.st_affine(g geometry, a numeric, b numeric, d numeric, e numeric, x numeric, y numeric) RETURNS geometry
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_affine(geometry,numeric,...)');
      RETURN public.st_affine(g, a::float8, b::float8, d::float8, e::float8, x::float8, y::float8); END $f$;
CREATE FUNCTION public.st_clipbybox2d(g geometry, b geometry) RETURNS geometry
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('st_clipbybox2d(geometry,geometry)'); RETURN public.st_clipbybox2d(g, public.box2d(b)); END $f$;
CREATE FUNCTION public.width_bucket(v float8, t float8[]) RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN PERFORM public.hredd_pwn('width_bucket(float8,float8[])'); RETURN pg_catalog.width_bucket(v, t); END $f$;
DO $do$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['st_xmin', 'st_xmax', 'st_ymin', 'st_ymax'] LOOP
        EXECUTE pg_catalog.format($q$
            CREATE FUNCTION public.%1$s(g geometry) RETURNS float8
            LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $b$
            BEGIN PERFORM public.hredd_pwn('%1$s(geometry)'); RETURN public.%1$s(public.box3d(g)); END $b$$q$, f);
    END LOOP;
END
$do$;

SQL

# ---------------------------------------------------------------- the victim
q -c "TRUNCATE public.pwned"
# CREATE EXTENSION runs the install script with search_path "hredd, public"
if ! q -c "SET client_min_messages = warning" -c "CREATE EXTENSION hredd" -c "GRANT USAGE ON SCHEMA hredd TO PUBLIC" 2>"$out"; then
	cat "$out"; echo "shadows: CREATE EXTENSION hredd failed"; exit 1
fi
echo "shadows: CREATE EXTENSION hredd: $(grep -c PWNED "$out" || true) shadow calls"
install_ran=$(q -c "SELECT COALESCE(pg_catalog.max(n), 0) FROM public.pwned")

# ---------------------------------------------------------------- the attacker, once hredd is there
q -c "SET ROLE $role" -f - <<'SQL'
SET client_min_messages = error;
-- tables named like the loaders' temporary work tables, with triggers on
-- everything; the points table holds a planted row and an index whose
-- expression runs on ANALYZE
CREATE FUNCTION public.hredd_shadow_trigger() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN
    PERFORM public.hredd_pwn(format('trigger %s %s on public.%s', TG_LEVEL, TG_OP, TG_TABLE_NAME));
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$f$;
CREATE TABLE public.hredd_load_geojson_work (
    feature integer, zone_id bigint, name text, severity float8, properties jsonb,
    geom geometry, status text, note text);
CREATE TABLE public.hredd_load_index_work (
    country_as_given text, country hredd.country, value float8, severity float8, status text, note text);
CREATE TABLE public.hredd_zones_for_points (key text, geom geometry);
INSERT INTO public.hredd_zones_for_points VALUES ('planted', 'SRID=4326;POINT(90.5 23.5)');
CREATE INDEX ON public.hredd_zones_for_points ((public.hredd_pwn_check('index expression on ANALYZE')));
DO $do$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['hredd_load_geojson_work', 'hredd_load_index_work', 'hredd_zones_for_points'] LOOP
        EXECUTE pg_catalog.format('CREATE TRIGGER shadow_row BEFORE INSERT OR UPDATE OR DELETE ON public.%I
                        FOR EACH ROW EXECUTE FUNCTION public.hredd_shadow_trigger()', t);
        EXECUTE pg_catalog.format('CREATE TRIGGER shadow_stmt AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.%I
                        FOR EACH STATEMENT EXECUTE FUNCTION public.hredd_shadow_trigger()', t);
    END LOOP;
END
$do$;
SQL
# planting ran a shadow as the attacker (the planted row's index entry): not a finding
q -c "DELETE FROM public.pwned WHERE n > $install_ran"
# the shadows do catch an unqualified call: the caller's own here, so the test can fail
probe=$(q -c "SET client_min_messages = error" -c "SET search_path = public, hredd" \
          -c "SELECT format('%s', 'x'::text), 1.5::float8 < 2, array_length(ARRAY(SELECT unnest(ARRAY['a']::text[])), 1)" \
          -c "SELECT pg_catalog.count(*) FROM public.pwned WHERE n > $install_ran" | tail -n 1)
if [ "$probe" != 3 ]; then
	echo "shadows: the planted shadows did not catch 3 unqualified calls of the caller's own ($probe)"
	exit 1
fi
q -c "DELETE FROM public.pwned WHERE n > $install_ran"
q <<'SQL'
SET client_min_messages = warning;
INSERT INTO hredd.risk_layer (name, theme, scale, source, licence) VALUES
    ('victim_zones', 'test', 'zone', 'test', 'CC0'), ('victim_index', 'test', 'country', 'test', 'CC0');
CREATE TABLE public.site (id int, lat numeric, lng numeric, country text, geom geometry(Point, 4326));
INSERT INTO public.site VALUES (1, 23.81, 90.41, 'BD', 'SRID=4326;POINT(90.41 23.81)'),
                               (2, 10.78, 106.70, 'TH', 'SRID=4326;POINT(106.70 10.78)'),
                               (3, 0, 0, NULL, 'SRID=4326;POINT(0 0)');
CREATE TABLE public.site_indexed (id int, geom geometry(Point, 4326));
INSERT INTO public.site_indexed SELECT id, geom FROM public.site;
CREATE INDEX ON public.site_indexed USING gist (geom);
CREATE TABLE public.rating (country text, score numeric);
INSERT INTO public.rating VALUES ('Bangladesh', 5), ('Viet Nam', 4), ('Germany', 1), ('Atlantis', 3), ('FR', 9);
SQL
# a risk run of the sites, for the maps
q -c "SET client_min_messages = warning" \
  -c "SELECT hredd.assess_risk('public.site'::pg_catalog.regclass, 'id'::pg_catalog.name) IS NOT NULL" >/dev/null

# Every geo function and loader, each statement on its own (an error does
# not hide the later ones); $1 is the search_path, $2 a layer-name suffix.
exercise() {
	psql -X -q -At -d $db -v ON_ERROR_STOP=0 -v path="$1" -v sfx="$2" <<'SQL'
SET client_min_messages = warning;
SET search_path = :path;
-- the C cache is read on the first call of the session, with the caller's search_path
SELECT hredd.country_at(23.81::pg_catalog.float8, 90.41::pg_catalog.float8);
SELECT hredd.country_at('SRID=4326;POINT(106.70 10.78)'::public.geometry);
SELECT hredd.country_at('SRID=3857;POINT(11877000 1207000)'::public.geometry);
SELECT hredd.country_at('SRID=4326;POLYGON((90 23, 91 23, 91 24, 90 24, 90 23))'::public.geometry);
-- every verdict of check_location
SELECT * FROM hredd.check_location(10.8572::pg_catalog.float8, 106.93::pg_catalog.float8, 'VN'::hredd.country);
SELECT * FROM hredd.check_location(NULL::pg_catalog.float8, 106.93::pg_catalog.float8, 'VN'::hredd.country);
SELECT * FROM hredd.check_location(0::pg_catalog.float8, 0::pg_catalog.float8, 'VN'::hredd.country);
SELECT * FROM hredd.check_location('NaN'::pg_catalog.float8, 1::pg_catalog.float8, 'VN'::hredd.country);
SELECT * FROM hredd.check_location(106.93::pg_catalog.float8, 10.8572::pg_catalog.float8, 'VN'::hredd.country);
SELECT * FROM hredd.check_location(95::pg_catalog.float8, 200::pg_catalog.float8, 'VN'::hredd.country);
SELECT * FROM hredd.check_location(21.0::pg_catalog.float8, 21.0::pg_catalog.float8, 'VN'::hredd.country);
SELECT * FROM hredd.check_location(13.75::pg_catalog.float8, 100.50::pg_catalog.float8, 'VN'::hredd.country);
SELECT * FROM hredd.check_location(10.0::pg_catalog.float8, 60.0::pg_catalog.float8, 'VN'::hredd.country);
SELECT * FROM hredd.check_location(-21.1::pg_catalog.float8, 55.5::pg_catalog.float8, 'RE'::hredd.country);
SELECT * FROM hredd.check_location(-8.52::pg_catalog.float8, 179.2::pg_catalog.float8, 'TV'::hredd.country);
SELECT * FROM hredd.check_location(10.60::pg_catalog.float8, 104.25::pg_catalog.float8, 'VN'::hredd.country);
SELECT * FROM hredd.check_location(23.81::pg_catalog.float8, 90.41::pg_catalog.float8, NULL::hredd.country);
-- zones through the triggers: insert, update (geometry kept and changed), delete
INSERT INTO hredd.risk_zone (layer, name, severity, geom) VALUES
    ('victim_zones', 'dhaka' || :'sfx', 0.5, 'SRID=4326;MULTIPOLYGON(((90 23, 91 23, 91 24, 90 24, 90 23)))'::public.geometry),
    ('victim_zones', 'gone' || :'sfx', 0.25, 'SRID=4326;MULTIPOLYGON(((10 10, 11 10, 11 11, 10 11, 10 10)))'::public.geometry);
UPDATE hredd.risk_zone SET severity = 0.75 WHERE name OPERATOR(pg_catalog.=) ('dhaka' || :'sfx')::pg_catalog.text;
UPDATE hredd.risk_zone SET geom = 'SRID=4326;MULTIPOLYGON(((10 10, 12 10, 12 12, 10 12, 10 10)))'::public.geometry
    WHERE name OPERATOR(pg_catalog.=) ('gone' || :'sfx')::pg_catalog.text;
DELETE FROM hredd.risk_zone WHERE name OPERATOR(pg_catalog.=) ('gone' || :'sfx')::pg_catalog.text;
DO $$ BEGIN
    INSERT INTO hredd.risk_zone (layer, name, severity, geom) VALUES
        ('victim_zones', 'bad', 7, 'SRID=4326;MULTIPOLYGON(((90 23, 91 23, 91 24, 90 24, 90 23)))'::public.geometry);
EXCEPTION WHEN check_violation THEN NULL; END $$;
DO $$ BEGIN
    INSERT INTO hredd.risk_zone (layer, name, severity, geom) VALUES
        ('victim_zones', 'bow tie', 0.5, 'SRID=4326;MULTIPOLYGON(((0 0, 2 2, 2 0, 0 2, 0 0)))'::public.geometry);
EXCEPTION WHEN check_violation THEN NULL; END $$;
INSERT INTO hredd.country_risk (layer, country, subject, severity) VALUES ('victim_index', 'BD', 'x' || :'sfx', 0.5);
UPDATE hredd.country_risk SET severity = 0.25 WHERE subject OPERATOR(pg_catalog.=) ('x' || :'sfx')::pg_catalog.text;
DO $$ BEGIN
    INSERT INTO hredd.country_risk (layer, country, severity) VALUES ('victim_index', 'BD', -1);
EXCEPTION WHEN check_violation THEN NULL; END $$;
-- look-ups
SELECT * FROM hredd.zones_at('SRID=4326;POINT(90.41 23.81)'::public.geometry, '2024-06-01'::pg_catalog.date, NULL::pg_catalog.text[]);
SELECT * FROM hredd.zones_at('SRID=3857;POINT(10064000 2730000)'::public.geometry, '2024-06-01'::pg_catalog.date,
                             ARRAY['victim_zones', 'ilab_tvpra_2022']::pg_catalog.text[]);
SELECT * FROM hredd.zones_near('SRID=4326;POINT(89.9 23.5)'::public.geometry, 50000::pg_catalog.float8,
                               '2024-06-01'::pg_catalog.date, NULL::pg_catalog.text[]);
SELECT * FROM hredd.zones_near('SRID=4326;POINT(89.9 23.5)'::public.geometry, 50000::pg_catalog.float8,
                               '2024-06-01'::pg_catalog.date, ARRAY['victim_zones']::pg_catalog.text[]);
SELECT * FROM hredd.zones_for('public.site'::pg_catalog.regclass, 'id'::pg_catalog.name, 'geom'::pg_catalog.name,
                              '2024-06-01'::pg_catalog.date, NULL::pg_catalog.text[]);
SELECT * FROM hredd.zones_for('public.site_indexed'::pg_catalog.regclass, 'id'::pg_catalog.name, 'geom'::pg_catalog.name,
                              '2024-06-01'::pg_catalog.date, ARRAY['victim_zones']::pg_catalog.text[]);
SELECT hredd.facilities_geojson('public.site'::pg_catalog.regclass, 'id'::pg_catalog.name, 'lat'::pg_catalog.name,
                                'lng'::pg_catalog.name, 'country'::pg_catalog.name, '2024-06-01'::pg_catalog.date,
                                NULL::pg_catalog.text[]);
-- the register's maps, of the run made below
SELECT pg_catalog.length(hredd.risk_map_svg(NULL::pg_catalog.int8, NULL::pg_catalog.text, 800::pg_catalog.int4,
                                            NULL::public.geometry));
SELECT pg_catalog.length(hredd.risk_map_svg(NULL::pg_catalog.int8, 'CHILD_LABOUR'::pg_catalog.text, 1200::pg_catalog.int4,
                                            'SRID=4326;POLYGON((80 0, 110 0, 110 30, 80 30, 80 0))'::public.geometry));
SELECT hredd.risk_geojson(NULL::pg_catalog.int8, NULL::pg_catalog.text);
-- geometry helpers
SELECT hredd.zone_geometry('SRID=4326;POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))'::public.geometry);
SELECT hredd.zone_geometry('SRID=3857;POLYGON((0 0, 100000 0, 100000 100000, 0 0))'::public.geometry);
SELECT hredd.zone_geometry('POLYGON((0 0, 1 0, 1 1, 0 0))'::public.geometry);
SELECT hredd.as_4326('SRID=3857;POINT(100000 100000)'::public.geometry);
SELECT * FROM hredd.geojson_zone_geometry('{"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,0]]]}'::pg_catalog.jsonb,
                                          3857::pg_catalog.int4);
-- loaders
SELECT * FROM hredd.load_geojson('victim_zones'::pg_catalog.text, ('{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "A' || :'sfx' || '", "level": 4},
   "geometry": {"type": "Polygon", "coordinates": [[[95,20],[96,20],[96,21],[95,21],[95,20]]]}},
  {"type": "Feature", "properties": {"name": "bow tie", "level": 1},
   "geometry": {"type": "Polygon", "coordinates": [[[0,0],[2,2],[2,0],[0,2],[0,0]]]}},
  {"type": "Feature", "properties": {"name": "line", "level": 1},
   "geometry": {"type": "LineString", "coordinates": [[0,0],[1,1]]}},
  {"type": "Feature", "properties": {"name": "too high", "level": 9},
   "geometry": {"type": "Polygon", "coordinates": [[[95,20],[96,20],[96,21],[95,21],[95,20]]]}},
  {"type": "Feature", "properties": {"name": "words", "level": "high"},
   "geometry": {"type": "Polygon", "coordinates": [[[95,20],[96,20],[96,21],[95,21],[95,20]]]}},
  {"type": "Feature", "properties": {"level": 1},
   "geometry": {"type": "Polygon", "coordinates": [[[95,20],[96,20],[96,21],[95,21],[95,20]]]}}
]}')::pg_catalog.jsonb, 'name'::pg_catalog.text, 'level'::pg_catalog.text, 5::pg_catalog.float8,
   '2024-01-01'::pg_catalog.date, 'infinity'::pg_catalog.date, NULL::pg_catalog.int4);
SELECT * FROM hredd.load_geojson('victim_zones'::pg_catalog.text, ('{"type": "FeatureCollection",
  "crs": {"type": "name", "properties": {"name": "EPSG:3857"}}, "features": [
  {"type": "Feature", "properties": {"name": "M' || :'sfx' || '", "severity": 0.5},
   "geometry": {"type": "Polygon", "coordinates": [[[0,0],[100000,0],[100000,100000],[0,100000],[0,0]]]}}
]}')::pg_catalog.jsonb, 'name'::pg_catalog.text, 'severity'::pg_catalog.text, 1::pg_catalog.float8,
   '-infinity'::pg_catalog.date, 'infinity'::pg_catalog.date, NULL::pg_catalog.int4);
SELECT * FROM hredd.load_country_index('victim_index'::pg_catalog.text, 'public.rating'::pg_catalog.regclass,
    'country'::pg_catalog.name, 'score'::pg_catalog.name, 1::pg_catalog.float8, 5::pg_catalog.float8, true,
    '-infinity'::pg_catalog.date, 'infinity'::pg_catalog.date, ('idx' || :'sfx')::pg_catalog.text);
SELECT * FROM hredd.load_country_index('victim_index'::pg_catalog.text, 'public.rating'::pg_catalog.regclass,
    'country'::pg_catalog.name, 'score'::pg_catalog.name, 1::pg_catalog.float8, 5::pg_catalog.float8, false,
    '-infinity'::pg_catalog.date, 'infinity'::pg_catalog.date, ('rev' || :'sfx')::pg_catalog.text);
SQL
}

fail=0
n=0
for path in 'public, hredd' 'hredd' 'public, pg_catalog, hredd'; do
	n=$((n + 1))
	exercise "$path" "_$n" >/dev/null 2>"$out" || true
	errors=$(grep -c 'ERROR:' "$out" || true)
	pwned=$(grep -c 'PWNED' "$out" || true)
	echo "shadows: search_path = $path: $pwned shadow calls, $errors failed statements"
	if [ "$errors" -gt 0 ]; then
		grep 'ERROR:' "$out" | sed 's/^psql:[^ ]* //' | sort | uniq -c | head -n 20
		fail=1
	fi
done
# zones_for read the caller's points, not a planted table of the same name
planted=$(q -c "SELECT pg_catalog.count(*) FROM hredd.zones_for('public.site'::pg_catalog.regclass,
                'id'::pg_catalog.name, 'geom'::pg_catalog.name, '2024-06-01'::pg_catalog.date, NULL::pg_catalog.text[])
                WHERE key OPERATOR(pg_catalog.=) 'planted'::pg_catalog.text" 2>/dev/null || echo error)
if [ "$planted" != 0 ]; then
	echo "shadows: zones_for returned the planted point ($planted)"
	fail=1
fi
# the shipped boundaries and the loaded zones are the real ones
check=$(q -c "SELECT pg_catalog.count(*) FROM hredd.country_boundary_part" \
          -c "SELECT pg_catalog.count(*) FROM hredd.risk_zone_part" \
          -c "SELECT pg_catalog.string_agg(status, ',' ORDER BY status) FROM hredd.load_country_index(
                'victim_index'::pg_catalog.text, 'public.rating'::pg_catalog.regclass, 'country'::pg_catalog.name,
                'score'::pg_catalog.name, 1::pg_catalog.float8, 5::pg_catalog.float8, true,
                '-infinity'::pg_catalog.date, 'infinity'::pg_catalog.date, 'last'::pg_catalog.text)" 2>/dev/null | tr '\n' ' ')
echo "shadows: boundary parts, zone parts, index statuses: $check"

ran=$(q -c "SELECT pg_catalog.count(*) FROM public.pwned")
if [ "$ran" != 0 ]; then
	echo "shadows: the attacker's code ran $ran times:"
	q -F ' | ' -c "SELECT pg_catalog.count(*) AS calls, run_as, shadow,
	                      pg_catalog.string_agg(DISTINCT pg_catalog.substring(context,
	                          'PL/pgSQL function ([a-z_0-9]+)\('::pg_catalog.text), ', '::pg_catalog.text) AS in_hredd
	               FROM public.pwned GROUP BY run_as, shadow ORDER BY shadow, run_as"
	fail=1
fi
if [ $fail -ne 0 ]; then
	echo "shadows: FAILED"
	exit 1
fi
echo "shadows: no shadow ran, every call succeeded"
