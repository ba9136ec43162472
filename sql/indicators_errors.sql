-- indicators_errors: bad arguments and bad rows get a clear error, and
-- harmonize checks everything before it writes anything.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
\set VERBOSITY default
\set SHOW_CONTEXT never
SET datestyle = ISO;

-- units
SELECT normalize_unit('furlongs per fortnight');
SELECT normalize_unit('h %');
SELECT normalize_unit('Rs/month');
SELECT normalize_unit(repeat('h', 201));
SELECT convert_unit(12, '%', 'h/week');
SELECT convert_unit(60, 'h/week', 'h');
SELECT convert_unit(1, 'BDT/month', 'USD/month');
SELECT parse_value_as('60', '', 'hours per parsec');
SELECT grade_score('michelin', 'A');

-- taxonomy rows that do not hold together
INSERT INTO indicator (code, name, unit, direction, source) VALUES ('bad_unit', 'x', 'furlongs', 'lower_is_better', 't');
INSERT INTO indicator (code, name, unit, direction, source) VALUES ('not_norm', 'x', 'hrs/week', 'lower_is_better', 't');
INSERT INTO indicator (code, name, unit, direction, threshold_ok, threshold_severe, source)
VALUES ('upside_down', 'x', 'h/week', 'lower_is_better', 60, 48, 't');
INSERT INTO indicator (code, name, unit, direction, threshold_ok, source) VALUES ('half', 'x', 'h/week', 'lower_is_better', 48, 't');
INSERT INTO indicator (code, name, kind, unit, direction, source) VALUES ('w', 'x', 'wage', 'money/week', 'higher_is_better', 't');
INSERT INTO indicator (code, name, kind, unit, grade_scale, direction, source) VALUES ('g', 'x', 'grade', 'grade', 'stars', 'lower_is_better', 't');
INSERT INTO indicator (code, name, unit, direction, source) VALUES ('Bad Code', 'x', 'h/week', 'lower_is_better', 't');
INSERT INTO crosswalk (scheme, scheme_code, topic, indicator, label, source)
VALUES ('SMETA', '6', 'OSH', 'nc_severity', 'a second indicator for one code', 't');
INSERT INTO crosswalk (scheme, scheme_code, topic, indicator, label, source, value_map)
VALUES ('SMETA', 'X1', 'OSH', 'fire_exits_blocked', 'x', 't', '{"Yes": 1}');
INSERT INTO crosswalk (scheme, scheme_code, topic, indicator, label, source, value_map)
VALUES ('SMETA', 'X2', 'OSH', 'fire_exits_blocked', 'x', 't', '{"yes": "1"}');
INSERT INTO crosswalk (scheme, scheme_code, topic, label, source) VALUES ('NO_SUCH', 'X', 'OSH', 'x', 't');
INSERT INTO crosswalk (scheme, scheme_code, topic, label, source) VALUES ('SMETA', ' X ', 'OSH', 'x', 't');
INSERT INTO wage_benchmark (country, kind, valid_from, amount_month, currency, source)
VALUES ('BD', 'fair', '2024-01-01', 100, 'BDT', 't');
INSERT INTO wage_benchmark (country, kind, valid_from, amount_month, currency, source)
VALUES ('BD', 'living', '2024-01-01', 100, 'taka', 't');
INSERT INTO exchange_rate (currency, valid_on, per_usd, source) VALUES ('BDT', '2024-01-01', 0, 't');

-- harmonize: every argument checked before anything is written
CREATE TABLE good_raw (facility_ref text, code text, value text, observed_on date);
INSERT INTO good_raw VALUES ('F1', 'WH-TOTAL', '60', '2025-01-01');
CREATE TABLE no_code_raw (facility_ref text, value text, observed_on date);
CREATE TABLE text_date_raw (facility_ref text, code text, value text, observed_on text);
CREATE VIEW good_view AS SELECT * FROM good_raw;
CREATE TABLE part_raw (facility_ref text, code text, value text, observed_on date) PARTITION BY RANGE (observed_on);
CREATE TABLE registry (id int, name text);
CALL harmonize('good_raw', 'NO_SUCH_SCHEME');
CALL harmonize('good_raw', NULL);
CALL harmonize('no_code_raw', 'SLCP_CAF');
CALL harmonize('good_raw', 'SLCP_CAF', value_column => 'raw_value');
CALL harmonize('text_date_raw', 'SLCP_CAF');
CALL harmonize('good_view', 'SLCP_CAF');
CALL harmonize('part_raw', 'SLCP_CAF');
CALL harmonize('good_raw', 'SLCP_CAF', unit_column => 'unit');
CALL harmonize('good_raw', 'SLCP_CAF', country_column => 'land');
CALL harmonize('good_raw', 'SLCP_CAF', facilities => 'registry');
CALL harmonize('good_raw', 'SLCP_CAF', batch_rows => 0);
CALL harmonize('no_such_table', 'SLCP_CAF');
SELECT (SELECT count(*) FROM harmonize_run WHERE source IN ('public.good_raw', 'public.no_code_raw', 'public.text_date_raw', 'public.part_raw')) AS runs,
       (SELECT count(*) FROM harmonize_state WHERE source IN ('public.good_raw', 'public.no_code_raw', 'public.text_date_raw', 'public.part_raw')) AS states,
       (SELECT count(*) FROM observation WHERE source IN ('public.good_raw', 'public.no_code_raw', 'public.text_date_raw', 'public.part_raw')) AS observations,
       (SELECT count(*) FROM rejected WHERE source IN ('public.good_raw', 'public.no_code_raw', 'public.text_date_raw', 'public.part_raw')) AS rejected;

-- inside a transaction block, batches cannot commit: say so, or run as one transaction
BEGIN;
CALL harmonize('good_raw', 'SLCP_CAF');
ROLLBACK;
BEGIN;
SET LOCAL client_min_messages = warning;
CALL harmonize('good_raw', 'SLCP_CAF', commit_batches => false);
SELECT count(*) AS observations FROM observation WHERE source = 'public.good_raw';
ROLLBACK;
SELECT count(*) AS observations_after_rollback FROM observation WHERE source = 'public.good_raw';

-- harmonize_batch is internal; called directly with a query of the wrong
-- shape it refuses instead of misreading the columns
SELECT * FROM harmonize_batch('SLCP_CAF', current_date,
    'SELECT s.ctid, 42::int8, s.code, s.value, NULL::text, s.observed_on, NULL::hredd.country, true FROM public.good_raw s WHERE s.ctid > $1 AND s.ctid < $2',
    '(0,0)', '(10,0)', 1, 'x');
SELECT * FROM harmonize_batch('SLCP_CAF', current_date,
    'SELECT s.ctid, s.facility_ref, s.code, s.value, NULL::text, s.observed_on, ''BD''::text, true FROM public.good_raw s WHERE s.ctid > $1 AND s.ctid < $2',
    '(0,0)', '(10,0)', 1, 'x');
-- a primary key other than the shipped one would make the duplicate check wrong
BEGIN;
ALTER TABLE observation DROP CONSTRAINT observation_pkey;
ALTER TABLE observation ADD PRIMARY KEY (row_key);
CALL harmonize('good_raw', 'SLCP_CAF', commit_batches => false);
ROLLBACK;
