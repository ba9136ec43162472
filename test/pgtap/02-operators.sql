-- Operators and operator classes: the comparison operators of every
-- identifier type with their commutators and negators, btree (with
-- sortsupport) and hash (with extended hash) operator classes, the
-- facility's % and <-> and its GIN and GiST classes, and that the planner's
-- index scans answer as sequential scans do.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET search_path = public;
BEGIN;
SELECT * FROM no_plan();

SELECT has_operator('hredd.' || t, 'hredd', op, 'hredd.' || t, 'boolean', format('operator hredd.%s %s hredd.%s', t, op, t))
FROM unnest(ARRAY['os_id', 'lei', 'gln', 'duns', 'country', 'facility']) t,
     unnest(ARRAY['=', '<>', '<', '<=', '>', '>=']) op;
SELECT has_operator('hredd.facility', 'hredd', '%', 'hredd.facility', 'boolean', 'operator hredd.facility % hredd.facility');
SELECT has_operator('hredd.facility', 'hredd', '<->', 'hredd.facility', 'double precision', 'operator hredd.facility <-> hredd.facility');

-- commutators and negators are declared (the planner needs them for joins)
SELECT is(o.oprcom <> 0 AND (o.oprname NOT IN ('=', '<>') OR o.oprnegate <> 0), true,
          format('%s has its commutator%s', o.oid::regoperator, CASE WHEN o.oprname IN ('=', '<>') THEN ' and negator' ELSE '' END))
FROM pg_operator o WHERE o.oprnamespace = 'hredd'::regnamespace AND o.oprname IN ('=', '<>', '<', '>', '<=', '>=', '%', '<->')
ORDER BY o.oid::regoperator::text;
SELECT ok(o.oprcanhash AND o.oprcanmerge, format('%s can hash and merge', o.oid::regoperator))
FROM pg_operator o WHERE o.oprnamespace = 'hredd'::regnamespace AND o.oprname = '='
  AND o.oprleft IN ('hredd.os_id'::regtype, 'hredd.lei'::regtype, 'hredd.gln'::regtype, 'hredd.duns'::regtype, 'hredd.country'::regtype);

-- default operator classes: btree with sortsupport (support 2), hash with extended hash (support 2)
SELECT ok(EXISTS (SELECT 1 FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
                  JOIN pg_amproc p ON p.amprocfamily = c.opcfamily AND p.amprocnum = 2
                  WHERE c.opcintype = t::regtype AND c.opcdefault AND a.amname = am),
          format('%s: default %s operator class with %s', t, am, CASE am WHEN 'btree' THEN 'sortsupport' ELSE 'extended hash' END))
FROM unnest(ARRAY['hredd.os_id', 'hredd.lei', 'hredd.gln', 'hredd.duns', 'hredd.country']) t, unnest(ARRAY['btree', 'hash']) am;
SELECT has_opclass('hredd', c, 'operator class hredd.' || c) FROM unnest(ARRAY['facility_gin_ops', 'facility_gist_ops']) c;

-- the operators answer as they should
SELECT ok('BD'::hredd.country OPERATOR(hredd.<) 'CN'::hredd.country, 'country: BD < CN');
SELECT ok('Viet Nam'::hredd.country OPERATOR(hredd.=) 'VN'::hredd.country, 'country: Viet Nam = VN');
SELECT ok('CN2019303BQ3FZP'::hredd.os_id OPERATOR(hredd.<>) 'BD2020021QK28YZ'::hredd.os_id, 'os_id: <>');
SELECT ok(hredd.facility('ZHEJIANG ZHENGHAO GARMENT CO., LTD.', NULL, 'CN')
              OPERATOR(hredd.%) hredd.facility('Zhenghao Garments (Zhejiang) Company Limited', NULL, 'China'),
          'facility %: the same factory under two spellings');
SELECT ok(NOT (hredd.facility('Pungkook Saigon II', NULL, 'VN') OPERATOR(hredd.%) hredd.facility('Pungkook Saigon III', NULL, 'VN')),
          'facility %: II and III are different factories');
SELECT is(round((hredd.facility('Pungkook Saigon II', NULL, 'VN') OPERATOR(hredd.<->) hredd.facility('Pungkook Saigon III', NULL, 'VN'))::numeric, 9),
          round((1 - hredd.match_score(hredd.facility('Pungkook Saigon II', NULL, 'VN'), hredd.facility('Pungkook Saigon III', NULL, 'VN')))::numeric, 9),
          'facility <->: 1 - match_score');
SET LOCAL hredd.match_threshold = 0.05;  -- II vs III scores 0.095
SELECT ok(hredd.facility('Pungkook Saigon II', NULL, 'VN') OPERATOR(hredd.%) hredd.facility('Pungkook Saigon III', NULL, 'VN'),
          'facility %: follows hredd.match_threshold');
RESET hredd.match_threshold;

-- index scans answer as sequential scans do
CREATE TEMP TABLE tap_fac (id int PRIMARY KEY, os_id hredd.os_id, country hredd.country, fac hredd.facility);
INSERT INTO tap_fac
SELECT i, CASE i % 2 WHEN 0 THEN 'CN2019303BQ3FZP' ELSE 'BD2020021QK28YZ' END::hredd.os_id,
       (ARRAY['CN', 'VN', 'BD', 'IN'])[1 + i % 4]::hredd.country,
       hredd.facility((ARRAY['Zhenghao Garment', 'Pungkook Saigon', 'Dhaka Knit Composite', 'Tiruppur Cotton Mills'])[1 + i % 4]
                      || ' ' || (ARRAY['Co Ltd', 'Limited', 'II', 'III', 'Unit 2'])[1 + i % 5], NULL,
                      (ARRAY['CN', 'VN', 'BD', 'IN'])[1 + i % 4])
FROM generate_series(1, 400) i;
CREATE INDEX ON tap_fac (os_id);
CREATE INDEX ON tap_fac USING hash (country);
CREATE INDEX ON tap_fac USING gin (fac);
CREATE INDEX ON tap_fac USING gist (fac);
ANALYZE tap_fac;
CREATE TEMP TABLE tap_seq AS
SELECT 'os_id' AS q, array_agg(id ORDER BY id) AS ids FROM tap_fac WHERE os_id OPERATOR(hredd.=) 'BD2020021QK28YZ'
UNION ALL SELECT 'country', array_agg(id ORDER BY id) FROM tap_fac WHERE country OPERATOR(hredd.=) 'VN'
UNION ALL SELECT 'similar', array_agg(id ORDER BY id) FROM tap_fac WHERE fac OPERATOR(hredd.%) hredd.facility('Zhenghao Garments Co', NULL, 'CN');
SET LOCAL enable_seqscan = off;
SELECT ok(EXISTS (SELECT 1 FROM tap_seq WHERE q = 'similar' AND cardinality(ids) > 0), 'the similarity query finds rows');
SELECT is((SELECT array_agg(id ORDER BY id) FROM tap_fac WHERE os_id OPERATOR(hredd.=) 'BD2020021QK28YZ'),
          (SELECT ids FROM tap_seq WHERE q = 'os_id'), 'os_id: btree index scan = sequential scan');
SELECT is((SELECT array_agg(id ORDER BY id) FROM tap_fac WHERE country OPERATOR(hredd.=) 'VN'),
          (SELECT ids FROM tap_seq WHERE q = 'country'), 'country: hash index scan = sequential scan');
SET LOCAL enable_indexscan = off;   -- GIN: bitmap scan
SELECT is((SELECT array_agg(id ORDER BY id) FROM tap_fac WHERE fac OPERATOR(hredd.%) hredd.facility('Zhenghao Garments Co', NULL, 'CN')),
          (SELECT ids FROM tap_seq WHERE q = 'similar'), 'facility %: index scan = sequential scan');
RESET enable_indexscan;
SELECT is((SELECT array_agg(round((fac OPERATOR(hredd.<->) hredd.facility('Pungkook Saigon II', NULL, 'VN'))::numeric, 6))
           FROM (SELECT fac FROM tap_fac ORDER BY fac OPERATOR(hredd.<->) hredd.facility('Pungkook Saigon II', NULL, 'VN') LIMIT 10) s),
          (SELECT array_agg(d ORDER BY d) FROM (SELECT round((fac OPERATOR(hredd.<->) hredd.facility('Pungkook Saigon II', NULL, 'VN'))::numeric, 6) d
                                                FROM tap_fac ORDER BY 1 LIMIT 10) s),
          'facility <->: GiST nearest-first = sorted distances');

SELECT * FROM finish();
ROLLBACK;
