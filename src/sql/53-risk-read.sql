\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 53-risk-read.sql — reading the register: explanations in words, diffs
-- between runs, the views BI tools read, ad-hoc triggers.

-- Every contribution to one result, with a sentence a compliance officer
-- understands; the first row is the result itself, the last the gaps.
CREATE FUNCTION hredd.risk_explain(run bigint, facility text, topic text)
RETURNS TABLE (step integer, part text, effect float8, sentence text, source_row jsonb)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    r    hredd.risk_result;
    f    hredd.risk_run_facility;
    p    hredd.risk_profile;
    rr   hredd.risk_run;
    tname text;
    n    bigint;
BEGIN
    SELECT * INTO r FROM hredd.risk_result x
    WHERE x.run_id = risk_explain.run AND x.facility_ref = risk_explain.facility AND x.topic = risk_explain.topic;
    IF NOT FOUND THEN
        IF NOT EXISTS (SELECT 1 FROM hredd.risk_run x WHERE x.run_id = risk_explain.run) THEN
            RAISE EXCEPTION 'unknown risk run %', run USING ERRCODE = 'undefined_object';
        END IF;
        RAISE EXCEPTION 'risk run % has no result for facility "%" and topic "%"', run, facility, topic
            USING ERRCODE = 'undefined_object';
    END IF;
    SELECT * INTO f FROM hredd.risk_run_facility x WHERE x.run_id = risk_explain.run AND x.facility_ref = risk_explain.facility;
    SELECT * INTO rr FROM hredd.risk_run x WHERE x.run_id = risk_explain.run;
    SELECT * INTO p FROM hredd.risk_profile x WHERE x.profile = rr.profile AND x.version = rr.version;
    SELECT t.name INTO tname FROM hredd.topic t WHERE t.code = risk_explain.topic;
    n := rr.result_count;

    step := 1; part := 'result'; effect := r.priority; source_row := jsonb_build_object('table', 'hredd.risk_result', 'run_id', run);
    sentence := format('%s — %s: priority %s, rank %s of %s. %s likelihood %s (inherent %s), severity %s (scale %s, scope %s, irremediability %s); confidence %s.',
        coalesce(f.name, facility) || coalesce(' (' || f.country::text || ')', ''), tname,
        round(r.priority::numeric, 2), r.rank, n,
        CASE WHEN r.status = 'actual' THEN 'An ACTUAL impact:' ELSE 'A potential impact:' END,
        round(r.likelihood::numeric, 2), round(r.inherent_likelihood::numeric, 2), round(r.severity::numeric, 2),
        round(r.scale::numeric, 2), round(r.scope::numeric, 2), round(r.irremediability::numeric, 2),
        round(r.confidence::numeric, 2));
    RETURN NEXT;

    step := 2; part := 'base'; source_row := jsonb_build_object('table', 'hredd.risk_profile_topic', 'profile', rr.profile, 'version', rr.version);
    SELECT t.base_likelihood INTO effect FROM hredd.risk_profile_topic t
    WHERE t.profile = rr.profile AND t.version = rr.version AND t.topic = risk_explain.topic;
    sentence := CASE WHEN f.country IS NULL
        THEN format('The country is unknown, so no country, goods or stage layer could apply; the profile''s prior %s stands in for inherent likelihood.', round(p.unknown_prior::numeric, 2))
        ELSE format('Every facility starts at the base likelihood %s for this topic (no information is not low risk)%s.',
                    round(effect::numeric, 2),
                    CASE WHEN NOT EXISTS (SELECT 1 FROM hredd.risk_contribution c WHERE c.run_id = risk_explain.run
                                          AND c.facility_ref = risk_explain.facility AND c.topic = risk_explain.topic
                                          AND c.kind IN ('country', 'goods', 'zone', 'stage'))
                         THEN '; no layer of the profile adds to it' ELSE '' END) END;
    RETURN NEXT;

    FOR part, effect, sentence, source_row IN
        SELECT c.kind, c.effect,
            CASE c.kind
            WHEN 'country' THEN format('Country %s scores %s on %s; weight %s for this topic: it contributes %s to inherent likelihood.',
                c.source_row->>'country', round(c.value::numeric, 2), c.layer || coalesce(' (' || l.source || coalesce(', ' || l.edition, '') || ')', ''),
                round(c.weight::numeric, 2), round(c.effect::numeric, 2))
            WHEN 'goods' THEN format('%s lists %s from %s for %s; the facility''s products name "%s"; weight %s: it contributes %s.',
                coalesce(l.source, c.layer), c.subject, c.source_row->>'country', c.source_row->>'level', c.source_row->>'term',
                round(c.weight::numeric, 2), round(c.effect::numeric, 2))
            WHEN 'zone' THEN format('The facility lies in zone "%s" of layer %s (severity %s); weight %s: it contributes %s.',
                c.subject, c.layer, round(c.value::numeric, 2), round(c.weight::numeric, 2), round(c.effect::numeric, 2))
            WHEN 'stage' THEN format('Processing stage %s carries %s risk %s for this topic; weight %s: it contributes %s.',
                c.subject, CASE WHEN c.value >= 0.67 THEN 'high' WHEN c.value >= 0.34 THEN 'medium' ELSE 'low' END,
                round(c.value::numeric, 2), round(c.weight::numeric, 2), round(c.effect::numeric, 2))
            WHEN 'audit' THEN format('Audit (%s) of %s: the worst latest finding (%s) has severity %s%s; trusted %s after ageing, it shifts the log-odds by %s.',
                c.layer, c.subject, coalesce(c.source_row->>'worst_indicator', 'no indicator'),
                coalesce(round(c.value::numeric, 2)::text, 'none (not scored)'),
                CASE WHEN c.value >= 1 THEN ', the top of its scale: a violation found, not a risk' ELSE '' END,
                round(c.weight::numeric, 2), to_char(c.effect, 'SG0.00'))
              || CASE WHEN c.source_row ? 'consensus' THEN format(' One of %s schemes on this topic, which %s: %s',
                     c.source_row->>'schemes', c.source_row->>'consensus',
                     CASE WHEN (c.source_row->>'carries_shift')::boolean THEN 'its finding is the worst, so it alone shifts the log-odds.'
                          WHEN (c.source_row->>'conflicts')::boolean THEN 'its finding conflicts with the worst one; flagged, it adds no confidence.'
                          ELSE 'it agrees with the worst finding, which it adds confidence to, not severity.' END)
                 ELSE '' END
            WHEN 'floor' THEN format('Clean evidence would have taken likelihood lower; the floor keeps it at %s (%s of inherent), because audits miss what is hidden (forced labour, child labour).',
                round(c.value::numeric, 2), round(c.weight::numeric, 2))
            WHEN 'actual' THEN 'A grounded grievance or an audit finding at the top of its scale shows the impact has happened: likelihood is 1 and the impact is actual.'
            ELSE format('%s (%s, %s evidence, severity %s) from %s on %s; trusted %s after ageing, it shifts the log-odds by %s.',
                initcap(replace(c.kind, '_', ' ')), c.layer, c.subject, round(c.value::numeric, 2),
                c.source_row->>'source', c.source_row->>'observed_on', round(c.weight::numeric, 2), to_char(c.effect, 'SG0.00'))
            END,
            c.source_row
        FROM hredd.risk_contribution c
        LEFT JOIN hredd.risk_layer l ON l.name = c.layer
        WHERE c.run_id = risk_explain.run AND c.facility_ref = risk_explain.facility AND c.topic = risk_explain.topic
        ORDER BY CASE c.kind WHEN 'country' THEN 1 WHEN 'goods' THEN 2 WHEN 'zone' THEN 3 WHEN 'stage' THEN 4
                             WHEN 'floor' THEN 7 WHEN 'actual' THEN 8 ELSE 5 END, abs(c.effect) DESC NULLS LAST, c.layer, c.subject
    LOOP
        step := step + 1;
        RETURN NEXT;
    END LOOP;
    IF cardinality(r.gaps) > 0 THEN
        step := step + 1; part := 'gaps'; effect := NULL; source_row := to_jsonb(r.gaps);
        sentence := 'Data gaps: ' || array_to_string(ARRAY(SELECT CASE g
            WHEN 'no_evidence' THEN format('no audit or other evidence within %s days, so likelihood is inherent only — unknown, not low', p.horizon_days)
            WHEN 'no_country' THEN 'the country is unknown'
            WHEN 'no_location' THEN 'no usable coordinates, so risk zones could not be checked'
            WHEN 'no_products' THEN 'no products or processing types, so goods and stage risks could not be checked'
            WHEN 'no_workers' THEN format('the number of workers is unknown, so scope is the default %s', round(p.default_scope::numeric, 2))
            WHEN 'uncertain_match' THEN format('the facility was matched to the registry with score %s only', round(f.match_score::numeric, 2))
            ELSE g END FROM unnest(r.gaps) g), '; ') || '.';
        RETURN NEXT;
    END IF;
END
$$;
COMMENT ON FUNCTION hredd.risk_explain(bigint, text, text) IS 'the explanation of one result of a run: the result, then every contribution (layers, evidence, rules) with its effect, source row and a sentence in words, then the data gaps';

-- What changed between two runs, per facility and topic, and why: the
-- contributions that appeared, went or changed.
CREATE FUNCTION hredd.risk_diff(run_a bigint, run_b bigint)
RETURNS TABLE (facility_ref text, topic text, change text, priority_a float8, priority_b float8,
               rank_a integer, rank_b integer, status_a text, status_b text, why text)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM hredd.risk_run r WHERE r.run_id = run_a) THEN
        RAISE EXCEPTION 'unknown risk run %', run_a USING ERRCODE = 'undefined_object';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM hredd.risk_run r WHERE r.run_id = run_b) THEN
        RAISE EXCEPTION 'unknown risk run %', run_b USING ERRCODE = 'undefined_object';
    END IF;
    RETURN QUERY
    WITH a AS (SELECT * FROM hredd.risk_result r WHERE r.run_id = run_a),
         b AS (SELECT * FROM hredd.risk_result r WHERE r.run_id = run_b),
         ca AS (SELECT c.facility_ref, c.topic, c.kind, c.layer, c.subject, c.effect FROM hredd.risk_contribution c WHERE c.run_id = run_a),
         cb AS (SELECT c.facility_ref, c.topic, c.kind, c.layer, c.subject, c.effect FROM hredd.risk_contribution c WHERE c.run_id = run_b),
         cd AS (
            SELECT coalesce(ca.facility_ref, cb.facility_ref) AS facility_ref, coalesce(ca.topic, cb.topic) AS topic,
                   string_agg(CASE WHEN ca.kind IS NULL THEN format('new %s (%s)', concat_ws(' ', cb.kind, nullif(cb.layer, ''), nullif(cb.subject, '')), to_char(cb.effect, 'FMSG0.00'))
                                   WHEN cb.kind IS NULL THEN format('no more %s (was %s)', concat_ws(' ', ca.kind, nullif(ca.layer, ''), nullif(ca.subject, '')), to_char(ca.effect, 'FMSG0.00'))
                                   ELSE format('%s %s → %s', concat_ws(' ', ca.kind, nullif(ca.layer, ''), nullif(ca.subject, '')), to_char(ca.effect, 'FMSG0.00'), to_char(cb.effect, 'FMSG0.00')) END,
                              '; ' ORDER BY coalesce(ca.kind, cb.kind), coalesce(ca.layer, cb.layer), coalesce(ca.subject, cb.subject)) AS why
            FROM ca FULL JOIN cb ON cb.facility_ref = ca.facility_ref AND cb.topic = ca.topic AND cb.kind = ca.kind
                                AND cb.layer = ca.layer AND cb.subject = ca.subject
            WHERE ca.kind IS NULL OR cb.kind IS NULL OR abs(ca.effect - cb.effect) > 1e-9
            GROUP BY 1, 2)
    SELECT coalesce(a.facility_ref, b.facility_ref)::text, coalesce(a.topic, b.topic),
           CASE WHEN a.run_id IS NULL THEN 'new' WHEN b.run_id IS NULL THEN 'gone'
                WHEN b.status = 'actual' AND a.status = 'potential' THEN 'became actual'
                WHEN b.priority > a.priority + 1e-9 THEN 'up' WHEN b.priority < a.priority - 1e-9 THEN 'down'
                ELSE 'same' END,
           a.priority, b.priority, a.rank, b.rank, a.status, b.status, cd.why
    FROM a FULL JOIN b ON b.facility_ref = a.facility_ref AND b.topic = a.topic
    LEFT JOIN cd ON cd.facility_ref = coalesce(a.facility_ref, b.facility_ref) AND cd.topic = coalesce(a.topic, b.topic)
    WHERE a.run_id IS NULL OR b.run_id IS NULL OR abs(a.priority - b.priority) > 1e-9 OR a.status <> b.status
       OR a.rank <> b.rank OR cd.why IS NOT NULL
    ORDER BY abs(coalesce(b.priority, 0) - coalesce(a.priority, 0)) DESC, 1, 2;
END
$$;
COMMENT ON FUNCTION hredd.risk_diff(bigint, bigint) IS 'per facility and topic, what changed from run_a to run_b (new, gone, up, down, became actual, same priority but other rank or reasons) and why: the contributions that appeared, went or changed';

-- ---------------------------------------------------------------- for BI

-- The latest finished run, one row per facility × topic, plain types,
-- names spelled out; the latest decision beside it.  Read straight from the
-- per-facility arrays; rounded in float8 (round(x * 10000) / 10000 prints as
-- four decimals) rather than through numeric, which cost more than the read.
CREATE VIEW hredd.risk_register AS
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

-- Ad-hoc triggers (LkSG §5(4)): evidence that arrived after the latest
-- run's known_at, on a facility of that run, which would move its risk.
CREATE VIEW hredd.risk_triggers AS
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
