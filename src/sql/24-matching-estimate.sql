\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 24-matching-estimate.sql — a match model estimated without labels, from the
-- user's own tables, the way Splink's EM does (docs/matching.md, "Estimate
-- without labels").

CREATE FUNCTION hredd.match_em(inputs float8[], random_inputs float8[], fix_u boolean,
                               max_iterations integer, tolerance float8, penalty float8,
                               OUT coefficients float8[], OUT lambda float8, OUT comparisons text[],
                               OUT levels text[], OUT m float8[], OUT u float8[], OUT u_random float8[],
                               OUT pairs integer[], OUT iterations integer, OUT converged boolean,
                               OUT log_likelihood float8, OUT expected_matches float8)
    AS 'MODULE_PATHNAME', 'match_em' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.match_em(float8[], float8[], boolean, integer, float8, float8) IS 'the Fellegi-Sunter model fitted by EM to unlabelled pairs (rows of match_features; random_inputs: random pairs for u, may be empty), and the logistic match model fitted to its posteriors (internal to match_estimate)';

-- Estimate a model without labels and store it under a name.
--   source, source_column      the records to match (a facility column)
--   target, target_column      the registry searched; NULL: source itself
--                              (deduplication: a row is never its own pair,
--                              each pair counts once)
--   sample_rows                source rows searched at most (a fixed hash of
--                              the facility picks them, so a re-run samples alike)
--   top_k, threshold           each sampled row's candidates: its top_k most
--                              similar target rows scoring >= threshold under
--                              the default model (the % and <-> operators)
--   random_pairs               random pairs whose comparison levels give u its
--                              starting values (and its values with fix_u); 0: none
--   fix_u                      hold u at the random pairs' frequencies, as Splink
--                              does (false: EM estimates u on the candidates too)
--   max_iterations, penalty    EM iterations at most; the pull of the logistic
--                              fit towards the default (as in match_calibrate)
--   registry                   statistics (hredd.match_analyze) the inputs use
CREATE FUNCTION hredd.match_estimate(model_name text, source regclass, source_column name,
                                     target regclass DEFAULT NULL, target_column name DEFAULT NULL,
                                     sample_rows integer DEFAULT 2000, top_k integer DEFAULT 5,
                                     threshold float8 DEFAULT 0.2, random_pairs integer DEFAULT 10000,
                                     fix_u boolean DEFAULT false, max_iterations integer DEFAULT 500,
                                     penalty float8 DEFAULT 1.0, registry regclass DEFAULT NULL)
RETURNS TABLE (model text, comparison text, level text, pairs integer, m float8, u float8,
               u_random float8, match_weight float8, lambda float8, candidate_pairs integer,
               iterations integer, converged boolean)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
#variable_conflict use_column
DECLARE
    dedup      boolean;
    n_cand     integer;
    n_rand     integer;
    n_sample   integer;
    x          float8[];
    xr         float8[];
    em         record;
    saved_thr  text := current_setting('hredd.match_threshold', true);
    saved_mdl  text := current_setting('hredd.match_model', true);
    src_name   text;
    tgt_name   text;
    orig_scol  name;
    orig_tcol  name;
BEGIN
    IF model_name IS NULL OR source IS NULL OR source_column IS NULL THEN
        RAISE EXCEPTION 'match_estimate: model name, source table and source column must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF model_name = 'default' OR model_name !~ '^[[:alnum:]_.:-]{1,63}$' THEN
        RAISE EXCEPTION 'match_estimate: invalid model name "%"', model_name
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use 1 to 63 letters, digits, _ . : or -; "default" is the shipped model.';
    END IF;
    IF (target IS NULL) <> (target_column IS NULL) THEN
        RAISE EXCEPTION 'match_estimate: give both target and target_column, or neither (deduplication of source)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF sample_rows IS NULL OR sample_rows < 10 THEN
        RAISE EXCEPTION 'match_estimate: sample_rows must be at least 10, got %', coalesce(sample_rows::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF top_k IS NULL OR top_k < 1 OR top_k > 100 THEN
        RAISE EXCEPTION 'match_estimate: top_k must be between 1 and 100, got %', coalesce(top_k::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF threshold IS NULL OR NOT (threshold >= 0 AND threshold < 1) THEN
        RAISE EXCEPTION 'match_estimate: threshold must be at least 0 and below 1, got %', coalesce(threshold::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF random_pairs IS NULL OR random_pairs < 0 THEN
        RAISE EXCEPTION 'match_estimate: random_pairs must be 0 or more, got %', coalesce(random_pairs::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF fix_u IS NULL OR (fix_u AND random_pairs = 0) THEN
        RAISE EXCEPTION 'match_estimate: fix_u takes u from random pairs: give random_pairs > 0'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF max_iterations IS NULL OR max_iterations < 1 OR max_iterations > 100000 THEN
        RAISE EXCEPTION 'match_estimate: max_iterations must be between 1 and 100000, got %', coalesce(max_iterations::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF penalty IS NULL OR penalty < 0 OR penalty = 'NaN' OR penalty = 'Infinity' THEN
        RAISE EXCEPTION 'match_estimate: penalty must be a number >= 0, got %', coalesce(penalty::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM hredd.require_column(source, source_column, 'hredd.facility'::regtype);
    dedup := target IS NULL OR (target = source AND target_column = source_column);
    IF target IS NULL THEN
        target := source;
        target_column := source_column;
    ELSE
        PERFORM hredd.require_column(target, target_column, 'hredd.facility'::regtype);
    END IF;
    IF EXISTS (SELECT 1 FROM pg_class c WHERE c.oid IN (source, target) AND c.relkind NOT IN ('r', 'p', 'm')) THEN
        RAISE EXCEPTION 'match_estimate: % is not a table or materialized view',
            (SELECT c.oid::regclass FROM pg_class c WHERE c.oid IN (source, target) AND c.relkind NOT IN ('r', 'p', 'm')
              ORDER BY c.oid = source DESC LIMIT 1)
            USING ERRCODE = 'wrong_object_type',
                  HINT = 'Sample rows are drawn from stored rows: materialise a view first.';
    END IF;

    -- the tables as named in the model's description (before a local copy)
    src_name := source::text;
    tgt_name := target::text;
    orig_scol := source_column;
    orig_tcol := target_column;
    -- left over from a call that failed in this session (no NOTICE when none is)
    IF to_regclass('pg_temp.hredd_est_t') IS NOT NULL THEN DROP TABLE pg_temp.hredd_est_t; END IF;
    -- A Citus target (distributed or reference) is searched in a local copy
    -- with a GiST index, as cluster_facilities does: the search per sampled
    -- row below is a LATERAL subquery with a LIMIT, which Citus cannot run
    -- over shards, and the threshold set below for this call would not reach
    -- the workers where % would run.  Deduplicating a Citus table, the copy
    -- is the source too (its rows' identities are the copy's, each row once).
    -- A Citus source with another target is sampled where it is: the sample
    -- (ORDER BY ... LIMIT) runs on the shards.
    IF hredd.is_citus_table(target) THEN
        EXECUTE format('CREATE TEMP TABLE hredd_est_t AS SELECT %1$I AS f FROM %2$s WHERE %1$I IS NOT NULL',
                       target_column, target);
        CREATE INDEX ON pg_temp.hredd_est_t USING gist (f);
        ANALYZE pg_temp.hredd_est_t;
        target := 'pg_temp.hredd_est_t'::regclass;
        target_column := 'f';
        IF dedup THEN
            source := target;
            source_column := target_column;
        END IF;
    END IF;

    -- the sample: a fixed hash of the facility orders the rows
    IF to_regclass('pg_temp.hredd_est_s') IS NOT NULL THEN DROP TABLE pg_temp.hredd_est_s; END IF;
    IF to_regclass('pg_temp.hredd_est_c') IS NOT NULL THEN DROP TABLE pg_temp.hredd_est_c; END IF;
    IF to_regclass('pg_temp.hredd_est_r') IS NOT NULL THEN DROP TABLE pg_temp.hredd_est_r; END IF;
    CREATE TEMP TABLE hredd_est_s (i bigint, tid text, f hredd.facility);
    EXECUTE format($q$INSERT INTO pg_temp.hredd_est_s
        SELECT row_number() OVER (ORDER BY hashtext(x.f::text), x.f::text, x.tid) - 1, x.tid, x.f
          FROM (SELECT tableoid::text || ':' || ctid::text AS tid, %1$I AS f FROM %2$s WHERE %1$I IS NOT NULL
                 ORDER BY hashtext(%1$I::text), %1$I::text, tableoid, ctid LIMIT $1) x$q$, source_column, source)
        USING sample_rows;
    GET DIAGNOSTICS n_sample = ROW_COUNT;

    -- candidates as a search finds them: each sampled row's top_k under the
    -- default model at the low threshold (the settings are this call's only)
    PERFORM set_config('hredd.match_threshold', threshold::text, true),
            set_config('hredd.match_model', 'default', true);
    CREATE TEMP TABLE hredd_est_c (n bigint GENERATED ALWAYS AS IDENTITY, a hredd.facility, b hredd.facility);
    EXECUTE format($q$INSERT INTO pg_temp.hredd_est_c (a, b)
        SELECT a, b FROM (
            SELECT DISTINCT ON (CASE WHEN $2 THEN least(s.tid, c.tid) END, CASE WHEN $2 THEN greatest(s.tid, c.tid) END,
                                CASE WHEN $2 THEN NULL ELSE s.i END, CASE WHEN $2 THEN NULL ELSE c.tid END)
                   s.i, c.k, s.f AS a, c.f AS b
              FROM pg_temp.hredd_est_s s
             CROSS JOIN LATERAL (
                   SELECT t.tid, t.f, row_number() OVER () AS k FROM (
                       SELECT t.tableoid::text || ':' || t.ctid::text AS tid, t.%1$I AS f FROM %2$s t
                        WHERE t.%1$I OPERATOR(hredd.%%) s.f
                          AND NOT ($2 AND t.tableoid::text || ':' || t.ctid::text = s.tid)
                        ORDER BY t.%1$I OPERATOR(hredd.<->) s.f, t.%1$I::text LIMIT $1) t) c
             ORDER BY CASE WHEN $2 THEN least(s.tid, c.tid) END, CASE WHEN $2 THEN greatest(s.tid, c.tid) END,
                      CASE WHEN $2 THEN NULL ELSE s.i END, CASE WHEN $2 THEN NULL ELSE c.tid END, s.i) p
         ORDER BY p.i, p.k$q$, target_column, target)
        USING top_k, dedup;
    GET DIAGNOSTICS n_cand = ROW_COUNT;
    PERFORM set_config('hredd.match_threshold', saved_thr, true),
            set_config('hredd.match_model', saved_mdl, true);
    IF n_cand < 50 THEN
        RAISE EXCEPTION 'match_estimate: too few candidate pairs (% from % sampled rows of %)', n_cand, n_sample, src_name
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'EM needs at least 50 candidate pairs.',
                  HINT = 'Sample more rows, raise top_k or lower the threshold.';
    END IF;

    -- random pairs: the sample against other rows of the target, paired by a fixed hash
    CREATE TEMP TABLE hredd_est_r (n bigint GENERATED ALWAYS AS IDENTITY, a hredd.facility, b hredd.facility);
    IF random_pairs > 0 THEN
        EXECUTE format($q$INSERT INTO pg_temp.hredd_est_r (a, b)
            SELECT s.f, t.f
              FROM (SELECT row_number() OVER (ORDER BY hashtext('hredd-u' || x.f::text), x.f::text, x.tid) - 1 AS j,
                           x.tid, x.f
                      FROM (SELECT tableoid::text || ':' || ctid::text AS tid, %1$I AS f FROM %2$s
                             WHERE %1$I IS NOT NULL
                             ORDER BY hashtext('hredd-u' || %1$I::text), %1$I::text, tableoid, ctid LIMIT $1) x) t
              JOIN pg_temp.hredd_est_s s ON s.i = t.j %% $3
             WHERE NOT ($2 AND s.tid = t.tid)
             ORDER BY t.j$q$, target_column, target)
            USING random_pairs, dedup, n_sample;
    END IF;
    GET DIAGNOSTICS n_rand = ROW_COUNT;

    SELECT array_agg(match_features(c.a, c.b, 'default', registry) ORDER BY c.n) INTO x FROM pg_temp.hredd_est_c c;
    SELECT coalesce(array_agg(match_features(r.a, r.b, 'default', registry) ORDER BY r.n), '{}')
      INTO xr FROM pg_temp.hredd_est_r r;
    em := match_em(x, xr, fix_u, max_iterations, 1e-4, penalty);

    INSERT INTO hredd.match_model AS mm (name, coefficients, terms, train_pairs, heldout_pairs, "precision",
                                         recall, f1, reliability, source)
    VALUES (model_name, em.coefficients, match_model_terms(), n_cand, 0, NULL, NULL, NULL, '[]'::jsonb,
            format('estimated without labels (EM, %s iterations, lambda %s): %s.%I against %s.%I, %s sampled rows, %s candidate pairs (top %s >= %s), %s random pairs%s',
                   em.iterations, round(em.lambda::numeric, 4), src_name, orig_scol, tgt_name, orig_tcol,
                   n_sample, n_cand, top_k, threshold, n_rand, CASE WHEN fix_u THEN ' (u fixed)' ELSE '' END))
    ON CONFLICT (name) DO UPDATE
       SET coefficients = excluded.coefficients, terms = excluded.terms, train_pairs = excluded.train_pairs,
           heldout_pairs = excluded.heldout_pairs, "precision" = excluded."precision",
           recall = excluded.recall, f1 = excluded.f1, reliability = excluded.reliability,
           source = excluded.source, created_by = current_user, created_at = now();
    DROP TABLE pg_temp.hredd_est_s, pg_temp.hredd_est_c, pg_temp.hredd_est_r;
    IF to_regclass('pg_temp.hredd_est_t') IS NOT NULL THEN DROP TABLE pg_temp.hredd_est_t; END IF;
    -- on a Citus coordinator the workers get the model too (as match_calibrate)
    PERFORM hredd.match_model_sync_after_fit('match_estimate', model_name);
    RETURN QUERY
        SELECT model_name, e.c, e.l, e.s, e.m, e.u, e.r, log(2.0, (e.m / e.u)::numeric)::float8,
               em.lambda, n_cand, em.iterations, em.converged
          FROM unnest(em.comparisons, em.levels, em.pairs, em.m, em.u,
                      coalesce(em.u_random, array_fill(NULL::float8, ARRAY[cardinality(em.m)]))) e(c, l, s, m, u, r);
END
$$;
COMMENT ON FUNCTION hredd.match_estimate(text, regclass, name, regclass, name, integer, integer, float8, integer, boolean, integer, float8, regclass) IS 'estimate a match model without labels, from the user''s own tables (Splink''s way: candidate pairs as a search finds them, comparison levels, m and u by EM), fit the logistic match model to the EM posteriors and store it under a name for match_score, the operators and match_table; one row per comparison level: the candidate pairs at that level, m, u (and u of random pairs), the match weight log2(m/u), lambda, the pairs, the iterations and convergence';
