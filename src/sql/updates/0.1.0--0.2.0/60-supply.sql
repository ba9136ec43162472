-- hredd 0.2.0, issue 14 (supply chains across tiers), the part built on
-- branch supply: the company-number types of the sourcing countries
-- (src/sql/11-identifiers-sourcing.sql), the upstream-risk tables
-- (52-risk-upstream.sql) and the register and trigger views that read them
-- (53-risk-read.sql), supplier links and upstream risk (60-supply.sql), Open
-- Supply Hub downloads and SC-DEX (61-supply-osh.sql), consolidated audits
-- (62-supply-audits.sql), the grievance fields of hredd.evidence and the
-- intake that reads them (50-risk.sql), consolidated audits in assess_risk,
-- risk_explain and the register (52-risk-assess.sql, 53-risk-read.sql), and the access lists (90-access.sql): the same statements as the fragments,
-- the views and access functions as CREATE OR REPLACE.
--
-- Written by tools/gen_upgrade_supply.py from the fragments: run it again
-- after changing the views of 53-risk-read.sql or the lists of 90-access.sql
-- (this part runs after the risk parts, so its views are the ones that stay).

-- ================================================================ 11-identifiers-sourcing.sql
-- @install-fragment src/sql/11-identifiers-sourcing.sql
-- ================================================================ 52-risk-upstream.sql
-- @install-fragment src/sql/52-risk-upstream.sql
-- ================================================================ 50-risk.sql (grievances as evidence)
ALTER TABLE hredd.evidence
    ADD COLUMN case_ref           text,
    ADD COLUMN channel            text,
    ADD COLUMN received_on        date,
    ADD COLUMN resolved_on        date,
    ADD COLUMN workers_concerned  integer,
    ADD COLUMN anonymous          boolean;
COMMENT ON TABLE hredd.evidence IS 'concrete evidence other than audits: grievances, media and NGO reports, self-assessments, remediation records, certifications, worker-voice surveys; status received / admissible / grounded / not_grounded / resolved; polarity adverse (raises likelihood) or positive (lowers it, never below the floor); observed_on is when it happened, reported_at when it became known (the run''s known_at reads only what was known); a grievance platform''s case number, channel, received and resolved dates, workers concerned and anonymity are kept as written (docs/supply_chain.md)';
CREATE UNIQUE INDEX evidence_case_idx ON hredd.evidence (source, case_ref, topic) WHERE case_ref IS NOT NULL;
-- @install-function hredd.evidence_check(
-- @install-function hredd.grievance_status(
-- @install-function hredd.load_evidence(
ALTER TABLE hredd.risk_run_facility ADD COLUMN audit_consensus text[];
-- @install-function hredd.assess_risk(
-- @install-function hredd.risk_explain(
-- ================================================================ 53-risk-read.sql (views)
CREATE OR REPLACE VIEW hredd.risk_register AS
SELECT f.run_id, run.as_of, run.profile, f.facility_ref, f.name AS facility_name,
       f.country::text AS country, hredd.country_name(f.country) AS country_name,
       run.topics[i] AS topic, t.name AS topic_name, t.domain,
       round(f.priority[i] * 10000) / 10000 AS priority, f.rank[i] AS rank,
       CASE WHEN f.actual[i] THEN 'actual' ELSE 'potential' END AS status,
       round(f.likelihood[i] * 10000) / 10000 AS likelihood,
       round(f.inherent_likelihood[i] * 10000) / 10000 AS inherent_likelihood,
       round((run.topic_scale[i] + f.scope + run.topic_irremediability[i]) / 3 * 10000) / 10000 AS severity,
       round(run.topic_scale[i] * 10000) / 10000 AS scale, round(f.scope * 10000) / 10000 AS scope,
       round(run.topic_irremediability[i] * 10000) / 10000 AS irremediability,
       round(f.confidence[i] * 10000) / 10000 AS confidence, f.gap_bits[i] & 3 <> 0 AS data_gap,
       g.gap_text AS gaps,
       f.evidence_count[i] AS evidence_count,
       coalesce(f.upstream_priority[i], round(u.upstream_priority * 10000) / 10000) AS upstream_priority, f.tier,
       f.spend_share AS leverage_spend_share,
       f.lat, f.lng, d.decision AS latest_decision, d.rationale AS decision_rationale, d.decided_at,
       -- the type of causal contribution (LkSG §3(2), CSDDD Art. 8), from the
       -- tier as the supplier list gives it; reported, never used to rank
       CASE WHEN f.tier IS NULL THEN 'unknown'
            WHEN f.tier <= 0 THEN 'own operations: may cause'
            WHEN f.tier = 1 THEN 'direct supplier: may contribute or be directly linked'
            ELSE 'indirect supplier: directly linked' END AS involvement,
       -- the highest priority upstream and the way to it (hredd.risk_upstream)
       u.upstream_ref, u.upstream_tier, array_to_string(u.path, ' <- ') AS upstream_path,
       -- audited by more than one scheme: agree or conflict (consolidated
       -- audits: the worst finding counts once, agreement adds confidence)
       f.audit_consensus[i] AS audit_consensus
FROM hredd.risk_run run
JOIN hredd.risk_run_facility f ON f.run_id = run.run_id
CROSS JOIN LATERAL generate_series(1, cardinality(run.topics)) i
JOIN hredd.topic t ON t.code = run.topics[i]
JOIN hredd.risk_gap_set g ON g.bits = f.gap_bits[i]
LEFT JOIN (SELECT DISTINCT ON (x.facility_ref, x.topic) x.facility_ref, x.topic, x.decision, x.rationale, x.decided_at
           FROM hredd.risk_decision x
           ORDER BY x.facility_ref, x.topic, x.decided_at DESC, x.decision_id DESC) d
       ON d.facility_ref = f.facility_ref AND d.topic = run.topics[i]
LEFT JOIN hredd.risk_upstream u ON u.run_id = f.run_id AND u.facility_ref = f.facility_ref AND u.topic = run.topics[i]
WHERE run.run_id = (SELECT max(x.run_id) FROM hredd.risk_run x WHERE x.finished_at IS NOT NULL);
COMMENT ON VIEW hredd.risk_register IS 'the risk register for BI: the latest finished run, one row per facility and topic, with priority, rank, likelihood, severity and its parts, status, confidence, data gaps (as text), leverage (spend share) and involvement (cause, contribute, linked, from the tier) beside it (never used to rank), the latest decision, the highest priority upstream with its path (hredd.risk_upstream), and whether the schemes that audited the facility on the topic agree or conflict (audit_consensus)';

CREATE OR REPLACE VIEW hredd.risk_triggers AS
WITH last AS (SELECT x.run_id, x.known_at FROM hredd.risk_run x WHERE x.finished_at IS NOT NULL ORDER BY x.run_id DESC LIMIT 1)
SELECT last.run_id, e.facility_ref, e.topic, e.kind, e.status, e.severity, e.observed_on, e.reported_at AS known_since,
       CASE WHEN e.kind = 'grievance' AND e.status = 'grounded' THEN 'grounded grievance'
            ELSE 'new adverse ' || replace(e.kind, '_', ' ') END AS reason,
       'hredd.evidence'::text AS source_table, e.evidence_id::text AS source_key
FROM last
JOIN hredd.evidence e ON e.reported_at > last.known_at AND e.polarity = 'adverse' AND e.status <> 'not_grounded'
JOIN hredd.risk_run_facility f ON f.run_id = last.run_id AND f.facility_ref = e.facility_ref
UNION ALL
SELECT last.run_id, o.facility_ref, o.topic, 'audit', 'harmonised', o.severity, o.observed_on, h.started_at,
       CASE WHEN o.severity >= 1 THEN 'zero-tolerance audit finding' ELSE 'new adverse audit finding' END,
       'hredd.observation', o.row_key::text
FROM last
JOIN hredd.harmonize_run h ON h.started_at > last.known_at
JOIN hredd.observation o ON o.run_id = h.run_id AND o.severity >= 0.5
JOIN hredd.risk_run_facility f ON f.run_id = last.run_id AND f.facility_ref = o.facility_ref
-- LkSG §9(3): the same on an indirect supplier, for each facility of the run
-- it lies upstream of (hredd.risk_upstream(run) recorded the nodes)
UNION ALL
SELECT last.run_id, n.facility_ref, e.topic, e.kind, e.status, e.severity, e.observed_on, e.reported_at,
       format('new adverse %s upstream at %s (tier %s: %s)', replace(e.kind, '_', ' '), n.node_ref::text, n.tier,
              array_to_string(n.path, ' <- ')) COLLATE "default",
       'hredd.evidence', e.evidence_id::text
FROM last
JOIN hredd.evidence e ON e.reported_at > last.known_at AND e.polarity = 'adverse' AND e.status <> 'not_grounded'
JOIN hredd.risk_upstream_node n ON n.run_id = last.run_id AND n.node_ref = e.facility_ref
UNION ALL
SELECT last.run_id, n.facility_ref, o.topic, 'audit', 'harmonised', o.severity, o.observed_on, h.started_at,
       format('new adverse audit finding upstream at %s (tier %s: %s)', n.node_ref::text, n.tier,
              array_to_string(n.path, ' <- ')) COLLATE "default",
       'hredd.observation', o.row_key::text
FROM last
JOIN hredd.harmonize_run h ON h.started_at > last.known_at
JOIN hredd.observation o ON o.run_id = h.run_id AND o.severity >= 0.5
JOIN hredd.risk_upstream_node n ON n.run_id = last.run_id AND n.node_ref = o.facility_ref;
COMMENT ON VIEW hredd.risk_triggers IS 'ad-hoc triggers: adverse evidence (grievances, reports, audit findings of severity >= 0.5) that became known after the latest run, on its facilities or on a supplier upstream of one (LkSG §9(3), once hredd.risk_upstream has recorded the run''s upstream nodes) — a reason to assess again';

-- ================================================================ 60-supply.sql
-- @install-fragment src/sql/60-supply.sql
-- ================================================================ 61-supply-osh.sql
-- @install-fragment src/sql/61-supply-osh.sql
-- ================================================================ 62-supply-audits.sql
-- @install-fragment src/sql/62-supply-audits.sql
-- ================================================================ 90-access.sql
-- (the access lists themselves: 90-release.sql, from 90-access.sql)

DO $access$
DECLARE
    r regprocedure;
BEGIN
    FOREACH r IN ARRAY ARRAY['hredd.load_supply_links(regclass, name, name, text, name, name, name, name, name, name, name, text, regclass, name)',
                             'hredd.risk_upstream(bigint)', 'hredd.supply_link_check()',
                             'hredd.load_osh_download(regclass, text)', 'hredd.load_osh_file(text, text)',
                             'hredd.load_scdex(jsonb, text)',
                             'hredd.osh_store(text, regclass)', 'hredd.osh_store_notes(text, regclass)',
                             'hredd.osh_load_direct(text, regclass, text, text)',
                             'hredd.osh_write_new(text, text, regclass)', 'hredd.osh_write_file(text, text, regclass)',
                             'hredd.osh_file_header(text)', 'hredd.osh_stage_create()',
                             'hredd.osh_report_add(text, text, jsonb, text, text, text)']::regprocedure[] LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON ROUTINE %s FROM PUBLIC', r);
    END LOOP;
END
$access$;
SELECT hredd.reapply_access();
