-- risk_errors: bad arguments, bad profiles, bad evidence — each refused with
-- its own message, before anything is written.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
SET datestyle = ISO;
\set VERBOSITY default
\set SHOW_CONTEXT never

CREATE TABLE rke_fac (ref text, name text, country text, lat text, lng text, products text, workers int);
INSERT INTO rke_fac VALUES ('K1', 'A', 'BD', '23.8', '90.4', 'garments', 100), ('K2', 'B', 'Narnia', 'north', NULL, NULL, -5);
SELECT count(*) AS runs_before FROM risk_run \gset

-- arguments
SELECT assess_risk('rke_fac', 'ref', profile => 'nope');
SELECT assess_risk('rke_fac', 'ref', profile_version => 99);
SELECT assess_risk('rke_fac', 'nope');
SELECT assess_risk('rke_fac', 'ref', workers_column => 'nope');
SELECT assess_risk('rke_fac', 'ref', products_column => 'workers');
SELECT assess_risk('rke_fac', 'ref', country_column => 'workers');
SELECT assess_risk('rke_fac', 'ref', lat_column => 'lat', lng_column => 'nope');
SELECT assess_risk('rke_fac', 'ref', as_of => 'infinity');
SELECT assess_risk(NULL, 'ref');
SELECT assess_risk('no_such_table', 'ref');
INSERT INTO rke_fac VALUES ('K1', 'dup', 'BD', NULL, NULL, NULL, NULL);
SELECT assess_risk('rke_fac', 'ref');
DELETE FROM rke_fac WHERE name = 'dup';
SELECT count(*) - :runs_before AS runs_written_by_errors FROM risk_run;

-- dirty facility rows are read, not refused: an unknown country, text
-- coordinates that are no number, negative workers all become data gaps
SET client_min_messages = warning;
SELECT assess_risk('rke_fac', 'ref', as_of => '2025-06-30', known_at => '2025-06-30') AS run \gset
RESET client_min_messages;
SELECT facility_ref, country, lat, lng, workers FROM risk_run_facility WHERE run_id = :run ORDER BY 1;
SELECT facility_ref, gaps FROM risk_result WHERE run_id = :run AND topic = 'CHILD_LABOUR' ORDER BY 1;

-- explanations of what is not there
SELECT * FROM risk_explain(:run, 'K9', 'CHILD_LABOUR');
SELECT * FROM risk_explain(:run, 'K1', 'NO_SUCH_TOPIC');
SELECT * FROM risk_explain(-1, 'K1', 'CHILD_LABOUR');
SELECT * FROM risk_diff(:run, -1);
SELECT risk_replay(-1);

-- profiles: numbers outside 0-1 or NaN, unknown topics, a used version
INSERT INTO risk_profile (profile, version, alpha) VALUES ('bad', 1, 1.5);
INSERT INTO risk_profile (profile, version, floor_share) VALUES ('bad', 1, 'NaN');
INSERT INTO risk_profile (profile, version, evidence_scale) VALUES ('bad', 1, -1);
INSERT INTO risk_profile (profile, version) VALUES ('Bad Name', 1);
INSERT INTO risk_profile (profile, version) VALUES ('mine', 1);
INSERT INTO risk_profile_topic (profile, version, topic, scale, irremediability) VALUES ('mine', 1, 'OSH', 0.9, 'NaN');
INSERT INTO risk_profile_topic (profile, version, topic, scale, irremediability) VALUES ('mine', 1, 'NO_SUCH_TOPIC', 0.9, 0.9);
INSERT INTO risk_profile_layer (profile, version, kind, layer, topic, weight) VALUES ('mine', 1, 'country', 'x', 'OSH', -0.1);
INSERT INTO risk_profile_layer (profile, version, kind, layer, topic, weight) VALUES ('mine', 1, 'sector', 'x', 'OSH', 0.1);
INSERT INTO risk_profile_evidence (profile, version, kind, reliability, half_life_days) VALUES ('mine', 1, 'audit', 2, 365);
INSERT INTO risk_profile_evidence (profile, version, kind, reliability, half_life_days) VALUES ('mine', 1, 'rumour', 0.1, 365);
SELECT assess_risk('rke_fac', 'ref', profile => 'mine');
UPDATE risk_profile_topic SET scale = 0.1 WHERE profile = 'default' AND version = 1 AND topic = 'OSH';
DELETE FROM risk_profile_layer WHERE profile = 'default' AND version = 1;
UPDATE risk_profile SET alpha = 0.5 WHERE profile = 'default' AND version = 1;
-- the way to change it: a new version
SELECT risk_profile_copy('default', 1) AS v2 \gset
UPDATE risk_profile_topic SET scale = 0.1 WHERE profile = 'default' AND version = :v2 AND topic = 'OSH';
SELECT risk_profile_digest('default', 1) <> risk_profile_digest('default', :v2) AS digests_differ;
SELECT risk_profile_copy('nope', 1);
DELETE FROM risk_profile WHERE profile = 'default' AND version = :v2;
DELETE FROM risk_profile WHERE profile = 'mine';

-- evidence: unknown kinds, statuses, topics, future dates, severities
INSERT INTO evidence (facility_ref, topic, kind, observed_on, source) VALUES ('K1', 'OSH', 'rumour', '2025-01-01', 'x');
INSERT INTO evidence (facility_ref, topic, kind, status, observed_on, source) VALUES ('K1', 'OSH', 'media', 'probable', '2025-01-01', 'x');
INSERT INTO evidence (facility_ref, topic, kind, observed_on, source) VALUES ('K1', 'NO_SUCH_TOPIC', 'media', '2025-01-01', 'x');
INSERT INTO evidence (facility_ref, topic, kind, observed_on, reported_at, source) VALUES ('K1', 'OSH', 'media', '2030-01-01', '2025-01-01', 'x');
INSERT INTO evidence (facility_ref, topic, kind, severity, observed_on, source) VALUES ('K1', 'OSH', 'media', 'NaN', '2025-01-01', 'x');
INSERT INTO evidence (facility_ref, topic, kind, polarity, observed_on, source) VALUES ('K1', 'OSH', 'media', 'neutral', '2025-01-01', 'x');
INSERT INTO evidence (facility_ref, topic, kind, observed_on, source) VALUES (' ', 'OSH', 'media', '2025-01-01', 'x');
-- in bulk, each bad row is quarantined with its reason and the good ones go in
CREATE TABLE rke_ev (facility_ref text, topic text, kind text, status text, observed_on text, source text, reported_at timestamptz);
INSERT INTO rke_ev VALUES
    ('K1', 'OSH', 'grievance', 'received', '2025-01-05', 'hotline', '2025-01-06'),
    ('K1', 'OSH', 'rumour', 'received', '2025-01-05', 'pub', '2025-01-06'),
    ('K1', 'NOPE', 'media', 'received', '2025-01-05', 'paper', '2025-01-06'),
    ('K1', 'OSH', 'media', 'received', '2031-01-05', 'paper', '2025-01-06'),
    ('K1', 'OSH', 'media', 'received', 'last tuesday', 'paper', '2025-01-06'),
    (NULL, 'OSH', 'media', 'received', '2025-01-05', 'paper', '2025-01-06');
SELECT * FROM load_evidence('rke_ev');
SELECT reason, detail, raw->>'kind' AS kind FROM evidence_rejected WHERE source = 'public.rke_ev' ORDER BY rejected_id;
SELECT * FROM load_evidence('rke_fac');

-- decisions need a reason of their own
INSERT INTO risk_decision (run_id, facility_ref, topic, decision, rationale) VALUES (:run, 'K1', 'OSH', 'defer', 'later');
INSERT INTO risk_decision (run_id, facility_ref, topic, decision, rationale) VALUES (:run, 'K1', 'OSH', 'ignore', 'We looked at it and it is fine.');
INSERT INTO risk_decision (run_id, facility_ref, topic, decision, rationale) VALUES (:run, 'K7', 'OSH', 'defer', 'Not our supplier any more.');
INSERT INTO risk_decision (run_id, facility_ref, topic, decision, rationale) VALUES (:run, 'K1', 'NOT_A_TOPIC', 'defer', 'A topic the run did not assess.');

-- a facility column alone gives name and country; no name column is no error
CREATE TABLE rke_fac2 (id int PRIMARY KEY, fac hredd.facility);
INSERT INTO rke_fac2 VALUES (1, hredd.facility('Hoa Binh Garment Co Ltd', NULL, 'VN')), (2, NULL);
SET client_min_messages = warning;
SELECT assess_risk('rke_fac2', 'id', facility_column => 'fac') AS run2 \gset
RESET client_min_messages;
SELECT facility_ref, name, country FROM risk_run_facility WHERE run_id = :run2 ORDER BY 1;
SELECT assess_risk('rke_fac2', 'id', facility_column => 'id');
-- the C steps of assess_risk (hredd.risk_facility, hredd.risk_rank) refuse
-- what assess_risk never passes, with their reasons
SELECT hredd.risk_rank(ARRAY['a', 'b'], ARRAY[[0.5, 0.2]], ARRAY[[true, false]]);
SELECT hredd.risk_rank(ARRAY['a'], ARRAY[[0.5, NULL]], ARRAY[[true, false]]);
SELECT hredd.risk_rank(ARRAY['a'], ARRAY[[0.5, 0.2]], ARRAY[[true, false, true]]);
SELECT * FROM hredd.risk_rank(ARRAY['b', 'a', 'aa'], ARRAY[[0.5, 0.9], [0.5, 0.1], [0.5, 'NaN']],
                              ARRAY[[false, false], [false, true], [false, false]]);
SELECT (hredd.risk_facility(2, '{0.15,0.15}', '{0.9,0.6}', '{0.8,0.4}', '{t,f}', '{f,t}', '{f,f}',
        'product', 0.5, 0.5, 0.67, 0.5, 10000, true, true, true, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)).l0;
SELECT (hredd.risk_facility(2, '{0.15}', '{0.9,0.6}', '{0.8,0.4}', '{t,f}', '{f,t}', '{f,f}',
        'noisy_or', 0.5, 0.5, 0.67, 0.5, 10000, true, true, true, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)).l0;
SELECT (hredd.risk_facility(2, '{0.15,0.15}', '{0.9,0.6}', '{0.8,0.4}', '{t,f}', '{f,t}', '{f,f}',
        'noisy_or', 0.5, 0.5, 0.67, 0.5, 10000, true, true, true, NULL, NULL,
        '{3}', '{-0.5}', '{0.4}', '{0.4}', '{1}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)).l0;
-- and what they compute: noisy-or of 0.4 over the base 0.15 on topic 1;
-- topic 2 needs the products, which are known: the base alone
SELECT round(x, 4) AS l0 FROM unnest((hredd.risk_facility(2, '{0.15,0.15}', '{0.9,0.6}', '{0.8,0.4}', '{t,f}', '{f,t}', '{f,f}',
        'noisy_or', 0.5, 0.5, 0.67, 0.5, 10000, true, true, true, NULL, NULL,
        '{1}', ARRAY[ln(0.6)], '{0.4}', '{0.4}', '{1}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)).l0::numeric[]) x;
