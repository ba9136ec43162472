\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 21-matching-bulk.sql — match a whole table against another in batches
-- that commit (restartable), and cluster one table into duplicate groups.

-- Loading dirty registries: the middle way between facility(), which stops
-- the load at one row's bad coordinates (naming the facility), and
-- try_facility(), which drops the whole facility.
CREATE FUNCTION hredd.facility_lenient(name text, address text, country text,
                                       lat float8 DEFAULT NULL, lng float8 DEFAULT NULL)
    RETURNS hredd.facility
    AS 'MODULE_PATHNAME', 'facility_lenient' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION hredd.facility_lenient(text, text, text, float8, float8) IS 'like try_facility(), but bad coordinates (out of range, not numbers, only one of the two) are dropped and the facility kept with its name, address and country; flag them with hredd.coordinates_valid(lat, lng)';
CREATE FUNCTION hredd.coordinates_valid(lat float8, lng float8)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'coordinates_valid' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION hredd.coordinates_valid(float8, float8) IS 'true when both coordinates are absent, or both present and within -90..90 and -180..180: what facility() accepts and facility_lenient() keeps';

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
    threshold   float8,
    top_k       integer,
    model       text,
    model_coefficients float8[],
    registry    regclass,
    PRIMARY KEY (source, target, result, run_by)
);
COMMENT ON TABLE hredd.match_run IS 'progress of hredd.match_table runs, one per role: the last source key done (its text form under fixed settings: DateStyle ISO, TimeZone UTC …), so an interrupted run resumes where it stopped, and the settings it runs under (threshold, top_k and the match model, hredd.match_model, with the coefficients of its fit, and the registry whose statistics it uses, hredd.match_registry: a call with others, or after the model was fitted again, is another run); each role sees and changes only its own runs (row-level security)';
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

-- The registry hredd.match_registry names, as match_table's functions read
-- it under their own search_path: the procedure resolves the setting under
-- the caller's (to_regclass) and sets it, for its transactions, to this
-- name.  NULL when the setting is empty.
CREATE FUNCTION hredd.match_table_registry(registry regclass, setting text)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, hredd, pg_temp
AS $$
BEGIN
    IF coalesce(setting, '') = '' THEN
        RETURN NULL;
    END IF;
    IF registry IS NULL THEN
        RAISE EXCEPTION 'match_table: hredd.match_registry names table "%", which does not exist', setting
            USING ERRCODE = 'undefined_table',
                  HINT = 'Set it to the registry searched (its statistics from hredd.match_analyze), or RESET hredd.match_registry.';
    END IF;
    RETURN registry::text;
END
$$;
COMMENT ON FUNCTION hredd.match_table_registry(regclass, text) IS 'the registry the setting hredd.match_registry names, written as match_table''s functions resolve it; NULL when unset (internal to match_table)';

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
    run       hredd.match_run;
    mdl       text;
    col       text;
    kcol      text;
    rel       regclass;
    holder    integer;
    want_type oid;
    have_type oid;
    want_name text;
    have_name text;
    n_workers bigint;
    n_stale   bigint;
    stale     text;
    reg       regclass;
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
    -- the result's keys must be of the keys' types: checked here, not by a
    -- cast failing mid-run inside the batch query
    FOR rel, col, kcol IN SELECT v.r, v.c, v.k FROM (VALUES (source, source_key, 'source_key'),
                                                         (target, target_key, 'target_key')) v(r, c, k)
    LOOP
        SELECT a.atttypid, format_type(a.atttypid, a.atttypmod) INTO want_type, want_name
          FROM pg_attribute a WHERE a.attrelid = rel AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
        SELECT a.atttypid, format_type(a.atttypid, a.atttypmod) INTO have_type, have_name
          FROM pg_attribute a WHERE a.attrelid = result AND a.attname = kcol AND a.attnum > 0 AND NOT a.attisdropped;
        IF have_type IS DISTINCT FROM want_type THEN
            RAISE EXCEPTION 'match_table: result table % column "%" is of type %, but %.% is of type %',
                result, kcol, have_name, rel, col, want_name
                USING ERRCODE = 'datatype_mismatch',
                      HINT = format('Make %s.%s of type %s.', result, kcol, want_name);
        END IF;
    END LOOP;

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

    -- the model the candidates and scores use (the setting hredd.match_model)
    mdl := coalesce(nullif(current_setting('hredd.match_model', true), ''), 'default');
    IF mdl <> 'default' AND NOT EXISTS (SELECT 1 FROM hredd.match_model m WHERE m.name = mdl) THEN
        PERFORM pg_advisory_unlock(hashtext('hredd.match_table'), hashtext(result::oid::text));
        RAISE EXCEPTION 'match model "%" does not exist', mdl
            USING ERRCODE = 'undefined_object', HINT = 'Fit one with hredd.match_calibrate, or use "default".';
    END IF;
    -- On Citus the searches and scores run on the workers, which read the
    -- model from their own hredd.match_model (match_table_batch sends them
    -- the setting): each must hold it as it is here, or they would score with
    -- another fit, or fail midway (hredd.match_model_sync copies it)
    IF mdl <> 'default' AND hredd.is_citus_table(target) THEN
        SELECT count(*), count(*) FILTER (WHERE w.status <> 'same'),
               string_agg(w.node || ' ' || w.status, ', ' ORDER BY w.node) FILTER (WHERE w.status <> 'same')
          INTO n_workers, n_stale, stale
          FROM hredd.match_model_on_workers(mdl) w;
        IF n_stale > 0 THEN
            PERFORM pg_advisory_unlock(hashtext('hredd.match_table'), hashtext(result::oid::text));
            RAISE EXCEPTION 'match_table: target % is a Citus table, and % of its % workers do not hold match model "%" as it is here',
                target, n_stale, n_workers, mdl
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = format('Workers: %s. Their searches and scores would use their own copy, or fail.', stale),
                      HINT = format('Copy the model to them: SELECT * FROM hredd.match_model_sync(%L);', mdl);
        END IF;
    END IF;
    -- the registry statistics the searches and scores use (the setting
    -- hredd.match_registry, written by match_table as resolved here)
    reg := nullif(current_setting('hredd.match_registry', true), '')::regclass;
    IF reg IS NOT NULL AND hredd.is_citus_table(target) THEN
        PERFORM pg_advisory_unlock(hashtext('hredd.match_table'), hashtext(result::oid::text));
        RAISE EXCEPTION 'match_table: registry statistics (hredd.match_registry = %) are not used with a Citus target (%)', reg, target
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'RESET hredd.match_registry for this run, or match against a local copy of the registry.';
    END IF;
    IF reg IS NOT NULL AND reg <> target THEN
        -- the statistics describe the registry searched: another table's
        -- would score silently otherwise
        PERFORM pg_advisory_unlock(hashtext('hredd.match_table'), hashtext(result::oid::text));
        RAISE EXCEPTION 'match_table: hredd.match_registry names %, but the registry searched is %', reg, target
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('SET hredd.match_registry = %L (after hredd.match_analyze of it), or RESET it.', target::text);
    END IF;
    IF reg IS NOT NULL AND NOT EXISTS (SELECT 1 FROM hredd.match_stats_run s WHERE s.target = reg) THEN
        PERFORM pg_advisory_unlock(hashtext('hredd.match_table'), hashtext(result::oid::text));
        RAISE EXCEPTION 'no match statistics for table "%"', reg
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = format('Run SELECT hredd.match_analyze(%L, ''<facility column>'') first, or RESET hredd.match_registry.', reg::text);
    END IF;
    SELECT * INTO run FROM hredd.match_run r
     WHERE r.source = match_table_start.source AND r.target = match_table_start.target
       AND r.result = match_table_start.result AND r.run_by = current_user;
    IF FOUND AND NOT restart
       AND (run.threshold IS DISTINCT FROM match_table_start.threshold OR run.top_k IS DISTINCT FROM match_table_start.top_k
            OR run.model IS DISTINCT FROM mdl OR run.registry IS DISTINCT FROM reg) THEN
        -- another threshold, top_k, model or registry is another run: its
        -- results would differ from the rows already in result, so neither
        -- skip nor mix them
        PERFORM pg_advisory_unlock(hashtext('hredd.match_table'), hashtext(result::oid::text));
        RAISE EXCEPTION 'match_table: % holds a % run of % against % with threshold %, top_k %, model %, registry statistics %; this call asks for threshold %, top_k %, model %, registry statistics %',
            result, CASE WHEN run.finished_at IS NULL THEN 'partial' ELSE 'finished' END, source, target,
            coalesce(run.threshold::text, 'unknown'), coalesce(run.top_k::text, 'unknown'), coalesce(run.model, 'unknown'),
            coalesce(run.registry::text, 'none'),
            match_table_start.threshold, match_table_start.top_k, mdl, coalesce(reg::text, 'none')
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'CALL it with the same settings to resume, or with restart => true to replace its results (the rows of result are deleted).';
    END IF;
    IF FOUND AND NOT restart AND run.model_coefficients IS NOT NULL
       AND run.model_coefficients IS DISTINCT FROM (SELECT m.coefficients FROM hredd.match_model m WHERE m.name = mdl) THEN
        -- the same name, another fit (match_calibrate replaced it): the rows
        -- already in result were scored by the fit before
        PERFORM pg_advisory_unlock(hashtext('hredd.match_table'), hashtext(result::oid::text));
        RAISE EXCEPTION 'match_table: match model "%" was fitted again since the % run of % against % into % began; its rows would mix two fits',
            mdl, CASE WHEN run.finished_at IS NULL THEN 'partial' ELSE 'finished' END, source, target, result
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'CALL it with restart => true to run it again under the new fit (the rows of result are deleted).';
    END IF;
    IF restart THEN
        -- run it again: the old rows go, or rows of other settings (a larger
        -- top_k, a lower threshold) would stay beside the new ones
        IF FOUND THEN
            EXECUTE format('DELETE FROM %s', result);
        END IF;
        DELETE FROM hredd.match_run r
         WHERE r.source = match_table_start.source AND r.target = match_table_start.target
           AND r.result = match_table_start.result AND r.run_by = current_user;
        run := NULL;
    END IF;
    IF run.source IS NULL THEN
        INSERT INTO hredd.match_run (source, target, result, threshold, top_k, model, model_coefficients, registry)
        VALUES (match_table_start.source, match_table_start.target, match_table_start.result,
                match_table_start.threshold, match_table_start.top_k, mdl,
                (SELECT m.coefficients FROM hredd.match_model m WHERE m.name = mdl), reg)
        RETURNING * INTO run;
    ELSIF run.finished_at IS NOT NULL THEN
        RAISE NOTICE 'match_table: % against % with threshold %, top_k %, model % is already complete (% rows, % matches); restart => true runs it again',
            source, target, run.threshold, run.top_k, run.model, run.rows_done, run.matches;
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
--
-- The search runs in parallel: the batch's key range is fixed first (an
-- index scan on the source key), then one read-only join of that range with
-- the target on % finds every candidate (one indexed search per source row,
-- spread by PostgreSQL over parallel workers) and keeps each row's top_k by
-- a window, not by a LIMIT per row (a subquery with a LIMIT is never run in
-- a worker).  A query that writes is never parallel either, so the rows come
-- back as arrays and a second statement writes them.  Each source row gets
-- exactly the candidates of the per-row search: every target row reaching
-- the threshold, best top_k by score, then key.  max_parallel_workers_per_gather (default 2)
-- sets how many workers help the session.
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
    tkey_type  text;
    batch      bigint;
    found_rows bigint;
    last       text;
    skeys      text[];
    tkeys      text[];
    scores     float8[];
    ranks      int[];
    saved      text[];
    knobs      text[] := ARRAY['parallel_setup_cost', 'parallel_tuple_cost',
                               'min_parallel_table_scan_size', 'min_parallel_index_scan_size'];
    citus      boolean := EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus');
    threshold0 text;
    batch_rel  text;
    reg        regclass;
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
    IF run.threshold IS DISTINCT FROM match_table_batch.threshold OR run.top_k IS DISTINCT FROM match_table_batch.top_k THEN
        RAISE EXCEPTION 'match_table: the run into % has threshold %, top_k %, not %, %',
            result, run.threshold, run.top_k, threshold, top_k
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'CALL hredd.match_table; match_table_batch is internal to it.';
    END IF;
    SELECT format_type(atttypid, atttypmod) INTO key_type
      FROM pg_attribute WHERE attrelid = source AND attname = source_key AND attnum > 0 AND NOT attisdropped;
    SELECT format_type(atttypid, atttypmod) INTO tkey_type
      FROM pg_attribute WHERE attrelid = target AND attname = target_key AND attnum > 0 AND NOT attisdropped;
    threshold0 := current_setting('hredd.match_threshold', true);
    PERFORM set_config('hredd.match_threshold', threshold::text, true);
    -- the batch: its size and last key
    EXECUTE format(
        $q$SELECT count(*), max(k)::text FROM (
               SELECT %1$I AS k FROM %3$s
                WHERE %2$I IS NOT NULL AND ($1 IS NULL OR %1$I > $1::%4$s)
                ORDER BY %1$I LIMIT $2) b$q$,
        source_key, source_facility, source, key_type)
    INTO batch, last
    USING run.last_key, batch_size;
    IF batch = 0 THEN
        UPDATE hredd.match_run r SET finished_at = clock_timestamp(), updated_at = clock_timestamp()
         WHERE r.source = match_table_batch.source AND r.target = match_table_batch.target
           AND r.result = match_table_batch.result AND r.run_by = current_user
        RETURNING * INTO run;
        RAISE NOTICE 'match_table: done, % source rows, % matches', run.rows_done, run.matches;
        PERFORM pg_advisory_unlock(hashtext('hredd.match_table'), hashtext(result::oid::text));
        RETURN false;
    END IF;
    -- the searches, read-only so that they can run in parallel; the planner
    -- may spread even a small batch (the per-row search is costly although
    -- its row estimates are small), for this query only
    saved := ARRAY(SELECT current_setting(k) FROM unnest(knobs) k);
    PERFORM set_config(k, '0', true) FROM unnest(knobs) k;
    -- On Citus, % runs on the workers, which set_config() does not reach:
    -- there the threshold would stay theirs (0.5) and a lower one would find
    -- fewer candidates, without an error.  SET LOCAL with
    -- citus.propagate_set_commands = local is sent to them (until the
    -- search is done: set back below, for the rest of the transaction).
    IF citus THEN
        PERFORM set_config('citus.propagate_set_commands', 'local', true);
        EXECUTE format('SET LOCAL hredd.match_threshold = %s', threshold);
        -- and the run's model (the same as this session's: it stays so for
        -- the rest of the transaction, there as here)
        EXECUTE format('SET LOCAL hredd.match_model = %L', coalesce(run.model, 'default'));
    END IF;
    -- A distributed source: Citus joins two distributed tables only on their
    -- distribution columns, never on %, so the batch's rows are copied here
    -- first; Citus sends the copy to every shard of the target (an index
    -- search per shard, as from a local source).
    batch_rel := source::text;
    IF hredd.is_citus_table(source) THEN
        IF to_regclass('pg_temp.hredd_match_batch') IS NOT NULL THEN
            DROP TABLE pg_temp.hredd_match_batch;
        END IF;
        EXECUTE format('CREATE TEMP TABLE hredd_match_batch ON COMMIT DROP AS SELECT %1$I, %2$I FROM %3$s WITH NO DATA',
                       source_key, source_facility, source);
        EXECUTE format(
            $q$INSERT INTO pg_temp.hredd_match_batch
               SELECT %1$I, %2$I FROM %3$s
                WHERE %2$I IS NOT NULL AND ($1 IS NULL OR %1$I > $1::%4$s) AND %1$I <= $2::%4$s$q$,
            source_key, source_facility, source, key_type)
        USING run.last_key, last;
        batch_rel := 'pg_temp.hredd_match_batch';
    END IF;
    -- the candidates (%) and their scores use one model: the one the
    -- setting hredd.match_model names (match_score with a NULL model), and
    -- the statistics of the run's registry (the setting hredd.match_registry,
    -- which the operators read)
    reg := run.registry;
    IF reg IS DISTINCT FROM nullif(current_setting('hredd.match_registry', true), '')::regclass THEN
        RAISE EXCEPTION 'match_table: the run of % against % into % uses the statistics of %, but hredd.match_registry is now %',
            source, target, result, coalesce(reg::text, 'none'),
            coalesce(nullif(current_setting('hredd.match_registry', true), ''), 'empty')
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'CALL hredd.match_table; match_table_batch is internal to it.';
    END IF;
    EXECUTE format(
        $q$SELECT array_agg(m.s::text ORDER BY m.s, m.rank), array_agg(m.t::text ORDER BY m.s, m.rank),
                  array_agg(m.score ORDER BY m.s, m.rank), array_agg(m.rank ORDER BY m.s, m.rank)
             FROM (SELECT c.s, c.t, c.score,
                          (row_number() OVER (PARTITION BY c.s ORDER BY c.score DESC, c.t))::int AS rank
                     FROM (SELECT b.%1$I AS s, t.%5$I AS t, hredd.match_score(t.%6$I, b.%2$I, NULL, $4) AS score
                             FROM %3$s b JOIN %7$s t ON t.%6$I OPERATOR(hredd.%%) b.%2$I
                            WHERE b.%2$I IS NOT NULL AND ($1 IS NULL OR b.%1$I > $1::%4$s)
                              AND b.%1$I <= $2::%4$s) c) m
            WHERE m.rank <= $3$q$,
        source_key, source_facility, batch_rel, key_type,
        target_key, target_facility, target)
    INTO skeys, tkeys, scores, ranks
    USING run.last_key, last, top_k, reg;
    PERFORM set_config(knobs[i], saved[i], true) FROM generate_subscripts(knobs, 1) i;
    IF batch_rel = 'pg_temp.hredd_match_batch' THEN
        DROP TABLE pg_temp.hredd_match_batch;
    END IF;
    IF citus THEN
        IF threshold0 IS NULL THEN
            SET LOCAL hredd.match_threshold TO DEFAULT;
        ELSE
            EXECUTE format('SET LOCAL hredd.match_threshold = %s', threshold0::float8);
        END IF;
    END IF;
    EXECUTE format(
        $q$WITH ins AS (
               INSERT INTO %1$s (source_key, target_key, score, rank)
               SELECT u.s::%2$s, u.t::%3$s, u.score, u.rank
                 FROM unnest($1, $2, $3, $4) u(s, t, score, rank)
               ON CONFLICT DO NOTHING
               RETURNING 1)
           SELECT count(*) FROM ins$q$,
        result, key_type, tkey_type)
    INTO found_rows
    USING skeys, tkeys, scores, ranks;
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
COMMENT ON FUNCTION hredd.match_table_batch(regclass, text, text, regclass, text, text, regclass, float8, int, int) IS 'one batch of hredd.match_table, its searches in parallel; false when the run is complete (internal to match_table)';

CREATE PROCEDURE hredd.match_table(
    source regclass, source_key text, source_facility text,
    target regclass, target_key text, target_facility text,
    result regclass,
    threshold float8 DEFAULT 0.5, top_k int DEFAULT 5, batch_size int DEFAULT 1000,
    restart boolean DEFAULT false, commit_batches boolean DEFAULT true)
LANGUAGE plpgsql
-- A procedure that COMMITs cannot pin search_path with SET, so this body
-- names nothing but hredd's own functions, schema-qualified, with arguments
-- of their exact types: every check and every query runs in the functions
-- above and below, which pin search_path and the settings keys depend on.
AS $$
DECLARE
    -- the registry of hredd.match_registry, resolved as the caller means it,
    -- then written for the functions (their own search_path) for each
    -- transaction of the run
    registry text := hredd.match_table_registry(
        pg_catalog.to_regclass(NULLIF(pg_catalog.current_setting('hredd.match_registry', true), '')),
        pg_catalog.current_setting('hredd.match_registry', true));
BEGIN
    IF commit_batches IS NULL THEN
        RAISE EXCEPTION 'match_table commit_batches must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM pg_catalog.set_config('hredd.match_registry', COALESCE(registry, ''), true);
    IF hredd.match_table_start(source, source_key, source_facility, target, target_key, target_facility,
                               result, threshold, top_k, batch_size, restart) THEN
        IF commit_batches THEN
            COMMIT;
            PERFORM pg_catalog.set_config('hredd.match_registry', COALESCE(registry, ''), true);
        END IF;
        WHILE hredd.match_table_batch(source, source_key, source_facility, target, target_key, target_facility,
                                      result, threshold, top_k, batch_size) LOOP
            IF commit_batches THEN
                COMMIT;
                PERFORM pg_catalog.set_config('hredd.match_registry', COALESCE(registry, ''), true);
            END IF;
        END LOOP;
        PERFORM hredd.match_table_report(source, source_key, result);
        IF commit_batches THEN
            COMMIT;
        END IF;
    END IF;
END
$$;
COMMENT ON PROCEDURE hredd.match_table(regclass, text, text, regclass, text, text, regclass, float8, int, int, boolean, boolean) IS 'match every row of source against target into result (source_key, target_key, score, rank): the top_k candidates scoring >= threshold per source row, searched in parallel, in batches that commit (commit_batches => false: no COMMIT, for use inside a transaction block), with progress NOTICEs and a closing summary (matched, to review, unmatched); an interrupted run resumes after its last committed batch (hredd.match_run), without duplicates; searches and scores use the match model hredd.match_model names and the statistics of the registry hredd.match_registry names (if any); a call with another threshold, top_k, match model or registry is refused unless restart => true, which deletes the old results; one run into a result table at a time';

-- What a run found, per source row.  A row is
--   matched    its best candidate scores >= sure and no other candidate
--              reaches the decision boundary 0.5;
--   review     it has a candidate, but the best is below sure, or a second
--              candidate also reaches 0.5 (two registry rows claim it);
--   unmatched  no candidate reached the run's threshold.
CREATE FUNCTION hredd.match_summary(source regclass, key_column text, result regclass, sure float8 DEFAULT 0.8)
RETURNS TABLE (source_key text, status text, best_target text, best_score float8, runner_up_score float8, candidates int)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, hredd, pg_temp
SET DateStyle = 'ISO, YMD' SET IntervalStyle = 'postgres' SET TimeZone = 'UTC'
SET extra_float_digits = 3 SET lc_monetary = 'C'
AS $$
BEGIN
    IF source IS NULL OR result IS NULL OR key_column IS NULL THEN
        RAISE EXCEPTION 'match_summary source, key_column and result must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF sure IS NULL OR sure < 0 OR sure > 1 OR sure = 'NaN' THEN
        RAISE EXCEPTION 'match_summary sure must be between 0 and 1, got %', coalesce(sure::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = source AND attname = key_column
                   AND attnum > 0 AND NOT attisdropped) THEN
        RAISE EXCEPTION 'column "%" does not exist in %', key_column, source
            USING ERRCODE = 'undefined_column';
    END IF;
    RETURN QUERY EXECUTE format(
        $q$SELECT s.k::text,
                  CASE WHEN r.n IS NULL THEN 'unmatched'
                       WHEN r.best >= $1 AND coalesce(r.second, 0) < 0.5 THEN 'matched'
                       ELSE 'review' END,
                  r.best_target, r.best, r.second, coalesce(r.n, 0)::int
             FROM %2$s s
             LEFT JOIN (SELECT x.source_key,
                               (array_agg(x.target_key::text ORDER BY x.score DESC, x.rank))[1] AS best_target,
                               max(x.score) AS best,
                               (array_agg(x.score ORDER BY x.score DESC, x.rank))[2] AS second,
                               count(*) AS n
                          FROM %3$s x GROUP BY x.source_key) r ON r.source_key = s.k
            ORDER BY s.k$q$, NULL, format('(SELECT %I AS k FROM %s)', key_column, source), result)
    USING sure;
END
$$;
COMMENT ON FUNCTION hredd.match_summary(regclass, text, regclass, float8) IS 'one row per source row of a match_table run: matched (best candidate >= sure, no second one >= 0.5), review (a candidate, but below sure or with a rival >= 0.5) or unmatched, with the best target, its score, the runner-up''s score and the number of candidates';

-- The closing NOTICE of match_table: the summary's counts.
CREATE FUNCTION hredd.match_table_report(source regclass, source_key text, result regclass)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, hredd, pg_temp
AS $$
DECLARE
    m bigint; v bigint; u bigint;
BEGIN
    SELECT count(*) FILTER (WHERE s.status = 'matched'), count(*) FILTER (WHERE s.status = 'review'),
           count(*) FILTER (WHERE s.status = 'unmatched')
      INTO m, v, u
      FROM hredd.match_summary(source, source_key, result) s;
    RAISE NOTICE 'match_table: % source rows matched, % to review, % unmatched (hredd.match_summary lists them)', m, v, u;
END
$$;
COMMENT ON FUNCTION hredd.match_table_report(regclass, text, regclass) IS 'the closing summary NOTICE of hredd.match_table (internal to match_table)';

-- One-to-one: each source row and each target row used at most once, the
-- pairs taken greedily by score (highest first; ties by rank, then keys), so
-- two source rows no longer land on one target.  Greedy, not an optimal
-- assignment: a pair is kept when neither side is taken by a better pair.
CREATE FUNCTION hredd.match_assign(result regclass, min_score float8 DEFAULT 0.5)
RETURNS TABLE (source_key text, target_key text, score float8)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, hredd, pg_temp
SET DateStyle = 'ISO, YMD' SET IntervalStyle = 'postgres' SET TimeZone = 'UTC'
SET extra_float_digits = 3 SET lc_monetary = 'C'
AS $$
DECLARE
    s_key text;
    t_key text;
    s_score float8;
BEGIN
    IF result IS NULL THEN
        RAISE EXCEPTION 'match_assign result must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF min_score IS NULL OR min_score < 0 OR min_score > 1 OR min_score = 'NaN' THEN
        RAISE EXCEPTION 'match_assign min_score must be between 0 and 1, got %', coalesce(min_score::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF to_regclass('pg_temp.hredd_assign_s') IS NOT NULL THEN
        DROP TABLE pg_temp.hredd_assign_s;
    END IF;
    IF to_regclass('pg_temp.hredd_assign_t') IS NOT NULL THEN
        DROP TABLE pg_temp.hredd_assign_t;
    END IF;
    CREATE TEMP TABLE hredd_assign_s (k text PRIMARY KEY);
    CREATE TEMP TABLE hredd_assign_t (k text PRIMARY KEY);
    FOR s_key, t_key, s_score IN EXECUTE format(
        $q$SELECT x.source_key::text, x.target_key::text, x.score::float8
             FROM %s x WHERE x.score >= $1
            ORDER BY x.score DESC, x.rank, x.source_key, x.target_key$q$, result) USING min_score
    LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM pg_temp.hredd_assign_s a WHERE a.k = s_key)
                   OR EXISTS (SELECT 1 FROM pg_temp.hredd_assign_t a WHERE a.k = t_key);
        INSERT INTO pg_temp.hredd_assign_s VALUES (s_key);
        INSERT INTO pg_temp.hredd_assign_t VALUES (t_key);
        source_key := s_key;
        target_key := t_key;
        score := s_score;
        RETURN NEXT;
    END LOOP;
    DROP TABLE pg_temp.hredd_assign_s, pg_temp.hredd_assign_t;
END
$$;
COMMENT ON FUNCTION hredd.match_assign(regclass, float8) IS 'a one-to-one reading of a match_table result: pairs scoring >= min_score taken greedily by score, each source and each target key used at most once';

-- The clustering itself, in C (cluster.c): complete linkage over the
-- candidate pairs with union-find; nodes are the elements of facs, pairs
-- (a[k], b[k]) scoring s[k], 1-based; returns each node's cluster centre.
CREATE FUNCTION hredd.facility_cluster(facs hredd.facility[], a int4[], b int4[], s float8[], threshold float8)
    RETURNS int4[]
    AS 'MODULE_PATHNAME', 'facility_cluster' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.facility_cluster(hredd.facility[], int4[], int4[], float8[], float8) IS 'complete-linkage clusters over candidate pairs (a[k], b[k], score s[k]) of the facilities facs: every two members of a cluster score >= threshold; each facility''s cluster centre, 1-based (internal to cluster_facilities)';

-- Set-based candidate pairs (blocking), in C (cluster_sql.c, cluster.c):
-- the facilities that share a blocking key are compared, every pair once.
CREATE FUNCTION hredd.facility_block_keys(fac hredd.facility)
    RETURNS int8[]
    AS 'MODULE_PATHNAME', 'facility_block_keys' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.facility_block_keys(hredd.facility) IS 'the blocking keys of a facility, sorted (cluster_facilities with candidates => ''blocks'' compares the records that share one): its country with its name''s words sorted, with each name word that is not common, with its two rarest words with one letter deleted (typos) and with two neighbouring words written together';

CREATE FUNCTION hredd.facility_block_pairs(facs hredd.facility[], threshold float8, max_links int, max_block int)
    RETURNS TABLE (a int4, b int4, s float8)
    AS 'MODULE_PATHNAME', 'facility_block_pairs' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.facility_block_pairs(hredd.facility[], float8, int, int) IS 'candidate pairs (a < b, 1-based, score s >= threshold) of the facilities facs by blocking: those that share a key of facility_block_keys are scored, each pair once; a block of more than max_block facilities is split by a second key (another name word, a house number) and its parts compared; each facility keeps its max_links best; parts still larger than max_block are not compared within, and a NOTICE says how many (internal to cluster_facilities)';

CREATE FUNCTION hredd.cluster_facilities(tbl regclass, key_column text, facility_column text,
                                         threshold float8 DEFAULT 0.5, max_links int DEFAULT 20,
                                         candidates text DEFAULT 'auto', max_block int DEFAULT 1000)
RETURNS TABLE (record_key text, cluster_key text, cluster_size int, score_to_centre float8)
LANGUAGE plpgsql
SET search_path = pg_catalog, hredd, pg_temp
AS $$
DECLARE
    near    text;
    centres int4[];
    has_gist boolean;
    copied  boolean := false;
    nodes   bigint;
    method  text;
BEGIN
    IF threshold IS NULL OR threshold < 0 OR threshold > 1 OR threshold = 'NaN' THEN
        RAISE EXCEPTION 'cluster_facilities threshold must be between 0 and 1, got %', coalesce(threshold::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF max_links IS NULL OR max_links < 1 OR max_links > 1000 THEN
        RAISE EXCEPTION 'cluster_facilities max_links must be between 1 and 1000, got %', coalesce(max_links::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF candidates IS NULL OR candidates NOT IN ('auto', 'index', 'blocks') THEN
        RAISE EXCEPTION 'cluster_facilities candidates must be ''auto'', ''index'' or ''blocks'', got %',
            coalesce(quote_literal(candidates), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF max_block IS NULL OR max_block < 2 OR max_block > 10000 THEN
        RAISE EXCEPTION 'cluster_facilities max_block must be between 2 and 10000, got %', coalesce(max_block::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF tbl IS NULL THEN
        RAISE EXCEPTION 'cluster_facilities needs a table' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    PERFORM hredd.require_column(tbl, key_column);
    PERFORM hredd.require_column(tbl, facility_column, 'hredd.facility');
    PERFORM set_config('hredd.match_threshold', threshold::text, true);
    has_gist := EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam
                        JOIN pg_attribute t ON t.attrelid = i.indrelid AND t.attnum = i.indkey[0]
                        WHERE i.indrelid = tbl AND a.amname = 'gist' AND t.attname = facility_column AND i.indnatts = 1);
    -- A Citus table is read through a local copy (with an index of the same
    -- kind when it is searched per record): the search per record below is
    -- a LATERAL subquery with a LIMIT, which Citus cannot run over shards,
    -- and set_config() above does not reach the workers where % would run.
    IF hredd.is_citus_table(tbl) THEN
        IF to_regclass('pg_temp.hredd_cl_src') IS NOT NULL THEN
            DROP TABLE pg_temp.hredd_cl_src;
        END IF;
        EXECUTE format('CREATE TEMP TABLE hredd_cl_src AS SELECT %1$I::text AS k, %2$I AS f FROM %3$s
                        WHERE %2$I IS NOT NULL AND %1$I IS NOT NULL', key_column, facility_column, tbl);
        tbl := 'pg_temp.hredd_cl_src'::regclass;
        key_column := 'k';
        facility_column := 'f';
        copied := true;
    END IF;

    IF to_regclass('pg_temp.hredd_cl_node') IS NOT NULL THEN
        DROP TABLE pg_temp.hredd_cl_node;
    END IF;
    IF to_regclass('pg_temp.hredd_cl_pair') IS NOT NULL THEN
        DROP TABLE pg_temp.hredd_cl_pair;
    END IF;
    -- the records; those with equal facility values are one node, their
    -- representative the first key
    CREATE TEMP TABLE hredd_cl_node (k text PRIMARY KEY, fac hredd.facility, rep text, idx int);
    -- (one pass: idx numbers the representatives in key order)
    EXECUTE format('INSERT INTO pg_temp.hredd_cl_node (k, fac, rep, idx)
                    SELECT r.k, r.fac, r.rep,
                           CASE WHEN r.k = r.rep THEN count(*) FILTER (WHERE r.k = r.rep) OVER (ORDER BY r.k ROWS UNBOUNDED PRECEDING) END
                      FROM (SELECT s.k, s.fac, min(s.k) OVER (PARTITION BY s.fac) AS rep
                              FROM (SELECT %1$I::text AS k, %2$I AS fac FROM %3$s WHERE %2$I IS NOT NULL AND %1$I IS NOT NULL) s) r',
                   key_column, facility_column, tbl);
    CREATE INDEX ON pg_temp.hredd_cl_node (idx);
    ANALYZE pg_temp.hredd_cl_node;
    SELECT count(*) INTO nodes FROM pg_temp.hredd_cl_node n WHERE n.idx IS NOT NULL;
    -- 'auto': one indexed search per record (exact up to max_links) for
    -- up to 10,000 distinct records, blocking above (minutes at a million)
    method := CASE WHEN candidates <> 'auto' THEN candidates WHEN nodes <= 10000 THEN 'index' ELSE 'blocks' END;

    CREATE TEMP TABLE hredd_cl_pair (a int, b int, s float8);
    IF method = 'blocks' THEN
        -- Candidate pairs by blocking, in C: the records that share a key
        -- (hredd.facility_block_keys) are compared, each pair once, each
        -- record keeping its max_links best; a block too large is split by
        -- a second key, and a NOTICE reports the parts still too large.
        INSERT INTO pg_temp.hredd_cl_pair
        SELECT p.a, p.b, p.s
          FROM hredd.facility_block_pairs(
                   ARRAY(SELECT n.fac FROM pg_temp.hredd_cl_node n WHERE n.idx IS NOT NULL ORDER BY n.idx),
                   threshold, max_links, max_block) p;
    ELSE
        IF copied THEN
            IF has_gist THEN
                CREATE INDEX ON pg_temp.hredd_cl_src USING gist (f);
            ELSE
                CREATE INDEX ON pg_temp.hredd_cl_src USING gin (f);
            END IF;
            ANALYZE pg_temp.hredd_cl_src;
        END IF;
        -- Candidate pairs between representatives: each keeps its max_links
        -- best matches among the others (through the table's own index on the
        -- facility column, if any: GiST orders by <->, GIN filters by %).
        IF has_gist THEN
            near := format('SELECT y.%1$I::text AS k, hredd.match_score(y.%2$I, x.fac) AS s
                              FROM %3$s y
                             WHERE y.%2$I OPERATOR(hredd.<>) x.fac
                               AND EXISTS (SELECT 1 FROM pg_temp.hredd_cl_node yr WHERE yr.k = y.%1$I::text AND yr.idx IS NOT NULL)
                             ORDER BY y.%2$I OPERATOR(hredd.<->) x.fac
                             LIMIT $1', key_column, facility_column, tbl);
        ELSE
            near := format('SELECT y.%1$I::text AS k, hredd.match_score(y.%2$I, x.fac) AS s
                              FROM %3$s y
                             WHERE y.%2$I OPERATOR(hredd.%%) x.fac AND y.%2$I OPERATOR(hredd.<>) x.fac
                               AND EXISTS (SELECT 1 FROM pg_temp.hredd_cl_node yr WHERE yr.k = y.%1$I::text AND yr.idx IS NOT NULL)
                             ORDER BY 2 DESC, 1
                             LIMIT $1', key_column, facility_column, tbl);
        END IF;
        EXECUTE format('INSERT INTO pg_temp.hredd_cl_pair
                        SELECT DISTINCT least(x.idx, y.idx), greatest(x.idx, y.idx), m.s
                          FROM pg_temp.hredd_cl_node x
                          CROSS JOIN LATERAL (%s) m
                          JOIN pg_temp.hredd_cl_node y ON y.k = m.k
                         WHERE x.idx IS NOT NULL AND m.s >= $2', near) USING max_links, threshold;
    END IF;

    -- complete linkage in C: every two members of a cluster score >=
    -- threshold, so no chain of look-alikes becomes one cluster
    centres := hredd.facility_cluster(
        ARRAY(SELECT n.fac FROM pg_temp.hredd_cl_node n WHERE n.idx IS NOT NULL ORDER BY n.idx),
        ARRAY(SELECT p.a FROM pg_temp.hredd_cl_pair p ORDER BY p.a, p.b),
        ARRAY(SELECT p.b FROM pg_temp.hredd_cl_pair p ORDER BY p.a, p.b),
        ARRAY(SELECT p.s FROM pg_temp.hredd_cl_pair p ORDER BY p.a, p.b),
        threshold);
    -- each record's centre: its representative's (one pass, no UPDATE of every row)
    RETURN QUERY
        SELECT m.k, m.centre, (count(*) OVER (PARTITION BY m.centre))::int,
               CASE WHEN m.k = m.centre THEN 1.0::float8 ELSE hredd.match_score(m.fac, m.cfac) END
          FROM (SELECT n.k, n.fac, c.k AS centre, c.fac AS cfac
                  FROM pg_temp.hredd_cl_node n
                  JOIN pg_temp.hredd_cl_node r ON r.k = n.rep
                  JOIN pg_temp.hredd_cl_node c ON c.idx = centres[r.idx]) m
         ORDER BY m.centre, m.k;
    DROP TABLE pg_temp.hredd_cl_node, pg_temp.hredd_cl_pair;
    IF to_regclass('pg_temp.hredd_cl_src') IS NOT NULL THEN
        DROP TABLE pg_temp.hredd_cl_src;
    END IF;
END
$$;
COMMENT ON FUNCTION hredd.cluster_facilities(regclass, text, text, float8, int, text, int) IS 'group the records of one table into duplicate clusters: candidate pairs scoring >= threshold (each record linked to its max_links best matches at most; equal values are one record), joined best first by complete linkage in C (union-find), so every two members of a cluster score >= threshold and look-alikes do not chain; one row per record with its cluster''s centre key (the member with the highest total score to the others) and size.  candidates: ''index'' searches each record''s nearest (exact up to max_links, milliseconds a record), ''blocks'' compares the records that share a blocking key (facility_block_keys: same country and a name word, a typo of a rare word, or the same words; minutes for a million records; misses pairs with no key in common, records of unknown or different countries, and pairs that share only a block of more than max_block records and nothing of its second keys, another name word or a house number, which a NOTICE counts), ''auto'' (default) index up to 10,000 distinct records, blocks above';
