-- supply: supplier links across tiers — loading a list (every bad row with
-- its reason), the upstream and downstream graph as of a date (tiers,
-- cycles, unknown suppliers as virtual nodes), upstream risk in the register
-- (the maximum, with its path) and ad-hoc triggers on indirect suppliers.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
\set VERBOSITY default

CREATE TABLE sc_fac (ref text PRIMARY KEY, name text, country text, products text);
INSERT INTO sc_fac VALUES ('T1-A', 'Alpha Garments', 'VN', 'apparel; cut make trim'),
  ('T2-M', 'Mill M', 'CN', 'fabric dyeing'), ('T3-S', 'Spinner S', 'CN', 'yarn spinning'),
  ('T2-N', 'Mill N', 'BD', 'fabric knitting'), ('BRAND', 'Brand', 'DE', NULL);
CREATE TABLE sc_list (supplier text, supplies_to text, material text, origin text, share text, since text, until text);
INSERT INTO sc_list VALUES
  ('T1-A', NULL, 'garments', NULL, NULL, '2020-01-01', NULL),          -- tier 1: the constant buyer
  ('T2-M', 'T1-A', 'fabric', 'CN', '60 %', '2020-01-01', NULL),
  ('T2-N', 'T1-A', 'fabric', 'BD', '0.4', '2020-01-01', '2024-12-31'),
  ('T3-S', 'T2-M', 'yarn', 'China', NULL, NULL, NULL),
  ('T2-M', 'T3-S', 'waste', 'CN', NULL, NULL, NULL),                   -- closes a cycle
  ('unknown', 'T3-S', 'cotton', 'Turkmenistan', NULL, NULL, NULL),     -- unknown upstream
  ('T1-A', 'T1-A', 'x', NULL, NULL, NULL, NULL),                       -- self-link
  ('T9-Z', 'T1-A', 'fabric', NULL, NULL, NULL, NULL),                  -- not a facility
  ('T2-N', 'T1-A', 'fabric', 'BD', '150 %', NULL, NULL),               -- share above 1
  ('T2-N', 'T1-A', 'fabric', 'Narnia', NULL, NULL, NULL),              -- not a country
  ('T2-N', 'T1-A', 'fabric', 'BD', NULL, '2024-06-01', NULL),          -- overlaps row 3
  (NULL, 'T1-A', NULL, NULL, NULL, NULL, NULL),                        -- unknown, no material
  ('T2-M', 'T1-A', 'trims', NULL, NULL, 'yesterday-ish', NULL),        -- not a date
  ('T2-M', 'T1-A', 'trims', NULL, NULL, '2025-01-01', '2024-01-01'),   -- ends before it starts
  ('T2-M', 'T1-A', 'trims', NULL, NULL, NULL, NULL);                   -- fine
SELECT * FROM load_supply_links('sc_list', 'supplier', buyer_column => 'supplies_to', buyer => 'BRAND',
    material_column => 'material', origin_column => 'origin', share_column => 'share',
    valid_from_column => 'since', valid_to_column => 'until', source_label => 'sc_list 2025',
    facilities => 'sc_fac', facility_key => 'ref');
-- again: nothing changes, each rejected row is reported once
SELECT * FROM load_supply_links('sc_list', 'supplier', buyer_column => 'supplies_to', buyer => 'BRAND',
    material_column => 'material', origin_column => 'origin', share_column => 'share',
    valid_from_column => 'since', valid_to_column => 'until', source_label => 'sc_list 2025',
    facilities => 'sc_fac', facility_key => 'ref');
SELECT row->>'supplier' AS supplier, row->>'supplies_to' AS buyer, reason, detail
FROM supply_link_rejected WHERE source = 'sc_list 2025' ORDER BY rejected_id;
SELECT buyer_ref, supplier_ref, material, origin_country, share, valid_from, valid_to
FROM supply_link ORDER BY link_id;

-- the graph: tiers, the cycle ends where it closes, the unknown cotton
SELECT tier, node, via, material, origin_country, unknown, label, path FROM supply_upstream('BRAND', '2023-06-01');
SELECT tier, node, path FROM supply_upstream('BRAND', '2025-06-01');        -- T2-N's link has ended
SELECT tier, node, path FROM supply_upstream('T1-A', '2019-06-01');         -- before the list: only the undated links
SELECT tier, node, path FROM supply_downstream('T3-S', '2023-06-01');
SELECT tier, node FROM supply_upstream('BRAND', '2023-06-01', max_tier => 2);
SELECT root, count(*) FROM supply_graph(ARRAY['T1-A', 'T2-M', 'nobody'], 'upstream', '2023-06-01') GROUP BY root ORDER BY root;
SELECT * FROM supply_unknown_facilities('2023-06-01');

-- direct writes are checked too (terse: the failing row would show loaded_at)
\set VERBOSITY terse
INSERT INTO supply_link (buyer_ref, supplier_ref, material, origin_country, source, valid_from)
VALUES ('T1-A', 'T2-M', 'fabric', 'CN', 'hand', '2019-01-01');
INSERT INTO supply_link (buyer_ref, supplier_ref, source) VALUES ('T1-A', 'T1-A', 'hand');
INSERT INTO supply_link (buyer_ref, supplier_ref, source) VALUES ('T1-A', NULL, 'hand');
\set VERBOSITY default
SELECT supply_graph(ARRAY['T1-A'], 'sideways');
SELECT load_supply_links('sc_list', 'nope', buyer => 'BRAND');
SELECT load_supply_links('sc_list', 'supplier');

-- upstream risk: the unknown cotton is assessed like a facility, on inherent risk alone
CREATE TABLE sc_all AS SELECT ref AS facility_ref, name, country, products FROM sc_fac WHERE ref <> 'BRAND'
  UNION ALL SELECT facility_ref, name, country::text, products FROM supply_unknown_facilities('2023-06-01');
SET client_min_messages = warning;   -- the run's number depends on the tests before
SELECT assess_risk('sc_all', as_of => '2023-06-01', country_column => 'country', name_column => 'name',
                   products_column => 'products') AS run \gset
RESET client_min_messages;
SELECT count(*) > 0 AS computed FROM risk_upstream(:run);
SELECT count(*) AS same_again FROM risk_upstream(:run);
-- the maximum over every upstream node, never an average, and the path to it
WITH up AS (SELECT g.root, g.node, g.tier FROM supply_graph(ARRAY['T1-A', 'T2-M', 'T3-S', 'T2-N'], 'upstream', '2023-06-01') g),
     best AS (SELECT up.root, r.topic, max(r.priority) AS p FROM up
              JOIN risk_result r ON r.run_id = :run AND r.facility_ref = up.node GROUP BY 1, 2)
SELECT count(*) AS rows, count(*) FILTER (WHERE u.upstream_priority = b.p) AS equal_to_max,
       count(*) FILTER (WHERE u.path[1] = u.facility_ref AND u.path[array_length(u.path, 1)] = u.upstream_ref
                          AND array_length(u.path, 1) = u.upstream_tier + 1) AS paths_ok
FROM risk_upstream u JOIN best b ON b.root = u.facility_ref AND b.topic = u.topic WHERE u.run_id = :run;
SELECT facility_ref, count(*) AS topics, min(nodes_assessed) AS assessed, min(nodes_unassessed) AS unassessed
FROM risk_upstream WHERE run_id = :run GROUP BY 1 ORDER BY 1;
SELECT facility_ref, node_ref, tier, unknown, path FROM risk_upstream_node WHERE run_id = :run ORDER BY 1, 3, 2;
-- the register shows it beside the facility's own priority
SELECT count(*) FILTER (WHERE upstream_priority IS NOT NULL) AS with_upstream,
       count(*) FILTER (WHERE upstream_path LIKE 'T1-A <- %') AS t1a_paths
FROM risk_register WHERE facility_ref = 'T1-A';
SELECT DISTINCT upstream_ref, upstream_tier, upstream_path FROM risk_register
WHERE facility_ref = 'T3-S' ORDER BY 1;
SELECT risk_upstream(-1);

-- new adverse evidence on an indirect supplier: a trigger for every facility downstream
INSERT INTO evidence (facility_ref, topic, kind, status, observed_on, source)
VALUES ('T3-S', 'FORCED_LABOUR', 'media', 'received', '2023-05-01', 'test');
SELECT facility_ref, topic, reason FROM risk_triggers ORDER BY 1;
DROP TABLE sc_all, sc_list, sc_fac;
