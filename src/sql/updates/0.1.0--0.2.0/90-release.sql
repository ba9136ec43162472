-- hredd 0.1.0 -> 0.2.0, the release's own part (runs after the topic parts):
-- check_location in the forms users keep their data in, the one column check,
-- the search_path a fresh install sets, and PUBLIC's privileges on routines
-- the parts added.

-- check_location in the forms users keep their data in (30-geo.sql)
-- @install-function hredd.check_location(lat float8, lng float8, declared text)
-- @install-function hredd.check_location(lat text, lng text, declared text
-- @install-function hredd.check_location(lat text, lng text, declared hredd.country

-- one check that a table has a column (of a type), and the routines that use it
-- @install-function hredd.type_ref(
-- @install-function hredd.require_column(
-- @install-function hredd.match_table_start(
-- @install-function hredd.cluster_facilities(
-- @install-function hredd.load_country_index(
-- @install-function hredd.zones_for(
-- @install-function hredd.facilities_geojson(
-- @install-function hredd.harmonize_plan(
-- @install-function hredd.load_evidence(
-- @install-function hredd.risk_column(
-- @install-function hredd.assess_risk(

-- How hredd meets its users (src/sql/95-search-path.sql), for databases upgraded from 0.1.0 too.
-- @install-fragment src/sql/95-search-path.sql

-- The access lists, as the parts above extended them (90-access.sql)
-- @install-function hredd.access_writer_routines(
-- @install-function hredd.access_tables(

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
