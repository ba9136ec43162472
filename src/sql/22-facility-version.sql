\echo Use "CREATE EXTENSION hredd" to load this file. \quit
-- Stored facility values and the normaliser's version (src/match/facility.h):
-- a value that an older hredd normalised is refused wherever it is used, with
-- a message naming hredd.facility_upgrade, which recomputes it.

CREATE FUNCTION hredd.facility_is_stale(hredd.facility) RETURNS boolean
    AS 'MODULE_PATHNAME', 'facility_is_stale' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.facility_is_stale(hredd.facility) IS
    'true when another version of hredd''s normaliser wrote this value: it is refused until hredd.facility_upgrade recomputes it';

CREATE FUNCTION hredd.facility_renormalize(hredd.facility) RETURNS hredd.facility
    AS 'MODULE_PATHNAME', 'facility_renormalize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.facility_renormalize(hredd.facility) IS
    'the value normalised again by this hredd from its stored text (what an older normaliser dropped is not recovered; a generated column is better recomputed from its source)';

CREATE PROCEDURE hredd.facility_upgrade(tbl regclass)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, hredd, pg_temp
    SET hredd.accept_stale_facility = on
AS $$
DECLARE
    col record;
    n bigint;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_attribute a
                   WHERE a.attrelid OPERATOR(pg_catalog.=) tbl AND a.attnum OPERATOR(pg_catalog.>) 0
                     AND NOT a.attisdropped AND a.atttypid OPERATOR(pg_catalog.=) 'hredd.facility'::pg_catalog.regtype) THEN
        RAISE EXCEPTION 'table % has no column of type hredd.facility', tbl
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR col IN SELECT a.attname, a.attgenerated FROM pg_catalog.pg_attribute a
               WHERE a.attrelid OPERATOR(pg_catalog.=) tbl AND a.attnum OPERATOR(pg_catalog.>) 0
                 AND NOT a.attisdropped AND a.atttypid OPERATOR(pg_catalog.=) 'hredd.facility'::pg_catalog.regtype
               ORDER BY a.attnum
    LOOP
        IF col.attgenerated OPERATOR(pg_catalog.=) 's' THEN
            -- a generated column: recomputed from its source columns
            EXECUTE pg_catalog.format('UPDATE %s SET %I = DEFAULT WHERE hredd.facility_is_stale(%I)',
                                      tbl, col.attname, col.attname);
        ELSE
            EXECUTE pg_catalog.format('UPDATE %s SET %I = hredd.facility_renormalize(%I) WHERE hredd.facility_is_stale(%I)',
                                      tbl, col.attname, col.attname, col.attname);
        END IF;
        GET DIAGNOSTICS n = ROW_COUNT;
        RAISE NOTICE '%.%: % stale values %', tbl, col.attname, n,
            CASE WHEN col.attgenerated OPERATOR(pg_catalog.=) 's' THEN 'recomputed from their source columns'
                 ELSE 'normalised again from their stored text' END;
    END LOOP;
    -- the old values' index entries are gone only when the indexes are rebuilt
    EXECUTE pg_catalog.format('REINDEX TABLE %s', tbl);
END
$$;
COMMENT ON PROCEDURE hredd.facility_upgrade(regclass) IS
    'recompute the facility values of a table that an older hredd normalised (generated columns from their source, others from their stored text) and rebuild its indexes';
