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

-- Runs a command on every worker of a Citus cluster (Citus's
-- run_command_on_workers: on each worker a transaction of its own) and, when
-- it failed on any, raises one error naming the caller, what it copies and
-- each failing worker with its error: the workers it succeeded on keep what
-- it did.  Internal to the routines that copy the coordinator's rows to the
-- workers (match_model_sync, risk_layer_sync), which call it on a Citus
-- coordinator only (hredd.citus_coordinator()).
CREATE FUNCTION hredd.citus_copy_to_workers(caller text, what text, command text) RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    failed text;
BEGIN
    EXECUTE $q$SELECT string_agg(w.nodename || ':' || w.nodeport || ': ' || w.result, '; ' ORDER BY w.nodename, w.nodeport)
                 FROM pg_catalog.run_command_on_workers($1) w WHERE NOT w.success$q$
    INTO failed USING command;
    IF failed IS NOT NULL THEN
        RAISE EXCEPTION '%: could not copy % to every worker', caller, what
            USING ERRCODE = 'external_routine_exception',
                  DETAIL = failed,
                  HINT = format('The other workers have them; call %s again once the failing ones are fixed.', caller);
    END IF;
END
$$;
COMMENT ON FUNCTION hredd.citus_copy_to_workers(text, text, text) IS 'on a Citus coordinator: runs a command on every worker and raises one error (caller: could not copy what to every worker), the failing workers and their errors in the DETAIL (internal to match_model_sync and risk_layer_sync)';
