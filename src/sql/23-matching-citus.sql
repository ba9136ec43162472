\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 23-matching-citus.sql — fitted match models on a Citus cluster
-- (docs/scaling.md, docs/matching.md).  hredd does not depend on Citus: where
-- it is not installed, or on a node that is no Citus coordinator, these
-- functions find no workers and return no rows.
--
-- The searches and scores Citus pushes down to the shards (%, <->, their
-- indexes, match_score with a model) read the model from the worker's own
-- hredd.match_model, a local table of each node's copy of the extension.  It
-- cannot be a reference table: the C code reads it with a query of its own,
-- which Citus refuses inside a query on a shard ("cannot execute a
-- distributed query from a query on a shard").  So the coordinator copies its
-- rows to the workers (match_model_sync; match_calibrate does it after a fit)
-- and match_table checks, before it starts, that every worker holds the
-- model as it is here (match_model_on_workers): same coefficients, same
-- terms, same time of fit.

-- Whether this node is the coordinator of a Citus cluster with workers
-- (citus_is_coordinator); false where Citus is not installed.
CREATE FUNCTION hredd.citus_coordinator() RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    r boolean;
BEGIN
    IF to_regprocedure('pg_catalog.citus_is_coordinator()') IS NULL THEN
        RETURN false;
    END IF;
    EXECUTE 'SELECT pg_catalog.citus_is_coordinator()' INTO r;
    RETURN coalesce(r, false);
END
$$;
COMMENT ON FUNCTION hredd.citus_coordinator() IS 'true on the coordinator of a Citus cluster with workers (citus_is_coordinator), false elsewhere and where Citus is not installed';

-- What each worker holds of a model, compared with this node's row.
CREATE FUNCTION hredd.match_model_on_workers(model text)
RETURNS TABLE (node text, status text)
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, hredd, pg_temp
SET extra_float_digits = 3 SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC'
AS $$
DECLARE
    m   hredd.match_model;
    cmd text;
BEGIN
    IF model <> 'default' THEN
        SELECT * INTO m FROM hredd.match_model mm WHERE mm.name = match_model_on_workers.model;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'match model "%" does not exist', model
                USING ERRCODE = 'undefined_object', HINT = 'Fit one with hredd.match_calibrate, or use "default".';
        END IF;
    END IF;
    IF NOT hredd.citus_coordinator() THEN
        RETURN;
    END IF;
    IF model = 'default' THEN
        -- compiled into every node's hredd
        cmd := $c$SELECT 'same'$c$;
    ELSE
        -- compared on the worker, with this node's values as literals (float8
        -- text with extra_float_digits > 0 reads back exactly)
        cmd := format(
            $c$SELECT coalesce((SELECT CASE WHEN m.coefficients = %L::float8[] AND m.terms = %L::text[]
                                             AND m.created_at = %L::timestamptz THEN 'same' ELSE 'different' END
                                  FROM hredd.match_model m WHERE m.name = %L), 'missing')$c$,
            m.coefficients, m.terms, m.created_at, m.name);
    END IF;
    RETURN QUERY EXECUTE
        $q$SELECT w.nodename || ':' || w.nodeport, CASE WHEN w.success THEN w.result ELSE 'error: ' || w.result END
             FROM pg_catalog.run_command_on_workers($1) w ORDER BY w.nodename, w.nodeport$q$
        USING cmd;
END
$$;
COMMENT ON FUNCTION hredd.match_model_on_workers(text) IS 'per worker of a Citus cluster (host:port), whether it holds a match model as this node does: same (coefficients, terms and time of fit), different, missing or error: …; no rows where Citus is not installed or this node is no coordinator';

-- Copies match models from this node (the Citus coordinator) to every
-- worker: one model, or with NULL all of them (and the workers' models this
-- node does not have are deleted there).  One statement per worker, each a
-- transaction of its own: a failure on one worker leaves the others copied
-- (call it again).
CREATE FUNCTION hredd.match_model_sync(model_name text DEFAULT NULL)
RETURNS TABLE (node text, model text, status text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, hredd, pg_temp
SET extra_float_digits = 3 SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC'
AS $$
#variable_conflict use_column
DECLARE
    names  text[];
    vals   text;
    cmd    text;
    n      text;
BEGIN
    IF hredd.is_citus_table('hredd.match_model') THEN
        RAISE EXCEPTION 'match_model_sync: hredd.match_model is a Citus table: the searches on the shards cannot read it'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'hredd reads a match model with a query of its own, which Citus refuses inside a query on a shard.',
                  HINT = 'Keep hredd.match_model a local table on every node.';
    END IF;
    IF match_model_sync.model_name = 'default' THEN
        RETURN QUERY SELECT w.node, 'default'::text, w.status FROM hredd.match_model_on_workers('default') w;
        RETURN;
    END IF;
    IF match_model_sync.model_name IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM hredd.match_model m WHERE m.name = match_model_sync.model_name) THEN
        RAISE EXCEPTION 'match model "%" does not exist', match_model_sync.model_name
            USING ERRCODE = 'undefined_object', HINT = 'Fit one with hredd.match_calibrate, or use "default".';
    END IF;
    IF NOT hredd.citus_coordinator() THEN
        RETURN;
    END IF;
    SELECT array_agg(m.name ORDER BY m.name),
           string_agg(format('(%L, %L::float8[], %L::text[], %s, %s, %L::float8, %L::float8, %L::float8, %L::jsonb, %L, %L::name, %L::timestamptz)',
                             m.name, m.coefficients, m.terms, m.train_pairs, m.heldout_pairs, m."precision",
                             m.recall, m.f1, m.reliability, m.source, m.created_by, m.created_at), ', ' ORDER BY m.name)
      INTO names, vals
      FROM hredd.match_model m
     WHERE match_model_sync.model_name IS NULL OR m.name = match_model_sync.model_name;
    -- one statement: the deletions (all models) and the copies commit together
    IF names IS NULL THEN
        -- nothing to copy (no model here): only the deletions
        cmd := $c$WITH gone AS (DELETE FROM hredd.match_model RETURNING 1)
                  SELECT '0 copied, ' || count(*) || ' deleted' FROM gone$c$;
    ELSE
        cmd := format(
            $c$WITH gone AS (DELETE FROM hredd.match_model m WHERE %s AND m.name <> ALL (%L::text[]) RETURNING 1),
                    copied AS (
                        INSERT INTO hredd.match_model AS m (name, coefficients, terms, train_pairs, heldout_pairs,
                                                            "precision", recall, f1, reliability, source, created_by, created_at)
                        SELECT * FROM (VALUES %s) v
                        ON CONFLICT (name) DO UPDATE
                           SET coefficients = excluded.coefficients, terms = excluded.terms,
                               train_pairs = excluded.train_pairs, heldout_pairs = excluded.heldout_pairs,
                               "precision" = excluded."precision", recall = excluded.recall, f1 = excluded.f1,
                               reliability = excluded.reliability, source = excluded.source,
                               created_by = excluded.created_by, created_at = excluded.created_at
                        RETURNING 1)
               SELECT (SELECT count(*) FROM copied) || ' copied, ' || (SELECT count(*) FROM gone) || ' deleted'$c$,
            (match_model_sync.model_name IS NULL)::text, names, vals);
    END IF;
    PERFORM hredd.citus_copy_to_workers('match_model_sync', 'the match models', cmd);
    -- what the workers hold now
    FOREACH n IN ARRAY coalesce(names, '{}') LOOP
        RETURN QUERY SELECT w.node, n, w.status FROM hredd.match_model_on_workers(n) w;
    END LOOP;
END
$$;
COMMENT ON FUNCTION hredd.match_model_sync(text) IS 'on a Citus coordinator: copies a match model (NULL: every model, and the workers'' others are deleted) to every worker, whose searches and scores on the shards read their own hredd.match_model, and returns what each worker holds then (match_model_on_workers); no rows where Citus is not installed or this node is no coordinator';
