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
