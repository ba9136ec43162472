-- hredd 0.1.0 -> 0.2.0, the release's own part (runs after the topic parts):
-- check_location in the forms users keep their data in, the search_path a
-- fresh install sets, and PUBLIC's privileges on routines the parts added.

-- The forms users keep their data in: a declared country as text (an
-- unknown one gets verdict "unverified", never an error in the middle of a
-- list), coordinates as text (a decimal comma is read; what is not a number
-- gets "out of range").  numeric, integer and varchar arguments resolve to
-- these through PostgreSQL's implicit casts.
CREATE FUNCTION hredd.check_location(lat float8, lng float8, declared text)
RETURNS TABLE (verdict text, located_in hredd.country, distance_km float8, detail text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    known hredd.country := hredd.try_country(declared);
BEGIN
    IF known IS NOT NULL OR btrim(coalesce(declared, '')) = '' THEN
        RETURN QUERY SELECT r.verdict, r.located_in, r.distance_km, r.detail
                     FROM hredd.check_location(lat, lng, known) r;
        RETURN;
    END IF;
    RETURN QUERY
    SELECT CASE WHEN r.verdict IN ('ok', 'at sea') THEN 'unverified' ELSE r.verdict END, r.located_in, r.distance_km,
           format('The declared country "%s" is unknown to hredd: %s%s. %s', left(declared, 60),
                  lower(left(hredd.country_error(declared), 1)), rtrim(substr(hredd.country_error(declared), 2), '.'),
                  r.detail)
    FROM hredd.check_location(lat, lng, NULL::hredd.country) r;
END
$$;
COMMENT ON FUNCTION hredd.check_location(float8, float8, text) IS 'check_location with the declared country as text: a name or code hredd reads as a country is checked as that country; any other text gets verdict unverified, saying why';

CREATE FUNCTION hredd.check_location(lat text, lng text, declared text DEFAULT NULL)
RETURNS TABLE (verdict text, located_in hredd.country, distance_km float8, detail text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    number constant text := '^[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][+-]?[0-9]+)?$';
BEGIN
    IF btrim(coalesce(lat, '')) = '' OR btrim(coalesce(lng, '')) = '' THEN
        RETURN QUERY SELECT r.verdict, r.located_in, r.distance_km, r.detail
                     FROM hredd.check_location(NULL::float8, NULL::float8, declared) r;
    ELSIF btrim(lat) !~ number THEN
        RETURN QUERY SELECT 'out of range', NULL::hredd.country, NULL::float8,
            format('Latitude "%s" is not a number.', left(lat, 40));
    ELSIF btrim(lng) !~ number THEN
        RETURN QUERY SELECT 'out of range', NULL::hredd.country, NULL::float8,
            format('Longitude "%s" is not a number.', left(lng, 40));
    ELSE
        RETURN QUERY SELECT r.verdict, r.located_in, r.distance_km, r.detail
                     FROM hredd.check_location(replace(btrim(lat), ',', '.')::float8,
                                               replace(btrim(lng), ',', '.')::float8, declared) r;
    END IF;
END
$$;
COMMENT ON FUNCTION hredd.check_location(text, text, text) IS 'check_location with coordinates as text (decimal point or comma; empty is missing, anything else not a number is out of range)';

CREATE FUNCTION hredd.check_location(lat text, lng text, declared hredd.country)
RETURNS TABLE (verdict text, located_in hredd.country, distance_km float8, detail text)
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT r.verdict, r.located_in, r.distance_km, r.detail
                 FROM hredd.check_location(lat, lng, declared::text) r;
END
$$;
COMMENT ON FUNCTION hredd.check_location(text, text, hredd.country) IS 'check_location with coordinates as text and a declared country';

-- How hredd meets its users (src/sql/95-search-path.sql), for databases upgraded from 0.1.0 too.
DO $search_path$
DECLARE
    db_path text := (
        SELECT pg_catalog.substr(c, 13)
        FROM pg_catalog.pg_db_role_setting s, pg_catalog.unnest(s.setconfig) c
        WHERE s.setrole OPERATOR(pg_catalog.=) 0
          AND s.setdatabase OPERATOR(pg_catalog.=) (SELECT d.oid FROM pg_catalog.pg_database d
                                                    WHERE d.datname OPERATOR(pg_catalog.=) pg_catalog.current_database())
          AND c OPERATOR(pg_catalog.~~) 'search\_path=%');
BEGIN
    IF db_path IS NULL THEN
        EXECUTE pg_catalog.format('ALTER DATABASE %I SET search_path = "$user", public, hredd', pg_catalog.current_database());
    ELSIF NOT 'hredd' OPERATOR(pg_catalog.=) ANY (pg_catalog.regexp_split_to_array(
                  pg_catalog.replace(db_path, '"', ''), '\s*,\s*')) THEN
        RAISE WARNING 'hredd''s operators (=, %%, <-> …) are not on this database''s search_path'
            USING HINT = pg_catalog.format(
                'Run once: ALTER DATABASE %I SET search_path = %s, hredd; (sessions started after it see it; SET search_path = %s, hredd; does it for this one)',
                pg_catalog.current_database(), db_path, db_path);
    END IF;
END
$search_path$;

-- Last: what 90-access.sql does at install, for the routines the parts above
-- added: writer routines and trigger functions are not for PUBLIC.  (Roles
-- granted access with hredd.grant_access get the new objects when the owner
-- runs SELECT hredd.reapply_access() after the upgrade; CHANGELOG.md says so.)
DO $access$
DECLARE
    r regprocedure;
BEGIN
    FOREACH r IN ARRAY hredd.access_writer_routines() LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON ROUTINE %s FROM PUBLIC', r);
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure FROM pg_catalog.pg_proc p
             JOIN pg_catalog.pg_depend d ON d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                  AND d.objid OPERATOR(pg_catalog.=) p.oid AND d.deptype OPERATOR(pg_catalog.=) 'e'
             JOIN pg_catalog.pg_extension e ON e.oid OPERATOR(pg_catalog.=) d.refobjid
                  AND e.extname OPERATOR(pg_catalog.=) 'hredd'
             WHERE p.prorettype OPERATOR(pg_catalog.=) 'pg_catalog.trigger'::pg_catalog.regtype
                OR p.proname OPERATOR(pg_catalog.=) ANY (ARRAY['grant_access', 'reapply_access']::pg_catalog.name[])
    LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON FUNCTION %s FROM PUBLIC', r);
    END LOOP;
END
$access$;
