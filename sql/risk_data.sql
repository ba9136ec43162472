-- risk_data: the shipped reference data of the risk register (issue 11) —
-- product terms -> ILAB goods, processing terms -> stages -> topics, the ILAB
-- Findings country layer, their rows in the default profile — and what
-- assess_risk makes of a few facilities with them.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
\set VERBOSITY default
\set SHOW_CONTEXT never
SET datestyle = ISO;
SET extra_float_digits = 0;

-- ---------------------------------------------------------------- product terms -> goods
-- every good is a subject of the ILAB List of Goods layer (no rows)
SELECT pg.term, pg.good FROM hredd.product_good pg
WHERE NOT EXISTS (SELECT 1 FROM hredd.country_risk c WHERE c.layer = 'ilab_tvpra_2022' AND c.subject = pg.good);
SELECT count(*) AS rows, count(DISTINCT term) AS terms, count(DISTINCT good) AS goods,
       bool_and(shipped) AS shipped, bool_and(source = 'data/risk/product_good.csv') AS sourced
FROM hredd.product_good;
-- the goods of the garment, footwear and electronics chains, with their terms
SELECT good, string_agg(term, ', ' ORDER BY term) AS terms FROM hredd.product_good
WHERE good IN ('Garments', 'Textiles', 'Thread/Yarn', 'Cotton', 'Footwear', 'Leather', 'Electronics', 'Gloves', 'Carpets')
GROUP BY good ORDER BY good;
-- every term can match: lower-case words of letters and digits, one space apart,
-- as assess_risk turns a facility's text into words (no rows)
SELECT 'product_good' AS t, term FROM hredd.product_good WHERE term !~ '^[a-z0-9]+( [a-z0-9]+)*$'
UNION ALL
SELECT 'processing_stage', term FROM hredd.processing_stage WHERE term !~ '^[a-z0-9]+( [a-z0-9]+)*$';

-- ---------------------------------------------------------------- stages and topics
-- every stage of stage_topic has terms, and every stage with terms has topics (no rows)
SELECT 'no terms' AS problem, st.stage FROM hredd.stage_topic st
WHERE NOT EXISTS (SELECT 1 FROM hredd.processing_stage ps WHERE ps.stage = st.stage)
UNION
SELECT 'no topics', ps.stage FROM hredd.processing_stage ps
WHERE NOT EXISTS (SELECT 1 FROM hredd.stage_topic st WHERE st.stage = ps.stage);
-- severities are within 0-1 (no rows)
SELECT stage, topic, severity FROM hredd.stage_topic WHERE NOT (severity >= 0 AND severity <= 1);
SELECT ps.stage, count(DISTINCT ps.term) AS terms,
       (SELECT count(*) FROM hredd.stage_topic st WHERE st.stage = ps.stage) AS topics,
       (SELECT count(*) FROM hredd.stage_topic st WHERE st.stage = ps.stage AND st.source LIKE '%not confirmed in any text%') AS judgement,
       (SELECT min(severity) || '-' || max(severity) FROM hredd.stage_topic st WHERE st.stage = ps.stage) AS severities
FROM hredd.processing_stage ps GROUP BY ps.stage ORDER BY ps.stage;
SELECT bool_and(shipped) AS shipped, bool_and(source LIKE 'data/risk/stage_topic.csv: %') AS sourced
FROM hredd.stage_topic;
-- the default profile weighs every topic of stage_topic, and no other (no rows)
SELECT 'not weighed' AS problem, st.topic FROM hredd.stage_topic st
WHERE NOT EXISTS (SELECT 1 FROM hredd.risk_profile_layer pl WHERE pl.profile = 'default' AND pl.version = 1
                  AND pl.kind = 'stage' AND pl.topic = st.topic)
UNION
SELECT 'no stage data', pl.topic FROM hredd.risk_profile_layer pl
WHERE pl.profile = 'default' AND pl.version = 1 AND pl.kind = 'stage'
  AND NOT EXISTS (SELECT 1 FROM hredd.stage_topic st WHERE st.topic = pl.topic);

-- ---------------------------------------------------------------- ILAB Findings (WFCL)
SELECT name, theme, scale, edition, licence, shipped FROM hredd.risk_layer WHERE name = 'ilab_wfcl_2022';
SELECT count(*) AS rows, count(DISTINCT country) AS countries, bool_and(subject = '') AS whole_country,
       array_agg(DISTINCT severity ORDER BY severity) AS severities, min(valid_from), max(valid_from)
FROM hredd.country_risk WHERE layer = 'ilab_wfcl_2022';
-- each advancement level has its one severity, whatever ILAB adds after the dash
SELECT split_part(level, ' – ', 1) AS advancement, severity, count(*) AS countries,
       count(*) FILTER (WHERE level LIKE '%–%') AS qualified
FROM hredd.country_risk WHERE layer = 'ilab_wfcl_2022' GROUP BY 1, 2 ORDER BY 2 DESC;
SELECT country, level, severity, properties ->> 'working_children_5_14_share' AS working_5_14,
       properties -> 'c138_ratified' AS c138, properties -> 'c182_ratified' AS c182
FROM hredd.country_risk WHERE layer = 'ilab_wfcl_2022' AND country IN ('AF', 'BD', 'IN', 'PK', 'UZ')
ORDER BY country;
-- not assessed in the Findings, so no row: no information, not low risk
SELECT count(*) AS rows FROM hredd.country_risk
WHERE layer = 'ilab_wfcl_2022' AND country IN ('CN', 'VN', 'MY', 'TR', 'CX');
SELECT kind, layer, topic, weight FROM hredd.risk_profile_layer
WHERE profile = 'default' AND version = 1 AND kind IN ('country', 'stage') ORDER BY kind, layer, topic;

-- ---------------------------------------------------------------- a small assessment
-- in a transaction that is rolled back: the run, its rows and the frozen
-- profile go away, and no run id is printed
BEGIN;
CREATE TABLE supplier (ref text PRIMARY KEY, name text, country text, products text);
INSERT INTO supplier VALUES
    ('S1', 'Dhaka Knit', 'BD', 'Garments | Knitting'),
    ('S2', 'Tashkent Gin', 'UZ', 'cotton ginning'),
    ('S3', 'Shenzhen Electronics', 'CN', 'electronics assembly'),
    ('S4', 'Tiruppur Spinning Mills', 'IN', 'Cotton Yarn; Yarn spinning'),
    ('S5', 'Sialkot Surgical', 'PK', 'Surgical Instruments'),
    ('S6', 'Dhaka Buying House', 'BD', 'Office / HQ; Trading');
SET client_min_messages = warning;
SELECT hredd.assess_risk('supplier', 'ref', as_of => '2025-06-30') AS run \gset
RESET client_min_messages;
SELECT facility_ref, country, stages FROM hredd.risk_run_facility WHERE run_id = :run ORDER BY facility_ref;
-- country and goods layers: what matched, for which topics
SELECT facility_ref, kind, layer, subject, string_agg(topic || ' ' || value || '*' || weight, ', ' ORDER BY topic) AS topics
FROM hredd.risk_contribution WHERE run_id = :run AND kind IN ('country', 'goods')
GROUP BY facility_ref, kind, layer, subject ORDER BY facility_ref, kind, layer, subject;
-- the goods rows name the term that matched
SELECT DISTINCT facility_ref, subject, source_row ->> 'term' AS term, source_row ->> 'level' AS level
FROM hredd.risk_contribution WHERE run_id = :run AND kind = 'goods' ORDER BY 1, 2, 4;
-- stage layers: one row per facility, stage and topic, layer empty
SELECT facility_ref, layer, subject AS stage, count(*) AS topics,
       string_agg(topic || ' ' || value, ', ' ORDER BY topic) AS severities
FROM hredd.risk_contribution WHERE run_id = :run AND kind = 'stage'
GROUP BY facility_ref, layer, subject ORDER BY facility_ref, subject;
-- inherent likelihood of child and forced labour (noisy-or of the rows above)
SELECT facility_ref, topic, round(inherent_likelihood::numeric, 4) AS inherent
FROM hredd.risk_result WHERE run_id = :run AND topic IN ('CHILD_LABOUR', 'FORCED_LABOUR')
ORDER BY facility_ref, topic;
ROLLBACK;
SELECT count(*) AS supplier_tables FROM pg_class WHERE relname = 'supplier';

-- ---------------------------------------------------------------- World Bank WGI (issue 11)
-- one layer per dimension the default profile uses, CC BY 4.0 with the attribution
SELECT name, theme, scale, edition, licence, shipped, source, url FROM hredd.risk_layer
WHERE name LIKE 'wgi\_%' ORDER BY name;
SELECT layer, count(*) AS rows, count(DISTINCT country) AS countries, bool_and(subject = '' AND level = '') AS whole_country,
       min(valid_from) AS valid_from, count(*) FILTER (WHERE (properties ->> 'year')::int < 2023) AS older_year
FROM hredd.country_risk WHERE layer LIKE 'wgi\_%' GROUP BY layer ORDER BY layer;
-- severities within 0-1 and equal to (2.5 - estimate) / 5 clipped (no rows)
SELECT layer, country, severity, properties ->> 'estimate' AS estimate FROM hredd.country_risk
WHERE layer LIKE 'wgi\_%'
  AND NOT (severity >= 0 AND severity <= 1
           AND abs(severity - least(1, greatest(0, (2.5 - (properties ->> 'estimate')::float8) / 5))) < 0.0001);
-- known countries, in order: Denmark's rule of law is far better than Myanmar's
SELECT country, round(severity::numeric, 3) AS rule_of_law, (properties ->> 'estimate')::numeric(5, 2) AS estimate
FROM hredd.country_risk WHERE layer = 'wgi_rule_of_law_2023' AND country IN ('DK', 'DE', 'CN', 'BD', 'MM')
ORDER BY severity;
SELECT (SELECT severity FROM hredd.country_risk WHERE layer = 'wgi_rule_of_law_2023' AND country = 'MM')
     - (SELECT severity FROM hredd.country_risk WHERE layer = 'wgi_rule_of_law_2023' AND country = 'DK') > 0.5
       AS myanmar_far_above_denmark;
-- clipped at 1 below -2.5 (Mali's political stability, -2.73); Kosovo is in, as XK
SELECT layer, country, severity FROM hredd.country_risk
WHERE layer = 'wgi_political_stability_2023' AND country IN ('ML', 'XK') ORDER BY country;
-- a territory without a 2023 estimate keeps its latest year; a decade-old one is left out
SELECT layer, country, properties ->> 'year' AS year FROM hredd.country_risk
WHERE layer = 'wgi_voice_accountability_2023' AND country IN ('GU', 'AI') ORDER BY country;
