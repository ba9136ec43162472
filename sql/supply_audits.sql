-- supply_audits: consolidated audits — one facility assessed by several
-- schemes within a window under different references, audit fatigue, and
-- per topic whether the schemes agree or conflict (agreement raises
-- confidence, never severity).
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
\set VERBOSITY default

-- the same factory in three exports under three references, one in another country
CREATE TABLE aud_map (facility_ref text, canonical_ref text);
INSERT INTO aud_map VALUES ('amf-1', 'CN2019303BQ3FZP'), ('smeta-9', 'CN2019303BQ3FZP'), ('slcp-77', 'CN2019303BQ3FZP'),
                           ('amf-2', 'BD2020021QK28YZ');
INSERT INTO hredd.observation (row_key, run_id, source, scheme, facility_ref, scheme_code, topic, indicator, value, unit,
                               severity, observed_on, raw_value)
SELECT md5(concat_ws('|', v.scheme, v.ref, v.topic, v.d, v.sev))::uuid, -1, 'aud test', v.scheme, v.ref, 'x', v.topic,
       'weekly_hours', 0, 'h/week', v.sev, v.d::date, '0'
FROM (VALUES
    ('amfori_bsci', 'amf-1',   'WORKING_HOURS', '2025-02-01', 0.8),
    ('amfori_bsci', 'amf-1',   'OSH',   '2025-02-01', 0.2),
    ('smeta',       'smeta-9', 'WORKING_HOURS', '2025-03-15', 0.7),
    ('smeta',       'smeta-9', 'OSH',   '2025-03-15', 0.9),   -- conflicts with amfori's 0.2
    ('slcp',        'slcp-77', 'WORKING_HOURS', '2025-05-20', 0.75),
    ('slcp',        'slcp-77', 'WORKING_HOURS', '2024-01-10', 0.1),   -- outside the window
    ('smeta',       'smeta-9', 'WORKING_HOURS', '2024-11-30', 0.1),   -- an older SMETA audit: the latest counts
    ('amfori_bsci', 'amf-2',   'WAGES', '2025-04-01', 0.5),
    ('sa8000',      'unmapped-5', 'WAGES', '2025-04-02', 0.4)
) v(scheme, ref, topic, d, sev);

-- (other tests leave observations behind: only this test's facilities)
SELECT * FROM audit_fatigue('2025-06-30', 365, 'aud_map') WHERE facility IN ('CN2019303BQ3FZP', 'BD2020021QK28YZ', 'unmapped-5');
SELECT * FROM audit_fatigue('2025-06-30', 365) WHERE facility IN ('amf-1', 'amf-2', 'smeta-9');   -- without the map
SELECT * FROM audit_consensus('2025-06-30', 365, 'aud_map') WHERE facility IN ('CN2019303BQ3FZP', 'BD2020021QK28YZ', 'unmapped-5');
SELECT facility, topic, status, consolidated_severity, agreeing, confidence
FROM audit_consensus('2025-06-30', 365, 'aud_map', tolerance => 0.8) WHERE facility IN ('CN2019303BQ3FZP', 'BD2020021QK28YZ', 'unmapped-5') ORDER BY facility, topic;
\set VERBOSITY terse
SELECT audit_fatigue('2025-06-30', 0);
SELECT audit_consensus('2025-06-30', 365, tolerance => 2);
SELECT audit_fatigue('2025-06-30', 365, 'aud_map', canonical_column => 'os_id');
\set VERBOSITY default
DELETE FROM hredd.observation WHERE source = 'aud test';
DROP TABLE aud_map;

-- The register reads the audits consolidated: per facility and topic the
-- worst finding of the schemes shifts the likelihood once; schemes that
-- agree with it add confidence, not severity; a conflict is flagged
-- (risk_register.audit_consensus) and adds no confidence.
SET datestyle = ISO;
CREATE TABLE aud_fac (ref text PRIMARY KEY, country text, products text, workers integer);
INSERT INTO aud_fac VALUES ('CA1', 'VN', 'garments', 500),   -- SLCP and SMETA agree (48 h both)
                           ('CA2', 'VN', 'garments', 500),   -- SLCP 84 h, SMETA 48 h: a conflict
                           ('CA3', 'VN', 'garments', 500);   -- SLCP alone (48 h): the control
CREATE TABLE aud_slcp (facility_ref text, code text, value text, observed_on date);
INSERT INTO aud_slcp VALUES ('CA1', 'WH-TOTAL', '48', '2025-03-01'), ('CA2', 'WH-TOTAL', '84', '2025-03-01'),
                            ('CA3', 'WH-TOTAL', '48', '2025-03-01');
CREATE TABLE aud_smeta (facility_ref text, code text, value text, observed_on date);
INSERT INTO aud_smeta VALUES ('CA1', 'WH-TOTAL', '48', '2025-03-01'), ('CA2', 'WH-TOTAL', '48', '2025-03-01');
SET client_min_messages = warning;
CALL harmonize('aud_slcp', 'SLCP_CAF');
CALL harmonize('aud_smeta', 'SMETA');
SELECT assess_risk('aud_fac', 'ref', as_of => '2025-06-30') AS arun \gset
RESET client_min_messages;
SELECT facility_ref, scheme, severity FROM observation WHERE source IN ('public.aud_slcp', 'public.aud_smeta') ORDER BY 1, 2;
-- CA1 (two agreeing schemes) and CA3 (one) come out at the same likelihood;
-- CA1 with more confidence; CA2 at its worst finding, flagged
SELECT facility_ref, likelihood, confidence, evidence_count, audit_consensus
FROM risk_register WHERE topic = 'WORKING_HOURS' ORDER BY facility_ref;
SELECT (SELECT likelihood FROM risk_register WHERE topic = 'WORKING_HOURS' AND facility_ref = 'CA1')
     = (SELECT likelihood FROM risk_register WHERE topic = 'WORKING_HOURS' AND facility_ref = 'CA3') AS agreement_adds_no_severity,
       (SELECT confidence FROM risk_register WHERE topic = 'WORKING_HOURS' AND facility_ref = 'CA1')
     > (SELECT confidence FROM risk_register WHERE topic = 'WORKING_HOURS' AND facility_ref = 'CA3') AS agreement_adds_confidence;
-- the same as hredd.audit_consensus says
SELECT facility, status, consolidated_severity, agreeing FROM audit_consensus('2025-06-30', 365)
WHERE facility IN ('CA1', 'CA2', 'CA3') AND topic = 'WORKING_HOURS' ORDER BY facility;
-- each scheme's row, and what it did
SELECT facility_ref, layer AS scheme, round(value::numeric, 3) AS severity, round(weight::numeric, 3) AS weight,
       round(effect::numeric, 3) AS effect, source_row->>'consensus' AS consensus
FROM risk_contribution WHERE run_id = :arun AND kind = 'audit' AND topic = 'WORKING_HOURS' ORDER BY 1, 2;
SELECT part, sentence FROM risk_explain(:arun, 'CA2', 'WORKING_HOURS') WHERE part LIKE 'audit%' ORDER BY step;
SELECT part, sentence FROM risk_explain(:arun, 'CA1', 'WORKING_HOURS') WHERE part LIKE 'audit%' ORDER BY step;
-- a replay of the run gives the run
SET client_min_messages = warning;
SELECT risk_replay(:arun) AS arun2 \gset
RESET client_min_messages;
SELECT count(*) AS differences_to_replay FROM risk_diff(:arun, :arun2);
DROP TABLE aud_fac, aud_slcp, aud_smeta;
