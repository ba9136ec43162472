\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 52-risk-assess.sql — assess_risk, risk_explain, risk_diff and the views for
-- BI.  The model is in docs/risk.md; every number it uses is in the profile.

-- Text of a column expression of the facility table, or NULL when the column
-- is not named and the conventional name is absent.  An error when a named
-- column is missing or of a type that cannot be read.
CREATE FUNCTION hredd.risk_column(facilities regclass, col name, conventional name, kinds text[], what text)
RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    typ regtype;
    c   name := coalesce(col, conventional);
    k   text;
BEGIN
    IF col IS NOT NULL THEN
        PERFORM hredd.require_column(facilities, col,
            hint => format('%s_column names the column of the %s.', what,
                           CASE what WHEN 'lat' THEN 'latitude' WHEN 'lng' THEN 'longitude'
                                     WHEN 'workers' THEN 'number of workers' ELSE replace(what, '_', ' ') END));
    END IF;
    typ := hredd.column_type(facilities, c);
    IF typ IS NULL THEN
        RETURN NULL;
    END IF;
    k := CASE
        WHEN typ = 'hredd.country'::regtype THEN 'country'
        WHEN typ = 'hredd.facility'::regtype THEN 'facility'
        WHEN typ IN ('text'::regtype, 'character varying'::regtype, 'character'::regtype, 'name'::regtype) THEN 'text'
        WHEN typ IN ('text[]'::regtype, 'character varying[]'::regtype) THEN 'text[]'
        WHEN typ IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype, 'numeric'::regtype,
                     'real'::regtype, 'double precision'::regtype) THEN 'number'
        ELSE typ::text END;
    IF NOT k = ANY (kinds) THEN
        RAISE EXCEPTION 'column "%" of facility table % is of type %, which hredd cannot read as the %', c,
            hredd.relation_ref(facilities), typ, replace(what, '_', ' ')
            USING ERRCODE = 'datatype_mismatch',
                  HINT = format('The %s can be of type %s.', replace(what, '_', ' '), array_to_string(kinds, ', '));
    END IF;
    RETURN CASE
        WHEN what = 'country' AND k = 'country' THEN format('f.%I', c)
        WHEN what = 'country' AND k = 'text' THEN format('hredd.try_country(f.%I::text)', c)
        WHEN what = 'country' AND k = 'facility' THEN format('hredd.facility_country(f.%I)', c)
        WHEN what = 'name' AND k = 'facility' THEN format('hredd.facility_name(f.%I)', c)
        WHEN what = 'products' AND k = 'text[]' THEN format('array_to_string(f.%I, %L)', c, ' | ')
        WHEN k = 'number' AND what IN ('lat', 'lng', 'spend_share', 'match_score') THEN format('f.%I::float8', c)
        WHEN k = 'text' AND what IN ('lat', 'lng', 'spend_share', 'match_score') THEN format('hredd.risk_number(f.%I::text)', c)
        WHEN k = 'number' AND what IN ('workers', 'tier') THEN format('round(f.%I::numeric)::integer', c)
        -- "1001-5000" (a band, as Open Supply Hub gives it): its middle
        WHEN k = 'text' AND what IN ('workers', 'tier') THEN format('round(hredd.risk_number(f.%I::text))::integer', c)
        WHEN what = 'facility' THEN format('f.%I', c)
        ELSE format('f.%I::text', c) END;
END
$$;
COMMENT ON FUNCTION hredd.risk_column(regclass, name, name, text[], text) IS 'the expression that reads one column of a facility table for hredd.assess_risk (internal)';

-- A number in text: '12.5', '1,001 - 5,000' (the middle of a band), NULL
-- when there is none.
CREATE FUNCTION hredd.risk_number(t text) RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    v float8;
BEGIN
    SELECT avg(m[1]::float8) INTO v
    -- a minus sign only where no digit precedes it: '1001-5000' is a range
    FROM regexp_matches(replace(t, ',', ''), '(?<![0-9.])(-?[0-9]+(?:\.[0-9]+)?)', 'g') m;
    IF v IS NULL OR v = 'NaN' OR v IN ('Infinity', '-Infinity') THEN
        RETURN NULL;
    END IF;
    RETURN v;
EXCEPTION WHEN numeric_value_out_of_range THEN
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION hredd.risk_number(text) IS 'a number read from text, the middle of a range ("1001-5000" gives 3000.5); NULL when there is none';

-- One facility's results for every topic of a run, from the sums of its
-- layers and evidence (src/risk/risk_core.c: the arithmetic of docs/risk.md
-- in the order the SQL it replaced used), and the run's rank in one sort:
-- the statement no longer carries every facility × topic row through two
-- sorts of all its columns.
CREATE TYPE hredd.risk_packed AS (scope float8, l0 float8[], likelihood float8[], priority float8[], actual boolean[],
                                  confidence float8[], gap_bits smallint[], evidence_count integer[],
                                  evidence_shift float8[]);
COMMENT ON TYPE hredd.risk_packed IS 'one facility''s results of a run, its topics in the run''s order (hredd.risk_facility)';
CREATE FUNCTION hredd.risk_facility(ntopics integer,
    base_likelihood float8[], scale float8[], irremediability float8[],
    needs_country boolean[], needs_products boolean[], needs_location boolean[],
    combine text, unknown_prior float8, floor_share float8, alpha float8, default_scope float8, scope_workers float8,
    has_country boolean, has_products boolean, has_location boolean, workers float8, match_score float8,
    country_ords integer[], country_lg float8[], country_mx float8[], country_swv float8[], country_sw float8[],
    goods_ords integer[], goods_lg float8[], goods_mx float8[], goods_swv float8[], goods_sw float8[],
    stage_ords integer[], stage_lg float8[], stage_mx float8[], stage_swv float8[], stage_sw float8[],
    zone_ords integer[], zone_lg float8[], zone_mx float8[], zone_swv float8[], zone_sw float8[],
    evidence_ords integer[], evidence_shift float8[], evidence_actual boolean[], evidence_count integer[],
    evidence_coverage float8[])
RETURNS hredd.risk_packed
LANGUAGE c IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE AS 'MODULE_PATHNAME', 'risk_facility';
COMMENT ON FUNCTION hredd.risk_facility(integer, float8[], float8[], float8[], boolean[], boolean[], boolean[], text, float8, float8, float8, float8, float8, boolean, boolean, boolean, float8, float8, integer[], float8[], float8[], float8[], float8[], integer[], float8[], float8[], float8[], float8[], integer[], float8[], float8[], float8[], float8[], integer[], float8[], float8[], float8[], float8[], integer[], float8[], boolean[], integer[], float8[]) IS 'one facility''s results for every topic of a run (used by hredd.assess_risk): the topics'' constants, the profile''s numbers, what is known of the facility, and per layer (country, goods, stages, zones) the topic positions with the sums of ln(1 - w·v), the greatest w·v and the sums of w·v and w, per topic of evidence its shift, actual flag, count and coverage';
CREATE FUNCTION hredd.risk_rank(refs text[], priority float8[], actual boolean[])
RETURNS TABLE (ref text, rank integer[])
LANGUAGE c IMMUTABLE STRICT PARALLEL SAFE AS 'MODULE_PATHNAME', 'risk_rank';
COMMENT ON FUNCTION hredd.risk_rank(text[], float8[], boolean[]) IS 'the rank of every facility × topic of a run (priority and actual: one row of topics per facility): actual impacts first, then priority from high to low, then the reference in byte order, then the topic''s position; one row of ranks per facility (used by hredd.assess_risk)';

CREATE FUNCTION hredd.assess_risk(
    facilities          regclass,
    key_column          name DEFAULT 'facility_ref',
    profile             text DEFAULT 'default',
    as_of               date DEFAULT current_date,
    known_at            timestamptz DEFAULT now(),
    country_column      name DEFAULT NULL,
    facility_column     name DEFAULT NULL,
    name_column         name DEFAULT NULL,
    lat_column          name DEFAULT NULL,
    lng_column          name DEFAULT NULL,
    products_column     name DEFAULT NULL,
    workers_column      name DEFAULT NULL,
    tier_column         name DEFAULT NULL,
    spend_share_column  name DEFAULT NULL,
    match_score_column  name DEFAULT NULL,
    profile_version     integer DEFAULT NULL,
    replay_of           bigint DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp
-- the aggregates over millions of contributions hash in memory
SET work_mem = '256MB' AS $$
DECLARE
    src       text;
    prof      hredd.risk_profile;
    run       bigint;
    e_country text; e_facility text; e_name text; e_lat text; e_lng text; e_products text;
    e_workers text; e_tier text; e_spend text; e_match text;
    dup       text;
    n_fac     bigint;
    n_res     bigint;
    pgis      text;
    editions  jsonb;
    run_topics text[];
    run_scale float8[];
    run_irremediability float8[];
    run_base float8[];
    run_needs_country boolean[];
    run_needs_products boolean[];
    run_needs_location boolean[];
BEGIN
    -- everything is checked before anything is written
    IF facilities IS NULL OR key_column IS NULL THEN
        RAISE EXCEPTION 'assess_risk needs a facility table and its key column' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF as_of IS NULL OR known_at IS NULL OR as_of IN ('infinity', '-infinity') OR known_at IN ('infinity', '-infinity') THEN
        RAISE EXCEPTION 'assess_risk needs a finite as_of date and known_at time' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    src := hredd.relation_ref(facilities);
    PERFORM hredd.require_column(facilities, key_column,
        hint => 'key_column names the column of the facility references (as in hredd.observation.facility_ref).');
    SELECT * INTO prof FROM hredd.risk_profile p
    WHERE p.profile = assess_risk.profile AND (profile_version IS NULL OR p.version = profile_version)
    ORDER BY p.version DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown risk profile "%"%', coalesce(profile, 'NULL'),
            CASE WHEN profile_version IS NULL THEN '' ELSE format(' version %s', profile_version) END
            USING ERRCODE = 'undefined_object',
                  HINT = 'The profiles are in hredd.risk_profile; the shipped one is "default".';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM hredd.risk_profile_topic t WHERE t.profile = prof.profile AND t.version = prof.version) THEN
        RAISE EXCEPTION 'risk profile "%" version % assesses no topic', prof.profile, prof.version
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Add the topics to hredd.risk_profile_topic.';
    END IF;
    e_facility := hredd.risk_column(facilities, facility_column, NULL, ARRAY['facility'], 'facility');
    e_country := coalesce(hredd.risk_column(facilities, country_column, 'country', ARRAY['country', 'text'], 'country'),
                          'hredd.facility_country(' || e_facility || ')');
    e_name := coalesce(hredd.risk_column(facilities, name_column, 'name', ARRAY['text'], 'name'),
                       'hredd.facility_name(' || e_facility || ')');
    e_lat := hredd.risk_column(facilities, lat_column, 'lat', ARRAY['number', 'text'], 'lat');
    e_lng := hredd.risk_column(facilities, lng_column, 'lng', ARRAY['number', 'text'], 'lng');
    e_products := hredd.risk_column(facilities, products_column, 'products', ARRAY['text', 'text[]'], 'products');
    e_workers := hredd.risk_column(facilities, workers_column, 'workers', ARRAY['number', 'text'], 'workers');
    e_tier := hredd.risk_column(facilities, tier_column, 'tier', ARRAY['number', 'text'], 'tier');
    e_spend := hredd.risk_column(facilities, spend_share_column, 'spend_share', ARRAY['number', 'text'], 'spend_share');
    e_match := hredd.risk_column(facilities, match_score_column, 'match_score', ARRAY['number', 'text'], 'match_score');
    IF (e_lat IS NULL) <> (e_lng IS NULL) THEN
        RAISE EXCEPTION 'facility table % has a % column but no % column', src,
            CASE WHEN e_lat IS NULL THEN 'longitude' ELSE 'latitude' END, CASE WHEN e_lat IS NULL THEN 'latitude' ELSE 'longitude' END
            USING ERRCODE = 'undefined_column', HINT = 'Name both with lat_column and lng_column.';
    END IF;

    -- the facilities, read once
    EXECUTE format($q$CREATE TEMP TABLE hredd_rf ON COMMIT DROP AS
        SELECT f.%1$I::text COLLATE "C" AS ref, %2$s AS name, %3$s AS country, %4$s AS lat, %5$s AS lng,
               %6$s AS products, %7$s AS workers, %8$s AS tier, %9$s AS spend_share, %10$s AS match_score
        FROM %11$s f WHERE f.%1$I IS NOT NULL$q$,
        key_column, coalesce(e_name, 'NULL::text'), coalesce(e_country, 'NULL::hredd.country'),
        coalesce(e_lat, 'NULL::float8'), coalesce(e_lng, 'NULL::float8'), coalesce(e_products, 'NULL::text'),
        coalesce(e_workers, 'NULL::integer'), coalesce(e_tier, 'NULL::integer'), coalesce(e_spend, 'NULL::float8'),
        coalesce(e_match, 'NULL::float8'), src);
    SELECT r.ref INTO dup FROM pg_temp.hredd_rf r GROUP BY r.ref HAVING count(*) > 1 LIMIT 1;
    IF dup IS NOT NULL THEN
        RAISE EXCEPTION 'facility "%" appears more than once in %', dup, src
            USING ERRCODE = 'unique_violation', HINT = 'key_column must identify one facility per row.';
    END IF;
    -- coordinates outside the globe are no location
    UPDATE pg_temp.hredd_rf SET lat = NULL, lng = NULL
    WHERE lat IS NOT NULL AND (lat NOT BETWEEN -90 AND 90 OR lng IS NULL OR lng NOT BETWEEN -180 AND 180 OR (lat = 0 AND lng = 0));
    UPDATE pg_temp.hredd_rf SET workers = NULL WHERE workers < 0;
    UPDATE pg_temp.hredd_rf SET spend_share = NULL WHERE spend_share NOT BETWEEN 0 AND 1 OR spend_share = 'NaN';
    UPDATE pg_temp.hredd_rf SET match_score = NULL WHERE match_score NOT BETWEEN 0 AND 1 OR match_score = 'NaN';
    CREATE UNIQUE INDEX ON pg_temp.hredd_rf (ref);
    ANALYZE pg_temp.hredd_rf;

    -- the run, and the profile version frozen by it
    SELECT coalesce(jsonb_object_agg(l.name, jsonb_build_object('edition', l.edition, 'source', l.source,
                                                                'licence', l.licence, 'loaded_at', l.loaded_at)), '{}')
    INTO editions
    FROM hredd.risk_layer l
    WHERE l.name IN (SELECT pl.layer FROM hredd.risk_profile_layer pl WHERE pl.profile = prof.profile AND pl.version = prof.version);
    INSERT INTO hredd.risk_run (profile, version, profile_digest, as_of, known_at, facilities, arguments, layer_editions, replay_of)
    VALUES (prof.profile, prof.version, hredd.risk_profile_digest(prof.profile, prof.version), as_of, known_at, src,
            jsonb_strip_nulls(jsonb_build_object('key_column', key_column, 'country_column', country_column,
                'facility_column', facility_column, 'name_column', name_column, 'lat_column', lat_column,
                'lng_column', lng_column, 'products_column', products_column, 'workers_column', workers_column,
                'tier_column', tier_column, 'spend_share_column', spend_share_column,
                'match_score_column', match_score_column)),
            editions, replay_of)
    RETURNING run_id INTO run;
    UPDATE hredd.risk_profile p SET frozen_by_run = run
    WHERE p.profile = prof.profile AND p.version = prof.version AND p.frozen_by_run IS NULL;

    -- each distinct products text once (per facility, matching the stages
    -- cost half the run at 100,000 facilities): its number keys the
    -- contributions its facilities share; its words, lower-case and split at
    -- anything not a letter or digit, and every run of up to as many words as
    -- the longest term of the goods and stage tables, to look the terms up
    CREATE TEMP TABLE hredd_rp ON COMMIT DROP AS
        SELECT (row_number() OVER (ORDER BY d.products))::integer AS pkey, d.products,
               ' ' || trim(regexp_replace(lower(d.products), '[^[:alnum:]]+', ' ', 'g')) || ' ' AS words,
               NULL::text[] AS stages
        FROM (SELECT DISTINCT r.products FROM pg_temp.hredd_rf r WHERE r.products IS NOT NULL) d;
    CREATE TEMP TABLE hredd_rw ON COMMIT DROP AS
        SELECT p.pkey, array_to_string(w.a[i:i + n - 1], ' ') AS gram
        FROM pg_temp.hredd_rp p
        CROSS JOIN LATERAL (SELECT string_to_array(trim(p.words), ' ') AS a) w
        CROSS JOIN LATERAL generate_series(1, cardinality(w.a)) i
        CROSS JOIN LATERAL generate_series(1, (SELECT max(cardinality(string_to_array(x.term, ' ')))
                                               FROM (SELECT s.term FROM hredd.processing_stage s
                                                     UNION ALL SELECT g.term FROM hredd.product_good g) x)) n
        WHERE i + n - 1 <= cardinality(w.a);
    ANALYZE pg_temp.hredd_rw;
    UPDATE pg_temp.hredd_rp p SET stages = x.stages
    FROM (SELECT g.pkey, array_agg(DISTINCT s.stage ORDER BY s.stage) AS stages
          FROM pg_temp.hredd_rw g JOIN hredd.processing_stage s ON s.term = g.gram
          GROUP BY g.pkey) x
    WHERE x.pkey = p.pkey;
    CREATE UNIQUE INDEX ON pg_temp.hredd_rp (products);
    ANALYZE pg_temp.hredd_rp;

    -- per topic of the profile: its place in the arrays of results, its
    -- severity parts and what its layers need
    CREATE TEMP TABLE hredd_rt ON COMMIT DROP AS
    SELECT (row_number() OVER (ORDER BY t.topic))::integer AS ord, t.topic, t.scale, t.irremediability, t.base_likelihood,
           bool_or(pl.kind IN ('country', 'goods')) IS TRUE AS needs_country,
           bool_or(pl.kind IN ('goods', 'stage')) IS TRUE AS needs_products,
           bool_or(pl.kind = 'zone') IS TRUE AS needs_location
    FROM hredd.risk_profile_topic t
    LEFT JOIN hredd.risk_profile_layer pl ON pl.profile = t.profile AND pl.version = t.version AND pl.topic = t.topic
    WHERE t.profile = prof.profile AND t.version = prof.version
    GROUP BY t.topic, t.scale, t.irremediability, t.base_likelihood;
    ANALYZE pg_temp.hredd_rt;
    SELECT array_agg(t.topic ORDER BY t.ord), array_agg(t.scale ORDER BY t.ord), array_agg(t.irremediability ORDER BY t.ord),
           array_agg(t.base_likelihood ORDER BY t.ord), array_agg(t.needs_country ORDER BY t.ord),
           array_agg(t.needs_products ORDER BY t.ord), array_agg(t.needs_location ORDER BY t.ord)
    INTO run_topics, run_scale, run_irremediability, run_base, run_needs_country, run_needs_products, run_needs_location
    FROM pg_temp.hredd_rt t;

    -- ------------------------------------------------ inherent contributions
    -- shared by every facility of a country, a products text or both: one
    -- row per key, not per facility
    CREATE TEMP TABLE hredd_rs (country text COLLATE "C", pkey integer, topic text, kind text, layer text, subject text,
                                value float8, weight float8, source_row jsonb) ON COMMIT DROP;
    -- whole-country indices
    INSERT INTO pg_temp.hredd_rs
    SELECT DISTINCT ON (r.country, pl.topic, pl.layer) r.country::text, 0, pl.topic, 'country', pl.layer, '', c.severity, pl.weight,
           jsonb_build_object('table', 'hredd.country_risk', 'layer', c.layer, 'country', c.country::text,
                              'level', c.level, 'valid_from', c.valid_from)
    FROM (SELECT DISTINCT x.country FROM pg_temp.hredd_rf x WHERE x.country IS NOT NULL) r
    JOIN hredd.country_risk c ON c.country = r.country AND c.subject = '' AND c.valid_from <= as_of AND as_of < c.valid_to
    JOIN hredd.risk_profile_layer pl ON pl.profile = prof.profile AND pl.version = prof.version
         AND pl.kind = 'country' AND pl.layer = c.layer
    JOIN hredd.risk_layer l ON l.name = c.layer AND l.loaded_at <= known_at
    ORDER BY r.country, pl.topic, pl.layer, c.severity DESC;
    -- goods of the facility's country that its products name
    INSERT INTO pg_temp.hredd_rs
    SELECT DISTINCT ON (r.country, p.pkey, pl.topic, pl.layer, c.subject) r.country::text, p.pkey, pl.topic, 'goods', pl.layer,
           c.subject, c.severity, pl.weight,
           jsonb_build_object('table', 'hredd.country_risk', 'layer', c.layer, 'country', c.country::text,
                              'good', c.subject, 'level', c.level, 'term', pg.term)
    FROM (SELECT DISTINCT x.country, x.products FROM pg_temp.hredd_rf x
          WHERE x.country IS NOT NULL AND x.products IS NOT NULL) r
    JOIN pg_temp.hredd_rp p ON p.products = r.products
    JOIN pg_temp.hredd_rw w ON w.pkey = p.pkey
    JOIN hredd.product_good pg ON pg.term = w.gram
    JOIN hredd.country_risk c ON c.country = r.country AND c.subject = pg.good AND c.valid_from <= as_of AND as_of < c.valid_to
    JOIN hredd.good_level_topic gt ON gt.level = c.level
    JOIN hredd.risk_profile_layer pl ON pl.profile = prof.profile AND pl.version = prof.version
         AND pl.kind = 'goods' AND pl.layer = c.layer AND pl.topic = gt.topic
    JOIN hredd.risk_layer l ON l.name = c.layer AND l.loaded_at <= known_at
    ORDER BY r.country, p.pkey, pl.topic, pl.layer, c.subject, c.severity DESC, c.level, pg.term;
    -- processing stages: one row per stage found in the run (its subject)
    INSERT INTO pg_temp.hredd_rs
    SELECT DISTINCT ON (pl.topic, st.stage) '', 0, pl.topic, 'stage', '', st.stage, st.severity, pl.weight,
           jsonb_build_object('table', 'hredd.stage_topic', 'stage', st.stage, 'topic', st.topic)
    FROM (SELECT DISTINCT unnest(p.stages) AS stage FROM pg_temp.hredd_rp p) ps
    JOIN hredd.stage_topic st ON st.stage = ps.stage
    JOIN hredd.risk_profile_layer pl ON pl.profile = prof.profile AND pl.version = prof.version
         AND pl.kind = 'stage' AND pl.topic = st.topic
    ORDER BY pl.topic, st.stage;
    -- of one facility: the risk zones it lies in, through PostGIS's own schema
    CREATE TEMP TABLE hredd_rc (facility_ref text COLLATE "C", topic text, kind text, layer text, subject text,
                                value float8, weight float8, source_row jsonb) ON COMMIT DROP;
    IF EXISTS (SELECT 1 FROM pg_temp.hredd_rt t WHERE t.needs_location)
       AND EXISTS (SELECT 1 FROM pg_temp.hredd_rf r WHERE r.lat IS NOT NULL) THEN
        SELECT quote_ident(n.nspname) INTO pgis FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'postgis';
        EXECUTE format($q$CREATE TEMP TABLE hredd_rpt ON COMMIT DROP AS
            SELECT r.ref AS key, %1$s.st_setsrid(%1$s.st_makepoint(r.lng, r.lat), 4326) AS geom
            FROM pg_temp.hredd_rf r WHERE r.lat IS NOT NULL$q$, pgis);
        INSERT INTO pg_temp.hredd_rc
        SELECT DISTINCT ON (z.key, pl.topic, pl.layer) z.key, pl.topic, 'zone', pl.layer, z.name, z.severity, pl.weight,
               jsonb_build_object('table', 'hredd.risk_zone', 'layer', z.layer, 'zone_id', z.zone_id, 'name', z.name)
        FROM hredd.zones_for('pg_temp.hredd_rpt'::regclass, 'key', 'geom', as_of,
                             ARRAY(SELECT DISTINCT pl2.layer FROM hredd.risk_profile_layer pl2
                                   WHERE pl2.profile = prof.profile AND pl2.version = prof.version AND pl2.kind = 'zone')) z
        JOIN hredd.risk_profile_layer pl ON pl.profile = prof.profile AND pl.version = prof.version
             AND pl.kind = 'zone' AND pl.layer = z.layer
        JOIN hredd.risk_layer l ON l.name = z.layer AND l.loaded_at <= known_at
        ORDER BY z.key, pl.topic, pl.layer, z.severity DESC, z.zone_id;
    END IF;

    -- ------------------------------------------------ concrete evidence
    CREATE TEMP TABLE hredd_re (facility_ref text COLLATE "C", topic text, kind text, layer text, subject text,
                                severity float8, reliability float8, decay float8, effect float8, actual boolean,
                                source_row jsonb) ON COMMIT DROP;
    -- audits: per scheme, the worst of the latest observation of each
    -- indicator within the horizon, harmonised by known_at; then per
    -- facility and topic the schemes are consolidated (as
    -- hredd.audit_consensus does): the scheme with the worst finding carries
    -- the shift, the others shift nothing — agreement raises confidence
    -- (their weight counts in the coverage), never severity; a scheme further
    -- than 0.25 from the worst finding conflicts with it: flagged, and it adds
    -- no confidence (weight 0)
    INSERT INTO pg_temp.hredd_re
    SELECT c.facility_ref, c.topic, 'audit', c.scheme, c.observed_on::text, c.severity,
           CASE WHEN c.worst - c.severity > 0.25 THEN 0 ELSE pe.reliability END,
           power(0.5, (as_of - c.observed_on)::float8 / pe.half_life_days),
           CASE WHEN c.severity IS NULL OR c.pick > 1 THEN 0
                ELSE prof.evidence_scale * pe.reliability * power(0.5, (as_of - c.observed_on)::float8 / pe.half_life_days)
                     * (2 * c.severity - 1) END,
           coalesce(c.severity >= 1, false),
           jsonb_build_object('table', 'hredd.observation', 'scheme', c.scheme, 'observed_on', c.observed_on,
                              'indicators', c.indicators, 'worst_indicator', c.worst_indicator)
           || CASE WHEN c.schemes > 1 THEN
                  jsonb_build_object('schemes', c.schemes, 'consensus', CASE WHEN c.worst - c.best > 0.25 THEN 'conflict' ELSE 'agree' END,
                                     'carries_shift', c.pick = 1 AND c.severity IS NOT NULL,
                                     'conflicts', c.worst - c.severity > 0.25)
                  ELSE '{}'::jsonb END
    FROM (SELECT a.*, max(a.severity) OVER w AS worst, min(a.severity) OVER w AS best,
                 count(a.severity) OVER w AS schemes,
                 row_number() OVER (PARTITION BY a.facility_ref, a.topic
                                    ORDER BY a.severity DESC NULLS LAST, a.observed_on DESC, a.scheme) AS pick
          FROM (SELECT l.facility_ref, l.topic, l.scheme, max(l.observed_on) AS observed_on, max(l.severity) AS severity,
                       count(*) AS indicators, (array_agg(l.indicator ORDER BY l.severity DESC NULLS LAST))[1] AS worst_indicator
                FROM (SELECT DISTINCT ON (o.facility_ref, o.topic, o.indicator, o.scheme)
                             o.facility_ref, o.topic, o.indicator, o.scheme, o.observed_on, o.severity
                      FROM hredd.observation o
                      JOIN pg_temp.hredd_rf r ON r.ref = o.facility_ref
                      JOIN hredd.harmonize_run h ON h.run_id = o.run_id AND h.started_at <= known_at
                      WHERE o.observed_on <= as_of AND o.observed_on > as_of - prof.horizon_days
                        AND o.topic IN (SELECT t.topic FROM pg_temp.hredd_rt t)
                      ORDER BY o.facility_ref, o.topic, o.indicator, o.scheme, o.observed_on DESC, o.severity DESC NULLS LAST) l
                GROUP BY l.facility_ref, l.topic, l.scheme) a
          WINDOW w AS (PARTITION BY a.facility_ref, a.topic)) c
    JOIN hredd.risk_profile_evidence pe ON pe.profile = prof.profile AND pe.version = prof.version AND pe.kind = 'audit';
    -- the register's flag: per facility and topic audited by more than one
    -- scheme, whether they agree or conflict
    CREATE TEMP TABLE hredd_ra ON COMMIT DROP AS
        SELECT e.facility_ref, e.topic, max(e.source_row->>'consensus') AS consensus
        FROM pg_temp.hredd_re e WHERE e.kind = 'audit' AND e.source_row ? 'consensus'
        GROUP BY e.facility_ref, e.topic;
    -- grievances, reports, self-assessments, remediation records …
    INSERT INTO pg_temp.hredd_re
    SELECT e.facility_ref, e.topic, e.kind, e.status, e.polarity, e.severity, pe.reliability * w.status_weight,
           power(0.5, (as_of - e.observed_on)::float8 / pe.half_life_days),
           prof.evidence_scale * pe.reliability * w.status_weight * power(0.5, (as_of - e.observed_on)::float8 / pe.half_life_days)
             * e.severity * CASE WHEN e.polarity = 'adverse' THEN 1 ELSE -1 END,
           e.polarity = 'adverse' AND e.status = 'grounded' AND e.severity >= 0.5,
           jsonb_build_object('table', 'hredd.evidence', 'evidence_id', e.evidence_id, 'source', e.source,
                              'observed_on', e.observed_on, 'status', e.status)
    FROM hredd.evidence e
    JOIN pg_temp.hredd_rf r ON r.ref = e.facility_ref
    JOIN hredd.risk_profile_evidence pe ON pe.profile = prof.profile AND pe.version = prof.version AND pe.kind = e.kind
    JOIN (VALUES ('received', 0.25::float8), ('admissible', 0.5), ('grounded', 1.0), ('resolved', 0.5)) w(status, status_weight)
         ON w.status = e.status
    WHERE e.reported_at <= known_at AND e.observed_on <= as_of AND e.observed_on > as_of - prof.horizon_days
      AND e.topic IN (SELECT t.topic FROM pg_temp.hredd_rt t);

    -- ------------------------------------------------ results
    -- (the planner needs the sizes of the temporary tables: without them it
    -- guessed 18 million results and spilled the joins to disk)
    ANALYZE pg_temp.hredd_rs;
    ANALYZE pg_temp.hredd_rc;
    ANALYZE pg_temp.hredd_re;
    INSERT INTO hredd.risk_contribution_shared (run_id, country, products_key, topic, kind, layer, subject, value, weight,
                                                effect, source_row)
    SELECT run, s.country, s.pkey, s.topic, s.kind, s.layer, s.subject, s.value, s.weight, s.value * s.weight, s.source_row
    FROM pg_temp.hredd_rs s;

    -- The inherent likelihood combines the contributions of a facility ×
    -- topic; the combination rules are associative, so each group of rows is
    -- summed once per key (sum of ln(1 - w·v), max, sum of w·v and w) — per
    -- country, country and products text, products text (stages), facility
    -- (zones, evidence) — and brought to each facility as arrays by topic
    -- position, where hredd.risk_facility combines them for all its topics
    -- (the formulas: docs/risk.md).  The results are written, and those where
    -- a rule applied (floor, actual) come back through RETURNING to be
    -- written as contributions beside the facility's own zones and evidence,
    -- in one statement.
    WITH sagg AS (
        SELECT x.country, x.pkey, array_agg(x.ord) AS ords, array_agg(x.lg) AS lg, array_agg(x.mx) AS mx,
               array_agg(x.swv) AS swv, array_agg(x.sw) AS sw
        FROM (SELECT s.country, s.pkey, t.ord, sum(ln(greatest(1 - s.weight * s.value, 1e-9))) AS lg,
                     max(s.weight * s.value) AS mx, sum(s.weight * s.value) AS swv, sum(s.weight) AS sw
              FROM pg_temp.hredd_rs s JOIN pg_temp.hredd_rt t ON t.topic = s.topic
              WHERE s.kind <> 'stage' GROUP BY s.country, s.pkey, t.ord) x
        GROUP BY x.country, x.pkey),
    -- the stages of a products text, summed once per text
    stagg AS (
        SELECT x.pkey, array_agg(x.ord) AS ords, array_agg(x.lg) AS lg, array_agg(x.mx) AS mx,
               array_agg(x.swv) AS swv, array_agg(x.sw) AS sw
        FROM (SELECT p.pkey, t.ord, sum(ln(greatest(1 - s.weight * s.value, 1e-9))) AS lg,
                     max(s.weight * s.value) AS mx, sum(s.weight * s.value) AS swv, sum(s.weight) AS sw
              FROM pg_temp.hredd_rp p
              JOIN pg_temp.hredd_rs s ON s.kind = 'stage' AND s.subject = ANY (p.stages)
              JOIN pg_temp.hredd_rt t ON t.topic = s.topic
              GROUP BY p.pkey, t.ord) x
        GROUP BY x.pkey),
    zagg AS (
        SELECT x.facility_ref, array_agg(x.ord) AS ords, array_agg(x.lg) AS lg, array_agg(x.mx) AS mx,
               array_agg(x.swv) AS swv, array_agg(x.sw) AS sw
        FROM (SELECT c.facility_ref, t.ord, sum(ln(greatest(1 - c.weight * c.value, 1e-9))) AS lg,
                     max(c.weight * c.value) AS mx, sum(c.weight * c.value) AS swv, sum(c.weight) AS sw
              FROM pg_temp.hredd_rc c JOIN pg_temp.hredd_rt t ON t.topic = c.topic
              GROUP BY c.facility_ref, t.ord) x
        GROUP BY x.facility_ref),
    ev AS (
        SELECT x.facility_ref, array_agg(x.ord) AS ords, array_agg(x.shift) AS shift, array_agg(x.actual) AS actual,
               array_agg(x.n) AS n, array_agg(x.coverage) AS coverage
        FROM (SELECT e.facility_ref, t.ord, sum(e.effect) AS shift, bool_or(e.actual) AS actual, count(*)::integer AS n,
                     1 - exp(sum(ln(greatest(1 - e.reliability * e.decay, 1e-9)))) AS coverage
              FROM pg_temp.hredd_re e JOIN pg_temp.hredd_rt t ON t.topic = e.topic
              GROUP BY e.facility_ref, t.ord) x
        GROUP BY x.facility_ref),
    -- the register's flag of audits by several schemes (hredd_ra above), per
    -- facility as topic positions and their flags
    cons AS (
        SELECT ra.facility_ref, array_agg(t.ord) AS ords, array_agg(ra.consensus) AS consensus
        FROM pg_temp.hredd_ra ra JOIN pg_temp.hredd_rt t ON t.topic = ra.topic
        GROUP BY ra.facility_ref),
    fac AS (
        SELECT f.ref, p.pkey, p.stages,
               hredd.risk_facility(cardinality(run_topics), run_base, run_scale, run_irremediability,
                   run_needs_country, run_needs_products, run_needs_location,
                   prof.combine, prof.unknown_prior, prof.floor_share, prof.alpha, prof.default_scope,
                   prof.scope_workers::float8,
                   f.country IS NOT NULL, f.products IS NOT NULL, f.lat IS NOT NULL, f.workers::float8, f.match_score,
                   c.ords, c.lg, c.mx, c.swv, c.sw, g.ords, g.lg, g.mx, g.swv, g.sw,
                   st.ords, st.lg, st.mx, st.swv, st.sw, z.ords, z.lg, z.mx, z.swv, z.sw,
                   ev.ords, ev.shift, ev.actual, ev.n, ev.coverage) AS r
        FROM pg_temp.hredd_rf f
        LEFT JOIN pg_temp.hredd_rp p ON p.products = f.products
        LEFT JOIN sagg c ON c.country = f.country::text AND c.pkey = 0
        LEFT JOIN sagg g ON g.country = f.country::text AND g.pkey = p.pkey
        LEFT JOIN stagg st ON st.pkey = p.pkey
        LEFT JOIN zagg z ON z.facility_ref = f.ref
        LEFT JOIN ev ON ev.facility_ref = f.ref),
    -- actual impacts first (LkSG §7: a violation that has happened calls
    -- for remedy without delay), then by priority; the facility and the
    -- topic decide among equals (hredd.risk_rank)
    ranked AS (
        SELECT k.ref COLLATE "C" AS ref, k.rank
        FROM (SELECT array_agg(x.ref) AS refs, array_agg((x.r).priority) AS priority, array_agg((x.r).actual) AS actual
              FROM fac x) a
        CROSS JOIN LATERAL hredd.risk_rank(a.refs, a.priority, a.actual) k),
    ins AS (
        INSERT INTO hredd.risk_run_facility (run_id, facility_ref, name, country, lat, lng, products, stages, workers, tier,
                                             spend_share, match_score, products_key, scope, inherent_likelihood, likelihood,
                                             priority, rank, actual, confidence, gap_bits, evidence_count, evidence_shift,
                                             audit_consensus)
        SELECT run, f.ref, f.name, f.country, f.lat, f.lng, f.products, a.stages, f.workers, f.tier, f.spend_share,
               f.match_score, coalesce(a.pkey, 0), (a.r).scope, (a.r).l0, (a.r).likelihood, (a.r).priority, k.rank,
               (a.r).actual, (a.r).confidence, (a.r).gap_bits, (a.r).evidence_count, (a.r).evidence_shift,
               -- NULL for a facility no topic of which has two schemes' audits
               CASE WHEN c.ords IS NOT NULL THEN
                   (SELECT array_agg(c.consensus[array_position(c.ords, g)] ORDER BY g)
                    FROM generate_series(1, cardinality(run_topics)) g) END
        FROM pg_temp.hredd_rf f
        JOIN fac a ON a.ref = f.ref
        JOIN ranked k ON k.ref = f.ref
        LEFT JOIN cons c ON c.facility_ref = f.ref
        RETURNING facility_ref, inherent_likelihood, likelihood, actual, evidence_shift),
    insr AS (
        SELECT i.facility_ref, u.topic, u.inherent_likelihood, u.likelihood, CASE WHEN u.actual THEN 'actual' END AS status,
               u.evidence_shift
        FROM ins i
        CROSS JOIN LATERAL unnest(run_topics, i.inherent_likelihood, i.likelihood, i.actual, i.evidence_shift)
             AS u(topic, inherent_likelihood, likelihood, actual, evidence_shift)
        WHERE u.actual OR u.evidence_shift < 0)
    INSERT INTO hredd.risk_contribution_facility (run_id, facility_ref, topic, kind, layer, subject, value, weight, effect,
                                                  source_row)
    SELECT run, c.facility_ref, c.topic, c.kind, c.layer, c.subject, c.value, c.weight, c.value * c.weight, c.source_row
    FROM pg_temp.hredd_rc c
    UNION ALL
    SELECT run, e.facility_ref, e.topic, e.kind, e.layer, e.subject, e.severity, e.reliability * e.decay, e.effect, e.source_row
    FROM pg_temp.hredd_re e
    UNION ALL
    -- the rules that applied: clean evidence stopped at the floor, and an
    -- impact that is actual (the likelihood the evidence alone gave, again)
    SELECT run, x.facility_ref, x.topic, x.kind, '', '', x.value, x.weight, x.likelihood - x.l_raw, x.source_row
    FROM (SELECT i.facility_ref, i.topic, i.likelihood,
                 1 / (1 + exp(-(ln(least(greatest(i.inherent_likelihood, 0.001), 0.999)
                                   / (1 - least(greatest(i.inherent_likelihood, 0.001), 0.999))) + i.evidence_shift))) AS l_raw,
                 CASE WHEN i.status = 'actual' THEN 'actual' ELSE 'floor' END AS kind,
                 CASE WHEN i.status = 'actual' THEN 1 ELSE prof.floor_share * i.inherent_likelihood END AS value,
                 CASE WHEN i.status = 'actual' THEN NULL ELSE prof.floor_share END AS weight,
                 CASE WHEN i.status = 'actual' THEN '{}'::jsonb
                      ELSE jsonb_build_object('table', 'hredd.risk_profile', 'profile', prof.profile, 'version', prof.version)
                 END AS source_row
          FROM insr i OFFSET 0) x
    WHERE x.kind = 'actual' OR x.l_raw < x.value;
    SELECT count(*) INTO n_fac FROM hredd.risk_run_facility f WHERE f.run_id = run;
    IF n_fac <> (SELECT count(*) FROM pg_temp.hredd_rf) THEN
        RAISE EXCEPTION 'assess_risk: % of % facilities written (internal error)', n_fac, (SELECT count(*) FROM pg_temp.hredd_rf)
            USING ERRCODE = 'internal_error';
    END IF;
    n_res := n_fac * cardinality(run_topics);

    UPDATE hredd.risk_run r SET finished_at = clock_timestamp(), facility_count = n_fac, result_count = n_res,
                                topics = run_topics, topic_scale = run_scale, topic_irremediability = run_irremediability
    WHERE r.run_id = run;
    -- the highest priority upstream of each facility, where supply links say
    -- who supplies whom (hredd.risk_upstream, 60-supply.sql)
    IF EXISTS (SELECT 1 FROM hredd.supply_link) THEN
        PERFORM count(*) FROM hredd.risk_upstream(run);
    END IF;
    DROP TABLE pg_temp.hredd_rf, pg_temp.hredd_rp, pg_temp.hredd_rt, pg_temp.hredd_rs, pg_temp.hredd_rc, pg_temp.hredd_re,
               pg_temp.hredd_ra;
    IF to_regclass('pg_temp.hredd_rpt') IS NOT NULL THEN
        DROP TABLE pg_temp.hredd_rpt;
    END IF;
    RAISE NOTICE 'assess_risk: run % of % facilities × % topics (profile % version %, as of %)', run, n_fac,
        (SELECT count(*) FROM hredd.risk_profile_topic t WHERE t.profile = prof.profile AND t.version = prof.version),
        prof.profile, prof.version, as_of;
    RETURN run;
END
$$;
COMMENT ON FUNCTION hredd.assess_risk(regclass, name, text, date, timestamptz, name, name, name, name, name, name, name, name, name, name, integer, bigint) IS 'the risk analysis of a facility table (read in place, named by its columns): per facility and topic of the profile, inherent likelihood from the layers, likelihood after concrete evidence, severity, priority, rank, actual/potential, confidence and data gaps, with every contribution; appends a run (as_of, known_at, profile digest, layer editions) and returns its id';

-- The same analysis again, with the arguments and as-of/known-at of a past
-- run: equal results unless data known by then has since been changed.
CREATE FUNCTION hredd.risk_replay(run bigint) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    r hredd.risk_run;
    a jsonb;
BEGIN
    SELECT * INTO r FROM hredd.risk_run x WHERE x.run_id = risk_replay.run;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown risk run %', run USING ERRCODE = 'undefined_object';
    END IF;
    a := r.arguments;
    RETURN hredd.assess_risk(to_regclass(r.facilities), (a->>'key_column')::name, r.profile, r.as_of, r.known_at,
        (a->>'country_column')::name, (a->>'facility_column')::name, (a->>'name_column')::name,
        (a->>'lat_column')::name, (a->>'lng_column')::name, (a->>'products_column')::name,
        (a->>'workers_column')::name, (a->>'tier_column')::name, (a->>'spend_share_column')::name,
        (a->>'match_score_column')::name, r.version, r.run_id);
END
$$;
COMMENT ON FUNCTION hredd.risk_replay(bigint) IS 'runs a past assessment again with its own arguments, profile version, as_of and known_at; returns the new run (compare with hredd.risk_diff)';
