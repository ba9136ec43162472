-- indicators: the value parser, units, grades, the shipped taxonomy, and
-- harmonize: every garbage class has its reason code; nothing is lost; a
-- second run changes nothing; an interrupted run resumes.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
\set VERBOSITY default
\set SHOW_CONTEXT never
SET datestyle = ISO;
SET extra_float_digits = 0;

-- ---------------------------------------------------------------- the parser
SELECT raw, p.*
FROM unnest(ARRAY[
    '60 hrs/week', '60hrs/wk', '10 h/day', '8 hours a day', '26 days per month', '12,5 %', '12.5%',
    'BDT 8.000', 'Tk. 8,000/-', '৳ ৮,০০০', '৳12,500 per month', '4.680.000 ₫', '4.680.000 VND/tháng',
    '¥2,690', '3000元/月', 'RMB 2690/month', '₹12,000', 'INR 12,000 pm', '$1,200/mo', 'US$ 1.25/h',
    '1.234,56 €', 'EUR 9,50 pro Stunde', 'Rp 4.900.000', '1,00,000', '8 000', '1''234.50', '0,125',
    '60 giờ/tuần', '每周60小时', '60 saat/hafta', '60 Stunden pro Woche', '６０', '48-60', '48 – 60 h/week',
    '8 to 10 hours', '<5 %', '≥ 60', '~60', 'approx. 60 h/week', '3 workers',
    'Yes', 'no', 'Ja', 'Nein', 'Có', 'Không', 'Evet', 'Hayır', 'Sí', 'Não', '是', '否', 'হ্যাঁ', 'না', 'हाँ', 'नहीं',
    'N/A', 'n.a.', '-', '—', 'k.A.', 'not applicable', 'không áp dụng', '不适用',
    '', '   ', 'abc', '1.2.3', '60 h 5', '60 furlongs', '60 h %', 'BDT 8000 USD', 'Rs. 25,000']) AS raw,
     LATERAL parse_value(raw) p;

-- a unit column next to the value
SELECT raw, u, p.*
FROM (VALUES ('62', 'hrs/week'), ('60 h', 'per week'), ('8.000', 'BDT'), ('12 500', 'Tk/month'), ('yes', 'bool'),
             ('60 h', '%'), ('USD 100', 'EUR'), ('60', 'parsecs'), ('yes', 'h/week')) v(raw, u),
     LATERAL parse_value(raw, u) p;

-- converted to an indicator's unit: what the value leaves open comes from it
SELECT raw, u, target, p.*
FROM (VALUES ('10 h/day', '', 'h/week'), ('260 hours per month', '', 'h/week'), ('62', '', 'h/week'),
             ('62 h', '', 'h/week'), ('48-60', 'h', 'h/week'), ('12 %', '', 'h/week'), ('yes', '', 'h/week'),
             ('BDT 400 per day', '', 'money/month'), ('USD 1.25/h', '', 'money/month'), ('BDT 8.000', '', 'money/month'),
             ('1 day per week', '', 'days/month'), ('Có', '', 'bool'), ('3', '', 'count/year')) v(raw, u, target),
     LATERAL parse_value_as(raw, u, target) p;

SELECT convert_unit(10, 'h/day', 'h/week') AS day_to_week,
       convert_unit(260, 'h/month', 'hours per week') AS month_to_week,
       round(convert_unit(400, 'BDT/day', 'BDT/month')::numeric, 2) AS daily_wage_to_month,
       convert_unit(2, 'days/week', 'days/month')::numeric(8, 4) AS days;
SELECT u, normalize_unit(u)
FROM unnest(ARRAY['hrs per week', 'Tk/month', 'VND/tháng', '%', 'days p.m.', 'USD/h', 'bool', 'grade', 'money/month']) u;

SELECT scale, grade, grade_score(scale, grade)
FROM (VALUES ('bsci', 'A'), ('bsci', 'c'), ('bsci', 'E'), ('bsci', 'ZT'), ('bsci', 'F'), ('nc', 'Major NC'),
             ('nc', 'Critical'), ('nc', 'Observation'), ('nc', 'Compliant'), ('rba', 'Priority'), ('rba', 'OFI'),
             ('ituc', '5+'), ('ituc', '3'), ('thinkhazard', 'MED'), ('higg', '78,5 %'), ('higg', '120')) g(scale, grade);

-- ---------------------------------------------------------------- the shipped taxonomy
SELECT count(*) AS topics, count(*) FILTER (WHERE shipped) AS shipped FROM topic;
SELECT code, domain, ilo, lksg FROM topic WHERE code IN ('CHILD_LABOUR', 'WORKING_HOURS', 'WAGES', 'OSH') ORDER BY code;
SELECT kind, count(*) FROM scheme GROUP BY kind ORDER BY kind;
SELECT code, unit, direction, threshold_ok, threshold_limit, threshold_severe, min_value, max_value
FROM indicator WHERE code LIKE 'hours%' OR kind = 'wage' ORDER BY code;
SELECT scheme, count(*) AS codes, count(indicator) AS carry_data,
       count(*) FILTER (WHERE verification = 'unverified') AS unverified,
       count(*) FILTER (WHERE verification = 'illustrative') AS illustrative
FROM crosswalk GROUP BY scheme ORDER BY scheme;
-- every shipped row names its source and says how far it is verified
SELECT 'topic' AS t, count(*) FROM topic WHERE shipped AND (source = '' OR verification = 'verified')
UNION ALL SELECT 'indicator', count(*) FROM indicator WHERE shipped AND (source = '' OR verification = 'verified')
UNION ALL SELECT 'crosswalk', count(*) FROM crosswalk WHERE shipped AND (source = '' OR verification = 'verified');
-- the draft's "verify" notes are kept and marked
SELECT count(*) AS verify_notes, bool_and(verification = 'unverified') AS all_unverified
FROM crosswalk WHERE note LIKE '%verify%' AND shipped;

-- ---------------------------------------------------------------- harmonize: every class
CREATE TABLE facility_registry (ref text PRIMARY KEY, name text);
INSERT INTO facility_registry VALUES ('F1', 'Dhaka Knit'), ('F2', 'Saigon Sewing'), ('F3', 'Tirupur Textiles');
INSERT INTO wage_benchmark (country, kind, valid_from, amount_month, currency, source) VALUES
    ('BD', 'minimum', '2023-12-01', 12500, 'BDT', 'test'),
    ('BD', 'living', '2023-01-01', 200, 'USD', 'test'),
    ('VN', 'minimum', '2024-07-01', 4960000, 'VND', 'test');
INSERT INTO exchange_rate (currency, valid_on, per_usd, source) VALUES
    ('BDT', '2024-01-01', 110, 'test'), ('BDT', '2025-01-01', 120, 'test'), ('VND', '2025-01-01', 25000, 'test');

CREATE TABLE audit_raw (
    line        int,
    facility_ref text,
    code        text,
    value       text,
    unit        text,
    observed_on date,
    country     text
);
INSERT INTO audit_raw VALUES
    (1, 'F1', 'WH-TOTAL', '62 hrs/week', NULL, '2025-03-01', 'BD'),
    (2, 'F1', 'WH-TOTAL', '62 hrs/week', NULL, '2025-03-01', 'BD'),          -- duplicate_row
    (3, 'F1', 'WB-LOWEST-WAGE', '12.500', 'BDT/month', '2025-03-01', 'BD'),   -- minimum wage: severity 0.5 .. living
    (4, 'F1', 'WB-LOWEST-WAGE', 'BDT 400 per day', NULL, '2024-06-01', 'BD'), -- converted to a month
    (5, 'F2', 'WB-LOWEST-WAGE', '4.680.000 ₫', NULL, '2025-03-01', 'VN'),     -- below the minimum wage
    (6, 'F2', 'WI-UNION', 'Có', NULL, '2025-03-01', 'VN'),
    (7, 'F2', 'WH-DAYS-OFF', '0', 'days/week', '2025-03-01', 'VN'),
    (8, 'F3', 'WH-TOTAL', '48-60', 'h', '2025-02-01', 'IN'),                  -- range: the worse end counts
    (9, 'F1', 'WH-OT', 'xx', NULL, '2025-03-01', 'BD'),                        -- unparseable_number
    (10, 'F2', 'NOPE', '1', NULL, '2025-03-01', 'VN'),                          -- unknown_code
    (11, 'F2', 'WH-TOTAL', '12 %', NULL, '2025-03-01', 'VN'),                   -- unit_mismatch
    (12, 'F2', 'WH-TOTAL', '620', NULL, '2025-03-01', 'VN'),                    -- out_of_range
    (13, 'F2', 'WH-TOTAL', '60', NULL, '2999-03-01', 'VN'),                     -- future_date
    (14, 'F2', 'WH-TOTAL', '60', NULL, NULL, 'VN'),                             -- missing_date
    (15, '', 'WH-TOTAL', '60', NULL, '2025-03-01', 'VN'),                       -- missing_facility
    (16, 'F9', 'WH-TOTAL', '60', NULL, '2025-03-01', 'VN'),                     -- unknown_facility
    (17, 'F2', 'WH-TOTAL', '60 furlongs', NULL, '2025-03-01', 'VN'),            -- unknown_unit
    (18, 'F2', 'WH-TOTAL', '60 h', '%', '2025-03-01', 'VN'),                    -- conflicting_unit
    (19, 'F3', 'WB-LOWEST-WAGE', 'Rs. 25,000', NULL, '2025-03-01', 'IN'),       -- ambiguous_currency
    (20, 'F2', 'WH-TOTAL', 'N/A', NULL, '2025-03-01', 'VN'),                    -- not_applicable
    (21, 'F2', 'WH-TOTAL', '  ', NULL, '2025-03-01', 'VN'),                     -- empty_value
    (22, 'F2', 'WH-TOTAL', NULL, NULL, '2025-03-01', 'VN'),                     -- empty_value (NULL)
    (23, 'F2', 'WH-TOTAL', repeat('6', 201), NULL, '2025-03-01', 'VN'),         -- value_too_long
    (24, NULL, 'WH-TOTAL', '60', NULL, '2025-03-01', 'VN');                     -- missing_facility (NULL)

CALL harmonize('audit_raw', 'SLCP_CAF', facilities => 'facility_registry', facility_key => 'ref');
SELECT facility_ref, scheme_code, topic, indicator, value, unit, severity, observed_on, country,
       value_usd, minimum_wage_ratio, living_wage_ratio, raw_value
FROM observation ORDER BY facility_ref, scheme_code, observed_on;
SELECT r.raw ->> 'line' AS line, r.reason, r.detail FROM rejected r ORDER BY (r.raw ->> 'line')::int;
-- every reason code of the table but unknown_grade (tested below) was hit
SELECT code FROM reject_reason WHERE code NOT IN (SELECT reason FROM rejected) ORDER BY code;
SELECT run_id, source, scheme, status, batches, rows_in, rows_out, rows_rejected FROM harmonize_run;
SELECT * FROM harmonize_reconcile('audit_raw', 'SLCP_CAF');

-- a second run changes nothing
CREATE TEMP TABLE before AS
SELECT (SELECT count(*) FROM observation) AS obs, (SELECT count(*) FROM rejected) AS rej,
       (SELECT md5(string_agg(o::text, ';' ORDER BY row_key)) FROM observation o) AS h;
CALL harmonize('audit_raw', 'SLCP_CAF', facilities => 'facility_registry', facility_key => 'ref');
SELECT b.obs = (SELECT count(*) FROM observation) AS same_obs, b.rej = (SELECT count(*) FROM rejected) AS same_rej,
       b.h = (SELECT md5(string_agg(o::text, ';' ORDER BY row_key)) FROM observation o) AS same_content
FROM before b;
SELECT run_id, status, rows_in, rows_out, rows_rejected FROM harmonize_run ORDER BY run_id;

-- rows appended later are read; a copy of a harmonised row is a duplicate
INSERT INTO audit_raw VALUES
    (25, 'F1', 'WH-TOTAL', '62 hrs/week', NULL, '2025-03-01', 'BD'),
    (26, 'F1', 'WH-TOTAL', '58', NULL, '2025-09-01', 'BD');
CALL harmonize('audit_raw', 'SLCP_CAF', facilities => 'facility_registry', facility_key => 'ref');
SELECT r.raw ->> 'line' AS line, r.reason FROM rejected r WHERE r.run_id = 3;
SELECT * FROM harmonize_reconcile('audit_raw', 'SLCP_CAF');

-- the same rows under another scheme: graded clause codes, value maps
CREATE TABLE smeta_raw (facility_ref text, code text, value text, observed_on date);
INSERT INTO smeta_raw VALUES
    ('F1', '6', 'Major NC', '2025-01-15'), ('F1', '5', 'Minor', '2025-01-15'), ('F1', '4', 'Compliant', '2025-01-15'),
    ('F1', '6', 'Observation', '2025-06-15'), ('F2', '2', 'Critical', '2025-02-01'), ('F2', '6', 'terrible', '2025-02-01'),
    ('F2', 'FOA-WORKER-REP', 'Management-appointed committee', '2025-02-01'), ('F3', 'FOA-WORKER-REP', 'Union', '2025-02-01'),
    ('F3', 'WH-TOTAL', '55 h', '2025-02-01');
CALL harmonize('smeta_raw', 'SMETA');
SELECT facility_ref, scheme_code, topic, indicator, value, unit, severity, observed_on
FROM observation WHERE scheme = 'SMETA' ORDER BY facility_ref, scheme_code, observed_on;
SELECT facility_ref, scheme_code, reason, detail FROM rejected WHERE scheme = 'SMETA';

-- a source truncated and reloaded is read from the start: rows seen before are duplicates
TRUNCATE smeta_raw;
INSERT INTO smeta_raw VALUES ('F1', '6', 'Major NC', '2025-01-15'), ('F1', '6', 'Minor', '2025-09-15');
CALL harmonize('smeta_raw', 'SMETA');
SELECT facility_ref, scheme_code, reason FROM rejected WHERE source = 'public.smeta_raw' ORDER BY rejected_id;
SELECT * FROM harmonize_reconcile('smeta_raw', 'SMETA');

-- the wage severity harmonize writes is hredd.wage_severity of the ratios
SELECT count(*) AS wages, bool_and(abs(severity - wage_severity(minimum_wage_ratio, living_wage_ratio)) < 1e-5) AS same
FROM observation WHERE indicator = 'wage_month' AND severity IS NOT NULL;
SELECT wage_severity(0.9, 0.5) AS below_minimum, wage_severity(1, 0.5) AS at_minimum, wage_severity(1.5, 0.75) AS between,
       wage_severity(2, 1) AS at_living, wage_severity(1.2, NULL) AS no_living_benchmark;

-- ---------------------------------------------------------------- resume after an interruption
-- (INSERT, not CREATE TABLE AS: since PostgreSQL 16 a bulk CREATE TABLE AS
-- extends the file by many blocks at once, and the batches' block numbers
-- below would differ between versions)
CREATE TABLE big_raw (facility_ref text, code text, value text, observed_on date);
INSERT INTO big_raw
SELECT 'F' || (i % 3 + 1) AS facility_ref, 'WH-TOTAL' AS code, (40 + i % 30)::text || ' h' AS value,
       DATE '2020-01-01' + (i / 3) AS observed_on
FROM generate_series(1, 3000) i;
ANALYZE big_raw;
-- a batch in the middle fails (an error in a trigger stands for a crash):
-- the batches before it stay committed
CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.observed_on >= DATE '2020-01-01' + 600 THEN
        RAISE EXCEPTION 'simulated crash';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER boom BEFORE INSERT ON hredd.observation FOR EACH ROW EXECUTE FUNCTION boom();
\set VERBOSITY terse
CALL harmonize('big_raw', 'SLCP_CAF', batch_rows => 400);
\set VERBOSITY default
DROP TRIGGER boom ON hredd.observation;
SELECT source_rows, observations BETWEEN 400 AND 1800 AS part_done, not_yet_read > 0 AS rest_waiting, balanced
FROM harmonize_reconcile('big_raw', 'SLCP_CAF');
SET client_min_messages = warning;
CALL harmonize('big_raw', 'SLCP_CAF', batch_rows => 400);
RESET client_min_messages;
SELECT * FROM harmonize_reconcile('big_raw', 'SLCP_CAF');
SELECT status, batches > 1 AS several_batches, rows_out + rows_rejected = rows_in AS balanced
FROM harmonize_run WHERE source = 'public.big_raw' ORDER BY run_id;
SELECT sum(rows_in) AS rows_read_by_both_runs FROM harmonize_run WHERE source = 'public.big_raw';
-- observations deleted by hand come back when their rows are read again: the
-- duplicate check counts live rows only, and walks over the dead index
-- entries the delete left behind
DELETE FROM observation WHERE source = 'public.big_raw' AND observed_on < DATE '2020-01-01' + 300;
UPDATE harmonize_state SET last_row = '(0,0)' WHERE source = 'public.big_raw';
SET client_min_messages = warning;
CALL harmonize('big_raw', 'SLCP_CAF', batch_rows => 400);
RESET client_min_messages;
SELECT (SELECT count(*) FROM observation WHERE source = 'public.big_raw') AS observations,
       (SELECT count(*) FROM observation WHERE source = 'public.big_raw' AND observed_on < DATE '2020-01-01' + 300) AS came_back,
       (SELECT count(*) FROM rejected WHERE source = 'public.big_raw' AND reason = 'duplicate_row') AS still_there_rejected_as_duplicates,
       (SELECT count(*) FROM rejected WHERE source = 'public.big_raw' AND reason <> 'duplicate_row') AS other_rejects;
DELETE FROM rejected WHERE source = 'public.big_raw';

-- ---------------------------------------------------------------- per facility and topic
SELECT facility_ref, topic, severity, worst_severity, evidence_count, scored_count, latest_observation, sources
FROM facility_topic_evidence ORDER BY facility_ref, topic;

-- ---------------------------------------------------------------- user rows
INSERT INTO scheme (code, name, kind, source) VALUES ('MY_AUDIT', 'In-house audit', 'audit', 'our audit manual 2025');
INSERT INTO crosswalk (scheme, scheme_code, topic, indicator, label, source, value_map)
VALUES ('MY_AUDIT', 'Q7', 'WORKING_HOURS', 'hours_total_week', 'Weekly hours', 'our audit manual 2025', NULL),
       ('MY_AUDIT', 'Q9', 'FOA_CB', 'worker_representation', 'Worker committee', 'our audit manual 2025',
        '{"elected": 1, "appointed": 0}');
INSERT INTO indicator (code, topic, name, kind, unit, grade_scale, direction, threshold_ok, threshold_severe, source)
VALUES ('my_grade', 'OSH', 'House H&S grade', 'grade', 'grade', NULL, 'lower_is_better', 0, 1, 'our audit manual 2025');
INSERT INTO crosswalk (scheme, scheme_code, topic, indicator, label, source, value_map)
VALUES ('MY_AUDIT', 'HS', 'OSH', 'my_grade', 'H&S grade', 'our audit manual 2025', '{"green": 0, "amber": 0.5, "red": 1}');
CREATE TABLE my_raw (facility_ref text, code text, value text, observed_on date);
INSERT INTO my_raw VALUES ('F3', 'Q7', '50', '2025-05-01'), ('F3', 'Q9', 'Elected', '2025-05-01'),
    ('F3', 'HS', 'Amber', '2025-05-01'), ('F3', 'HS', 'purple', '2025-05-02');
CALL harmonize('my_raw', 'MY_AUDIT');
SELECT scheme_code, indicator, value, unit, severity FROM observation WHERE scheme = 'MY_AUDIT' ORDER BY 1;
SELECT scheme_code, reason, detail FROM rejected WHERE scheme = 'MY_AUDIT';

-- ---------------------------------------------------------------- how observations are written
-- harmonize writes observations itself (as COPY does): indexes and CHECK
-- constraints added by the user still apply
CREATE INDEX my_obs_indicator_idx ON observation (indicator);
ALTER TABLE observation ADD CONSTRAINT my_hours_cap CHECK (indicator <> 'hours_total_week' OR value <= 100);
CREATE TABLE my_raw2 (facility_ref text, code text, value text, observed_on date);
INSERT INTO my_raw2 VALUES ('F4', 'Q7', '52', '2025-06-01'), ('F4', 'Q7', '51', '2025-06-02');
CALL harmonize('my_raw2', 'MY_AUDIT');
SET enable_seqscan = off;
SET enable_indexscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM observation WHERE indicator = 'hours_total_week';
SELECT count(*) AS found_by_the_users_index FROM observation WHERE indicator = 'hours_total_week';
RESET enable_seqscan;
RESET enable_indexscan;
SELECT count(*) AS found_by_a_scan FROM observation WHERE indicator = 'hours_total_week';
INSERT INTO my_raw2 VALUES ('F4', 'Q7', '120', '2025-06-03');
\set VERBOSITY terse
CALL harmonize('my_raw2', 'MY_AUDIT');
\set VERBOSITY default
ALTER TABLE observation DROP CONSTRAINT my_hours_cap;
-- with a column of the user's, harmonize inserts through SQL so that its
-- default applies (NOT NULL: a row written without it would fail)
ALTER TABLE observation ADD COLUMN reviewed boolean NOT NULL DEFAULT false;
CALL harmonize('my_raw2', 'MY_AUDIT');
SELECT facility_ref, observed_on, value, reviewed FROM observation WHERE facility_ref = 'F4' ORDER BY observed_on;
ALTER TABLE observation DROP COLUMN reviewed;
DROP INDEX my_obs_indicator_idx;
