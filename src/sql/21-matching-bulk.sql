\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 21-matching-bulk.sql — match a whole table against another in batches
-- that commit (restartable), and cluster one table into duplicate groups.

CREATE TABLE hredd.match_run (
    source      regclass NOT NULL,
    target      regclass NOT NULL,
    result      regclass NOT NULL,
    run_by      name NOT NULL DEFAULT current_user,
    last_key    text,
    rows_done   bigint NOT NULL DEFAULT 0,
    matches     bigint NOT NULL DEFAULT 0,
    source_rows bigint,
    started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    PRIMARY KEY (source, target, result, run_by)
);
COMMENT ON TABLE hredd.match_run IS 'progress of hredd.match_table runs, one per role: the last source key done (its text form under fixed settings: DateStyle ISO, TimeZone UTC …), so an interrupted run resumes where it stopped; each role sees and changes only its own runs (row-level security)';
-- Each role's runs are its own: another role can neither read nor spoil them
-- (a last_key of 'ZZZZ' would make a run skip everything).  Superusers and
-- the table's owner bypass the policy.
ALTER TABLE hredd.match_run ENABLE ROW LEVEL SECURITY;
CREATE POLICY match_run_own ON hredd.match_run
    USING (run_by OPERATOR(pg_catalog.=) current_user)
    WITH CHECK (run_by OPERATOR(pg_catalog.=) current_user);
-- A restored database knows which runs finished.
SELECT pg_catalog.pg_extension_config_dump('hredd.match_run', '');

-- The settings under which match_table turns keys into text and back: its
-- progress must not depend on the session's DateStyle, TimeZone and the like
-- (a run cancelled under 'SQL, DMY' and resumed under 'ISO, MDY' skipped rows).
-- They are the SET clauses of the two functions below.

-- One lock per result table, held by the session running into it for the
-- whole run (across its commits): two runs into one result would each redo
-- the work.  Its keys, and the backend that holds it, if any.
CREATE FUNCTION hredd.match_table_lock_holder(result regclass) RETURNS integer
LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    RETURN (SELECT l.pid FROM pg_locks l
            WHERE l.locktype = 'advisory' AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
              AND l.classid = hashtext('hredd.match_table')::oid AND l.objid = hashtext(result::oid::text)::oid
              AND l.objsubid = 2 AND l.granted
            ORDER BY l.pid = pg_backend_pid() DESC LIMIT 1);
END
$$;
COMMENT ON FUNCTION hredd.match_table_lock_holder(regclass) IS 'the backend whose hredd.match_table run holds the lock of a result table, NULL when none (internal to match_table)';

-- Checks the arguments, claims the result table and creates or resumes the
-- run; false when there is nothing to do.
CREATE FUNCTION hredd.match_table_start(
    source regclass, source_key text, source_facility text,
    target regclass, target_key text, target_facility text,
    result regclass, threshold float8, top_k int, batch_size int, restart boolean)
RETURNS boolean
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, hredd, pg_temp
SET DateStyle = 'ISO, YMD' SET IntervalStyle = 'postgres' SET TimeZone = 'UTC'
SET extra_float_digits = 3 SET lc_monetary = 'C'
AS $$
DECLARE
    run    hredd.match_run;
    col    text;
    rel    regclass;
    holder integer;
BEGIN
    IF source IS NULL OR target IS NULL OR result IS NULL THEN
        RAISE EXCEPTION 'match_table source, target and result must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF threshold IS NULL OR threshold < 0 OR threshold > 1 OR threshold = 'NaN' THEN
        RAISE EXCEPTION 'match_table threshold must be between 0 and 1, got %', coalesce(threshold::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF top_k IS NULL OR top_k < 1 OR batch_size IS NULL OR batch_size < 1 THEN
        RAISE EXCEPTION 'match_table top_k and batch_size must be at least 1'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- every named column must exist, with the right type, before anything is written
    FOR rel, col IN SELECT v.r, v.c FROM (VALUES (source, source_key), (source, source_facility),
                                             (target, target_key), (target, target_facility)) v(r, c)
    LOOP
        IF col IS NULL THEN
            RAISE EXCEPTION 'match_table column names must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        PERFORM hredd.require_column(rel, col);
    END LOOP;
    PERFORM hredd.require_column(source, source_facility, 'hredd.facility');
    PERFORM hredd.require_column(target, target_facility, 'hredd.facility');
    FOREACH col IN ARRAY ARRAY['source_key', 'target_key', 'score', 'rank'] LOOP
        PERFORM hredd.require_column(result, col, NULL,
            'Create it as (source_key <key type>, target_key <key type>, score float8, rank int, PRIMARY KEY (source_key, target_key)).');
    END LOOP;
    IF NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = result AND i.indisunique
                   AND i.indnkeyatts = 2
                   AND (SELECT array_agg(a.attname::text ORDER BY a.attname)
                          FROM pg_attribute a
                         WHERE a.attrelid = result AND a.attnum = ANY (i.indkey))
                       = ARRAY['source_key', 'target_key']) THEN
        RAISE EXCEPTION 'result table % needs a primary key or unique index on (source_key, target_key)', result
            USING ERRCODE = 'invalid_table_definition',
                  DETAIL = 'It is what makes a resumed run add no duplicates.';
    END IF;

    -- one run into a result at a time; the lock lasts until the run ends
    -- (or its session does, when an error stops it: CALL again to resume)
    holder := hredd.match_table_lock_holder(result);
    IF holder IS DISTINCT FROM pg_backend_pid() THEN
        IF NOT pg_try_advisory_lock(hashtext('hredd.match_table'), hashtext(result::oid::text)) THEN
            RAISE EXCEPTION 'match_table: another run into % is in progress (backend %)',
                result, coalesce(hredd.match_table_lock_holder(result)::text, 'unknown')
                USING ERRCODE = 'lock_not_available',
                      HINT = 'Wait for it to finish; its progress is in hredd.match_run.';
        END IF;
    END IF;

    IF restart THEN
        DELETE FROM hredd.match_run r
         WHERE r.source = match_table_start.source AND r.target = match_table_start.target
           AND r.result = match_table_start.result AND r.run_by = current_user;
    END IF;
    SELECT * INTO run FROM hredd.match_run r
     WHERE r.source = match_table_start.source AND r.target = match_table_start.target
       AND r.result = match_table_start.result AND r.run_by = current_user;
    IF NOT FOUND THEN
        INSERT INTO hredd.match_run (source, target, result)
        VALUES (match_table_start.source, match_table_start.target, match_table_start.result)
        RETURNING * INTO run;
    ELSIF run.finished_at IS NOT NULL THEN
        RAISE NOTICE 'match_table: % against % is already complete (% rows, % matches); restart => true runs it again',
            source, target, run.rows_done, run.matches;
        PERFORM pg_advisory_unlock(hashtext('hredd.match_table'), hashtext(result::oid::text));
        RETURN false;
    ELSE
        RAISE NOTICE 'match_table: resuming after key % (% rows done)', run.last_key, run.rows_done;
    END IF;
    EXECUTE format('SELECT count(*) FROM %s', source) INTO run.source_rows;
    UPDATE hredd.match_run r SET source_rows = run.source_rows
     WHERE r.source = match_table_start.source AND r.target = match_table_start.target
       AND r.result = match_table_start.result AND r.run_by = current_user;
    RETURN true;
END
$$;
COMMENT ON FUNCTION hredd.match_table_start(regclass, text, text, regclass, text, text, regclass, float8, int, int, boolean) IS 'checks the arguments of hredd.match_table, claims the result table and creates or resumes the run; false when it is already complete (internal to match_table)';

-- One batch: the next batch_size source rows after the last key, their
-- top_k candidates into result, the progress; false (and the run marked
-- finished, the result table released) when no rows are left.
CREATE FUNCTION hredd.match_table_batch(
    source regclass, source_key text, source_facility text,
    target regclass, target_key text, target_facility text,
    result regclass, threshold float8, top_k int, batch_size int)
RETURNS boolean
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, hredd, pg_temp
SET DateStyle = 'ISO, YMD' SET IntervalStyle = 'postgres' SET TimeZone = 'UTC'
SET extra_float_digits = 3 SET lc_monetary = 'C'
AS $$
DECLARE
    run        hredd.match_run;
    key_type   text;
    batch      bigint;
    found_rows bigint;
    last       text;
BEGIN
    IF hredd.match_table_lock_holder(result) IS DISTINCT FROM pg_backend_pid() THEN
        RAISE EXCEPTION 'match_table: this session has not claimed result table %', result
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'CALL hredd.match_table; match_table_batch is internal to it.';
    END IF;
    SELECT * INTO run FROM hredd.match_run r
     WHERE r.source = match_table_batch.source AND r.target = match_table_batch.target
       AND r.result = match_table_batch.result AND r.run_by = current_user AND r.finished_at IS NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'match_table: no unfinished run of % against % into %', source, target, result
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'CALL hredd.match_table; match_table_batch is internal to it.';
    END IF;
    SELECT format_type(atttypid, atttypmod) INTO key_type
      FROM pg_attribute WHERE attrelid = source AND attname = source_key AND attnum > 0 AND NOT attisdropped;
    PERFORM set_config('hredd.match_threshold', threshold::text, true);
    EXECUTE format(
        $q$WITH batch AS (
               SELECT %1$I AS k, %2$I AS fac FROM %3$s
                WHERE %2$I IS NOT NULL AND ($1 IS NULL OR %1$I > $1::%4$s)
                ORDER BY %1$I LIMIT $2),
           ins AS (
               INSERT INTO %5$s (source_key, target_key, score, rank)
               SELECT b.k, m.k, m.score, m.rank
                 FROM batch b
                 CROSS JOIN LATERAL (
                     SELECT c.k, c.score, row_number() OVER (ORDER BY c.score DESC, c.k) AS rank
                       FROM (SELECT t.%6$I AS k, hredd.match_score(t.%7$I, b.fac) AS score
                               FROM %8$s t
                              WHERE t.%7$I OPERATOR(hredd.%%) b.fac) c
                      ORDER BY c.score DESC, c.k
                      LIMIT $3) m
               ON CONFLICT DO NOTHING
               RETURNING 1)
         SELECT (SELECT count(*) FROM batch), (SELECT max(k)::text FROM batch),
                (SELECT count(*) FROM ins)$q$,
        source_key, source_facility, source, key_type, result,
        target_key, target_facility, target)
    INTO batch, last, found_rows
    USING run.last_key, batch_size, top_k;
    IF batch = 0 THEN
        UPDATE hredd.match_run r SET finished_at = clock_timestamp(), updated_at = clock_timestamp()
         WHERE r.source = match_table_batch.source AND r.target = match_table_batch.target
           AND r.result = match_table_batch.result AND r.run_by = current_user
        RETURNING * INTO run;
        RAISE NOTICE 'match_table: done, % source rows, % matches', run.rows_done, run.matches;
        PERFORM pg_advisory_unlock(hashtext('hredd.match_table'), hashtext(result::oid::text));
        RETURN false;
    END IF;
    UPDATE hredd.match_run r
       SET last_key = last, rows_done = r.rows_done + batch, matches = r.matches + found_rows,
           updated_at = clock_timestamp()
     WHERE r.source = match_table_batch.source AND r.target = match_table_batch.target
       AND r.result = match_table_batch.result AND r.run_by = current_user
    RETURNING * INTO run;
    RAISE NOTICE 'match_table: % of % source rows, % matches', run.rows_done, run.source_rows, run.matches;
    RETURN true;
END
$$;
COMMENT ON FUNCTION hredd.match_table_batch(regclass, text, text, regclass, text, text, regclass, float8, int, int) IS 'one committed batch of hredd.match_table; false when the run is complete (internal to match_table)';

CREATE PROCEDURE hredd.match_table(
    source regclass, source_key text, source_facility text,
    target regclass, target_key text, target_facility text,
    result regclass,
    threshold float8 DEFAULT 0.5, top_k int DEFAULT 5, batch_size int DEFAULT 1000,
    restart boolean DEFAULT false)
LANGUAGE plpgsql
-- A procedure that COMMITs cannot pin search_path with SET, so this body
-- names nothing but hredd's own functions, schema-qualified, with arguments
-- of their exact types: every check and every query runs in the two
-- functions above, which pin search_path and the settings keys depend on.
AS $$
BEGIN
    IF hredd.match_table_start(source, source_key, source_facility, target, target_key, target_facility,
                               result, threshold, top_k, batch_size, restart) THEN
        COMMIT;
        WHILE hredd.match_table_batch(source, source_key, source_facility, target, target_key, target_facility,
                                      result, threshold, top_k, batch_size) LOOP
            COMMIT;
        END LOOP;
        COMMIT;
    END IF;
END
$$;
COMMENT ON PROCEDURE hredd.match_table(regclass, text, text, regclass, text, text, regclass, float8, int, int, boolean) IS 'match every row of source against target into result (source_key, target_key, score, rank): the top_k candidates scoring >= threshold per source row, in batches that commit, with progress NOTICEs; an interrupted run resumes after its last committed batch (hredd.match_run), without duplicates; one run into a result table at a time';

CREATE FUNCTION hredd.cluster_facilities(tbl regclass, key_column text, facility_column text,
                                         threshold float8 DEFAULT 0.5, max_links int DEFAULT 20)
RETURNS TABLE (record_key text, cluster_key text, cluster_size int, score_to_centre float8)
LANGUAGE plpgsql
SET search_path = pg_catalog, hredd, pg_temp
AS $$
DECLARE
    changed bigint;
    rounds  int := 0;
    near    text;
BEGIN
    IF threshold IS NULL OR threshold < 0 OR threshold > 1 THEN
        RAISE EXCEPTION 'cluster_facilities threshold must be between 0 and 1, got %', coalesce(threshold::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF max_links IS NULL OR max_links < 1 OR max_links > 1000 THEN
        RAISE EXCEPTION 'cluster_facilities max_links must be between 1 and 1000, got %', coalesce(max_links::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF tbl IS NULL THEN
        RAISE EXCEPTION 'cluster_facilities needs a table' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM hredd.require_column(tbl, key_column);
    PERFORM hredd.require_column(tbl, facility_column, 'hredd.facility');
    PERFORM set_config('hredd.match_threshold', threshold::text, true);

    IF to_regclass('pg_temp.hredd_cl_node') IS NOT NULL THEN
        DROP TABLE pg_temp.hredd_cl_node;
    END IF;
    IF to_regclass('pg_temp.hredd_cl_pair') IS NOT NULL THEN
        DROP TABLE pg_temp.hredd_cl_pair;
    END IF;
    CREATE TEMP TABLE hredd_cl_node (k text PRIMARY KEY, fac hredd.facility, label text,
                                     centre text, settled boolean DEFAULT false);
    CREATE TEMP TABLE hredd_cl_pair (a text, b text, s float8);
    EXECUTE format('INSERT INTO pg_temp.hredd_cl_node (k, fac, label) SELECT %1$I::text, %2$I, %1$I::text FROM %3$s WHERE %2$I IS NOT NULL AND %1$I IS NOT NULL',
                   key_column, facility_column, tbl);
    -- Candidate pairs, with work bounded on near-identical records (a chain's
    -- branches, a group's plants, a low threshold), which used to give n^2
    -- pairs and n^2 work:
    --  * records with equal facility values are linked to the first of them
    --    (score 1), and only that one looks for candidates;
    --  * each looking record keeps its max_links best matches among the
    --    others that look (through the table's own index on the facility
    --    column, if any: GiST orders by <->, GIN filters by %).
    -- Components stay connected through the links that are kept.
    CREATE TEMP TABLE hredd_cl_rep ON COMMIT DROP AS
        SELECT n.k, min(n.k) OVER (PARTITION BY n.fac) AS rep FROM pg_temp.hredd_cl_node n;
    INSERT INTO pg_temp.hredd_cl_pair SELECT r.rep, r.k, 1.0 FROM pg_temp.hredd_cl_rep r WHERE r.k <> r.rep;
    DELETE FROM pg_temp.hredd_cl_rep r WHERE r.k <> r.rep;
    CREATE UNIQUE INDEX ON pg_temp.hredd_cl_rep (k);
    ANALYZE pg_temp.hredd_cl_rep;
    -- With a GiST index the nearest come first and the scan stops after
    -- max_links of them; otherwise every candidate the % filter (and a GIN
    -- index) finds is scored, and the best kept.
    IF EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
               JOIN pg_attribute t ON t.attrelid = i.indrelid AND t.attnum = i.indkey[0]
               WHERE i.indrelid = tbl AND a.amname = 'gist' AND t.attname = facility_column AND i.indnatts = 1) THEN
        near := format('SELECT y.%1$I::text AS k, hredd.match_score(y.%2$I, x.fac) AS s
                          FROM %3$s y
                         WHERE y.%2$I OPERATOR(hredd.<>) x.fac
                           AND EXISTS (SELECT 1 FROM pg_temp.hredd_cl_rep yr WHERE yr.k = y.%1$I::text)
                         ORDER BY y.%2$I OPERATOR(hredd.<->) x.fac
                         LIMIT $1', key_column, facility_column, tbl);
    ELSE
        near := format('SELECT y.%1$I::text AS k, hredd.match_score(y.%2$I, x.fac) AS s
                          FROM %3$s y
                         WHERE y.%2$I OPERATOR(hredd.%%) x.fac AND y.%2$I OPERATOR(hredd.<>) x.fac
                           AND EXISTS (SELECT 1 FROM pg_temp.hredd_cl_rep yr WHERE yr.k = y.%1$I::text)
                         ORDER BY 2 DESC, 1
                         LIMIT $1', key_column, facility_column, tbl);
    END IF;
    EXECUTE format('INSERT INTO pg_temp.hredd_cl_pair
                    SELECT DISTINCT least(x.k, m.k), greatest(x.k, m.k), m.s
                      FROM pg_temp.hredd_cl_node x JOIN pg_temp.hredd_cl_rep xr ON xr.k = x.k
                      CROSS JOIN LATERAL (%s) m
                     WHERE m.s >= $2', near) USING max_links, threshold;
    DROP TABLE pg_temp.hredd_cl_rep;
    CREATE INDEX ON pg_temp.hredd_cl_pair (a);
    CREATE INDEX ON pg_temp.hredd_cl_pair (b);
    ANALYZE pg_temp.hredd_cl_node;
    ANALYZE pg_temp.hredd_cl_pair;

    -- Rounds: connected components over the unsettled records, then the chain
    -- guard: a component keeps only the members that match its centre (the
    -- member with the highest total score to the others); the rest start a
    -- new round among themselves.
    LOOP
        rounds := rounds + 1;
        LOOP
            UPDATE pg_temp.hredd_cl_node n SET label = m.label
              FROM (SELECT p.a AS k, min(o.label) AS label
                      FROM pg_temp.hredd_cl_pair p JOIN pg_temp.hredd_cl_node o ON o.k = p.b AND NOT o.settled
                     GROUP BY p.a
                    UNION ALL
                    SELECT p.b, min(o.label)
                      FROM pg_temp.hredd_cl_pair p JOIN pg_temp.hredd_cl_node o ON o.k = p.a AND NOT o.settled
                     GROUP BY p.b) m
             WHERE n.k = m.k AND NOT n.settled AND m.label < n.label;
            GET DIAGNOSTICS changed = ROW_COUNT;
            EXIT WHEN changed = 0;
        END LOOP;
        -- each member's total score to the other members of its component, in
        -- one pass over the pairs (not one subquery per member)
        UPDATE pg_temp.hredd_cl_node n SET centre = c.centre
          FROM (SELECT DISTINCT ON (n2.label) n2.label, n2.k AS centre
                  FROM pg_temp.hredd_cl_node n2
                  LEFT JOIN (SELECT e.k, sum(e.s) AS total
                               FROM (SELECT p.a AS k, p.b AS o, p.s FROM pg_temp.hredd_cl_pair p
                                     UNION ALL
                                     SELECT p.b, p.a, p.s FROM pg_temp.hredd_cl_pair p) e
                               JOIN pg_temp.hredd_cl_node x ON x.k = e.k AND NOT x.settled
                               JOIN pg_temp.hredd_cl_node y ON y.k = e.o AND NOT y.settled AND y.label = x.label
                              GROUP BY e.k) t ON t.k = n2.k
                 WHERE NOT n2.settled
                 ORDER BY n2.label, coalesce(t.total, 0) DESC, n2.k) c
         WHERE n.label = c.label AND NOT n.settled;
        -- members that match their centre are settled; the others go round again
        UPDATE pg_temp.hredd_cl_node n SET settled = true
         WHERE NOT n.settled
           AND (n.k = n.centre
                OR EXISTS (SELECT 1 FROM pg_temp.hredd_cl_pair p
                            WHERE p.a = least(n.k, n.centre) AND p.b = greatest(n.k, n.centre)
                              AND p.s >= threshold)
                OR hredd.match_score(n.fac, (SELECT c.fac FROM pg_temp.hredd_cl_node c WHERE c.k = n.centre)) >= threshold);
        UPDATE pg_temp.hredd_cl_node n SET label = n.k, centre = NULL WHERE NOT n.settled;
        EXIT WHEN NOT EXISTS (SELECT 1 FROM pg_temp.hredd_cl_node WHERE NOT settled) OR rounds >= 20;
    END LOOP;
    UPDATE pg_temp.hredd_cl_node SET centre = k WHERE centre IS NULL;

    RETURN QUERY
        SELECT n.k, n.centre, (count(*) OVER (PARTITION BY n.centre))::int,
               CASE WHEN n.k = n.centre THEN 1.0::float8 ELSE hredd.match_score(n.fac, c.fac) END
          FROM pg_temp.hredd_cl_node n JOIN pg_temp.hredd_cl_node c ON c.k = n.centre
         ORDER BY n.centre, n.k;
    DROP TABLE pg_temp.hredd_cl_node, pg_temp.hredd_cl_pair;
END
$$;
COMMENT ON FUNCTION hredd.cluster_facilities(regclass, text, text, float8, int) IS 'group the records of one table into duplicate clusters: connected components over pairs scoring >= threshold, each record linked to its max_links best matches at most (bounded work on near-identical records), guarded against chains (every member of a cluster matches its centre); one row per record with its cluster''s centre key and size';
