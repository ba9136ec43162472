-- cluster_facilities at scale and against chaining, and match_table's
-- bulk behaviour (settings, key types, transaction blocks, summary,
-- one-to-one).  Assertions hold whatever the score model says about a
-- pair: they check the guard (every two members of a cluster score >=
-- threshold) and that a cluster and the score agree.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
DROP SCHEMA IF EXISTS mc CASCADE;
CREATE SCHEMA mc;
RESET client_min_messages;
\set SHOW_CONTEXT never
SET search_path = mc, public, hredd;
SET extra_float_digits = 0;

-- ---------------------------------------------------------------- chaining
-- shapes from the Esprit 2019 list: a group with its numbered branches, a
-- city's textile companies, look-alike names in one city
CREATE TABLE esprit (id int PRIMARY KEY, fac hredd.facility);
INSERT INTO esprit VALUES
  (1, facility('Shenghong Group', 'Hami Road, Shengze Town, Wujiang, Suzhou, Jiangsu', 'CN')),
  (2, facility('Shenghong Group - Jinpin mill', 'Shenghong Textile Science & Technology, Demonstration Garden, Wujiang, Suzhou, Jiangsu', 'CN')),
  (3, facility('Shenghong Group 1st Dyeing Branch', 'Textile Technology Zone, Shengze Town, Wujiang, Suzhou, Jiangsu', 'CN')),
  (4, facility('Shenghong Group 2nd Dyeing Branch', 'Textile Technology Zone, Shengze Town, Wujiang, Suzhou, Jiangsu', 'CN')),
  (5, facility('Shenghong Group 3rd Dyeing Branch', 'Textile Technology Zone, Shengze Town, Wujiang, Suzhou, Jiangsu', 'CN')),
  (6, facility('Shenghong Group 4th Dyeing Branch', 'Caihong Road, 1, Shengze Town, 215228, Wujiang, Suzhou, Jiangsu', 'CN')),
  (7, facility('Shenghong Group 4th Dyeing Branch', 'Caihong Road, 1, Shengze Town, 215228, Wujiang, Suzhou, Jiangsu', 'CN')),
  (8, facility('Shenghong Group Co., Ltd.', 'The Oriental Silk Market of China, Shengze Town, 215228, Wujiang, Suzhou, Jiangsu', 'CN')),
  (9, facility('Shenghong Group Feixiang printing & dyeing mill', 'Shengze Town, Wujiang, Suzhou, Jiangsu', 'CN')),
  (10, facility('Shenghong Group Yongqian Branch', 'Province Road, 227, Shengze Town, Wujiang, Suzhou, Jiangsu', 'CN')),
  (11, facility('SHAOXING AIDONG EMBROIDERY TEXTILE CO., LTD', 'Shaoqi Road, Industry&Trading Park, Dongpu Town, Shaoxing, Zhejiang', 'CN')),
  (12, facility('SHAOXING HUANTAI TEXTILE CO., LTD', 'Kebei Taiwan Knitting lndustrial Park, Building 1, Keqiao Economic Development Zone, Keqiao, Shaoxing, Zhejiang', 'CN')),
  (13, facility('SHAOXING JUNWONG TEXTILE CO., LTD', '17th Floor, Jinchang IFC., Yumin Road, Keqiao, Shaoxing, Zhejiang', 'CN')),
  (14, facility('Shaoxing Kefeng Textile Co. Ltd.', 'Shaoxing Yuezhou Industrial Park, 2, Area 17, Building 508, Shaoxing, Zhejiang', 'CN')),
  (15, facility('Shaoxing Mingyuan Textile Co.,ltd.', 'Shanying Road , 1568, Kexi Indrustial Zone, Keqiao , Shaoxing, Zhejiang', 'CN')),
  (16, facility('SHAOXING WOHENG TEXTILE', 'Taoli Road, Zhelong Industrial Park, 312000, Keqiao, Shaoxing, Zhejiang', 'CN')),
  (17, facility('Shaoxing Xunrun Textile Co., Ltd', 'RM703, Yulan International B/D, Keqiao, Shaoxing, Zhejiang', 'CN')),
  (18, facility('SHAOXING QUALITY TEXTILE CO., LTD.', 'Anchang Town, Keqiao, Shaoxing, Zhejiang', 'CN')),
  (19, facility('WING FAT FACTORY', 'Cha Sha Est. , Sha Dong Cheuk Yeun Sha Factory Area, Dongguan, Guangdong', 'CN')),
  (20, facility('WING FUNG FACTORY', 'Cheung On Est. , Hua Pin Community Aera, Dongguan, Guangdong', 'CN')),
  (21, facility('TEXHONG Textile Group', 'Yuanfu Weft Street, 33, Suining Town, Xuzhou, Jiangsu', 'CN')),
  (22, facility('TEXHONG Textile Group', 'Tianhong Road, 33, Taizhou, Jiangsu', 'CN')),
  (23, facility('XUZHOU TEXHONG YINFENG TEXTILE CO.,LTD.', 'South Zhongshan Road , 56, 221006, Xuzhou, Jiangsu', 'CN'));
CREATE TABLE cl AS SELECT record_key::int AS id, cluster_key::int AS c, cluster_size, score_to_centre
  FROM cluster_facilities('esprit', 'id', 'fac');
-- the guard: every two members of every cluster score >= 0.5 (either way round)
SELECT count(*) AS pairs_in_a_cluster_below_threshold
  FROM cl x JOIN cl y ON x.c = y.c AND x.id < y.id
  JOIN esprit ex ON ex.id = x.id JOIN esprit ey ON ey.id = y.id
 WHERE least(match_score(ex.fac, ey.fac), match_score(ey.fac, ex.fac)) < 0.5;
-- the identical 4th branch rows are one cluster; numbered branches that do
-- not match each other are not pulled into one by the group's name
SELECT c, array_agg(id ORDER BY id) AS members FROM cl GROUP BY c HAVING count(*) > 1 ORDER BY c;
SELECT (SELECT c FROM cl WHERE id = 6) = (SELECT c FROM cl WHERE id = 7) AS identical_rows_together,
       (SELECT count(DISTINCT c) FROM cl WHERE id BETWEEN 3 AND 6) AS clusters_of_4_numbered_branches,
       (SELECT count(DISTINCT c) FROM cl WHERE id BETWEEN 11 AND 18) AS clusters_of_8_shaoxing_companies;
-- look-alikes are together only when the score says they match; a pair
-- alone (Wing Fat / Wing Fung, Texhong in Xuzhou / in Taizhou) is together
-- exactly when it does
SELECT x.id, y.id AS other, NOT (x.c = y.c AND match_score(ex.fac, ey.fac) < 0.5) AS together_only_if_matching,
       CASE WHEN x.id >= 19 THEN (x.c = y.c) = (match_score(ex.fac, ey.fac) >= 0.5) END AS pair_agrees_with_score
  FROM cl x JOIN cl y ON (x.id, y.id) IN ((19, 20), (21, 22), (21, 23), (1, 3), (3, 4))
  JOIN esprit ex ON ex.id = x.id JOIN esprit ey ON ey.id = y.id ORDER BY 1, 2;
-- every record once; sizes agree with the clusters
SELECT count(*) AS records, count(DISTINCT id) AS distinct_records,
       bool_and(cluster_size = (SELECT count(*) FROM cl c2 WHERE c2.c = cl.c)) AS sizes_agree FROM cl;

-- a chain: A~B and B~C but not A~C never ends in one cluster
SELECT hredd.facility_cluster(ARRAY[facility('a', NULL, NULL), facility('b', NULL, NULL), facility('c', NULL, NULL)],
                              ARRAY[1, 2], ARRAY[2, 3], ARRAY[0.9, 0.8], 0.5) AS chain_without_ac;
-- pairs below the threshold are ignored; the centre is the member with the
-- highest total score
SELECT hredd.facility_cluster(ARRAY[facility('Zhenghao Garment', 'No 8 Shuangbao Road', 'CN'),
                                    facility('Zhenghao Garments', '8 Shuangbao Rd', 'CN'),
                                    facility('Zhenghao Garment Co Ltd', 'Shuangbao Road 8', 'CN')],
                              ARRAY[1, 2, 1], ARRAY[2, 3, 3], ARRAY[0.99, 0.98, 0.1], 0.5) AS centres;
-- bad input
SELECT hredd.facility_cluster(ARRAY[facility('a', NULL, NULL)], ARRAY[1], ARRAY[2], ARRAY[0.9], 0.5);
SELECT hredd.facility_cluster(ARRAY[facility('a', NULL, NULL)], ARRAY[1], ARRAY[]::int[], ARRAY[0.9], 0.5);
SELECT hredd.facility_cluster(ARRAY[facility('a', NULL, NULL)], ARRAY[1], ARRAY[1], ARRAY[0.9], 'NaN');
SELECT hredd.facility_cluster(ARRAY[facility('a', NULL, NULL), NULL], ARRAY[1], ARRAY[2], ARRAY[0.9], 0.5);
SELECT hredd.facility_cluster(ARRAY[facility('a', NULL, NULL)], ARRAY[1, NULL], ARRAY[1, 1], ARRAY[0.9, 0.9], 0.5);
SELECT hredd.facility_cluster(ARRAY[]::hredd.facility[], ARRAY[]::int[], ARRAY[]::int[], ARRAY[]::float8[], 0.5) AS empty;

-- ---------------------------------------------------------------- candidates
-- blocking (candidates => 'blocks': the records that share a blocking key
-- are compared) and one indexed search per record ('index') give the same
-- clusters here; 'auto' is 'index' up to 10,000 distinct records
CREATE TABLE cl_i AS SELECT * FROM cluster_facilities('esprit', 'id', 'fac', candidates => 'index');
CREATE TABLE cl_b AS SELECT * FROM cluster_facilities('esprit', 'id', 'fac', candidates => 'blocks');
CREATE TABLE cl_a AS SELECT * FROM cluster_facilities('esprit', 'id', 'fac', 0.5, 20, 'auto', 1000);
SELECT (SELECT count(*) FROM ((TABLE cl_i EXCEPT TABLE cl_b) UNION ALL (TABLE cl_b EXCEPT TABLE cl_i)) d) AS blocks_differ,
       (SELECT count(*) FROM ((TABLE cl_i EXCEPT TABLE cl_a) UNION ALL (TABLE cl_a EXCEPT TABLE cl_i)) d) AS auto_differs,
       (SELECT count(*) FROM cl_b WHERE cluster_size > 1) AS in_clusters;
-- duplicates as a second list types them (a typo, upper case, the words
-- swapped, two words written as one, another legal form), among look-alikes
-- that are other facilities; with a GIN index, without, and with a GiST
-- index the index path differs in how it searches, blocking not at all
CREATE TABLE dups (id int PRIMARY KEY, fac hredd.facility);
INSERT INTO dups VALUES
  (1, facility('Matsuda Baby Sangyo', '5-2 Asakusabashi, Taito-ku, Tokyo', 'JP')),
  (2, facility('Matuda Baby Sangyo Co., Ltd.', '5-2 Asakusabashi, Taito, Tokyo', 'JP')),
  (3, facility('Bowker Yee Sing Garment Factory (He Yuan)', 'Gaoxin District, Heyuan, Guangdong', 'CN')),
  (4, facility('BOWKER YEE SING GARMENT FACTORY (HEYUAN)', 'Gaoxin District, Heyuan, Guangdong', 'CN')),
  (5, facility('Zhenghao Garment', 'No 8 Shuangbao Road, Shishi, Fujian', 'CN')),
  (6, facility('Garment Zhenghao Co Ltd', '8 Shuangbao Rd, Shishi, Fujian', 'CN')),
  (7, facility('Zhenghao Garment', 'No 8 Shuangbao Road, Shishi, Fujian', 'VN')),
  (8, facility('Radnik Exports', 'Plot 12, Sector 5, Noida', 'IN')),
  (9, facility('Radnik Exports', 'Plot 44, Sector 5, Noida', 'IN')),
  (10, facility('Wing Fat Factory', 'Cha Sha Est., Dongguan, Guangdong', 'CN')),
  (11, facility('Wing Fung Factory', 'Cheung On Est., Dongguan, Guangdong', 'CN')),
  (12, facility('Trax Intertrade', 'Lot 7, Tan Thuan EPZ, District 7, Ho Chi Minh City', 'VN')),
  (13, facility('TRAX INTERTRADE CO', 'Lot 7 Tan Thuan Export Processing Zone, Dist 7, HCMC', 'VN'));
CREATE TABLE d_b AS SELECT * FROM cluster_facilities('dups', 'id', 'fac', candidates => 'blocks');
CREATE TABLE d_i AS SELECT * FROM cluster_facilities('dups', 'id', 'fac', candidates => 'index');
CREATE INDEX dups_gin ON dups USING gin (fac);
CREATE TABLE d_gin AS SELECT * FROM cluster_facilities('dups', 'id', 'fac', candidates => 'index');
DROP INDEX dups_gin;
CREATE INDEX dups_gist ON dups USING gist (fac);
CREATE TABLE d_gist AS SELECT * FROM cluster_facilities('dups', 'id', 'fac', candidates => 'index');
SELECT record_key, cluster_key, cluster_size FROM d_b ORDER BY record_key::int;
SELECT (SELECT count(*) FROM ((TABLE d_i EXCEPT TABLE d_b) UNION ALL (TABLE d_b EXCEPT TABLE d_i)) d) AS index_seq_differs,
       (SELECT count(*) FROM ((TABLE d_gin EXCEPT TABLE d_b) UNION ALL (TABLE d_b EXCEPT TABLE d_gin)) d) AS index_gin_differs,
       (SELECT count(*) FROM ((TABLE d_gist EXCEPT TABLE d_b) UNION ALL (TABLE d_b EXCEPT TABLE d_gist)) d) AS index_gist_differs;
-- blocking keys: a typo of a rare word, two words written as one, the
-- words in another order share a key; another country or nothing alike none
SELECT facility_block_keys(facility('Matsuda Baby', NULL, 'JP')) && facility_block_keys(facility('Matuda Corp', NULL, 'JP')) AS typo,
       facility_block_keys(facility('He Yuan Knitting', NULL, 'CN')) && facility_block_keys(facility('Heyuan Knit', NULL, 'CN')) AS joined,
       facility_block_keys(facility('Textile Garment', NULL, 'CN')) && facility_block_keys(facility('Garment Textile Co', NULL, 'CN')) AS reordered,
       facility_block_keys(facility('Matsuda Baby', NULL, 'JP')) && facility_block_keys(facility('Matsuda Baby', NULL, 'KR')) AS other_country,
       facility_block_keys(facility('Matsuda Baby', NULL, 'JP')) && facility_block_keys(facility('Zhenghao Garment', NULL, 'JP')) AS nothing_alike,
       cardinality(facility_block_keys(facility('Matsuda Baby Sangyo', NULL, 'JP'))) AS keys_of_one;
-- blocks larger than max_block are split by a second key (another name
-- word, a house number); parts still larger are not compared within, and a
-- NOTICE says so (here every block of 3 and more: each duplicate pair still
-- meets in a block or part of two, and is found)
SELECT count(*) FILTER (WHERE cluster_size > 1) AS in_clusters
  FROM cluster_facilities('dups', 'id', 'fac', candidates => 'blocks', max_block => 2);
SELECT count(*) FILTER (WHERE cluster_size > 1) AS in_clusters
  FROM cluster_facilities('dups', 'id', 'fac', candidates => 'blocks', max_block => 10000);
-- the pairs themselves: a < b, >= threshold, each record's max_links best
-- (three that all match, max_links 1: each keeps its best, two pairs)
SELECT a, b, s >= 0.5 AS above
  FROM facility_block_pairs(ARRAY(SELECT fac FROM dups ORDER BY id), 0.5, 20, 1000) ORDER BY a, b;
SELECT count(*) AS with_one_link
  FROM facility_block_pairs(ARRAY[facility('Alpha Omega', NULL, 'DE'), facility('Alpha Omega', 'Berlin', 'DE'),
                                  facility('Alpha Omega GmbH', NULL, 'DE')], 0.5, 1, 1000);
-- bad arguments
SELECT * FROM cluster_facilities('dups', 'id', 'fac', candidates => 'trigram');
SELECT * FROM cluster_facilities('dups', 'id', 'fac', candidates => NULL);
SELECT * FROM cluster_facilities('dups', 'id', 'fac', max_block => 1);
SELECT * FROM cluster_facilities('dups', 'id', 'fac', max_block => 10001);
SELECT * FROM cluster_facilities('dups', 'id', 'fac', max_block => NULL);
SELECT * FROM facility_block_pairs(ARRAY[facility('a', NULL, NULL)], 1.5, 20, 1000);
SELECT * FROM facility_block_pairs(ARRAY[facility('a', NULL, NULL)], 0.5, 0, 1000);
SELECT * FROM facility_block_pairs(ARRAY[facility('a', NULL, NULL)], 0.5, 20, 1);
SELECT * FROM facility_block_pairs(ARRAY[facility('a', NULL, NULL), NULL], 0.5, 20, 1000);
SELECT * FROM facility_block_pairs(ARRAY[[facility('a', NULL, NULL)]], 0.5, 20, 1000);
SELECT count(*) AS empty FROM facility_block_pairs(ARRAY[]::hredd.facility[], 0.5, 20, 1000);

-- ---------------------------------------------------------------- match_table
CREATE TABLE reg (id int PRIMARY KEY, fac hredd.facility);
INSERT INTO reg SELECT id, fac FROM esprit;
CREATE INDEX ON reg USING gin (fac);
CREATE TABLE src (ref text PRIMARY KEY, fac hredd.facility);
INSERT INTO src VALUES
  ('a', facility('Shenghong Group 2nd Dyeing Branch', 'Textile Technology Zone, Shengze, Wujiang', 'CN')),
  ('b', facility('Shenghong Group Co Ltd', 'Oriental Silk Market, Shengze Town, Wujiang', 'CN')),
  ('c', facility('Wing Fat Factory', 'Cha Sha Est, Dongguan', 'CN')),
  ('d', facility('Nothing Alike Ltd', 'Nowhere', 'DE')),
  ('e', facility('Wing Fat Factory Ltd', 'Cha Sha Estate, Dongguan', 'CN'));
CREATE TABLE res (source_key text, target_key int, score float8, rank int, PRIMARY KEY (source_key, target_key));
SET client_min_messages = warning;
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res', top_k => 3, batch_size => 2);
RESET client_min_messages;
SELECT count(*) > 0 AS found, bool_and(score >= 0.5) AS all_above, max(rank) <= 3 AS ranks_ok FROM res;
-- the same run serially gives the same rows (parallel search changes nothing)
CREATE TABLE res_serial (LIKE res INCLUDING ALL);
SET max_parallel_workers_per_gather = 0;
SET client_min_messages = warning;
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res_serial', top_k => 3, batch_size => 5);
RESET client_min_messages;
RESET max_parallel_workers_per_gather;
SELECT count(*) AS rows_differing FROM (
  (SELECT * FROM res EXCEPT SELECT * FROM res_serial) UNION ALL (SELECT * FROM res_serial EXCEPT SELECT * FROM res)) d;
-- the same settings again: already complete; other settings: refused, not ignored
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res', top_k => 3);
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res', top_k => 1);
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res', threshold => 0.9, top_k => 3);
-- another match model (the setting hredd.match_model) is another run too:
-- refused, not "already complete"; a model that does not exist, before anything
INSERT INTO hredd.match_model (name, coefficients, terms, train_pairs, heldout_pairs, reliability, source)
SELECT 'mc_model', match_default_coefficients(), match_model_terms(), 0, 0, '[]', 'match_cluster test';
SET hredd.match_model = 'mc_model';
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res', top_k => 3);
-- the model fitted again under the same name: refused, not resumed or
-- "already complete" (the rows would mix two fits); restart runs the new fit
CREATE TABLE res_m (LIKE res INCLUDING ALL);
SET client_min_messages = warning;
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res_m', top_k => 1);
UPDATE hredd.match_model SET coefficients[1] = coefficients[1] - 0.5 WHERE name = 'mc_model';
RESET client_min_messages;
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res_m', top_k => 1);
SET client_min_messages = warning;
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res_m', top_k => 1, restart => true);
RESET client_min_messages;
SELECT model, model_coefficients = (SELECT coefficients FROM hredd.match_model WHERE name = 'mc_model') AS runs_new_fit,
       finished_at IS NOT NULL AS finished
  FROM hredd.match_run WHERE result = 'res_m'::regclass;
SET hredd.match_model = 'mc_nonesuch';
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res', top_k => 3);
RESET hredd.match_model;
DELETE FROM hredd.match_model WHERE name = 'mc_model';
-- restart => true with other settings replaces the rows
SET client_min_messages = warning;
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res', top_k => 1, restart => true);
RESET client_min_messages;
SELECT max(rank) AS max_rank_after_restart, count(*) = count(DISTINCT source_key) AS one_row_per_source FROM res;
SELECT threshold, top_k, model, finished_at IS NOT NULL AS finished FROM match_run WHERE result = 'res'::regclass;
-- a result table whose key types differ: refused before anything is written
CREATE TABLE res_badkey (source_key int, target_key int, score float8, rank int, PRIMARY KEY (source_key, target_key));
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res_badkey');
CREATE TABLE res_badtarget (source_key text, target_key text, score float8, rank int, PRIMARY KEY (source_key, target_key));
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res_badtarget');
SELECT count(*) AS runs_of_bad_tables FROM match_run WHERE result IN ('res_badkey'::regclass, 'res_badtarget'::regclass);
-- inside a transaction block: commit_batches => false; the default says why it cannot
CREATE TABLE res_tx (LIKE res INCLUDING ALL);
BEGIN;
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res_tx', top_k => 3, batch_size => 2);
ROLLBACK;
BEGIN;
SET LOCAL client_min_messages = warning;
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res_tx', top_k => 3, batch_size => 2, commit_batches => false);
SELECT count(*) AS rows_in_transaction FROM res_tx;
ROLLBACK;
SELECT count(*) AS rows_after_rollback, (SELECT count(*) FROM match_run WHERE result = 'res_tx'::regclass) AS runs_after_rollback FROM res_tx;
-- per source row: matched, to review, unmatched
DELETE FROM res; DELETE FROM match_run WHERE result = 'res'::regclass;
SET client_min_messages = warning;
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res', top_k => 3);
RESET client_min_messages;
SELECT s.source_key, s.status = CASE WHEN s.candidates = 0 THEN 'unmatched'
                                    WHEN s.best_score >= 0.8 AND coalesce(s.runner_up_score, 0) < 0.5 THEN 'matched'
                                    ELSE 'review' END AS status_consistent,
       s.candidates = (SELECT count(*) FROM res r WHERE r.source_key = s.source_key) AS candidates_counted,
       s.best_target::int = (SELECT r.target_key FROM res r WHERE r.source_key = s.source_key AND r.rank = 1) AS best_is_rank_1
  FROM match_summary('src', 'ref', 'res') s ORDER BY 1;
SELECT status FROM match_summary('src', 'ref', 'res') WHERE source_key = 'd';
SELECT * FROM match_summary('src', 'ref', 'res', sure => 2);
SELECT * FROM match_summary('src', 'nope', 'res');
-- one-to-one: every source and every target used at most once, best pairs first
CREATE TABLE one AS SELECT * FROM match_assign('res');
SELECT count(*) = count(DISTINCT source_key) AS sources_once, count(*) = count(DISTINCT target_key) AS targets_once,
       bool_and(score >= 0.5) AS above FROM one;
-- 'c' and 'e' both want Wing Fat (19): only the better one gets it
SELECT (SELECT count(*) FROM res WHERE target_key = 19 AND rank = 1) AS sources_wanting_19,
       (SELECT count(*) FROM one WHERE target_key = '19') AS assigned_19,
       (SELECT source_key FROM one WHERE target_key = '19')
         = (SELECT source_key FROM res WHERE target_key = 19 ORDER BY score DESC, rank, source_key LIMIT 1) AS best_one_got_it;
SELECT * FROM match_assign('res', min_score => -1);

-- ---------------------------------------------------------------- loading with bad coordinates
-- facility() names the row that stops a load; try_facility() drops the
-- whole facility; facility_lenient() drops only the coordinates, and
-- coordinates_valid() flags them
SELECT facility('Zhenghao Garment', 'No 8 Shuangbao Road', 'CN', 91, 120);
SELECT facility('Zhenghao Garment', 'No 8 Shuangbao Road', 'CN', 30, NULL);
CREATE TABLE load (id int, name text, address text, country text, lat float8, lng float8,
  fac hredd.facility GENERATED ALWAYS AS (hredd.facility_lenient(name, address, country, lat, lng)) STORED,
  bad_coordinates boolean GENERATED ALWAYS AS (NOT hredd.coordinates_valid(lat, lng)) STORED);
INSERT INTO load (id, name, address, country, lat, lng) VALUES
  (1, 'Zhenghao Garment', 'No 8 Shuangbao Road', 'CN', 28.0, 120.6),
  (2, 'Zhenghao Garment', 'No 8 Shuangbao Road', 'CN', 91, 120.6),
  (3, 'Zhenghao Garment', 'No 8 Shuangbao Road', 'CN', 28.0, NULL),
  (4, 'Zhenghao Garment', 'No 8 Shuangbao Road', 'CN', 'NaN', 0),
  (5, 'Zhenghao Garment', 'No 8 Shuangbao Road', 'CN', NULL, NULL),
  (6, 'Zhenghao Garment', 'No 8 Shuangbao Road', 'Narnia', 28.0, 120.6),
  (7, NULL, 'No 8 Shuangbao Road', 'CN', 28.0, 120.6);
SELECT id, fac::text, bad_coordinates,
       try_facility(name, address, country, lat, lng) IS NULL AS try_drops_it,
       fac = try_facility(name, address, country) AS same_without_coordinates
  FROM load ORDER BY id;
SELECT coordinates_valid(NULL, NULL) AS none, coordinates_valid(0, 180) AS edge, coordinates_valid(0, 180.01) AS beyond,
       coordinates_valid('-Infinity', 0) AS inf;

SET client_min_messages = warning;
DELETE FROM hredd.match_run WHERE result::text LIKE 'mc.%';
DROP SCHEMA mc CASCADE;
RESET client_min_messages;
