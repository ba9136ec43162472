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
    total bigint := 0;
    base name;
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
            -- a generated column is computed again when a column it reads is
            -- updated (SET col = DEFAULT alone keeps the stored value)
            SELECT a.attname INTO base FROM pg_catalog.pg_depend d
                JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) d.refobjid
                                              AND a.attnum OPERATOR(pg_catalog.=) d.refobjsubid
                JOIN pg_catalog.pg_attrdef ad ON ad.oid OPERATOR(pg_catalog.=) d.objid
                JOIN pg_catalog.pg_attribute x ON x.attrelid OPERATOR(pg_catalog.=) ad.adrelid
                                              AND x.attnum OPERATOR(pg_catalog.=) ad.adnum
                WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_attrdef'::pg_catalog.regclass
                  AND ad.adrelid OPERATOR(pg_catalog.=) tbl AND x.attname OPERATOR(pg_catalog.=) col.attname
                  AND d.refobjid OPERATOR(pg_catalog.=) tbl AND d.refobjsubid OPERATOR(pg_catalog.>) 0
                  AND a.attgenerated OPERATOR(pg_catalog.=) ''
                ORDER BY a.attnum LIMIT 1;
            IF base IS NULL THEN
                RAISE EXCEPTION 'generated column %.% reads no other column', tbl, col.attname
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            EXECUTE pg_catalog.format('UPDATE %s SET %I = %I WHERE hredd.facility_is_stale(%I)',
                                      tbl, base, base, col.attname);
        ELSE
            EXECUTE pg_catalog.format('UPDATE %s SET %I = hredd.facility_renormalize(%I) WHERE hredd.facility_is_stale(%I)',
                                      tbl, col.attname, col.attname, col.attname);
        END IF;
        GET DIAGNOSTICS n = ROW_COUNT;
        total := total OPERATOR(pg_catalog.+) n;
        RAISE NOTICE '%.%: % stale values %', tbl, col.attname, n,
            CASE WHEN col.attgenerated OPERATOR(pg_catalog.=) 's' THEN 'recomputed from their source columns'
                 ELSE 'normalised again from their stored text' END;
    END LOOP;
    -- The old row versions, and their index entries, stay until VACUUM, and an
    -- index keeps old keys in its inner pages (REINDEX in this transaction
    -- would index the old versions too): rewrite the table, which copies the
    -- live rows only and builds every index again from them.  A column with a
    -- volatile default forces the rewrite; it is dropped at once.
    IF total OPERATOR(pg_catalog.=) 0 THEN
        RETURN;
    END IF;
    EXECUTE pg_catalog.format('ALTER TABLE %s ADD COLUMN hredd_facility_upgrade integer DEFAULT (pg_catalog.random() OPERATOR(pg_catalog.*) 0)::integer', tbl);
    EXECUTE pg_catalog.format('ALTER TABLE %s DROP COLUMN hredd_facility_upgrade', tbl);
END
$$;
COMMENT ON PROCEDURE hredd.facility_upgrade(regclass) IS
    'recompute the facility values of a table that an older hredd normalised (generated columns from their source, others from their stored text) then rewrites the table, which builds its indexes again';
