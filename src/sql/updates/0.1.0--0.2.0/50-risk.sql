-- 0.1.0 -> 0.2.0: the risk register.
--  * results are kept per run and facility (arrays per topic in the order of
--    risk_run.topics) in risk_run_facility; hredd.risk_result becomes a view
--    that reads them as rows (the 0.1.0 rows are moved, nothing is lost);
--  * contributions shared by a country, a country and products text, or a
--    processing stage are kept once per run (risk_contribution_shared); the
--    per-facility table is renamed risk_contribution_facility and the view
--    hredd.risk_contribution reads both;
--  * a decision refers to (run, facility) by key and to the topic by trigger.

DROP VIEW hredd.risk_register;

ALTER TABLE hredd.risk_run ADD COLUMN topics text[], ADD COLUMN topic_scale float8[],
    ADD COLUMN topic_irremediability float8[];
ALTER TABLE hredd.risk_run_facility
    ADD COLUMN products_key integer NOT NULL DEFAULT 0, ADD COLUMN scope float8,
    ADD COLUMN inherent_likelihood float8[], ADD COLUMN likelihood float8[], ADD COLUMN priority float8[],
    ADD COLUMN rank integer[], ADD COLUMN actual boolean[], ADD COLUMN confidence float8[],
    ADD COLUMN gap_bits smallint[], ADD COLUMN evidence_count integer[], ADD COLUMN evidence_shift float8[],
    ADD COLUMN upstream_priority float8[];
ALTER TABLE hredd.risk_run_facility SET (toast_tuple_target = 8160);

-- The data gaps of a result are bits (risk_run_facility.gap_bits); their
-- names, for each of the 64 combinations, are looked up here.
CREATE TABLE hredd.risk_gap_set (
    bits      smallint PRIMARY KEY CHECK (bits BETWEEN 0 AND 63),
    gaps      text[] NOT NULL,
    gap_text  text NOT NULL
);
INSERT INTO hredd.risk_gap_set (bits, gaps, gap_text)
SELECT b, coalesce(n.names, '{}'), coalesce(array_to_string(n.names, ', '), '')
FROM generate_series(0, 63) b
CROSS JOIN LATERAL (SELECT array_agg(g.name ORDER BY g.i) AS names
                    FROM unnest(ARRAY['no_evidence', 'no_country', 'no_location', 'no_products', 'no_workers',
                                      'uncertain_match']) WITH ORDINALITY g(name, i)
                    WHERE b & (1 << (g.i::integer - 1)) <> 0) n;
COMMENT ON TABLE hredd.risk_gap_set IS 'the names of the data gaps for each value of risk_run_facility.gap_bits: 1 no_evidence, 2 no_country, 4 no_location, 8 no_products, 16 no_workers, 32 uncertain_match';

-- The results of 0.1.0 runs, moved: topics in code order (as assess_risk
-- orders them), the evidence's shift unknown (0.1.0 did not keep it).
ALTER TABLE hredd.risk_run DISABLE TRIGGER risk_append_only;
UPDATE hredd.risk_run r SET topics = x.topics, topic_scale = x.scale, topic_irremediability = x.irremediability
FROM (SELECT t.run_id, array_agg(t.topic ORDER BY t.topic) AS topics, array_agg(t.scale ORDER BY t.topic) AS scale,
             array_agg(t.irremediability ORDER BY t.topic) AS irremediability
      FROM (SELECT DISTINCT ON (x.run_id, x.topic) x.run_id, x.topic, x.scale, x.irremediability
            FROM hredd.risk_result x ORDER BY x.run_id, x.topic) t
      GROUP BY t.run_id) x
WHERE x.run_id = r.run_id;
ALTER TABLE hredd.risk_run ENABLE TRIGGER risk_append_only;
UPDATE hredd.risk_run_facility f
SET scope = x.scope, inherent_likelihood = x.inherent_likelihood, likelihood = x.likelihood, priority = x.priority,
    rank = x.rank, actual = x.actual, confidence = x.confidence, gap_bits = x.gap_bits,
    evidence_count = x.evidence_count, upstream_priority = x.upstream_priority
FROM (SELECT r.run_id, r.facility_ref, max(r.scope) AS scope,
             array_agg(r.inherent_likelihood ORDER BY r.topic) AS inherent_likelihood,
             array_agg(r.likelihood ORDER BY r.topic) AS likelihood, array_agg(r.priority ORDER BY r.topic) AS priority,
             array_agg(r.rank ORDER BY r.topic) AS rank, array_agg(r.status = 'actual' ORDER BY r.topic) AS actual,
             array_agg(r.confidence ORDER BY r.topic) AS confidence,
             array_agg((SELECT g.bits FROM hredd.risk_gap_set g WHERE g.gaps = r.gaps) ORDER BY r.topic) AS gap_bits,
             array_agg(r.evidence_count ORDER BY r.topic) AS evidence_count,
             array_agg(r.upstream_priority ORDER BY r.topic) AS upstream_priority
      FROM hredd.risk_result r GROUP BY r.run_id, r.facility_ref) x
WHERE x.run_id = f.run_id AND x.facility_ref = f.facility_ref;

ALTER TABLE hredd.risk_decision DROP CONSTRAINT risk_decision_run_id_facility_ref_topic_fkey;
ALTER TABLE hredd.risk_decision ADD FOREIGN KEY (run_id, facility_ref) REFERENCES hredd.risk_run_facility;
DROP TABLE hredd.risk_result;

COMMENT ON TABLE hredd.risk_run_facility IS 'per run and facility: the facility as it was read then (the user''s table is never copied otherwise), and its results for each topic of the run as arrays in the order of risk_run.topics; read the results through hredd.risk_result';

-- Per run, facility and topic: one row each, as a table of results reads.
CREATE VIEW hredd.risk_result AS
SELECT f.run_id, f.facility_ref, r.topics[i] AS topic, f.inherent_likelihood[i] AS inherent_likelihood,
       f.likelihood[i] AS likelihood, r.topic_scale[i] AS scale, f.scope, r.topic_irremediability[i] AS irremediability,
       (r.topic_scale[i] + f.scope + r.topic_irremediability[i]) / 3 AS severity, f.priority[i] AS priority,
       f.rank[i] AS rank, CASE WHEN f.actual[i] THEN 'actual' ELSE 'potential' END AS status,
       f.confidence[i] AS confidence, f.gap_bits[i] & 3 <> 0 AS data_gap,
       g.gaps,
       f.evidence_count[i] AS evidence_count, f.evidence_shift[i] AS evidence_shift,
       f.upstream_priority[i] AS upstream_priority
FROM hredd.risk_run r
JOIN hredd.risk_run_facility f ON f.run_id = r.run_id
-- by position: unnest() of thirteen arrays cost five times as much
CROSS JOIN LATERAL generate_series(1, cardinality(r.topics)) i
JOIN hredd.risk_gap_set g ON g.bits = f.gap_bits[i];
COMMENT ON VIEW hredd.risk_result IS 'per run, facility and topic: inherent likelihood, likelihood after evidence, severity and its parts, priority = severity^alpha * likelihood^(1-alpha), rank in the run, actual or potential, confidence, data gap and its reasons, the evidence''s shift in log-odds; append-only';

ALTER TABLE hredd.risk_contribution RENAME TO risk_contribution_facility;
ALTER INDEX hredd.risk_contribution_idx RENAME TO risk_contribution_facility_idx;
COMMENT ON TABLE hredd.risk_contribution_facility IS 'the contributions that belong to one facility: its risk zones, its concrete evidence (audit, grievance …: the shift in log-odds) and the rules that applied (floor, actual); read them through hredd.risk_contribution';

-- ... and those that every facility of a country (country indices), of a
-- country and products text (listed goods) or of a processing stage shares,
-- written once per run and key instead of once per facility: at 20,000
-- facilities they were 80 % of the rows written.
CREATE TABLE hredd.risk_contribution_shared (
    run_id        bigint NOT NULL,
    country       text COLLATE "C" NOT NULL DEFAULT '',   -- '' for every country
    products_key  integer NOT NULL DEFAULT 0,             -- 0 for any products
    topic         text NOT NULL,
    kind          text NOT NULL,
    layer         text NOT NULL DEFAULT '',
    subject       text NOT NULL DEFAULT '',
    value         float8,
    weight        float8,
    effect        float8,
    source_row    jsonb NOT NULL DEFAULT '{}',
    CHECK (CASE kind WHEN 'country' THEN country <> '' AND products_key = 0
                     WHEN 'goods' THEN country <> '' AND products_key <> 0
                     WHEN 'stage' THEN country = '' AND products_key = 0 AND subject <> '' END)
);
COMMENT ON TABLE hredd.risk_contribution_shared IS 'the contributions every facility of a run shares with the others of its country (country indices), of its country and products text (listed goods) or with the others in a processing stage (subject), written once per run and key; read them through hredd.risk_contribution';
CREATE INDEX risk_contribution_shared_idx ON hredd.risk_contribution_shared (run_id, country, products_key);

-- ... and both read as one: per facility, its own rows, the shared rows of its
-- country and of its country and products text, and those of its stages.
CREATE VIEW hredd.risk_contribution AS
SELECT c.run_id, c.facility_ref, c.topic, c.kind, c.layer, c.subject, c.value, c.weight, c.effect, c.source_row
FROM hredd.risk_contribution_facility c
UNION ALL
SELECT s.run_id, f.facility_ref, s.topic, s.kind, s.layer, s.subject, s.value, s.weight, s.effect, s.source_row
FROM hredd.risk_run_facility f
JOIN hredd.risk_contribution_shared s
  ON s.run_id = f.run_id AND s.country = f.country::text AND s.products_key = ANY (ARRAY[0, f.products_key])
UNION ALL
SELECT s.run_id, f.facility_ref, s.topic, s.kind, s.layer, s.subject, s.value, s.weight, s.effect, s.source_row
FROM hredd.risk_run_facility f
JOIN hredd.risk_contribution_shared s
  ON s.run_id = f.run_id AND s.country = '' AND s.products_key = 0 AND s.subject = ANY (f.stages);
COMMENT ON VIEW hredd.risk_contribution IS 'every number behind a result, per run, facility and topic: inherent layers (country, goods, zone, stage: value × weight), concrete evidence (audit, grievance …: its shift in log-odds), and the rules that applied (floor, actual); source_row names the row it came from';

SELECT pg_catalog.pg_extension_config_dump('hredd.risk_contribution_shared', '');
CREATE TRIGGER risk_append_only BEFORE UPDATE OR DELETE ON hredd.risk_contribution_shared
    FOR EACH ROW EXECUTE FUNCTION hredd.risk_append_only();
CREATE TRIGGER risk_append_only_truncate BEFORE TRUNCATE ON hredd.risk_contribution_shared
    FOR EACH STATEMENT EXECUTE FUNCTION hredd.risk_append_only();
CREATE TRIGGER risk_append_only BEFORE UPDATE OR DELETE ON hredd.risk_run_facility
    FOR EACH ROW EXECUTE FUNCTION hredd.risk_append_only();
CREATE TRIGGER risk_append_only_truncate BEFORE TRUNCATE ON hredd.risk_run_facility
    FOR EACH STATEMENT EXECUTE FUNCTION hredd.risk_append_only();

-- @install-function hredd.risk_decision_check(
-- (assess_risk is brought in by 90-release.sql)

-- (the register is created again by 60-supply.sql: it reads hredd.risk_upstream)
-- (the access lists that name the new tables: 90-release.sql)
