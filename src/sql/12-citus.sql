\echo Use "CREATE EXTENSION hredd" to load this file. \quit
-- 12-citus.sql — hredd next to Citus (docs/scaling.md).  hredd does not
-- depend on Citus: this reads Citus's metadata only where it is installed.

-- A Citus table (distributed, reference, or a local table added to Citus's
-- metadata) keeps its rows in shards; a query that reads it from a routine
-- of hredd together with hredd's own tables, or in a way Citus cannot push
-- down (a LATERAL subquery with a LIMIT, a join of two distributed tables on
-- %), must read a local copy instead.  false where Citus is not installed.
CREATE FUNCTION hredd.is_citus_table(rel regclass) RETURNS boolean
LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    meta regclass := to_regclass('pg_catalog.pg_dist_partition');
    found boolean;
BEGIN
    IF meta IS NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s d WHERE d.logicalrelid = $1)', meta) INTO found USING rel;
    RETURN found;
END
$$;
COMMENT ON FUNCTION hredd.is_citus_table(regclass) IS 'true when the table is a Citus table (distributed, reference or in Citus''s metadata): its rows are in shards; false where Citus is not installed';
