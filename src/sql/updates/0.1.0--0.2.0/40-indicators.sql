-- 0.1.0 -> 0.2.0, indicators (issue 13).

-- harmonize_start: first_run is the lowest run that read the table's current
-- file, whatever order concurrent runs record their state in (0.1.0 kept the
-- first to arrive, so harmonize_reconcile could leave an earlier run's rows
-- out and report an unbalanced ledger).
CREATE OR REPLACE FUNCTION hredd.harmonize_start(
    source regclass, scheme text, facilities regclass, facility_key name, batch_rows integer,
    facility_column name, code_column name, value_column name, unit_column name,
    date_column name, country_column name,
    OUT run bigint, OUT next_block bigint)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    p    record;
    last tid;
BEGIN
    SELECT * INTO p FROM hredd.harmonize_plan(source, scheme, facilities, facility_key, batch_rows, facility_column,
                                              code_column, value_column, unit_column, date_column, country_column);

    -- runs of this role that stopped mid-way (their session ended, or an
    -- error ended the CALL in this session) still read 'running': mark them
    PERFORM pg_advisory_unlock(hashtext('hredd.harmonize_run'), (r.run_id % 2147483647)::integer)
    FROM hredd.harmonize_run r
    WHERE r.status = 'running' AND r.backend_pid = pg_backend_pid() AND r.run_by = current_user
      AND hredd.harmonize_run_live(r.run_id, r.backend_pid);
    UPDATE hredd.harmonize_run r SET status = 'interrupted'
    WHERE r.status = 'running' AND r.source = p.src AND r.scheme = harmonize_start.scheme
      AND r.run_by = current_user
      AND (r.backend_pid = pg_backend_pid() OR NOT hredd.harmonize_run_live(r.run_id, r.backend_pid));
    INSERT INTO hredd.harmonize_run (source, scheme) VALUES (p.src, scheme) RETURNING run_id INTO run;
    PERFORM pg_advisory_lock(hashtext('hredd.harmonize_run'), (run % 2147483647)::integer);
    -- The position, and first_run: the lowest run that read the table's
    -- current file, which harmonize_reconcile counts from.  Runs started at
    -- the same time reach this statement in any order, a later run first, so
    -- each lowers first_run to its own id (never "whoever came first").  A
    -- truncated, recreated or rewritten table (TRUNCATE, DROP and CREATE,
    -- VACUUM FULL, CLUSTER) has new rows in a new file: read it from the
    -- start (rows harmonised before come out as duplicate_row), from this run.
    INSERT INTO hredd.harmonize_state AS s (source, scheme, filenode, first_run)
    VALUES (p.src, scheme, pg_relation_filenode(harmonize_start.source), run)
    ON CONFLICT ON CONSTRAINT harmonize_state_pkey DO UPDATE
    SET last_row = CASE WHEN s.filenode IS DISTINCT FROM excluded.filenode THEN '(0,0)'::tid ELSE s.last_row END,
        first_run = CASE WHEN s.filenode IS DISTINCT FROM excluded.filenode THEN excluded.first_run
                         ELSE least(s.first_run, excluded.first_run) END,
        updated_at = CASE WHEN s.filenode IS DISTINCT FROM excluded.filenode THEN now() ELSE s.updated_at END,
        filenode = excluded.filenode
    RETURNING s.last_row INTO last;
    next_block := (last::text::point)[0]::bigint;
END
$$;
