-- supply_graph: the C walk of hredd.supply_graph against the PL/pgSQL walk it
-- replaced (test/bench/supply_graph_ref.sql, public.supply_graph_ref), row
-- for row and every column, on a tangled network: cycles of every
-- length, links that end or start around the dates asked, parallel links
-- (the lowest link_id wins a tie), inputs of unknown origin whose
-- references coincide after lower() and btrim(), a real facility named like
-- a virtual node, roots repeated, NULL and unknown; then its refusals.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
\set VERBOSITY default
\set ECHO none
\i test/bench/supply_graph_ref.sql
\set ECHO all

-- 240 facilities whose names sort differently in "C" and in a linguistic
-- collation; each buys from three others (inserted in a shuffled order, so
-- link_id says nothing about the names), some twice (another material)
CREATE TEMP TABLE g_node AS
SELECT i, (ARRAY['a', 'B', 'c-', 'C_', 'é', 'Z'])[i % 6 + 1] || i AS ref FROM generate_series(0, 239) i;
INSERT INTO supply_link (buyer_ref, supplier_ref, material, origin_country, valid_from, valid_to, source)
SELECT b.ref, s.ref, 'm' || k, CASE WHEN k = 2 THEN 'CN'::country END,
       CASE WHEN (b.i + k) % 11 = 0 THEN date '2024-01-01' ELSE '-infinity' END,
       CASE WHEN (b.i + k) % 13 = 0 AND (b.i + k) % 11 <> 0 THEN date '2022-12-31' ELSE 'infinity' END, 'g'
FROM g_node b, generate_series(0, 3) k, g_node s
WHERE s.i = (b.i * 7 + k * k * 31 + (b.i / 17)) % 240 AND s.i <> b.i AND (k < 3 OR b.i % 4 = 0)
ORDER BY md5(b.ref || k);
-- a second link over the same pair of facilities
INSERT INTO supply_link (buyer_ref, supplier_ref, material, source)
SELECT buyer_ref, supplier_ref, 'second ' || material, 'g' FROM supply_link
WHERE source = 'g' AND buyer_ref LIKE 'B%' ORDER BY md5(buyer_ref || material);
-- inputs of unknown origin: 'Cotton', ' cotton' and 'cotton' are one virtual node
INSERT INTO supply_link (buyer_ref, supplier_ref, material, origin_country, valid_to, source)
SELECT n.ref, NULL, (ARRAY['Cotton', ' cotton', 'cotton', 'Silk'])[n.i % 4 + 1],
       (ARRAY[NULL, 'IN', 'IN', 'CN'])[n.i % 4 + 1]::country,
       CASE WHEN n.i % 10 = 3 THEN date '2022-12-31' ELSE 'infinity' END, 'g'
FROM g_node n WHERE n.i % 5 = 0 ORDER BY md5(n.ref);
-- a real facility named like the virtual node of silk from China
INSERT INTO supply_link (buyer_ref, supplier_ref, material, source)
SELECT ref, 'unknown:silk:CN', 'silk', 'g' FROM g_node WHERE i IN (3, 200);
SELECT count(*) AS links, count(*) FILTER (WHERE supplier_ref IS NULL) AS unknown_inputs
FROM supply_link WHERE source = 'g';

-- rows, virtual nodes among them, and rows of one not in the other (every
-- column, as multisets: the model's order was its temporary table's heap
-- order, which is not quite the order it inserted in)
CREATE FUNCTION pg_temp.g_diff(roots text[], dir text, d date, mt integer,
                               OUT rows bigint, OUT unknowns bigint, OUT max_tier integer, OUT differ bigint)
LANGUAGE sql AS $$
    WITH a AS (SELECT * FROM hredd.supply_graph(roots, dir, d, mt)),
         b AS (SELECT * FROM public.supply_graph_ref(roots, dir, d, mt))
    SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM a WHERE a.unknown), (SELECT max(a.tier) FROM a),
           (SELECT count(*) FROM (TABLE a EXCEPT ALL TABLE b) x) + (SELECT count(*) FROM (TABLE b EXCEPT ALL TABLE a) y)
$$;
SELECT dir, d, mt, x.*
FROM (VALUES ('upstream'), ('downstream')) v(dir),
     (VALUES (date '2021-06-01'), ('2023-06-01'), ('2024-06-01')) w(d),
     (VALUES (1), (2), (3), (50)) m(mt),
     LATERAL pg_temp.g_diff(ARRAY(SELECT ref FROM g_node WHERE i % 9 = 1) || ARRAY['a0', 'a0', NULL, 'nobody', 'unknown:silk:CN'],
                            dir, d, mt) x
ORDER BY 1 DESC, 2, 3;
-- all 240 facilities as roots at once
SELECT x.* FROM pg_temp.g_diff(ARRAY(SELECT ref FROM g_node), 'upstream', '2023-06-01', 50) x;
SELECT x.* FROM pg_temp.g_diff(ARRAY(SELECT ref FROM g_node), 'downstream', '2023-06-01', 50) x;
-- more roots than one batch of the walk (1,024): the facilities split over
-- two batches, and named again in the second (each root once)
SELECT x.* FROM pg_temp.g_diff(ARRAY(SELECT 'nobody' || i FROM generate_series(1, 1000) i)
                               || ARRAY(SELECT ref FROM g_node) || ARRAY(SELECT ref FROM g_node), 'upstream', '2023-06-01', 50) x;
SELECT x.* FROM pg_temp.g_diff(ARRAY(SELECT 'nobody' || i FROM generate_series(1, 1000) i)
                               || ARRAY(SELECT ref FROM g_node) || ARRAY(SELECT ref FROM g_node), 'downstream', '2024-06-01', 4) x;

-- the tie, seen: two links reach the same facility in the same tier; the
-- one with the lower link_id wins, whichever path is alphabetically first
INSERT INTO supply_link (buyer_ref, supplier_ref, material, source) VALUES
  ('tie-root', 'tie-b', 'm', 'tie'), ('tie-root', 'tie-a', 'm', 'tie'),
  ('tie-b', 'tie-x', 'm', 'tie'), ('tie-a', 'tie-x', 'm', 'tie'),
  ('tie-x', NULL, 'Wool ', 'tie'), ('tie-a', NULL, 'wool', 'tie');
SELECT tier, node, via, material, unknown, label, path FROM supply_graph(ARRAY['tie-root'], 'upstream', '2023-06-01');
SELECT tier, node, via, path FROM supply_graph(ARRAY['tie-x'], 'downstream', '2023-06-01');

-- no roots, empty, NULL and multi-dimensional arrays
SELECT count(*) FROM supply_graph(NULL, 'upstream');
SELECT count(*) FROM supply_graph('{}', 'downstream');
SELECT count(*) FROM supply_graph(ARRAY[NULL, ''], 'upstream');
SELECT root, tier, node FROM supply_graph('{{tie-a,tie-b},{tie-a,NULL}}', 'upstream', '2023-06-01') ORDER BY 1, 2, 3;

-- refusals, the same as before
SELECT count(*) FROM supply_graph(ARRAY['tie-root'], NULL);
SELECT count(*) FROM supply_graph(ARRAY['tie-root'], 'Upstream');
SELECT count(*) FROM supply_graph(ARRAY['tie-root'], 'upstream', NULL);
SELECT count(*) FROM supply_graph(ARRAY['tie-root'], 'upstream', '2023-06-01', 0);
SELECT count(*) FROM supply_graph(ARRAY['tie-root'], 'upstream', '2023-06-01', NULL);
-- it reads, never writes: STABLE, callable in a read-only transaction
BEGIN READ ONLY;
SELECT count(*) FROM supply_graph(ARRAY['tie-root'], 'upstream', '2023-06-01');
COMMIT;

DELETE FROM supply_link WHERE source IN ('g', 'tie');
DROP FUNCTION public.supply_graph_ref(text[], text, date, integer);
