-- Demo, part 5: the risk register (LkSG §5, CSDDD Art. 8-9).
-- Everything the parts before made — checked identifiers, registry matches,
-- checked coordinates, harmonised audits — goes into one analysis: per
-- facility and topic, likelihood, severity, priority, with the reasons and
-- the data gaps.  The supplier table is read in place, by column names.
-- psql variables: outdir (where the map is written).
\pset footer off
SET client_min_messages = warning;
SET search_path = public, hredd;

\echo
\echo '== 23. The supplier table the analysis reads: the master''s rows, plus the 2019 list''s rows located through the registry'
-- The master (part 1): declared country only when it is valid (UK and
-- Kampuchea stay NULL: a data gap, not a guess), coordinates only when
-- check_location says ok.  The 2019 list (part 3): category and workers as
-- adidas published them, coordinates from the registry facility it matched
-- (score >= 0.6, and only when they lie in the listed country), the match
-- score carried so that doubt reaches the register.  A master row and a
-- 2019 row are the same factory when the 2019 row's sure registry match
-- (>= 0.8) is the master row's OS ID, or, for a master row without one, when
-- the two match each other by name and country (>= 0.8): the 2019 row then
-- lends the master row its category and workers instead of appearing twice.
CREATE TABLE risk_supplier (
    ref         text PRIMARY KEY,
    name        text,
    country     hredd.country,
    lat         float8,
    lng         float8,
    products    text,
    workers     text,
    tier        integer,
    match_score float8,
    origin      text
);
SELECT to_regclass('adidas_2019') IS NOT NULL AS have_shared_list \gset
CREATE TEMP TABLE list_on_registry AS
SELECT l.ref, l.name, l.country, l.category, l.workers, m.target_key AS os_id, m.score, g.lat, g.lng,
       (SELECT c.verdict FROM check_location(g.lat, g.lng, try_country(l.country)) c) AS verdict
  FROM supplier_list l
  LEFT JOIN supplier_match m ON m.source_key = l.ref AND m.rank = 1
  LEFT JOIN registry g ON g.os_id = m.target_key
 WHERE :'have_shared_list'::boolean;
CREATE TEMP TABLE master_link AS
SELECT s.supplier_ref, x.ref AS list_ref, 'OS ID' AS how, x.score
  FROM supplier s
  JOIN LATERAL (SELECT l.ref, l.score FROM list_on_registry l WHERE l.os_id = s.os_id AND l.score >= 0.8
                 ORDER BY l.score DESC, l.ref LIMIT 1) x ON true;
INSERT INTO master_link
SELECT s.supplier_ref, x.ref, 'name', x.score
  FROM supplier s
  JOIN LATERAL (SELECT l.ref, match_score(l.fac, facility(s.facility_name, NULL, s.country::text)) AS score
                  FROM supplier_list l
                 WHERE :'have_shared_list'::boolean AND l.ref NOT IN (SELECT list_ref FROM master_link)
                 ORDER BY 2 DESC, l.ref LIMIT 1) x ON x.score >= 0.8
 WHERE s.os_id IS NULL AND s.supplier_ref NOT IN (SELECT supplier_ref FROM master_link);
INSERT INTO risk_supplier (ref, name, country, lat, lng, products, workers, tier, origin)
SELECT s.supplier_ref, s.facility_name, s.country,
       CASE WHEN c.verdict = 'ok' THEN r.lat END, CASE WHEN c.verdict = 'ok' THEN r.lng END,
       l.category, l.workers, CASE WHEN l.ref IS NOT NULL THEN 1 END,
       CASE WHEN k.how IS NULL THEN 'master' ELSE 'master + 2019 list by ' || k.how END
  FROM supplier s JOIN supplier_raw r USING (supplier_ref)
  LEFT JOIN LATERAL check_location(r.lat, r.lng, s.country) c ON true
  LEFT JOIN master_link k USING (supplier_ref)
  LEFT JOIN supplier_list l ON l.ref = k.list_ref;
\if :have_shared_list
INSERT INTO risk_supplier (ref, name, country, lat, lng, products, workers, tier, match_score, origin)
SELECT l.ref, l.name, try_country(l.country),
       CASE WHEN l.score >= 0.6 AND l.verdict = 'ok' THEN l.lat END,
       CASE WHEN l.score >= 0.6 AND l.verdict = 'ok' THEN l.lng END,
       l.category, l.workers, 1, CASE WHEN l.score >= 0.6 AND l.verdict = 'ok' THEN l.score END, '2019 list'
  FROM list_on_registry l
 WHERE l.ref NOT IN (SELECT list_ref FROM master_link)
   AND NOT EXISTS (SELECT 1 FROM supplier s WHERE s.os_id = l.os_id AND l.score >= 0.8);
\else
\echo '(no shared 2019 list: the master alone, without products or workers)'
\endif
SELECT origin, count(*) AS facilities, count(country) AS with_country, count(lat) AS located,
       count(products) AS with_products, count(workers) AS with_workers,
       count(*) FILTER (WHERE match_score < 0.8) AS located_by_unsure_match
  FROM risk_supplier GROUP BY ROLLUP (origin) ORDER BY origin NULLS LAST;
\if :have_shared_list
\echo '-- master rows without an OS ID, linked to the 2019 list by name and country'
SELECT k.supplier_ref, left(s.facility_name, 40) AS master, left(l.name, 40) AS list_2019, round(k.score::numeric, 3) AS score
  FROM master_link k JOIN supplier s USING (supplier_ref) JOIN supplier_list l ON l.ref = k.list_ref
 WHERE k.how = 'name' ORDER BY 1;
\endif
\echo '-- master rows without a valid country: their OS ID would say, but the register takes only what was declared'
SELECT s.supplier_ref, s.facility_name, r.country AS declared, os_id_country(s.os_id) AS in_os_id
  FROM supplier s JOIN supplier_raw r USING (supplier_ref) WHERE s.country IS NULL ORDER BY 1;

\echo
\echo '== 24. What the products say: each product text -> ILAB goods (hredd.product_good) and processing stages'
SELECT p.products, count(*) AS facilities,
       (SELECT string_agg(DISTINCT g.good, ', ') FROM product_good g
         WHERE position(' ' || g.term || ' ' IN ' ' || trim(regexp_replace(lower(p.products), '[^[:alnum:]]+', ' ', 'g')) || ' ') > 0) AS ilab_goods,
       (SELECT string_agg(DISTINCT st.stage, ', ') FROM processing_stage st
         WHERE position(' ' || st.term || ' ' IN ' ' || trim(regexp_replace(lower(p.products), '[^[:alnum:]]+', ' ', 'g')) || ' ') > 0) AS stages
  FROM risk_supplier p GROUP BY p.products ORDER BY count(*) DESC, 1;

\echo
\echo '== 25. Audits keyed by OS ID (SLCP) harmonised once more under the supplier reference the register keys on'
-- evidence joins facilities by facility_ref exactly as written
CREATE TABLE slcp_by_ref AS
SELECT s.supplier_ref, x.* FROM slcp_raw x JOIN supplier s ON s.os_id = try_os_id(x.os_id);
CALL harmonize('slcp_by_ref', 'SLCP_CAF', facilities => 'supplier', facility_key => 'supplier_ref',
               facility_column => 'supplier_ref', code_column => 'question_id', value_column => 'answer',
               unit_column => 'answer_unit', date_column => 'verified_on');
\echo '-- the audits are part 4''s made-up samples: actual impacts below rest on them, not on real audits'
SELECT count(DISTINCT o.facility_ref) AS audited_facilities, count(*) AS observations,
       count(*) FILTER (WHERE o.severity >= 1) AS zero_tolerance_findings
  FROM observation o JOIN risk_supplier f ON f.ref = o.facility_ref;

\echo
\echo '== 26. The analysis: hredd.assess_risk over the supplier table, read in place (shipped profile "default")'
SET client_min_messages = notice;
SELECT hredd.assess_risk('risk_supplier', 'ref') AS run1 \gset
SET client_min_messages = warning;
SELECT run_id, as_of, profile, version, facility_count, result_count,
       round(extract(epoch FROM finished_at - started_at)::numeric, 2) AS seconds,
       (SELECT string_agg(k, ', ' ORDER BY k) FROM jsonb_object_keys(layer_editions) k) AS layers
  FROM risk_run WHERE run_id = :run1;
\echo '-- unknown is not low: per topic, the rows whose likelihood rests on no evidence, and why'
SELECT topic, count(*) AS facilities, count(*) FILTER (WHERE data_gap) AS data_gaps,
       count(*) FILTER (WHERE gaps LIKE '%no_country%') AS no_country,
       count(*) FILTER (WHERE gaps LIKE '%no_products%') AS no_products,
       count(*) FILTER (WHERE gaps LIKE '%no_workers%') AS no_workers,
       count(*) FILTER (WHERE gaps LIKE '%uncertain_match%') AS unsure_match,
       count(*) FILTER (WHERE status = 'actual') AS actual,
       round(avg(priority)::numeric, 2) AS mean_priority, round(max(priority)::numeric, 2) AS max_priority
  FROM risk_register GROUP BY topic ORDER BY max(priority) DESC, topic;

\echo
\echo '== 27. The top 15 facility x topic priorities (hredd.risk_register: actual impacts first, then by priority)'
SELECT rank, left(facility_name, 34) AS facility, country, topic, status, priority, likelihood AS lik,
       inherent_likelihood AS inh, severity AS sev, confidence AS conf, gaps
  FROM risk_register WHERE rank <= 15 ORDER BY rank;

\echo
\echo '== 28. Why? The top potential row explained in words (hredd.risk_explain)'
SELECT facility_ref AS top_ref, topic AS top_topic FROM risk_register
 WHERE status = 'potential' ORDER BY rank LIMIT 1 \gset
SELECT step, part, round(effect::numeric, 2) AS effect, sentence, source_row->>'worst_indicator' AS audit_indicator
  FROM risk_explain(:run1, :'top_ref', :'top_topic');
SELECT count(*) > 0 AS have_actual FROM risk_register WHERE status = 'actual' \gset
\if :have_actual
\echo '-- and the top actual impact'
SELECT facility_ref AS act_ref, topic AS act_topic FROM risk_register
 WHERE status = 'actual' ORDER BY rank LIMIT 1 \gset
SELECT step, part, round(effect::numeric, 2) AS effect, sentence, source_row->>'worst_indicator' AS audit_indicator
  FROM risk_explain(:run1, :'act_ref', :'act_topic');
\endif

\echo
\echo '== 29. The map: facilities coloured by priority over the country outlines (hredd.risk_map_svg)'
-- called with the run alone (its other arguments have defaults); looked up
-- by name and that property rather than by an exact signature
SELECT EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = 'hredd'::regnamespace AND p.proname = 'risk_map_svg'
                  AND p.proargtypes[0] = 'bigint'::regtype AND p.pronargdefaults >= p.pronargs - 1) AS have_map,
       EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = 'hredd'::regnamespace AND p.proname = 'risk_geojson'
                  AND p.proargtypes[0] = 'bigint'::regtype AND p.pronargdefaults >= p.pronargs - 1) AS have_geojson \gset
\if :have_map
\pset format unaligned
\pset tuples_only on
\o :outdir/risk_map.svg
SELECT hredd.risk_map_svg(:run1);
\o
\pset format aligned
\pset tuples_only off
\echo 'map written to' :outdir/risk_map.svg '(open it in a browser)'
\else
\echo 'the map is not available in this build (no hredd.risk_map_svg(run bigint, ...)): nothing written'
\endif
\if :have_geojson
\pset format unaligned
\pset tuples_only on
\o :outdir/risk.geojson
SELECT hredd.risk_geojson(:run1);
\o
\pset format aligned
\pset tuples_only off
\echo 'GeoJSON written to' :outdir/risk.geojson
\endif

\echo
\echo '== 30. A new grievance arrives after the run: the ad-hoc trigger (LkSG §5(4))'
-- a worker's complaint through the hotline about a Vietnamese garment
-- factory of the master, investigated and found grounded
\set grievance_ref S1004
INSERT INTO evidence (facility_ref, topic, kind, status, polarity, severity, observed_on, source, detail)
SELECT ref, 'FORCED_LABOUR', 'grievance', 'grounded', 'adverse', 0.9, current_date - 12, 'hotline case 2026-041',
       'recruitment fees repaid by wage deductions; passports held by the dormitory agent'
  FROM risk_supplier WHERE ref = :'grievance_ref';
SELECT t.facility_ref, left(f.name, 34) AS facility, t.topic, t.kind, t.status, t.observed_on, t.reason
  FROM risk_triggers t JOIN risk_supplier f ON f.ref = t.facility_ref ORDER BY 1, 3;

\echo
\echo '== 31. A second run, and what changed (hredd.risk_diff)'
SELECT hredd.assess_risk('risk_supplier', 'ref') AS run2 \gset
SELECT d.facility_ref, left(f.name, 30) AS facility, d.topic, d.change, round(d.priority_a::numeric, 3) AS was,
       round(d.priority_b::numeric, 3) AS now, d.rank_a, d.rank_b, d.why
  FROM risk_diff(:run1, :run2) d JOIN risk_supplier f ON f.ref = d.facility_ref
 WHERE d.change <> 'same' ORDER BY d.rank_b;
SELECT count(*) FILTER (WHERE change = 'same') AS rows_only_moved_in_rank, count(*) AS rows_in_diff,
       (SELECT count(*) FROM risk_triggers) AS triggers_left
  FROM risk_diff(:run1, :run2);
\echo '-- the register now (latest run), top 5'
SELECT rank, left(facility_name, 34) AS facility, country, topic, status, priority, likelihood AS lik, gaps
  FROM risk_register WHERE rank <= 5 ORDER BY rank;
