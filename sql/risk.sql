-- risk: the register end to end on a small supplier list — inherent layers,
-- audits and evidence, actual impacts, data gaps, explanations, diffs,
-- replay, decisions, the BI views.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default
\set SHOW_CONTEXT never

CREATE TABLE rsk_supplier (
    ref       text PRIMARY KEY,
    name      text,
    country   text,
    lat       float8,
    lng       float8,
    products  text[],
    workers   text,
    spend     numeric
);
INSERT INTO rsk_supplier VALUES
    ('R1', 'Dhaka Knit Composite', 'Bangladesh', 23.81, 90.41, '{Garments,Knitting}', '1001-5000', 0.12),
    ('R2', 'Saigon Sewing', 'VN', 10.80, 106.70, '{Footwear}', NULL, 0.03),
    ('R3', 'Mystery Works', NULL, NULL, NULL, NULL, NULL, NULL),
    ('R4', 'Fergana Cotton Gin', 'Uzbekistan', 40.39, 71.78, '{"cotton ginning"}', '250', 0.01),
    ('R5', 'Porto Shoes', 'PT', 41.15, -8.61, '{Footwear}', '80', 0.02);
-- the user's words for products -> ILAB goods (the shipped table may hold more)
INSERT INTO hredd.product_good (term, good, source) VALUES
    ('garments', 'Garments', 'test'), ('footwear', 'Footwear', 'test'), ('cotton', 'Cotton', 'test')
ON CONFLICT DO NOTHING;

-- audits: clean SLCP verifications for R1 and R5 and a zero-tolerance finding for R4
CREATE TABLE rsk_audit (facility_ref text, code text, value text, observed_on date);
INSERT INTO rsk_audit VALUES
    ('R1', 'WH-TOTAL', '48', '2025-03-01'),
    ('R4', 'WH-TOTAL', '84', '2025-04-01'),
    ('R5', 'WH-TOTAL', '40', '2025-06-01');
SET client_min_messages = warning;
CALL harmonize('rsk_audit', 'SLCP_CAF');
RESET client_min_messages;
SELECT facility_ref, topic, indicator, severity FROM observation WHERE source = 'public.rsk_audit' ORDER BY 1;

-- evidence: a grounded grievance at R2, a resolved one at R5, a positive
-- remediation record at R1
INSERT INTO evidence (facility_ref, topic, kind, status, polarity, severity, observed_on, reported_at, source) VALUES
    ('R2', 'FORCED_LABOUR', 'grievance', 'grounded', 'adverse', 1, '2025-05-02', '2025-05-10', 'hotline 2025-17'),
    ('R5', 'WAGES', 'grievance', 'resolved', 'adverse', 0.6, '2025-01-10', '2025-01-12', 'hotline 2025-03'),
    ('R1', 'CHILD_LABOUR', 'remediation', 'grounded', 'positive', 1, '2025-02-01', '2025-02-03', 'age verification programme');

SELECT hredd.assess_risk('rsk_supplier', 'ref', as_of => '2025-06-30', spend_share_column => 'spend') AS run1 \gset
SELECT facility_count, result_count, as_of, known_at = now() AS known_now, profile, version, length(profile_digest) AS digest_length,
       layer_editions ? 'ilab_tvpra_2022' AS ilab_edition_recorded, arguments
FROM risk_run WHERE run_id = :run1;

-- the top of the register: actual impacts first, then by priority
SELECT facility_ref, topic, round(inherent_likelihood::numeric, 3) AS inherent, round(likelihood::numeric, 3) AS likelihood,
       round(severity::numeric, 3) AS severity, round(priority::numeric, 3) AS priority, rank, status,
       round(confidence::numeric, 2) AS confidence, data_gap, gaps
FROM risk_result WHERE run_id = :run1 AND rank <= 8 ORDER BY rank;

-- unknown is never low: the facility with no country sits at the prior on
-- every topic whose layers need a country or products (at the base on the
-- others), and every row is flagged
SELECT round(inherent_likelihood::numeric, 3) AS inherent, count(*) AS topics, bool_and(data_gap) AS all_gaps,
       bool_and('no_country' = ANY (gaps)) AS no_country
FROM risk_result WHERE run_id = :run1 AND facility_ref = 'R3' GROUP BY 1 ORDER BY 1;
-- scope from the workers: a band's middle (3000.5), a number (250, 80), unknown (default 0.5)
SELECT facility_ref, round(scope::numeric, 3) AS scope FROM risk_result WHERE run_id = :run1 AND topic = 'OSH' ORDER BY 1;

-- a clean audit lowers working-hours likelihood: at R1 (two risky stages)
-- from 0.62 to 0.36; at R5 it would go below half the inherent likelihood,
-- and the floor holds it there
SELECT facility_ref, kind, layer, subject, round(value::numeric, 3) AS value, round(effect::numeric, 3) AS effect
FROM risk_contribution WHERE run_id = :run1 AND facility_ref IN ('R1', 'R5') AND topic = 'WORKING_HOURS' ORDER BY 1, 2, 4;
SELECT facility_ref, round(inherent_likelihood::numeric, 3) AS inherent, round(likelihood::numeric, 3) AS likelihood
FROM risk_result WHERE run_id = :run1 AND facility_ref IN ('R1', 'R5') AND topic = 'WORKING_HOURS' ORDER BY 1;

-- explanations in words
SELECT step, part, sentence FROM risk_explain(:run1, 'R4', 'WORKING_HOURS');
SELECT step, part, sentence FROM risk_explain(:run1, 'R1', 'CHILD_LABOUR');
SELECT step, part, sentence FROM risk_explain(:run1, 'R3', 'FORCED_LABOUR');

-- a new grievance arrives after the run: an ad-hoc trigger, then a second run and its diff
-- (reported_at defaults to now(): after the first run's known_at)
INSERT INTO evidence (facility_ref, topic, kind, status, polarity, severity, observed_on, source) VALUES
    ('R1', 'OSH', 'grievance', 'admissible', 'adverse', 0.8, '2025-07-01', 'union complaint');
SELECT facility_ref, topic, kind, status, reason FROM risk_triggers ORDER BY 1, 2;
SELECT hredd.assess_risk('rsk_supplier', 'ref', as_of => '2025-07-31', spend_share_column => 'spend') AS run2 \gset
SELECT facility_ref, topic, change, round(priority_a::numeric, 3) AS a, round(priority_b::numeric, 3) AS b, why
FROM risk_diff(:run1, :run2) WHERE facility_ref = 'R1' AND topic = 'OSH';
SELECT count(*) AS ad_hoc_triggers_after_rerun FROM risk_triggers;

-- as known then: a replay of the first run gives the first run's results,
-- although the grievance above exists now
SELECT risk_replay(:run1) AS run3 \gset
SELECT count(*) AS differences_to_replay FROM risk_diff(:run1, :run3);
SELECT replay_of = :run1 AS is_replay FROM risk_run WHERE run_id = :run3;

-- the register reads the latest run; a decision appears beside it
INSERT INTO risk_decision (run_id, facility_ref, topic, decision, rationale)
VALUES (:run3, 'R2', 'FORCED_LABOUR', 'remediate', 'Grounded hotline case 2025-17; remediation plan agreed with the supplier.');
SELECT facility_name, country, country_name, topic, priority, rank, status, data_gap, gaps, leverage_spend_share,
       latest_decision
FROM risk_register WHERE rank <= 3 ORDER BY rank;
SELECT count(*) AS register_rows, count(DISTINCT run_id) AS runs FROM risk_register;

-- results are append-only
UPDATE risk_run_facility SET priority = ARRAY[0] WHERE run_id = :run1;
DELETE FROM risk_contribution_facility WHERE run_id = :run1;
DELETE FROM risk_contribution_shared WHERE run_id = :run1;
TRUNCATE risk_decision;
DELETE FROM risk_decision;
