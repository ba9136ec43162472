-- Demo, part 6: the supply chain beyond tier 1 (docs/supply_chain.md).
-- adidas published two lists in 2019: its primary suppliers and
-- subcontractors (tier 1, part 3's supplier_list) and its wet-process
-- suppliers (tier 2: dye houses, fabric mills; loaded by demo.sh into
-- adidas_2019_wet from ../shared/data when present).  The tier-2 list does
-- not say which tier-1 factory each mill supplies; where a mill and tier-1
-- factories name the same parent organisation, the demo takes the mill to
-- supply its group's factories (an in-group link: an assumption stated in
-- the link's source).  The other mills stay unlinked: their buyers are not
-- published.  Neither list names where the cotton comes from: every linked
-- mill gets a cotton input of unknown supplier and unknown origin.
\pset footer off
SET client_min_messages = warning;
SET search_path = public, hredd;

SELECT to_regclass('adidas_2019_wet') IS NOT NULL AND to_regclass('adidas_2019') IS NOT NULL AS have_tier2 \gset
\if :have_tier2

\echo
\echo '== 32. Two tiers from adidas'' 2019 lists: tier-2 mills linked to tier-1 factories of the same group'
-- the facilities: tier 1 from part 3 (with the parent organisation the list
-- names), tier 2 from the wet-process list (rows marked Tier 2 with a country)
CREATE TABLE chain_facility (ref text PRIMARY KEY, name text, country text, products text, workers text,
                             tier integer, parent text);
INSERT INTO chain_facility
SELECT l.ref, l.name, l.country, l.category, l.workers, 1,
       (SELECT lower(btrim(a.parent)) FROM adidas_2019 a
         WHERE a.account_name = l.name AND a.location = l.country AND btrim(a.parent) NOT IN ('', 'N/A') LIMIT 1)
  FROM supplier_list l;
INSERT INTO chain_facility
SELECT 'W' || lpad(row_number() OVER (ORDER BY w.account_name, w.a1)::text, 3, '0'), w.account_name, w.location,
       -- what a wet-process supplier does, in the words the goods and stage tables know
       'fabric dyeing ' || lower(coalesce(nullif(btrim(w.cat), ''), '')), nullif(btrim(w.workers), ''), 2,
       nullif(lower(btrim(w.parent)), 'n/a')
  FROM adidas_2019_wet w
 WHERE btrim(w.tier) = 'Tier 2' AND try_country(w.location) IS NOT NULL;
SELECT tier, count(*) AS facilities, count(parent) AS with_parent FROM chain_facility GROUP BY tier ORDER BY tier;

-- the links as a supplier list with a "supplies to" column, loaded by
-- hredd.load_supply_links (a constant buyer, the brand, for tier 1)
CREATE TABLE chain_list (supplier text, supplies_to text, material text, origin text, since text, how text);
INSERT INTO chain_list
SELECT ref, NULL, lower(products), country, '2019-07-01', 'adidas 2019 primary list' FROM chain_facility WHERE tier = 1;
INSERT INTO chain_list
SELECT m.ref, t.ref, 'fabric', m.country, '2019-04-01', 'adidas 2019 wet-process list, same parent organisation'
  FROM chain_facility m JOIN chain_facility t ON t.tier = 1 AND t.parent = m.parent
 WHERE m.tier = 2;
INSERT INTO chain_list
SELECT DISTINCT 'unknown', m.ref, 'cotton', NULL::text, '2019-04-01', 'cotton origin not disclosed'
  FROM chain_facility m JOIN chain_list c ON c.supplier = m.ref WHERE m.tier = 2;
SELECT * FROM load_supply_links('chain_list', 'supplier', buyer_column => 'supplies_to', buyer => 'ADIDAS',
                                material_column => 'material', origin_column => 'origin', valid_from_column => 'since',
                                facilities => 'chain_facility', facility_key => 'ref');
SELECT reason, count(*) FROM supply_link_rejected WHERE source = 'public.chain_list' GROUP BY 1 ORDER BY 1;
SELECT count(*) FILTER (WHERE tier = 2) AS tier2_mills,
       count(*) FILTER (WHERE tier = 2 AND ref IN (SELECT supplier_ref FROM supply_link WHERE supplier_ref IS NOT NULL)) AS linked,
       count(*) FILTER (WHERE tier = 2 AND ref NOT IN (SELECT supplier_ref FROM supply_link WHERE supplier_ref IS NOT NULL))
         AS buyers_not_published
  FROM chain_facility;
\echo '-- the in-group links: mill (tier 2) -> factory (tier 1)'
SELECT left(m.name, 44) AS mill, m.country AS mill_country, left(t.name, 40) AS supplies, t.country
  FROM supply_link s JOIN chain_facility m ON m.ref = s.supplier_ref JOIN chain_facility t ON t.ref = s.buyer_ref
 ORDER BY t.country, t.name, m.name;

\echo
\echo '== 33. The graph upstream of one tier-1 factory, as of 2019-12-31 (hredd.supply_upstream; tiers counted from the factory): its mills and the unknown cotton origin'
SELECT t.ref AS t1_ref FROM chain_facility t JOIN supply_link s ON s.buyer_ref = t.ref
 WHERE t.name LIKE 'Far Eastern New Apparel%' LIMIT 1 \gset
SELECT u.tier, u.node, left(coalesce(f.name, u.label), 50) AS name, f.country, u.material, u.unknown, u.path
  FROM supply_upstream(:'t1_ref', '2019-12-31') u LEFT JOIN chain_facility f ON f.ref = u.node
 ORDER BY u.tier, u.node;
\echo '-- and from the brand: how many nodes at each tier'
SELECT tier, count(*) AS nodes, count(*) FILTER (WHERE unknown) AS unknown_suppliers
  FROM supply_upstream('ADIDAS', '2019-12-31') GROUP BY tier ORDER BY tier;

\echo
\echo '== 34. The register over both tiers and the unknown supplier (scored on inherent risk alone)'
CREATE TABLE chain_assessed AS
SELECT ref, name, try_country(country) AS country, products, workers, tier FROM chain_facility
UNION ALL
SELECT facility_ref, name, country, products, NULL, 3 FROM supply_unknown_facilities('2019-12-31');
SET client_min_messages = notice;
SELECT assess_risk('chain_assessed', 'ref', as_of => '2019-12-31') AS chain_run \gset
SET client_min_messages = warning;
\echo '-- factories whose own priority is low, with a higher one upstream (never averaged away): the risk sits deeper'
SELECT left(r.facility_name, 36) AS tier1_factory, r.country, r.topic, r.priority AS own, r.upstream_priority AS upstream,
       r.upstream_tier AS at_tier, r.upstream_path
  FROM risk_register r
 WHERE r.tier = 1 AND r.upstream_priority > r.priority + 0.05
 ORDER BY r.upstream_priority - r.priority DESC, r.facility_ref, r.topic LIMIT 8;
SELECT count(DISTINCT facility_ref) AS tier1_with_risk_upstream, count(*) AS facility_topics
  FROM risk_register WHERE tier = 1 AND upstream_priority > priority;
\echo '-- forced labour upstream of each linked factory: the highest node and the way to it'
SELECT left(r.facility_name, 36) AS tier1_factory, r.country, r.priority AS own, r.upstream_priority AS upstream,
       r.upstream_tier AS at_tier, r.upstream_path
  FROM risk_register r
 WHERE r.tier = 1 AND r.topic = 'FORCED_LABOUR' AND r.upstream_ref IS NOT NULL ORDER BY r.facility_ref;
\echo '-- one of them explained: its own row, and the mill and cotton behind it'
SELECT r.facility_ref AS show_ref, r.topic AS show_topic FROM risk_register r
 WHERE r.tier = 1 AND r.upstream_priority > r.priority + 0.05
 ORDER BY r.upstream_priority - r.priority DESC, r.facility_ref, r.topic LIMIT 1 \gset
SELECT n.tier, n.node_ref, left(coalesce(f.name, n.node_ref), 44) AS node, round(res.priority::numeric, 4) AS priority,
       round(res.likelihood::numeric, 4) AS likelihood, n.unknown
  FROM risk_upstream_node n
  JOIN risk_result res ON res.run_id = n.run_id AND res.facility_ref = n.node_ref AND res.topic = :'show_topic'
  LEFT JOIN chain_assessed f ON f.ref = n.node_ref
 WHERE n.run_id = :chain_run AND n.facility_ref = :'show_ref'
 ORDER BY n.tier, n.node_ref;

\echo '-- the unknown cotton supplier, scored on inherent risk alone: no country, so the prior stands in where a topic needs one'
SELECT topic, priority, likelihood, inherent_likelihood AS inherent, gaps
  FROM risk_register WHERE facility_ref LIKE 'unknown:%' ORDER BY priority DESC, topic LIMIT 4;

\echo
\echo '== 35. New adverse evidence on a tier-2 mill: an ad-hoc trigger for every factory it supplies (LkSG §9(3))'
-- made up for the demo: a media report about one linked mill
SELECT s.supplier_ref AS mill_ref, m.name AS mill_name FROM supply_link s JOIN chain_facility m ON m.ref = s.supplier_ref
 WHERE m.tier = 2 ORDER BY m.name LIMIT 1 \gset
\echo '-- on' :'mill_name' '(' :mill_ref ')'
INSERT INTO evidence (facility_ref, topic, kind, status, observed_on, source, detail)
VALUES (:'mill_ref', 'FORCED_LABOUR', 'media', 'received', '2019-12-20', 'demo: made-up media report',
        'workers'' passports said to be held by the mill (an illustration, not a real report)');
SELECT t.facility_ref, left(coalesce(f.name, t.facility_ref), 36) AS facility, t.topic, t.kind, t.reason
  FROM risk_triggers t LEFT JOIN chain_facility f ON f.ref = t.facility_ref
 WHERE t.run_id = :chain_run ORDER BY t.facility_ref;

\else
\echo
\echo '== 32-35. The supply chain beyond tier 1: skipped (it reads adidas'' 2019 primary and wet-process lists from ../shared/data, not shipped)'
\endif
