-- Demo, part 4: audits from three schemes on one taxonomy.
-- Three sample exports (data/indicators/*_sample.csv, made up, with deliberate
-- garbage) are harmonised against the supplier master of part 1.
\pset footer off
SET client_min_messages = warning;
SET search_path = public, hredd;

\echo
\echo '== 16. Three audit exports as they come: amfori BSCI, SMETA, SLCP verified data'
CREATE TABLE bsci_raw (audit_ref text, site_ref text, site_name text, country text, audit_date date,
                       area_code text, result text, unit text);
\copy bsci_raw FROM 'data/indicators/amfori_bsci_audits_sample.csv' (FORMAT csv, HEADER)
CREATE TABLE smeta_raw (report_ref text, facility_ref text, country text, audit_day date, clause text,
                        finding text, unit text);
\copy smeta_raw FROM 'data/indicators/smeta_audits_sample.csv' (FORMAT csv, HEADER)
CREATE TABLE slcp_raw (os_id text, country text, verified_on date, question_id text, answer text, answer_unit text);
\copy slcp_raw FROM 'data/indicators/slcp_verified_sample.csv' (FORMAT csv, HEADER)
SELECT 'amfori BSCI' AS export, count(*) AS rows, string_agg(DISTINCT result, ' ' ORDER BY result) FILTER (WHERE length(result) <= 2) AS grades
FROM bsci_raw
UNION ALL SELECT 'SMETA', count(*), string_agg(DISTINCT finding, ', ' ORDER BY finding) FILTER (WHERE finding ~ '^[A-Z][a-z]+( NC)?$') FROM smeta_raw
UNION ALL SELECT 'SLCP', count(*), NULL FROM slcp_raw;

\echo
\echo '== 17. Wage benchmarks and exchange rates: your tables (illustrative demo values, not official figures)'
INSERT INTO wage_benchmark (country, kind, valid_from, amount_month, currency, basis, source) VALUES
    ('BD', 'minimum', '2023-12-01', 12500, 'BDT', 'garment sector', 'demo value'),
    ('BD', 'living', '2024-01-01', 23000, 'BDT', 'typical family, gross', 'demo value'),
    ('VN', 'minimum', '2024-07-01', 4960000, 'VND', 'region I', 'demo value'),
    ('VN', 'living', '2024-01-01', 330, 'USD', 'typical family, gross', 'demo value'),
    ('IN', 'minimum', '2024-04-01', 10000, 'INR', 'state rate, unskilled', 'demo value'),
    ('IN', 'living', '2024-01-01', 18000, 'INR', 'typical family, gross', 'demo value'),
    ('CN', 'minimum', '2023-07-01', 2690, 'CNY', 'city rate', 'demo value'),
    ('PK', 'minimum', '2024-07-01', 37000, 'PKR', 'federal rate', 'demo value'),
    ('TR', 'minimum', '2024-01-01', 17002, 'TRY', 'net monthly', 'demo value');
INSERT INTO exchange_rate (currency, valid_on, per_usd, source) VALUES
    ('BDT', '2024-01-01', 110, 'demo value'), ('BDT', '2025-01-01', 120, 'demo value'),
    ('VND', '2025-01-01', 25400, 'demo value'), ('INR', '2024-06-01', 83.5, 'demo value'),
    ('CNY', '2025-01-01', 7.2, 'demo value'), ('PKR', '2024-06-01', 278, 'demo value'),
    ('TRY', '2025-01-01', 35, 'demo value');
SELECT country, kind, amount_month, currency, valid_from FROM wage_benchmark ORDER BY country, kind;

\echo
\echo '== 18. Harmonise: one CALL per export, its own column names, checked against the supplier master'
SET client_min_messages = notice;
CALL harmonize('bsci_raw', 'AMFORI_BSCI', facilities => 'supplier', facility_key => 'supplier_ref',
               facility_column => 'site_ref', code_column => 'area_code', value_column => 'result',
               date_column => 'audit_date');
CALL harmonize('smeta_raw', 'SMETA', facilities => 'supplier', facility_key => 'supplier_ref',
               code_column => 'clause', value_column => 'finding', date_column => 'audit_day');
CALL harmonize('slcp_raw', 'SLCP_CAF', facilities => 'supplier', facility_key => 'os_id',
               facility_column => 'os_id', code_column => 'question_id', value_column => 'answer',
               unit_column => 'answer_unit', date_column => 'verified_on');
SET client_min_messages = warning;
SELECT run_id, source, scheme, status, rows_in, rows_out, rows_rejected FROM harmonize_run ORDER BY run_id;

\echo
\echo '== 19. One taxonomy: per facility and topic, the view that BI dashboards read'
SELECT coalesce(s.supplier_ref, e.facility_ref) AS supplier, left(s.facility_name, 28) AS facility, e.topic,
       round(e.severity::numeric, 2) AS severity, round(e.worst_severity::numeric, 2) AS worst,
       e.evidence_count AS evidence, e.latest_observation AS latest, e.sources
FROM facility_topic_evidence e
LEFT JOIN supplier s ON s.supplier_ref = e.facility_ref OR s.os_id::text = e.facility_ref
ORDER BY e.severity DESC NULLS LAST, 1, 3
LIMIT 25;

\echo
\echo '== 20. Wages in local currency, in US dollars as of the audit day, against minimum and living wage'
SELECT facility_ref, country, raw_value, raw_unit, round(value::numeric) AS per_month, unit,
       round(value_usd::numeric) AS usd, round(minimum_wage_ratio::numeric, 2) AS x_minimum,
       round(living_wage_ratio::numeric, 2) AS x_living, round(severity::numeric, 2) AS severity
FROM observation WHERE indicator = 'wage_month' ORDER BY severity DESC NULLS LAST, facility_ref;

\echo
\echo '== 21. The rejects: nothing dropped, each with its reason and the raw row'
SELECT split_part(source, '.', 2) AS source, reason, facility_ref, scheme_code, raw_value, raw_unit, observed_on
FROM rejected ORDER BY source, reason, rejected_id;
SELECT reason, count(*) FROM rejected GROUP BY reason ORDER BY count(*) DESC, reason;
SELECT detail FROM rejected WHERE reason IN ('unknown_grade', 'out_of_range', 'unit_mismatch') ORDER BY rejected_id;

\echo
\echo '== 22. The ledger balances: rows in = observations + rejects; a second run changes nothing'
CALL harmonize('bsci_raw', 'AMFORI_BSCI', facilities => 'supplier', facility_key => 'supplier_ref',
               facility_column => 'site_ref', code_column => 'area_code', value_column => 'result',
               date_column => 'audit_date');
SELECT 'bsci_raw' AS source, r.* FROM harmonize_reconcile('bsci_raw', 'AMFORI_BSCI') r
UNION ALL SELECT 'smeta_raw', r.* FROM harmonize_reconcile('smeta_raw', 'SMETA') r
UNION ALL SELECT 'slcp_raw', r.* FROM harmonize_reconcile('slcp_raw', 'SLCP_CAF') r;
