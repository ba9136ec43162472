-- Facility matching: normalisers, the facility type, score, explanation,
-- operators, index opclasses, bulk matching and clustering.
\set SHOW_CONTEXT never
SET search_path = public, hredd;
SET extra_float_digits = 0;

-- ---------------------------------------------------------------- normalisers
SELECT n, hredd.normalize_name(n, c) FROM (VALUES
  ('ZHEJIANG ZHENGHAO GARMENT CO., LTD.', 'CN'),
  ('Zhenghao Garments (Zhejiang) Company Limited', 'CN'),
  ('Công ty TNHH May Mặc Hòa Bình', 'VN'),
  ('CONG TY TNHH MTV DET MAY HOA THO', 'VN'),
  ('Hirdaramani (Pvt) Ltd - Mercury Plant', 'LK'),
  ('Artistic Milliners (Private) Limited', 'PK'),
  ('Ozanteks Tekstil San. ve Tic. A.Ş.', 'TR'),
  ('Örme Tekstil Sanayi ve Ticaret Ltd. Şti.', 'TR'),
  ('Hong Seng Knitting Sdn. Bhd.', 'MY'),
  ('PT Eratex Djaja Tbk', 'ID'),
  ('CV Sinar Jaya', 'ID'),
  ('Pungkook Saigon II', 'VN'),
  ('Pungkook Saigon III', 'VN'),
  ('M/s. Fakir Apparels Ltd.', 'BD'),
  ('广州服装有限公司', 'CN'),
  ('ＡＢＣ　Ｇａｒｍｅｎｔ（深圳）有限公司', 'CN'),
  ('บริษัท ไทยการ์เมนต์ จำกัด', 'TH'),
  ('হা-মীম গ্রুপ', 'BD'),
  ('Intl Mfg Co', NULL),
  ('Ltd', NULL),
  ('Factory No. 05, 1st floor', NULL),
  ('Roi Et Garment', 'TH'),             -- a province whose name ends in a stop word (iso-codes)
  ('Tissages Dupont Et Fils', 'FR')) v(n, c);    -- the stop word still goes elsewhere

SELECT a, hredd.normalize_address(a, c) FROM (VALUES
  ('Plot # 675, Wadi Ad Dulayl Industrial Park, Jordan', 'JO'),
  ('No. 8 Shuangbao West Road, Ouhai Economic Development Zone, Wenzhou, China', 'CN'),
  ('Lô A2, KCN Tân Tạo, Quận Bình Tân, TP Hồ Chí Minh, Việt Nam', 'VN'),
  ('Lot # F2 Seethawaka Industrial Park Avissawella Sri Lanka', 'LK')) v(a, c);

-- normalising twice changes nothing (the text form relies on it)
SELECT count(*) AS not_idempotent FROM (VALUES
  ('ABC Garments Co., Ltd.'), ('sa garment sa'), ('Company Ltd'), ('det ltd may'),
  ('m e r c u r y appar e l'), ('Tekstil San ve Tic Ltd Sti Pazarlama'), ('II III IV'),
  ('株式会社ユニクロ'), ('the and of'), ('PT CV UD'), ('Co Co Co Ltd Ltd')) v(n)
 WHERE hredd.normalize_name(hredd.normalize_name(n)) <> hredd.normalize_name(n);
SELECT hredd.normalize_name(NULL), hredd.normalize_name('---'), hredd.normalize_name('Ltd', NULL);

-- ---------------------------------------------------------------- the type
SELECT facility('Zhenghao Garments (Zhejiang) Company Limited', 'No. 8 Shuangbao West Road', 'China', 27.96542, 120.65768);
SELECT facility('ABC Garments Ltd', NULL, NULL);
SELECT facility('ABC Garments Ltd', '', '  ');
SELECT facility(NULL, 'somewhere', 'CN') IS NULL AS null_name_gives_null;
SELECT '("abc garment","8 rd",CN,1.5,2.5)'::facility;
SELECT '(  "ABC ""Garments"" Ltd" , "No. 8 Road",Viet Nam ,, )'::facility;
SELECT '("abc garment",,,,)'::facility::text::facility = '("abc garment",,,,)'::facility::text::facility AS text_round_trip;
SELECT facility_name(f), facility_address(f), facility_country(f)
  FROM (SELECT facility('Örme Tekstil A.Ş.', 'İkitelli OSB', 'Türkiye') f) x;
SELECT facility_address(facility('x y', NULL, NULL)) IS NULL AS no_address,
       facility_country(facility('x y', NULL, NULL)) IS NULL AS no_country;
-- try_facility: NULL instead of an error, for generated columns over dirty data
SELECT try_facility('   ', NULL, NULL) IS NULL AS blank, try_facility('x', NULL, 'Narnia') IS NULL AS bad_country,
       try_facility('x', NULL, NULL, 91, 0) IS NULL AS bad_coords, try_facility(repeat('a', 1001), NULL, NULL) IS NULL AS too_long,
       try_facility('Zhenghao Ltd', 'x', 'CN') = facility('Zhenghao Ltd', 'x', 'CN') AS same_when_valid;
-- (binary COPY round trip and binary validation: test/sh/dump_restore.sh)

-- ---------------------------------------------------------------- the score
CREATE TEMP TABLE p (label text, a hredd.facility, b hredd.facility);
INSERT INTO p VALUES
  ('same: suffix, order, plural', facility('ZHEJIANG ZHENGHAO GARMENT CO., LTD.', NULL, 'CN'),
                                  facility('Zhenghao Garments (Zhejiang) Company Limited', NULL, 'CN')),
  ('same: plural and legal form', facility('ABC Garments Ltd', NULL, 'BD'), facility('ABC Garment Limited', NULL, 'BD')),
  ('different: ABC vs ABD',        facility('ABC Garments Ltd', NULL, 'BD'), facility('ABD Garments Ltd', NULL, 'BD')),
  ('different: II vs III',         facility('Pungkook Saigon II', NULL, 'VN'), facility('Pungkook Saigon III', NULL, 'VN')),
  ('different: unit 10 vs unit 6', facility('Soorty Enterprises (Pvt) Ltd. Unit 10', NULL, 'PK'),
                                   facility('Soorty Enterprises (Pvt.) Ltd. Unit 6', NULL, 'PK')),
  ('same: typo in a rare word',    facility('Zhenghao Garment', NULL, 'CN'), facility('Zhenhao Garment', NULL, 'CN')),
  ('same: letter-spaced',          facility('mercury apparel seethawaka', 'lot f2 seethawaka industrial park', 'LK'),
                                   facility('m e r c u r y appar e l se e th awaka', 'lot # f2 seethawaka industrial park avissawella', 'LK')),
  ('same: words written together', facility('Sang Woo (Cambodia) Co Ltd', NULL, 'KH'), facility('Sangwoo Cambodia Co Ltd', NULL, 'KH')),
  ('different: country',           facility('Zhenghao Garment', NULL, 'CN'), facility('Zhenghao Garment', NULL, 'VN')),
  ('different: same building',     facility('Alpha Knit', 'Plot 5 Sector 25 Korangi Industrial Area', 'PK'),
                                   facility('Omega Denim', 'Plot 5 Sector 25 Korangi Industrial Area', 'PK')),
  ('same name, far apart',         facility('Felix', 'Zone Industrielle Utique', 'TN', 37.05, 10.05),
                                   facility('Felix', 'Route de Beni Khiar Nabeul', 'TN', 36.46, 10.73)),
  ('same name, same place',        facility('Felix', 'Zone Industrielle Utique', 'TN', 37.05, 10.05),
                                   facility('Felix Confection', 'Z.I. Utique', 'TN', 37.0505, 10.0502));
SELECT label, round(match_score(a, b)::numeric, 3) AS score, match_score(a, b) >= 0.5 AS same,
       match_score(a, b) = match_score(b, a) AS symmetric
  FROM p ORDER BY label;
-- one side without coordinates or address still scores
SELECT round(match_score(facility('Felix Confection', NULL, 'TN'),
                         facility('Felix Confection', 'Zone Industrielle Utique', 'TN', 37.05, 10.05))::numeric, 3);
-- scores stay in [0, 1]
SELECT bool_and(match_score(a, b) BETWEEN 0 AND 1) FROM p;

-- ---------------------------------------------------------------- explanation
SELECT jsonb_pretty(match_explain(facility('ZHEJIANG ZHENGHAO GARMENT CO., LTD.', 'No. 8 Shuangbao West Road', 'CN'),
                                  facility('Zhenghao Garments (Zhejiang) Company Limited', '8 Shuangbao W Rd', 'CN')));
SELECT e->>'decision', jsonb_array_length(e->'components'),
       abs((e->>'log_odds')::float8 - (SELECT sum((c->>'contribution')::float8) FROM jsonb_array_elements(e->'components') c)) < 0.001 AS contributions_add_up,
       abs((e->>'score')::float8 - match_score(a, b)) < 0.0001 AS score_agrees
  FROM p, LATERAL (SELECT match_explain(a, b) e) x ORDER BY label;

-- ---------------------------------------------------------------- operators
SELECT label, a % b AS similar, round((a <-> b)::numeric, 3) AS distance FROM p ORDER BY label;
SET hredd.match_threshold = 0.99;
SELECT count(*) FILTER (WHERE a % b) AS similar_at_099 FROM p;
RESET hredd.match_threshold;
SHOW hredd.match_threshold;

-- ---------------------------------------------------------------- indexes
-- a deterministic registry: 20,000 facilities from recombined words
CREATE TABLE reg (id int PRIMARY KEY, fac hredd.facility);
INSERT INTO reg
SELECT i, facility(
         (ARRAY['zhenghao','pungkook','sabrina','mercury','hirdaramani','crystal','ozanteks','hong','seng','eratex',
                'shahi','arvind','nishat','soorty','atlantic','youngone','esquel','texhong','luen','thai'])[1 + (i * 7) % 20]
         || ' ' || substr(md5(i::text), 1, 5 + i % 4)
         || ' ' || (ARRAY['garment','textile','knitting','apparel','fashion','denim','shoe','accessory'])[1 + i % 8]
         || CASE WHEN i % 5 = 0 THEN ' ' || (i % 3 + 1) ELSE '' END
         || ' ' || (ARRAY['co ltd','ltd','pvt ltd','sdn bhd','','company limited'])[1 + i % 6],
         'plot ' || (i % 300) || ' ' || (ARRAY['korangi','biyagama','tan tao','wenzhou','dhaka'])[1 + i % 5] || ' road',
         (ARRAY['CN','VN','BD','PK','LK','KH','ID','TR'])[1 + i % 8],
         CASE WHEN i % 2 = 0 THEN 10 + (i % 1000) / 100.0 END,
         CASE WHEN i % 2 = 0 THEN 100 + (i % 700) / 100.0 END)
  FROM generate_series(1, 20000) i;
CREATE TEMP TABLE q AS
SELECT r.id, facility(facility_name(r.fac) || CASE WHEN r.id % 2 = 0 THEN ' ltd' ELSE 's' END,
                      facility_address(r.fac), facility_country(r.fac)::text) AS fac
  FROM reg r WHERE r.id % 997 = 1;
-- and the same names at another plot (their house numbers conflict): the
-- index's number keys must drop only what the score drops
INSERT INTO q
SELECT -r.id, facility(facility_name(r.fac), regexp_replace(facility_address(r.fac), '[0-9]+', ((r.id + 7) % 300)::text),
                       facility_country(r.fac)::text)
  FROM reg r WHERE r.id % 997 = 3;
INSERT INTO q VALUES (0, facility('Zhenghao Garment', NULL, NULL)), (-1, facility('nothing like it', NULL, 'DE'));
ANALYZE reg;

-- the answers without an index ...
SET enable_indexscan = off; SET enable_bitmapscan = off;
CREATE TEMP TABLE want AS
SELECT q.id AS qid, r.id AS rid FROM q JOIN reg r ON r.fac % q.fac;
CREATE TEMP TABLE want_low AS
SELECT q.id AS qid, r.id AS rid FROM q JOIN reg r ON r.fac % q.fac WHERE false;
SET hredd.match_threshold = 0.2;
INSERT INTO want_low SELECT q.id, r.id FROM q JOIN reg r ON r.fac % q.fac;
RESET hredd.match_threshold;
CREATE TEMP TABLE want_knn AS
SELECT q.id AS qid, x.id AS rid, x.rank FROM q, LATERAL (
  SELECT r.id, row_number() OVER (ORDER BY r.fac <-> q.fac, r.id) rank FROM reg r ORDER BY r.fac <-> q.fac, r.id LIMIT 3) x;
RESET enable_indexscan; RESET enable_bitmapscan;
SELECT count(*) > 20 AS found_matches, count(DISTINCT qid) AS queries_with_matches FROM want;

-- ... are the answers with each index
CREATE INDEX reg_gin ON reg USING gin (fac);
-- the planner picks the index on its own
EXPLAIN (COSTS OFF) SELECT id FROM reg WHERE fac % facility('Zhenghao Garment', NULL, 'CN');
SET enable_seqscan = off;
SELECT (SELECT count(*) FROM (SELECT q.id, r.id FROM q JOIN reg r ON r.fac % q.fac EXCEPT SELECT * FROM want) d) AS gin_extra,
       (SELECT count(*) FROM (SELECT * FROM want EXCEPT SELECT q.id, r.id FROM q JOIN reg r ON r.fac % q.fac) d) AS gin_missing;
SET hredd.match_threshold = 0.2;
SELECT (SELECT count(*) FROM (SELECT * FROM want_low EXCEPT SELECT q.id, r.id FROM q JOIN reg r ON r.fac % q.fac) d) AS gin_missing_at_02;
RESET hredd.match_threshold;
DROP INDEX reg_gin;

CREATE INDEX reg_gist ON reg USING gist (fac);
RESET enable_seqscan;
EXPLAIN (COSTS OFF) SELECT id FROM reg WHERE fac % facility('Zhenghao Garment', NULL, 'CN');
EXPLAIN (COSTS OFF) SELECT id FROM reg ORDER BY fac <-> facility('Zhenghao Garment', NULL, 'CN') LIMIT 5;
SET enable_seqscan = off;
SELECT (SELECT count(*) FROM (SELECT * FROM want EXCEPT SELECT q.id, r.id FROM q JOIN reg r ON r.fac % q.fac) d) AS gist_missing,
       (SELECT count(*) FROM (SELECT q.id, r.id FROM q JOIN reg r ON r.fac % q.fac EXCEPT SELECT * FROM want) d) AS gist_extra;
-- nearest neighbours through the index give the same top 3 (distance ties broken by id)
SELECT count(*) AS knn_differences FROM (
  SELECT qid, rid, rank FROM want_knn
  EXCEPT
  SELECT q.id, x.id, x.rank FROM q, LATERAL (
    SELECT y.id, row_number() OVER (ORDER BY y.d, y.id) rank
      FROM (SELECT r.id, r.fac <-> q.fac AS d FROM reg r ORDER BY r.fac <-> q.fac LIMIT 10) y
     ORDER BY y.d, y.id LIMIT 3) x) d;
-- the GiST keys of format 2 bound a row by its words, house numbers, weight
-- totals, country and address (its trigrams, its words' lengths and letters):
-- queries leaning on each (a typo in a street name, an address without
-- numbers, none, a letter-spaced name, another country, nothing alike) get
-- from the index the five nearest distances a sequential scan gives
CREATE TEMP TABLE q2 AS
SELECT r.id, facility(facility_name(r.fac), replace(replace(facility_address(r.fac), 'korangi', 'korangl'), 'biyagama', 'biyagana'),
                      facility_country(r.fac)::text) AS fac FROM reg r WHERE r.id % 1999 = 5
UNION ALL SELECT -r.id, facility(facility_name(r.fac), 'wenzhou road', NULL) FROM reg r WHERE r.id % 1999 = 7
UNION ALL SELECT 100000 + r.id, facility(facility_name(r.fac), NULL, 'MM') FROM reg r WHERE r.id % 1999 = 9
UNION ALL SELECT 0, facility('z h e n g h a o garment', 'plot 5 korangi road', 'CN')
UNION ALL SELECT 1, facility('nothing at all like it', 'plot 5 korangi road', 'CN');
RESET enable_seqscan; SET enable_indexscan = off; SET enable_bitmapscan = off;
CREATE TEMP TABLE want2 AS
SELECT q2.id, (SELECT array_agg(round(d::numeric, 9) ORDER BY d) FROM (SELECT r.fac <-> q2.fac AS d FROM reg r ORDER BY r.fac <-> q2.fac LIMIT 5) x) AS ds,
       (SELECT array_agg(r.id ORDER BY r.id) FROM reg r WHERE r.fac % q2.fac) AS sim_ids
  FROM q2;
RESET enable_indexscan; RESET enable_bitmapscan; SET enable_seqscan = off;
SELECT count(*) AS queries, count(*) FILTER (WHERE sim_ids IS NOT NULL) AS with_similar_rows,
       count(*) FILTER (WHERE ds IS DISTINCT FROM (SELECT array_agg(round(d::numeric, 9) ORDER BY d)
                                                     FROM (SELECT r.fac <-> q2.fac AS d FROM reg r ORDER BY r.fac <-> q2.fac LIMIT 5) x)) AS knn5_differences,
       count(*) FILTER (WHERE sim_ids IS DISTINCT FROM (SELECT array_agg(r.id ORDER BY r.id) FROM reg r WHERE r.fac % q2.fac)) AS similar_differences
  FROM want2 JOIN q2 USING (id);
RESET enable_seqscan;
DROP INDEX reg_gist;

-- ---------------------------------------------------------------- bulk matching
CREATE INDEX ON reg USING gin (fac);
CREATE TABLE src (ref text PRIMARY KEY, fac hredd.facility);
INSERT INTO src SELECT 's' || lpad(id::text, 6, '0'), fac FROM q;
INSERT INTO src VALUES ('s-null', NULL);
CREATE TABLE res (source_key text, target_key int, score float8, rank int, PRIMARY KEY (source_key, target_key));
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res', top_k => 2, batch_size => 10);
SELECT count(*) AS result_rows, count(DISTINCT source_key) AS sources_matched, max(rank) AS max_rank,
       bool_and(score >= 0.5) AS all_above_threshold FROM res;
SELECT rows_done, matches, finished_at IS NOT NULL AS finished FROM match_run;
-- the planted twins are found at rank 1
SELECT count(*) AS twins_at_rank_1 FROM res WHERE rank = 1 AND source_key = 's' || lpad(target_key::text, 6, '0');
-- a finished run is not repeated; restart => true repeats it without duplicates
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res', top_k => 2, batch_size => 10);
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res', top_k => 2, batch_size => 10, restart => true);
SELECT count(*) AS result_rows_after_rerun FROM res;

-- ---------------------------------------------------------------- clustering
CREATE TABLE dup (id int, fac hredd.facility);
INSERT INTO dup VALUES
  (1, facility('Zhenghao Garment Co Ltd', 'No 8 Shuangbao Road Wenzhou', 'CN')),
  (2, facility('ZHENGHAO GARMENTS', '8 Shuangbao Rd, Wenzhou', 'CN')),
  (3, facility('Zhenghao Garment (Wenzhou)', 'Shuangbao West Road 8', 'CN')),
  (4, facility('Pungkook Saigon II', 'Lot 5 Tan Tao', 'VN')),
  (5, facility('Pungkook Saigon III', 'Lot 5 Tan Tao', 'VN')),
  (6, facility('Sabrina Cambodia Garment', 'Phnom Penh', 'KH')),
  (7, facility('Sabrina (Cambodia) Garment Manufacturing Corp', 'Phnom Penh', 'KH')),
  (8, NULL);
SELECT record_key, cluster_key, cluster_size, round(score_to_centre::numeric, 3) AS score_to_centre
  FROM cluster_facilities('dup', 'id', 'fac') ORDER BY record_key;
