\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 22-matching-model.sql — named match models: the shipped default and models
-- calibrated on a user's own labelled pairs (docs/matching.md, "Default or
-- calibrated model").

CREATE TABLE hredd.match_model (
    name          text PRIMARY KEY CHECK (name <> 'default' AND name ~ '^[[:alnum:]_.:-]{1,63}$'),
    coefficients  float8[] NOT NULL,
    terms         text[] NOT NULL,
    train_pairs   integer NOT NULL,
    heldout_pairs integer NOT NULL,
    "precision"   float8,
    recall        float8,
    f1            float8,
    reliability   jsonb NOT NULL,
    source        text NOT NULL,
    created_by    name NOT NULL DEFAULT current_user,
    created_at    timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE hredd.match_model IS 'match models fitted by hredd.match_calibrate: coefficients (in the order of terms), the held-out precision, recall and F1 at 0.5 and the reliability table; "default" is the shipped model and never stored';
SELECT pg_catalog.pg_extension_config_dump('hredd.match_model', '');

CREATE FUNCTION hredd.match_score(hredd.facility, hredd.facility, model text) RETURNS float8
    AS 'MODULE_PATHNAME', 'match_score' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION hredd.match_score(hredd.facility, hredd.facility, text) IS 'match_score under a named model ("default" or one fitted by match_calibrate; NULL reads the setting hredd.match_model); STABLE because it reads hredd.match_model';
CREATE FUNCTION hredd.match_explain(hredd.facility, hredd.facility, model text) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'match_explain' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION hredd.match_explain(hredd.facility, hredd.facility, text) IS 'match_explain under a named model';
CREATE FUNCTION hredd.match_features(hredd.facility, hredd.facility) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'match_features' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.match_features(hredd.facility, hredd.facility) IS 'the inputs of the match model for a pair, in the order of match_model_terms() (what a model''s coefficients multiply)';
CREATE FUNCTION hredd.match_features(hredd.facility, hredd.facility, model text, registry regclass) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'match_features' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION hredd.match_features(hredd.facility, hredd.facility, text, regclass) IS 'the inputs of the match model for a pair with the statistics of the registry searched (the model is only checked: inputs do not depend on it)';
CREATE FUNCTION hredd.match_model_terms() RETURNS text[]
    AS 'MODULE_PATHNAME', 'match_model_terms' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION hredd.match_model_terms() IS 'the names of the match model''s inputs, in order';
CREATE FUNCTION hredd.match_default_coefficients() RETURNS float8[]
    AS 'MODULE_PATHNAME', 'match_default_coefficients' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION hredd.match_default_coefficients() IS 'the coefficients of the shipped default model, in the order of match_model_terms()';
CREATE FUNCTION hredd.match_fit(inputs float8[], labels boolean[], penalty float8) RETURNS float8[]
    AS 'MODULE_PATHNAME', 'match_fit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.match_fit(float8[], boolean[], float8) IS 'logistic regression of labels on inputs (one row of match_features per label), pulled towards the default coefficients by the penalty (internal to match_calibrate)';

-- Fit a model on labelled pairs and store it under a name.
--   pairs    a table or view of labelled pairs: two facility columns and a
--            boolean, whether they are the same facility — candidate pairs as
--            your own search produces them, not random pairs
--   holdout  the share of pairs kept out of the fit and scored (a fixed hash
--            of the pair decides, so a re-run splits alike)
--   penalty  how strongly the coefficients stay near the default (per pair
--            of evidence: larger keeps closer)
--   registry the registry whose statistics (hredd.match_analyze) the model
--            is fitted with, NULL for none
-- After a fit (match_calibrate, match_estimate) on a Citus coordinator the
-- workers get the model too: the searches and scores Citus pushes down to the
-- shards read their own hredd.match_model (23-matching-citus.sql).  A failure
-- there keeps the fit here and says so.
CREATE FUNCTION hredd.match_model_sync_after_fit(caller text, model_name text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, hredd, pg_temp
AS $$
DECLARE
    sync_msg    text;
    sync_detail text;
BEGIN
    IF NOT hredd.citus_coordinator() THEN
        RETURN;
    END IF;
    PERFORM hredd.match_model_sync(model_name);
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS sync_msg = MESSAGE_TEXT, sync_detail = PG_EXCEPTION_DETAIL;
    RAISE WARNING '%: model "%" is stored here but not on every Citus worker: %', caller, model_name, sync_msg
        USING DETAIL = sync_detail,
              HINT = format('Copy it with SELECT * FROM hredd.match_model_sync(%L); until then match_table refuses it against a Citus table.', model_name);
END
$$;
COMMENT ON FUNCTION hredd.match_model_sync_after_fit(text, text) IS 'after a fit, on a Citus coordinator: copy the model to the workers, or warn (naming the caller) that it is stored here only (internal to match_calibrate and match_estimate)';

CREATE FUNCTION hredd.match_calibrate(model_name text, pairs regclass, a_col name DEFAULT 'a',
                                      b_col name DEFAULT 'b', label_col name DEFAULT 'same',
                                      holdout float8 DEFAULT 0.3, penalty float8 DEFAULT 1.0,
                                      registry regclass DEFAULT NULL)
RETURNS TABLE (model text, train_pairs integer, heldout_pairs integer, "precision" float8,
               recall float8, f1 float8, default_f1 float8, reliability jsonb)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
#variable_conflict use_column
DECLARE
    n_null    bigint;
    conflict  text;
    x         float8[];
    y         boolean[];
    coef      float8[];
    n_train   integer;
    n_test    integer;
    tp bigint; fp bigint; fn bigint;
    dtp bigint; dfp bigint; dfn bigint;
    rel       jsonb;
    col       name;
    want      regtype;
    want_name text;
    typ       regtype;
BEGIN
    IF model_name IS NULL OR pairs IS NULL THEN
        RAISE EXCEPTION 'match_calibrate: model name and pairs table must not be NULL'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF model_name = 'default' OR model_name !~ '^[[:alnum:]_.:-]{1,63}$' THEN
        RAISE EXCEPTION 'match_calibrate: invalid model name "%"', model_name
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use 1 to 63 letters, digits, _ . : or -; "default" is the shipped model.';
    END IF;
    IF holdout IS NULL OR holdout < 0.1 OR holdout > 0.9 THEN
        RAISE EXCEPTION 'match_calibrate: holdout must be between 0.1 and 0.9, got %', coalesce(holdout::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF penalty IS NULL OR penalty < 0 OR penalty = 'NaN' OR penalty = 'Infinity' THEN
        RAISE EXCEPTION 'match_calibrate: penalty must be a number >= 0, got %', coalesce(penalty::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR col, want, want_name IN VALUES (a_col, 'hredd.facility'::regtype, 'hredd.facility'),
                                       (b_col, 'hredd.facility'::regtype, 'hredd.facility'),
                                       (label_col, 'boolean'::regtype, 'boolean') LOOP
        IF col IS NULL THEN
            RAISE EXCEPTION 'match_calibrate: column names must not be NULL' USING ERRCODE = 'null_value_not_allowed';
        END IF;
        SELECT a.atttypid::regtype INTO typ FROM pg_attribute a
         WHERE a.attrelid = pairs AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'match_calibrate: column "%" of % does not exist', col, pairs
                USING ERRCODE = 'undefined_column';
        END IF;
        IF typ <> want THEN
            RAISE EXCEPTION 'match_calibrate: column "%" of % is of type %, not %', col, pairs, typ, want_name
                USING ERRCODE = 'datatype_mismatch';
        END IF;
    END LOOP;
    -- (not DROP ... IF EXISTS: its NOTICE on every first call is noise)
    IF to_regclass('pg_temp.hredd_cal') IS NOT NULL THEN
        DROP TABLE pg_temp.hredd_cal;
    END IF;
    CREATE TEMP TABLE hredd_cal (n bigint GENERATED ALWAYS AS IDENTITY, a hredd.facility,
                                 b hredd.facility, same boolean, test boolean, s float8);
    EXECUTE format('INSERT INTO pg_temp.hredd_cal (a, b, same) SELECT %I, %I, %I FROM %s',
                   a_col, b_col, label_col, pairs);
    SELECT count(*) INTO n_null FROM pg_temp.hredd_cal c WHERE c.a IS NULL OR c.b IS NULL OR c.same IS NULL;
    IF n_null > 0 THEN
        RAISE EXCEPTION 'match_calibrate: % labelled pairs of % have a NULL facility or label', n_null, pairs
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Leave out pairs you cannot label, and records without a name.';
    END IF;
    SELECT format('(%s) and (%s)', facility_name(least(c.a, c.b)), facility_name(greatest(c.a, c.b)))
      INTO conflict
      FROM pg_temp.hredd_cal c GROUP BY least(c.a, c.b), greatest(c.a, c.b)
     HAVING bool_or(c.same) AND NOT bool_and(c.same) ORDER BY 1 LIMIT 1;
    IF conflict IS NOT NULL THEN
        RAISE EXCEPTION 'match_calibrate: conflicting labels: the pair % is labelled both same and different', conflict
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- a fixed hash of the pair (either order) decides the held-out share
    UPDATE pg_temp.hredd_cal c
       SET test = abs(hashtext(least(c.a, c.b)::text || '|' || greatest(c.a, c.b)::text)) % 1000 < holdout * 1000;
    SELECT count(*) FILTER (WHERE NOT c.test), count(*) FILTER (WHERE c.test) INTO n_train, n_test
      FROM pg_temp.hredd_cal c;
    IF (SELECT count(*) FILTER (WHERE c.same) FROM pg_temp.hredd_cal c WHERE NOT c.test) < 10
       OR (SELECT count(*) FILTER (WHERE NOT c.same) FROM pg_temp.hredd_cal c WHERE NOT c.test) < 10
       OR (SELECT count(*) FILTER (WHERE c.same) FROM pg_temp.hredd_cal c WHERE c.test) < 5
       OR (SELECT count(*) FILTER (WHERE NOT c.same) FROM pg_temp.hredd_cal c WHERE c.test) < 5 THEN
        RAISE EXCEPTION 'match_calibrate: too few labelled pairs (% to fit, % held out)', n_train, n_test
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'The fit needs at least 10 matching and 10 non-matching pairs, the held-out share 5 of each.';
    END IF;
    SELECT array_agg(match_features(c.a, c.b, 'default', registry) ORDER BY c.n), array_agg(c.same ORDER BY c.n) INTO x, y
      FROM pg_temp.hredd_cal c WHERE NOT c.test;
    coef := match_fit(x, y, penalty);

    -- score the held-out pairs with the new coefficients
    UPDATE pg_temp.hredd_cal c SET s = 1 / (1 + exp(-least(greatest(
        (SELECT sum(f.v * k.v) FROM unnest(match_features(c.a, c.b, 'default', registry)) WITH ORDINALITY f(v, i)
           JOIN unnest(coef) WITH ORDINALITY k(v, i) USING (i)), -700), 700)))
     WHERE c.test;
    SELECT count(*) FILTER (WHERE c.same AND c.s >= 0.5), count(*) FILTER (WHERE NOT c.same AND c.s >= 0.5),
           count(*) FILTER (WHERE c.same AND c.s < 0.5),
           count(*) FILTER (WHERE c.same AND match_score(c.a, c.b, 'default', registry) >= 0.5),
           count(*) FILTER (WHERE NOT c.same AND match_score(c.a, c.b, 'default', registry) >= 0.5),
           count(*) FILTER (WHERE c.same AND match_score(c.a, c.b, 'default', registry) < 0.5)
      INTO tp, fp, fn, dtp, dfp, dfn
      FROM pg_temp.hredd_cal c WHERE c.test;
    SELECT jsonb_agg(jsonb_build_object('band', r.band, 'pairs', r.pairs, 'predicted', r.predicted,
                                        'observed', r.observed) ORDER BY r.band)
      INTO rel
      FROM (SELECT to_char(floor(least(c.s, 0.9999) * 10) / 10, 'FM0.0') || '-' ||
                   to_char(floor(least(c.s, 0.9999) * 10) / 10 + 0.1, 'FM0.0') AS band,
                   count(*) AS pairs, round(avg(c.s)::numeric, 3) AS predicted,
                   round(avg(c.same::int)::numeric, 3) AS observed
              FROM pg_temp.hredd_cal c WHERE c.test GROUP BY 1) r;

    INSERT INTO hredd.match_model AS m (name, coefficients, terms, train_pairs, heldout_pairs, "precision",
                                        recall, f1, reliability, source)
    VALUES (model_name, coef, match_model_terms(), n_train, n_test,
            tp::float8 / nullif(tp + fp, 0), tp::float8 / nullif(tp + fn, 0),
            2 * tp::float8 / nullif(2 * tp + fp + fn, 0), rel,
            format('%s (%I, %I, %I)', pairs, a_col, b_col, label_col))
    ON CONFLICT (name) DO UPDATE
       SET coefficients = excluded.coefficients, terms = excluded.terms, train_pairs = excluded.train_pairs,
           heldout_pairs = excluded.heldout_pairs, "precision" = excluded."precision",
           recall = excluded.recall, f1 = excluded.f1, reliability = excluded.reliability,
           source = excluded.source, created_by = current_user, created_at = now();
    DROP TABLE pg_temp.hredd_cal;
    -- on a Citus coordinator the workers get the model too (23-matching-citus.sql)
    PERFORM hredd.match_model_sync_after_fit('match_calibrate', model_name);
    RETURN QUERY SELECT model_name, n_train, n_test,
        round((tp::numeric / nullif(tp + fp, 0)), 3)::float8, round(tp::numeric / nullif(tp + fn, 0), 3)::float8,
        round(2 * tp::numeric / nullif(2 * tp + fp + fn, 0), 3)::float8,
        round(2 * dtp::numeric / nullif(2 * dtp + dfp + dfn, 0), 3)::float8, rel;
END
$$;
COMMENT ON FUNCTION hredd.match_calibrate(text, regclass, name, name, name, float8, float8, regclass) IS 'fit a match model on labelled pairs (a table or view with two facility columns and a boolean label), optionally with the statistics of a registry (hredd.match_analyze), store it under a name, and report precision, recall and F1 at 0.5 and the reliability table on the held-out share (with the default model''s F1 on the same pairs)';

CREATE FUNCTION hredd.match_model_reliability(model text)
RETURNS TABLE (band text, pairs bigint, predicted numeric, observed numeric)
LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    rel jsonb;
BEGIN
    SELECT m.reliability INTO rel FROM hredd.match_model m WHERE m.name = match_model_reliability.model;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'match model "%" does not exist', model
            USING ERRCODE = 'undefined_object', HINT = 'Fit one with hredd.match_calibrate; "default" keeps no held-out pairs.';
    END IF;
    RETURN QUERY SELECT e->>'band', (e->>'pairs')::bigint, (e->>'predicted')::numeric, (e->>'observed')::numeric
                   FROM jsonb_array_elements(rel) e;
END
$$;
COMMENT ON FUNCTION hredd.match_model_reliability(text) IS 'the reliability table of a calibrated model: per score band of its held-out pairs, how many, the mean score (predicted) and the share that were the same facility (observed)';

-- ---------------------------------------------------------------- registry statistics
CREATE TABLE hredd.match_stats_run (
    target      regclass PRIMARY KEY,
    col         name NOT NULL,
    rows        bigint NOT NULL,
    changes     bigint NOT NULL,
    analysed_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE hredd.match_stats_run IS 'registries analysed by hredd.match_analyze: the facility column, the row count, and the table''s change counter then (to tell stale statistics)';
CREATE TABLE hredd.match_stats (
    target regclass NOT NULL REFERENCES hredd.match_stats_run ON DELETE CASCADE,
    kind   "char" NOT NULL CHECK (kind IN ('n', 'w', 'a')),
    key    text NOT NULL,
    freq   integer NOT NULL,
    PRIMARY KEY (target, kind, key)
);
COMMENT ON TABLE hredd.match_stats IS 'statistics of a registry for the match score: how many rows have a whole normalised name (n), a name word (w) or a whole address (a); only what occurs in at least two rows';
SELECT pg_catalog.pg_extension_config_dump('hredd.match_stats_run', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.match_stats', '');

CREATE FUNCTION hredd.match_analyze(target regclass, col name)
RETURNS TABLE (rows bigint, repeated_names bigint, common_words bigint, shared_addresses bigint)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
#variable_conflict use_column
DECLARE
    typ  regtype;
    n    bigint;
BEGIN
    IF target IS NULL OR col IS NULL THEN
        RAISE EXCEPTION 'match_analyze: table and column must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT a.atttypid::regtype INTO typ FROM pg_attribute a
     WHERE a.attrelid = target AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'match_analyze: column "%" of table % does not exist', col, target
            USING ERRCODE = 'undefined_column';
    END IF;
    IF typ <> 'hredd.facility'::regtype THEN
        RAISE EXCEPTION 'match_analyze: column "%" of table % is of type %, not hredd.facility', col, target, typ
            USING ERRCODE = 'datatype_mismatch';
    END IF;
    DELETE FROM hredd.match_stats_run r WHERE r.target = match_analyze.target;
    EXECUTE format('SELECT count(*) FROM %s', target) INTO n;
    INSERT INTO hredd.match_stats_run (target, col, rows, changes)
    VALUES (target, col, n,
            pg_stat_get_tuples_inserted(target) + pg_stat_get_tuples_updated(target) + pg_stat_get_tuples_deleted(target)
          + pg_stat_get_xact_tuples_inserted(target) + pg_stat_get_xact_tuples_updated(target)
          + pg_stat_get_xact_tuples_deleted(target));
    EXECUTE format($q$
        INSERT INTO hredd.match_stats (target, kind, key, freq)
        SELECT $1, 'n', nm, count(*) FROM (SELECT hredd.facility_name(%1$I) nm FROM %2$s WHERE %1$I IS NOT NULL) x
         GROUP BY nm HAVING count(*) >= 2
        UNION ALL
        SELECT $1, 'a', ad, count(*) FROM (SELECT hredd.facility_address(%1$I) ad FROM %2$s WHERE %1$I IS NOT NULL) x
         WHERE ad IS NOT NULL GROUP BY ad HAVING count(*) >= 2
        UNION ALL
        SELECT $1, 'w', w, count(*) FROM (
            SELECT DISTINCT k, w FROM (SELECT row_number() OVER () k, hredd.facility_name(%1$I) nm FROM %2$s
                                        WHERE %1$I IS NOT NULL) x,
                   regexp_split_to_table(nm, ' ') w
             WHERE w !~ '^[0-9]+$' AND w <> '') y
         GROUP BY w HAVING count(*) >= 2$q$, col, target) USING target;
    RETURN QUERY SELECT n,
        (SELECT count(*) FROM hredd.match_stats s WHERE s.target = match_analyze.target AND s.kind = 'n'),
        (SELECT count(*) FROM hredd.match_stats s WHERE s.target = match_analyze.target AND s.kind = 'w'),
        (SELECT count(*) FROM hredd.match_stats s WHERE s.target = match_analyze.target AND s.kind = 'a');
END
$$;
COMMENT ON FUNCTION hredd.match_analyze(regclass, name) IS 'count, for the registry table searched, how many rows share each whole name, name word and address (what occurs at least twice), for match_score(a, b, model, registry): names of chains and groups, words of a group and shared buildings then weigh less; run again after large changes (scores raise a NOTICE when the table changed by more than a tenth)';

CREATE FUNCTION hredd.match_score(hredd.facility, hredd.facility, model text, registry regclass) RETURNS float8
    AS 'MODULE_PATHNAME', 'match_score' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION hredd.match_score(hredd.facility, hredd.facility, text, regclass) IS 'match_score under a model (NULL: the setting hredd.match_model) with the statistics of the registry searched (hredd.match_analyze): names common there weigh less';
CREATE FUNCTION hredd.match_explain(hredd.facility, hredd.facility, model text, registry regclass) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'match_explain' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION hredd.match_explain(hredd.facility, hredd.facility, text, regclass) IS 'match_explain under a model with the statistics of the registry searched';
