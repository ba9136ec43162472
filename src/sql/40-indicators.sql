\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 40-indicators.sql — one taxonomy for audit data from every scheme:
-- topics, indicators, schemes and crosswalks (shipped rows plus the user's),
-- the raw-value parser, and CALL hredd.harmonize, which turns raw audit rows
-- into observations or quarantined rejects, nothing lost.
--
-- Shipped rows carry shipped = true and are recreated by CREATE EXTENSION;
-- the user's rows (shipped = false) survive pg_dump through
-- pg_extension_config_dump.  Observations, rejects, run logs, exchange rates
-- and wage benchmarks are all user data and are dumped whole.

-- ---------------------------------------------------------------- the value parser (C)

CREATE TYPE hredd.parsed_value AS (
    value       float8,
    value_high  float8,
    unit        text,
    qualifier   text,
    reason      text
);
COMMENT ON TYPE hredd.parsed_value IS 'a raw value read by hredd.parse_value: the value (low end of a range), the high end (= value unless a range), the canonical unit, a qualifier (<, > or ~) and, when nothing could be read, the reason code with the other fields NULL';

CREATE FUNCTION hredd.parse_value(raw text) RETURNS hredd.parsed_value
    AS 'MODULE_PATHNAME', 'parse_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.parse_value(text) IS 'reads a messy raw value (decimal comma or point, thousands separators, currencies, units, periods, yes/no in many languages, N/A, ranges) into value, unit and qualifier, or a reason code';

CREATE FUNCTION hredd.parse_value(raw text, unit text) RETURNS hredd.parsed_value
    AS 'MODULE_PATHNAME', 'parse_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.parse_value(text, text) IS 'reads a raw value together with the unit column of the export; units in both must agree (reason conflicting_unit otherwise)';

CREATE FUNCTION hredd.parse_value_as(raw text, unit text, target text) RETURNS hredd.parsed_value
    AS 'MODULE_PATHNAME', 'parse_value_as' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.parse_value_as(text, text, text) IS 'reads a raw value with its unit column (empty string for none) and converts it to the target unit; what the value leaves open comes from the target; reason unit_mismatch when it does not convert';

CREATE FUNCTION hredd.convert_unit(value float8, from_unit text, to_unit text) RETURNS float8
    AS 'MODULE_PATHNAME', 'convert_unit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.convert_unit(float8, text, text) IS 'converts a value between units of the same quantity and different periods (6 working days and 48 hours a week, 52/12 weeks a month, 52 weeks a year); an error when they do not convert';

CREATE FUNCTION hredd.normalize_unit(unit text) RETURNS text
    AS 'MODULE_PATHNAME', 'normalize_unit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.normalize_unit(text) IS 'the canonical form of a unit text (hrs per week -> h/week, Tk/month -> BDT/month); an error for an unknown unit';

CREATE FUNCTION hredd.grade_score(scale text, grade text) RETURNS float8
    AS 'MODULE_PATHNAME', 'grade_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.grade_score(text, text) IS 'severity 0-1 (1 = worst) of a grade on a scale: bsci (A-E, ZT), nc (compliant .. critical), rba (conformance .. priority), ituc (1-5+), thinkhazard (VLO-HIG), higg (score 0-100); NULL for a grade the scale does not have';

-- ---------------------------------------------------------------- taxonomy

CREATE TABLE hredd.topic (
    code          text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
    name          text NOT NULL,
    domain        text NOT NULL CHECK (domain IN ('human_rights', 'environment', 'governance')),
    ilo           text[] NOT NULL DEFAULT '{}',
    lksg          text[] NOT NULL DEFAULT '{}',
    esrs          text[] NOT NULL DEFAULT '{}',
    source        text NOT NULL,
    verification  text NOT NULL DEFAULT 'unverified'
                  CHECK (verification IN ('verified', 'secondary', 'unverified', 'illustrative')),
    note          text,
    shipped       boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE hredd.topic IS 'common topics (child labour, working hours, GHG …) with the ILO conventions, LkSG §2 items and ESRS disclosure requirements they correspond to';

CREATE TABLE hredd.indicator (
    code             text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]*$'),
    topic            text REFERENCES hredd.topic ON UPDATE CASCADE,
    name             text NOT NULL,
    kind             text NOT NULL DEFAULT 'measure' CHECK (kind IN ('measure', 'flag', 'grade', 'wage')),
    unit             text NOT NULL,
    grade_scale      text,
    direction        text NOT NULL CHECK (direction IN ('lower_is_better', 'higher_is_better')),
    threshold_ok     float8,
    threshold_limit  float8,
    threshold_severe float8,
    min_value        float8,
    max_value        float8,
    source           text NOT NULL,
    verification     text NOT NULL DEFAULT 'unverified'
                     CHECK (verification IN ('verified', 'secondary', 'unverified', 'illustrative')),
    note             text,
    shipped          boolean NOT NULL DEFAULT false,
    CONSTRAINT indicator_unit_canonical CHECK (unit = hredd.normalize_unit(unit)),
    CONSTRAINT indicator_grade_scale_known CHECK (grade_scale IN ('bsci', 'nc', 'rba', 'ituc', 'thinkhazard', 'higg')),
    CONSTRAINT indicator_grade_unit CHECK ((kind = 'grade') = (unit = 'grade')),
    CONSTRAINT indicator_wage_per_month CHECK (kind <> 'wage' OR unit LIKE '%/month'),
    CONSTRAINT indicator_thresholds_paired CHECK ((threshold_ok IS NULL) = (threshold_severe IS NULL)),
    CONSTRAINT indicator_thresholds_differ CHECK (threshold_ok IS NULL OR threshold_ok <> threshold_severe),
    CONSTRAINT indicator_thresholds_follow_direction
        CHECK (threshold_ok IS NULL OR (direction = 'lower_is_better') = (threshold_ok < threshold_severe)),
    CONSTRAINT indicator_range_ordered CHECK (min_value IS NULL OR max_value IS NULL OR min_value <= max_value)
);
COMMENT ON TABLE hredd.indicator IS 'measurable indicators: canonical unit, direction, thresholds (severity 0 at threshold_ok, 1 at threshold_severe, linear between; threshold_limit is the norm''s limit), plausible range; topic NULL for generic indicators (clause grades) whose topic comes from the crosswalk';

CREATE TABLE hredd.scheme (
    code          text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]*$'),
    name          text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('audit', 'assessment', 'code_of_conduct', 'convention',
                                                 'law', 'reporting_standard', 'index', 'list')),
    version       text,
    url           text,
    source        text NOT NULL,
    verification  text NOT NULL DEFAULT 'unverified'
                  CHECK (verification IN ('verified', 'secondary', 'unverified', 'illustrative')),
    note          text,
    shipped       boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE hredd.scheme IS 'audit schemes, codes of conduct, laws, standards and indices whose codes the crosswalk maps onto topics';

CREATE TABLE hredd.crosswalk (
    scheme        text NOT NULL REFERENCES hredd.scheme ON UPDATE CASCADE ON DELETE CASCADE,
    scheme_code   text NOT NULL CHECK (scheme_code = btrim(scheme_code) AND scheme_code <> ''),
    topic         text NOT NULL REFERENCES hredd.topic ON UPDATE CASCADE,
    indicator     text REFERENCES hredd.indicator ON UPDATE CASCADE,
    relation      text NOT NULL DEFAULT 'exact' CHECK (relation IN ('exact', 'broader', 'narrower', 'related')),
    label         text NOT NULL,
    value_map     jsonb CHECK (value_map IS NULL OR jsonb_typeof(value_map) = 'object'),
    source        text NOT NULL,
    verification  text NOT NULL DEFAULT 'unverified'
                  CHECK (verification IN ('verified', 'secondary', 'unverified', 'illustrative')),
    note          text,
    shipped       boolean NOT NULL DEFAULT false,
    PRIMARY KEY (scheme, scheme_code, topic)
);
COMMENT ON TABLE hredd.crosswalk IS 'scheme code -> topic, and for codes that carry data, -> indicator; value_map maps raw answers (lower case, trimmed) to values in the indicator''s unit';
-- A code that carries data maps to one indicator, so harmonize finds one row.
CREATE UNIQUE INDEX crosswalk_data_code_idx ON hredd.crosswalk (scheme, scheme_code) WHERE indicator IS NOT NULL;

CREATE FUNCTION hredd.crosswalk_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    bad text;
BEGIN
    IF NEW.value_map IS NOT NULL THEN
        SELECT k INTO bad FROM jsonb_each(NEW.value_map) AS e(k, v)
        WHERE jsonb_typeof(v) <> 'number' OR k <> lower(btrim(k)) LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'value map of code "%" in scheme "%" has a bad entry "%"', NEW.scheme_code, NEW.scheme, bad
                USING ERRCODE = 'check_violation',
                      DETAIL = 'Keys are raw answers in lower case without surrounding blanks; values are numbers in the indicator''s unit.';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION hredd.crosswalk_check() IS 'trigger: rejects a value map whose keys are not trimmed lower case or whose values are not numbers';
CREATE TRIGGER crosswalk_check BEFORE INSERT OR UPDATE ON hredd.crosswalk
    FOR EACH ROW EXECUTE FUNCTION hredd.crosswalk_check();

SELECT pg_catalog.pg_extension_config_dump('hredd.topic', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('hredd.indicator', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('hredd.scheme', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('hredd.crosswalk', 'WHERE NOT shipped');

-- ---------------------------------------------------------------- wages: user tables

CREATE TABLE hredd.exchange_rate (
    currency   text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    valid_on   date NOT NULL,
    per_usd    float8 NOT NULL CHECK (per_usd > 0 AND per_usd < 'Infinity'),
    source     text NOT NULL,
    PRIMARY KEY (currency, valid_on)
);
COMMENT ON TABLE hredd.exchange_rate IS 'exchange rates filled by the user: units of currency per US dollar from valid_on until the next row of that currency';

CREATE TABLE hredd.wage_benchmark (
    country      hredd.country NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('minimum', 'living')),
    valid_from   date NOT NULL,
    valid_to     date NOT NULL DEFAULT 'infinity',
    amount_month float8 NOT NULL CHECK (amount_month > 0 AND amount_month < 'Infinity'),
    currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    scope        text NOT NULL DEFAULT '',
    basis        text,
    source       text NOT NULL,
    PRIMARY KEY (country, kind, valid_from),
    CHECK (valid_to > valid_from)
);
COMMENT ON TABLE hredd.wage_benchmark IS 'minimum and living wage benchmarks filled by the user: gross amount per month for the standard working week, valid from valid_from (inclusive) to valid_to (exclusive); scope and basis describe sector, region and family basis';

SELECT pg_catalog.pg_extension_config_dump('hredd.exchange_rate', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.wage_benchmark', '');

-- ---------------------------------------------------------------- results

CREATE TABLE hredd.reject_reason (
    code         text PRIMARY KEY,
    description  text NOT NULL
);
COMMENT ON TABLE hredd.reject_reason IS 'the reason codes of hredd.rejected, with what each means';

CREATE TABLE hredd.harmonize_run (
    run_id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    source         text NOT NULL,
    scheme         text NOT NULL,
    started_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at    timestamptz,
    status         text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'interrupted')),
    backend_pid    integer NOT NULL DEFAULT pg_backend_pid(),
    run_by         name NOT NULL DEFAULT current_user,
    batches        integer NOT NULL DEFAULT 0,
    rows_in        bigint NOT NULL DEFAULT 0,
    rows_out       bigint NOT NULL DEFAULT 0,
    rows_rejected  bigint NOT NULL DEFAULT 0,
    CHECK (rows_in = rows_out + rows_rejected)
);
COMMENT ON TABLE hredd.harmonize_run IS 'one row per CALL hredd.harmonize: counts updated with every committed batch; rows_in = rows_out + rows_rejected always; a run whose session ended before it finished reads interrupted';

CREATE TABLE hredd.harmonize_state (
    source      text NOT NULL,
    scheme      text NOT NULL,
    last_row    tid NOT NULL DEFAULT '(0,0)',
    filenode    oid,
    first_run   bigint,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    run_by      name NOT NULL DEFAULT current_user,
    PRIMARY KEY (source, scheme, run_by)
);
COMMENT ON TABLE hredd.harmonize_state IS 'per source table, scheme and role: the physical position (ctid) of the last row harmonised, the file it was in and the first run that read that file; the next run starts after it, or from the start when the table was truncated, recreated or rewritten';

-- Each role's runs and positions are its own: every role that may harmonize
-- reads the run log, but changes only its own runs, and another role's
-- position (a last_row of '(1000000,0)' would make a run read nothing) is
-- neither visible nor writable.  Superusers and the owner bypass the policies.
ALTER TABLE hredd.harmonize_run ENABLE ROW LEVEL SECURITY;
CREATE POLICY harmonize_run_read ON hredd.harmonize_run FOR SELECT USING (true);
CREATE POLICY harmonize_run_own ON hredd.harmonize_run
    USING (run_by OPERATOR(pg_catalog.=) current_user)
    WITH CHECK (run_by OPERATOR(pg_catalog.=) current_user);
ALTER TABLE hredd.harmonize_state ENABLE ROW LEVEL SECURITY;
CREATE POLICY harmonize_state_own ON hredd.harmonize_state
    USING (run_by OPERATOR(pg_catalog.=) current_user)
    WITH CHECK (run_by OPERATOR(pg_catalog.=) current_user);

CREATE TABLE hredd.observation (
    row_key            uuid NOT NULL,
    run_id             bigint NOT NULL,
    source             text NOT NULL,
    scheme             text NOT NULL,
    facility_ref       text COLLATE "C" NOT NULL,
    scheme_code        text NOT NULL,
    topic              text NOT NULL,
    indicator          text NOT NULL,
    value              float8 NOT NULL,
    unit               text NOT NULL,
    severity           float8 CHECK (severity >= 0 AND severity <= 1),
    observed_on        date NOT NULL,
    country            hredd.country,
    value_usd          float8,
    minimum_wage_ratio float8,
    living_wage_ratio  float8,
    raw_value          text NOT NULL,
    raw_unit           text,
    -- One index serves both the look-up by facility and the duplicate check:
    -- the row key fixes the facility and the day, so the key is unique
    -- exactly when row_key is.  Each index on this table costs harmonize
    -- more than the rest of its work per row (docs/indicators.md).
    CONSTRAINT observation_pkey PRIMARY KEY (facility_ref, observed_on, row_key)
);
COMMENT ON TABLE hredd.observation IS 'harmonised observations: one per accepted raw row, value in the indicator''s unit, severity 0-1 (NULL when the indicator has no thresholds or no benchmark applies); row_key identifies the raw content (scheme, facility, code, value, unit, date); the primary key (facility_ref, observed_on, row_key) serves look-ups by facility';

CREATE TABLE hredd.rejected (
    rejected_id    bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    run_id         bigint NOT NULL,
    source         text NOT NULL,
    scheme         text NOT NULL,
    reason         text NOT NULL REFERENCES hredd.reject_reason,
    detail         text,
    facility_ref   text,
    scheme_code    text,
    raw_value      text,
    raw_unit       text,
    observed_on    date,
    row_key        uuid NOT NULL,
    raw            jsonb NOT NULL
);
COMMENT ON TABLE hredd.rejected IS 'quarantined raw rows: the reason code, a sentence of detail, the fields harmonize read and the whole source row as jsonb';
CREATE INDEX rejected_run_idx ON hredd.rejected (run_id);
CREATE INDEX rejected_row_key_idx ON hredd.rejected (row_key);

SELECT pg_catalog.pg_extension_config_dump('hredd.harmonize_run', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.harmonize_run_run_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.harmonize_state', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.observation', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.rejected', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.rejected_rejected_id_seq', '');

-- The rows of hredd.reject_reason are generated from src/indicators/reasons.h
-- into 41-indicators-data.sql.

-- ---------------------------------------------------------------- harmonize

-- The reference of a source table as stored in the run log and the state:
-- schema-qualified, so it does not depend on search_path.
CREATE FUNCTION hredd.relation_ref(rel regclass) RETURNS text
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    RETURN (SELECT format('%I.%I', n.nspname, c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = rel);
END
$$;
COMMENT ON FUNCTION hredd.relation_ref(regclass) IS 'schema-qualified, quoted name of a table, as hredd.harmonize records its sources';

-- Type of a column of rel, or NULL when rel has no such column.
CREATE FUNCTION hredd.column_type(rel regclass, col name) RETURNS regtype
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    RETURN (SELECT a.atttypid::regtype FROM pg_attribute a
            WHERE a.attrelid = rel AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped);
END
$$;
COMMENT ON FUNCTION hredd.column_type(regclass, name) IS 'type of a column of a table, NULL when the table has no such column';

-- A type's name as users write it: built-in types plain, others qualified.
CREATE FUNCTION hredd.type_ref(typ regtype) RETURNS text
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    RETURN (SELECT CASE WHEN t.typnamespace = 'pg_catalog'::regnamespace THEN format_type(t.oid, NULL)
                        ELSE format('%I.%I', n.nspname, t.typname) END
            FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.oid = typ);
END
$$;
COMMENT ON FUNCTION hredd.type_ref(regtype) IS 'name of a type as written in messages: built-in types plain, others schema-qualified';

-- The one check that a table has a column (of a type): every routine that
-- takes column names calls it, so the error reads the same everywhere.
CREATE FUNCTION hredd.require_column(rel regclass, col name, want regtype DEFAULT NULL,
                                     hint text DEFAULT NULL, detail text DEFAULT NULL) RETURNS regtype
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    typ regtype := hredd.column_type(rel, col);
    msg text;
    code text := 'undefined_column';
BEGIN
    IF typ IS NULL THEN
        msg := format('table %s has no column "%s"', hredd.relation_ref(rel), coalesce(col::text, 'NULL'));
    ELSIF want IS NOT NULL AND typ <> want THEN
        msg := format('column "%s" of table %s is of type %s, not %s', col, hredd.relation_ref(rel),
                      hredd.type_ref(typ), hredd.type_ref(want));
        code := 'datatype_mismatch';
    ELSE
        RETURN typ;
    END IF;
    IF hint IS NULL AND detail IS NULL THEN
        RAISE EXCEPTION USING MESSAGE = msg, ERRCODE = code;
    ELSIF detail IS NULL THEN
        RAISE EXCEPTION USING MESSAGE = msg, ERRCODE = code, HINT = hint;
    ELSIF hint IS NULL THEN
        RAISE EXCEPTION USING MESSAGE = msg, ERRCODE = code, DETAIL = detail;
    ELSE
        RAISE EXCEPTION USING MESSAGE = msg, ERRCODE = code, DETAIL = detail, HINT = hint;
    END IF;
END
$$;
COMMENT ON FUNCTION hredd.require_column(regclass, name, regtype, text, text) IS 'the type of the column; an error (undefined_column, or datatype_mismatch when want is given and differs) when the table lacks it';

-- Severity of a wage from its ratios to the minimum and the living wage:
-- 1 below the minimum wage, 0 at or above the living wage, between them
-- 0.5 at the minimum falling linearly to 0 at the living wage.  NULL when
-- the benchmarks needed are missing.
CREATE FUNCTION hredd.wage_severity(minimum_ratio float8, living_ratio float8) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
    SELECT CASE
        WHEN living_ratio >= 1 THEN 0.0
        WHEN minimum_ratio < 1 THEN 1.0
        WHEN minimum_ratio IS NULL OR living_ratio IS NULL THEN NULL
        WHEN 1 / living_ratio - 1 / minimum_ratio <= 0 THEN 0.5
        ELSE pg_catalog.round((0.5 * (1 / living_ratio - 1) / (1 / living_ratio - 1 / minimum_ratio))::numeric, 6)::float8
    END
$$;
COMMENT ON FUNCTION hredd.wage_severity(float8, float8) IS 'severity 0-1 of a wage given its ratios to the minimum and living wage: 1 below the minimum, 0.5 at the minimum falling to 0 at the living wage, 0 above; NULL without the benchmarks needed';

-- The sentence stored with a rejected row.
CREATE FUNCTION hredd.reject_detail(reason text, scheme text, facility_ref text, scheme_code text, raw_value text,
                                    raw_unit text, observed_on date, indicator text, unit text, value float8,
                                    min_value float8, max_value float8) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
    SELECT CASE reason
        WHEN 'duplicate_row' THEN 'The same facility, code, value, unit and date were harmonised before for scheme '
                                  || scheme || ' or appear earlier in this batch.'
        WHEN 'missing_facility' THEN 'The facility reference is empty.'
        WHEN 'unknown_facility' THEN 'Facility "' || facility_ref || '" is not in the facility registry.'
        WHEN 'unknown_code' THEN 'Scheme ' || scheme || ' has no crosswalk row that maps code "'
                                 || coalesce(scheme_code, '') || '" to an indicator.'
        WHEN 'missing_date' THEN 'The observation date is empty.'
        WHEN 'future_date' THEN 'The observation date ' || observed_on::text || ' is after the day of the run.'
        WHEN 'empty_value' THEN 'The raw value is empty.'
        WHEN 'unknown_grade' THEN 'The grade "' || raw_value || '" is on neither the grade scale nor the value map of indicator '
                                  || indicator || '.'
        WHEN 'unit_mismatch' THEN 'The value "' || raw_value || '"' || coalesce(' (unit "' || raw_unit || '")', '')
                                  || ' does not convert to ' || unit || ', the unit of indicator ' || indicator || '.'
        WHEN 'out_of_range' THEN 'The value ' || value::text || ' ' || unit || ' lies outside '
                                 || coalesce(min_value::text, '-Infinity') || ' to ' || coalesce(max_value::text, 'Infinity')
                                 || ' for indicator ' || indicator || '.'
        ELSE 'The value "' || coalesce(left(raw_value, 60) || CASE WHEN length(raw_value) > 60 THEN '…' ELSE '' END, '') || '"'
             || coalesce(' with unit "' || left(raw_unit, 60) || '"', '')
             || CASE reason
                WHEN 'not_applicable' THEN ' says not applicable or not available.'
                WHEN 'unparseable_number' THEN ' is not a number, a range or yes/no.'
                WHEN 'unknown_unit' THEN ' has a word that is no unit, currency or period.'
                WHEN 'conflicting_unit' THEN ' names two different units, currencies or periods.'
                WHEN 'ambiguous_currency' THEN ' has a currency sign that several currencies use; write the ISO 4217 code.'
                WHEN 'value_too_long' THEN ' is longer than 200 bytes.'
                ELSE ' cannot be read (' || reason || ').' END
    END
$$;
COMMENT ON FUNCTION hredd.reject_detail(text, text, text, text, text, text, date, text, text, float8, float8, float8) IS 'the sentence of detail stored with a rejected raw row';

-- One batch in C (src/indicators/harmonize.c): runs input_query (built by
-- harmonize: ctid, facility reference, code, raw value, unit, date, country,
-- whether the registry knows the facility) over the rows after after_row and
-- before before_row, and returns each row classified: a reject with its
-- reason and fields; an observation it wrote itself into hredd.observation
-- as its position only (row_key NULL); or, when hredd.observation has
-- triggers, rules, row security or columns of the user's, the observation's
-- fields for harmonize's INSERT, so that they apply.  Internal to harmonize.
CREATE TYPE hredd.harmonized_row AS (
    rid                tid,
    row_key            uuid,
    reason             text,
    facility_ref       text,
    scheme_code        text,
    topic              text,
    indicator          text,
    value              float8,
    unit               text,
    severity           float8,
    observed_on        date,
    country            hredd.country,
    value_usd          float8,
    minimum_wage_ratio float8,
    living_wage_ratio  float8,
    raw_value          text,
    raw_unit           text,
    ind_unit           text,
    min_value          float8,
    max_value          float8
);
COMMENT ON TYPE hredd.harmonized_row IS 'a raw row as hredd.harmonize_batch classified it (internal to hredd.harmonize)';

CREATE FUNCTION hredd.harmonize_batch(scheme text, today date, input_query text, after_row tid, before_row tid,
                                      run_id bigint, source text)
RETURNS SETOF hredd.harmonized_row
    AS 'MODULE_PATHNAME', 'harmonize_batch' LANGUAGE C VOLATILE STRICT
    SET search_path = pg_catalog, hredd, pg_temp;
COMMENT ON FUNCTION hredd.harmonize_batch(text, date, text, tid, tid, bigint, text) IS 'one batch of hredd.harmonize: classifies the rows input_query returns between two row positions and writes the observations (internal; call hredd.harmonize)';

-- What a harmonize run executes, from its arguments: every argument checked
-- (errors before anything is written), then the source's reference, the
-- input query harmonize_batch reads each batch with, and the statement that
-- writes both ways.  Internal to harmonize.
CREATE FUNCTION hredd.harmonize_plan(
    source regclass, scheme text, facilities regclass, facility_key name, batch_rows integer,
    facility_column name, code_column name, value_column name, unit_column name,
    date_column name, country_column name,
    OUT src text, OUT input text, OUT stmt text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    kind       "char";
    col        name;
    typ        regtype;
    unit_expr  text := 'NULL::text';
    ctry_expr  text := 'NULL::hredd.country';
    fac_expr   text := 'true';
    fac_join   text := '';
BEGIN
    IF source IS NULL OR scheme IS NULL THEN
        RAISE EXCEPTION 'source and scheme must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM hredd.scheme s WHERE s.code = harmonize_plan.scheme) THEN
        RAISE EXCEPTION 'unknown scheme "%"', scheme
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The schemes are listed in hredd.scheme; add yours there and map its codes in hredd.crosswalk.';
    END IF;
    IF batch_rows IS NULL OR batch_rows < 1 THEN
        RAISE EXCEPTION 'batch_rows must be at least 1, not %', coalesce(batch_rows::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    src := hredd.relation_ref(source);
    SELECT c.relkind INTO kind FROM pg_class c WHERE c.oid = source;
    IF kind NOT IN ('r', 'm') THEN
        RAISE EXCEPTION 'source % is not a table', src
            USING ERRCODE = 'wrong_object_type',
                  DETAIL = 'harmonize reads the rows of a plain table or materialized view in physical order, so that it can resume.',
                  HINT = CASE WHEN kind = 'p' THEN 'Harmonize each partition.' ELSE 'Copy the rows into a table first.' END;
    END IF;
    -- a Citus table (distributed, reference or added to Citus's metadata)
    -- keeps its rows in shards: read in physical order here, its empty shell
    -- on the coordinator would give a run of 0 rows, reported as done
    IF hredd.is_citus_table(source) THEN
        RAISE EXCEPTION 'source % is a Citus table: harmonize cannot read it', src
            USING ERRCODE = 'feature_not_supported',
                  DETAIL = 'harmonize reads the rows of a table on this node in physical order, so that it can resume; the rows of a Citus table are in its shards.',
                  HINT = 'Copy the rows into a local table (CREATE TABLE ... AS SELECT * FROM the Citus table) and harmonize that.';
    END IF;
    -- hredd's own tables stay on this node: harmonize answers "duplicate"
    -- from their indexes here, which are empty for a table in shards (a
    -- rerun would write every row again)
    FOREACH col IN ARRAY ARRAY['observation', 'rejected']::name[] LOOP
        IF hredd.is_citus_table(format('hredd.%I', col)::regclass) THEN
            RAISE EXCEPTION 'hredd.% is a Citus table: harmonize cannot write into it', col
                USING ERRCODE = 'feature_not_supported',
                      DETAIL = 'harmonize finds the rows it wrote before in the indexes of hredd.observation and hredd.rejected on this node; the rows of a Citus table are in its shards.',
                      HINT = 'hredd.observation and hredd.rejected must stay tables of this node (Citus cannot undistribute a table of an extension: save their rows, recreate the extension, load them back); copy the observations into a distributed table of your own instead (docs/scaling.md).';
        END IF;
    END LOOP;
    FOREACH col IN ARRAY ARRAY[facility_column, code_column, value_column, date_column] LOOP
        PERFORM hredd.require_column(source, col,
            hint => 'Name the columns with facility_column, code_column, value_column, unit_column and date_column.',
            detail => 'harmonize reads a facility reference, a code, a raw value, an optional unit and an observation date from each row.');
    END LOOP;
    typ := hredd.column_type(source, date_column);
    IF typ NOT IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype) THEN
        RAISE EXCEPTION 'column "%" of source % is of type %, not date', date_column, src, typ
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'Load the observation date into a date column; a text date is ambiguous (01/02/2024).';
    END IF;
    IF unit_column IS NOT NULL THEN
        PERFORM hredd.require_column(source, unit_column,
            hint => 'unit_column names the unit column; leave it NULL to use a column "unit" when there is one.');
        unit_expr := format('s.%I::text', unit_column);
    ELSIF hredd.column_type(source, 'unit') IS NOT NULL THEN
        unit_expr := 's.unit::text';
    END IF;
    IF country_column IS NOT NULL THEN
        PERFORM hredd.require_column(source, country_column,
            hint => 'country_column names the facility country column; leave it NULL to use a column "country" when there is one.');
        ctry_expr := format('hredd.try_country(s.%I::text)', country_column);
    ELSIF hredd.column_type(source, 'country') IS NOT NULL THEN
        ctry_expr := 'hredd.try_country(s.country::text)';
    END IF;
    IF facilities IS NOT NULL THEN
        PERFORM hredd.require_column(facilities, facility_key,
            hint => 'facility_key names the registry column that holds the facility references.');
        fac_expr := 'reg.ref IS NOT NULL';
        fac_join := format('LEFT JOIN (SELECT DISTINCT f.%I::text AS ref FROM %s f) reg ON reg.ref = s.%I::text',
                           facility_key, hredd.relation_ref(facilities), facility_column);
    END IF;

    -- what hredd.harmonize_batch reads from each row of a batch
    input := format($q$
SELECT s.ctid, s.%1$I::text, btrim(s.%2$I::text), s.%3$I::text, %4$s, s.%5$I::date, %6$s, %8$s
FROM %7$s s %9$s
WHERE s.ctid > $1 AND s.ctid < $2
$q$, facility_column, code_column, value_column, unit_expr, date_column, ctry_expr, src, fac_expr, fac_join);

    -- one statement per batch: classify in C, then write both ways
    stmt := format($q$
WITH c AS MATERIALIZED (
    SELECT * FROM hredd.harmonize_batch($1, $6, $7, $2, $3, $4, $5)
),
obs AS (
    INSERT INTO hredd.observation (row_key, run_id, source, scheme, facility_ref, scheme_code, topic, indicator,
                                   value, unit, severity, observed_on, country, value_usd,
                                   minimum_wage_ratio, living_wage_ratio, raw_value, raw_unit)
    SELECT c.row_key, $4, $5, $1, c.facility_ref, c.scheme_code, c.topic, c.indicator,
           c.value, c.unit, c.severity, c.observed_on, c.country, c.value_usd,
           c.minimum_wage_ratio, c.living_wage_ratio, c.raw_value, c.raw_unit
    FROM c WHERE c.reason IS NULL AND c.row_key IS NOT NULL
    RETURNING 1
),
rej AS (
    INSERT INTO hredd.rejected (run_id, source, scheme, reason, detail, facility_ref, scheme_code, raw_value,
                                raw_unit, observed_on, row_key, raw)
    SELECT $4, $5, $1, c.reason,
           hredd.reject_detail(c.reason, $1, c.facility_ref, c.scheme_code, c.raw_value,
                               c.raw_unit, c.observed_on, c.indicator, c.ind_unit, c.value, c.min_value, c.max_value),
           c.facility_ref, c.scheme_code, c.raw_value, c.raw_unit, c.observed_on, c.row_key,
           (SELECT to_jsonb(s2) FROM %1$s s2 WHERE s2.ctid = c.rid)
    FROM c WHERE c.reason IS NOT NULL
    RETURNING 1
)
SELECT (SELECT count(*) FROM c),
       (SELECT count(*) FROM obs) + (SELECT count(*) FROM c WHERE c.reason IS NULL AND c.row_key IS NULL),
       (SELECT count(*) FROM rej), (SELECT max(rid) FROM c)
$q$, src);
END
$$;
COMMENT ON FUNCTION hredd.harmonize_plan(regclass, text, regclass, name, integer, name, name, name, name, name, name) IS 'checks the arguments of hredd.harmonize and builds its input query and batch statement (internal to harmonize)';

-- The advisory lock a running harmonize run holds for its session: how other
-- sessions tell a live run from one whose session ended (pg_locks is visible
-- to every role; pg_stat_activity hides other roles' sessions).
CREATE FUNCTION hredd.harmonize_run_live(run_id bigint, backend_pid integer) RETURNS boolean
LANGUAGE plpgsql STABLE STRICT SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM pg_locks l
                   WHERE l.locktype = 'advisory' AND l.pid = backend_pid AND l.granted
                     AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
                     AND l.classid = hashtext('hredd.harmonize_run')::oid
                     AND l.objid = (run_id % 2147483647)::integer::oid AND l.objsubid = 2);
END
$$;
COMMENT ON FUNCTION hredd.harmonize_run_live(bigint, integer) IS 'whether the session that started a harmonize run still runs it (internal to harmonize)';

-- Starts a run: arguments checked, runs of this role left running by ended
-- sessions marked interrupted, the run logged, the position checked against
-- the table's file.  Returns the run and the block to start from.
CREATE FUNCTION hredd.harmonize_start(
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
COMMENT ON FUNCTION hredd.harmonize_start(regclass, text, regclass, name, integer, name, name, name, name, name, name) IS 'starts a hredd.harmonize run: checks, run log, position (internal to harmonize)';

-- One batch of a run from block next_block on; returns the block after it,
-- or NULL (and the run marked done) when the table has no more blocks.
CREATE FUNCTION hredd.harmonize_step(
    run bigint, next_block bigint,
    source regclass, scheme text, facilities regclass, facility_key name, batch_rows integer,
    facility_column name, code_column name, value_column name, unit_column name,
    date_column name, country_column name)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp
-- the registry join of the input query must hash (its row estimates are
-- guesses, and a nested loop over a batch would be quadratic); no JIT:
-- compiling the statement takes longer than running a batch
SET enable_nestloop = off SET jit = off AS $$
DECLARE
    p         record;
    r         hredd.harmonize_run;
    last_row  tid;
    blk       bigint;
    nblocks   bigint;
    per_batch bigint;
    n_in      bigint;
    n_out     bigint;
    n_rej     bigint;
    max_row   tid;
    work_mem  text;
    per_block float8;
BEGIN
    SELECT * INTO r FROM hredd.harmonize_run h WHERE h.run_id = harmonize_step.run;
    IF NOT FOUND OR r.status <> 'running' OR r.backend_pid <> pg_backend_pid() OR r.run_by <> current_user THEN
        RAISE EXCEPTION 'harmonize run % is not running in this session', run
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'CALL hredd.harmonize; harmonize_step is internal to it.';
    END IF;
    SELECT * INTO p FROM hredd.harmonize_plan(source, scheme, facilities, facility_key, batch_rows, facility_column,
                                              code_column, value_column, unit_column, date_column, country_column);
    IF p.src <> r.source OR scheme <> r.scheme THEN
        RAISE EXCEPTION 'harmonize run % reads %, scheme %, not %, scheme %', run, r.source, r.scheme, p.src, scheme
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- rows per block from the statistics, for the batch size in blocks
    SELECT CASE WHEN c.relpages > 0 AND c.reltuples > 0 THEN c.reltuples::float8 / c.relpages ELSE 100 END
    INTO per_block FROM pg_class c WHERE c.oid = source;
    per_batch := greatest(1, ceil(batch_rows / greatest(per_block, 1)))::bigint;

    -- one batch at a time per scheme: concurrent runs take turns, and
    -- each reads the position the other left
    PERFORM pg_advisory_xact_lock(hashtext('hredd.harmonize'), hashtext(scheme));
    SELECT s.last_row INTO last_row FROM hredd.harmonize_state s
    WHERE s.source = p.src AND s.scheme = harmonize_step.scheme AND s.run_by = current_user FOR UPDATE;
    blk := greatest(next_block, (last_row::text::point)[0]::bigint);
    nblocks := pg_relation_size(source) / current_setting('block_size')::bigint;
    IF blk >= nblocks THEN
        UPDATE hredd.harmonize_run h SET status = 'done', finished_at = clock_timestamp()
        WHERE h.run_id = harmonize_step.run
        RETURNING * INTO r;
        PERFORM pg_advisory_unlock(hashtext('hredd.harmonize_run'), (run % 2147483647)::integer);
        RAISE NOTICE 'harmonize %: run % done: % rows in, % observations, % rejected',
            p.src, run, r.rows_in, r.rows_out, r.rows_rejected;
        RETURN NULL;
    END IF;

    -- a batch's registry hash and rejects in memory
    work_mem := current_setting('work_mem');
    IF pg_size_bytes(work_mem) < 64 * 1024 * 1024 THEN
        PERFORM set_config('work_mem', '64MB', true);
    END IF;
    EXECUTE p.stmt INTO n_in, n_out, n_rej, max_row
        USING scheme, last_row, format('(%s,0)', blk + per_batch)::tid, run, p.src, current_date, p.input;
    PERFORM set_config('work_mem', work_mem, true);
    IF n_in <> n_out + n_rej THEN
        RAISE EXCEPTION 'harmonize batch of % rows wrote % observations and % rejects', n_in, n_out, n_rej
            USING ERRCODE = 'internal_error';
    END IF;
    blk := blk + per_batch;
    UPDATE hredd.harmonize_state s SET last_row = coalesce(max_row, s.last_row), updated_at = now()
    WHERE s.source = p.src AND s.scheme = harmonize_step.scheme AND s.run_by = current_user;
    UPDATE hredd.harmonize_run h
    SET batches = h.batches + 1, rows_in = h.rows_in + n_in, rows_out = h.rows_out + n_out,
        rows_rejected = h.rows_rejected + n_rej
    WHERE h.run_id = harmonize_step.run
    RETURNING * INTO r;
    IF n_in > 0 THEN
        RAISE NOTICE 'harmonize %: batch %: % rows, % observations, % rejected (block % of %)',
            p.src, r.batches, n_in, n_out, n_rej, least(blk, nblocks), nblocks;
    END IF;
    RETURN blk;
END
$$;
COMMENT ON FUNCTION hredd.harmonize_step(bigint, bigint, regclass, text, regclass, name, integer, name, name, name, name, name, name) IS 'one batch of a hredd.harmonize run; the next block, or NULL when the run is done (internal to harmonize)';

CREATE PROCEDURE hredd.harmonize(
    source          regclass,
    scheme          text,
    facilities      regclass DEFAULT NULL,
    facility_key    name DEFAULT 'facility_ref',
    batch_rows      integer DEFAULT 100000,
    facility_column name DEFAULT 'facility_ref',
    code_column     name DEFAULT 'code',
    value_column    name DEFAULT 'value',
    unit_column     name DEFAULT NULL,
    date_column     name DEFAULT 'observed_on',
    country_column  name DEFAULT NULL,
    commit_batches  boolean DEFAULT true)
-- A procedure that COMMITs cannot pin search_path with SET, so this body
-- names nothing but hredd's own functions, schema-qualified, with arguments
-- of their exact types: every check and query runs in harmonize_start and
-- harmonize_step, which pin search_path.
LANGUAGE plpgsql AS $$
DECLARE
    run bigint;
    blk bigint;
BEGIN
    SELECT s.run, s.next_block INTO run, blk
    FROM hredd.harmonize_start(source, scheme, facilities, facility_key, batch_rows, facility_column,
                               code_column, value_column, unit_column, date_column, country_column) s;
    IF commit_batches THEN
        COMMIT;
    END IF;
    LOOP
        blk := hredd.harmonize_step(run, blk, source, scheme, facilities, facility_key, batch_rows,
                                    facility_column, code_column, value_column, unit_column,
                                    date_column, country_column);
        IF commit_batches THEN
            COMMIT;
        END IF;
        EXIT WHEN blk IS NULL;
    END LOOP;
END
$$;
COMMENT ON PROCEDURE hredd.harmonize(regclass, text, regclass, name, integer, name, name, name, name, name, name, boolean) IS 'raw audit rows (facility reference, code, raw value, unit, date) of a table -> hredd.observation, rejects -> hredd.rejected with a reason code; batches that commit, progress notices, resumes after the last committed batch; rows in = rows out + rows rejected';

CREATE FUNCTION hredd.harmonize_reconcile(source regclass, scheme text)
RETURNS TABLE (source_rows bigint, observations bigint, rejected bigint, not_yet_read bigint, balanced boolean)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    src  text := hredd.relation_ref(source);
    last tid;
    first bigint;
BEGIN
    SELECT s.last_row, s.first_run INTO last, first
    FROM hredd.harmonize_state s WHERE s.source = src AND s.scheme = harmonize_reconcile.scheme
      AND s.run_by = current_user;
    first := coalesce(first, 0);
    EXECUTE format('SELECT count(*), count(*) FILTER (WHERE ctid > $1) FROM %s', source)
        INTO source_rows, not_yet_read USING coalesce(last, '(0,0)'::tid);
    -- what was harmonised from the table's current file (since its first run)
    SELECT count(*) INTO observations FROM hredd.observation o
    WHERE o.source = src AND o.scheme = harmonize_reconcile.scheme AND o.run_id >= first;
    SELECT count(*) INTO rejected FROM hredd.rejected r
    WHERE r.source = src AND r.scheme = harmonize_reconcile.scheme AND r.run_id >= first;
    balanced := source_rows = observations + rejected + not_yet_read;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION hredd.harmonize_reconcile(regclass, text) IS 'the ledger of a source table for a scheme: its rows = observations + rejected (from the runs that read its current contents) + rows not yet read; balanced says whether that holds';

-- ---------------------------------------------------------------- for BI

-- Per facility and topic: the current severity (worst of the latest
-- observation of each indicator in each scheme), the worst ever, how much
-- evidence there is, how recent, and from which schemes.
CREATE VIEW hredd.facility_topic_evidence AS
SELECT e.facility_ref, e.topic, t.name AS topic_name, t.domain, t.lksg,
       cur.severity, e.worst_severity, e.evidence_count, e.scored_count, e.latest_observation, e.sources
FROM (
    SELECT o.facility_ref, o.topic, count(*) AS evidence_count, count(o.severity) AS scored_count,
           max(o.observed_on) AS latest_observation, max(o.severity) AS worst_severity,
           array_agg(DISTINCT o.scheme ORDER BY o.scheme) AS sources
    FROM hredd.observation o
    GROUP BY o.facility_ref, o.topic
) e
JOIN hredd.topic t ON t.code = e.topic
LEFT JOIN (
    SELECT l.facility_ref, l.topic, max(l.severity) AS severity
    FROM (
        SELECT DISTINCT ON (o.facility_ref, o.topic, o.indicator, o.scheme)
               o.facility_ref, o.topic, o.severity
        FROM hredd.observation o
        WHERE o.severity IS NOT NULL
        ORDER BY o.facility_ref, o.topic, o.indicator, o.scheme, o.observed_on DESC, o.severity DESC
    ) l
    GROUP BY l.facility_ref, l.topic
) cur ON cur.facility_ref = e.facility_ref AND cur.topic = e.topic;
COMMENT ON VIEW hredd.facility_topic_evidence IS 'per facility and topic: severity 0-1 now (worst latest observation per indicator and scheme), worst ever, evidence count, scored count, latest observation date, schemes; for the risk roll-up and BI';
