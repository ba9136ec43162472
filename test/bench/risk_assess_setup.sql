-- risk_assess_setup.sql — deterministic data for test/bench/risk_assess.sh.
-- psql variables: facilities, zones, observations, evidence, as_of.
-- Every draw is a hash of the row number and a salt (bench_pick, bench_u),
-- not random(): the data are the same whatever the plan or parallelism.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET jit = off;

-- 0 .. n-1 from a row number and a salt
CREATE FUNCTION bench_pick(i bigint, salt integer, n bigint) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (hashint8extended(i, salt) & 9223372036854775807) % n $$;
-- uniform in [0, 1)
CREATE FUNCTION bench_u(i bigint, salt integer) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT bench_pick(i, salt, 1000000007)::float8 / 1000000007 $$;

-- ------------------------------------------------------------ facilities
-- Country mix weighted to garment, footwear and electronics sourcing
-- (per mille; the rest of the weight is spread below).
CREATE TABLE bench_country_mix (country text PRIMARY KEY, weight integer NOT NULL);
INSERT INTO bench_country_mix VALUES
    ('CN', 220), ('BD', 130), ('IN', 110), ('VN', 100), ('TR', 60), ('PK', 45), ('ID', 45), ('KH', 35),
    ('LK', 25), ('MM', 20), ('ET', 10), ('TH', 20), ('MX', 15), ('BR', 10), ('IT', 15), ('PT', 15),
    ('MA', 10), ('EG', 10), ('TN', 8), ('RO', 8), ('BG', 5), ('JO', 5), ('UZ', 5), ('HN', 5),
    ('GT', 5), ('SV', 4), ('US', 10), ('DE', 4), ('PL', 4), ('MY', 8), ('PH', 6), ('KE', 4),
    ('MG', 3), ('LS', 2), ('HT', 2), ('NI', 3), ('CO', 3), ('PE', 3), ('KR', 5), ('TW', 5);
CREATE TABLE bench_country_cum AS
SELECT country, sum(weight) OVER (ORDER BY country) - weight AS lo, sum(weight) OVER (ORDER BY country) AS hi,
       sum(weight) OVER () AS total
FROM bench_country_mix;

-- product words: each facility names one (50 %), two (35 %) or three (15 %)
-- in any order, separated by a comma or a bar (about 10,000 distinct texts
-- for 100,000 facilities)
CREATE TABLE bench_vocab (k integer PRIMARY KEY, word text NOT NULL);
INSERT INTO bench_vocab VALUES
    (0, 'Garments'), (1, 'Knitting'), (2, 'Footwear'), (3, 'cotton ginning'), (4, 'Electronics'),
    (5, 'Leather tanning'), (6, 'Dyeing'), (7, 'Spinning'), (8, 'Weaving'), (9, 'Embroidery'),
    (10, 'Toys'), (11, 'Gloves'), (12, 'Printing'), (13, 'Washing'), (14, 'Cut and sew'),
    (15, 'Home textiles'), (16, 'Accessories'), (17, 'Packaging'), (18, 'Carpets'), (19, 'Solar modules');

CREATE TABLE bench_facility (
    facility_ref  text PRIMARY KEY,
    name          text NOT NULL,
    country       text,
    lat           float8,
    lng           float8,
    products      text,
    workers       text
);
CREATE TEMP TABLE fac0 AS
SELECT f, CASE WHEN bench_pick(f, 1, 100) = 0 THEN NULL ELSE c.country END AS country, c.country AS place
FROM generate_series(0, :facilities - 1) f
JOIN bench_country_cum c ON bench_pick(f, 2, c.total) >= c.lo AND bench_pick(f, 2, c.total) < c.hi;

-- locations: points inside the country's largest boundary (ST_GeneratePoints
-- with a fixed seed), 8 % of facilities without coordinates
CREATE TEMP TABLE fac_pt AS
WITH need AS (SELECT place, count(*)::integer AS n FROM fac0 GROUP BY place),
     shape AS (SELECT DISTINCT ON (b.country) b.country::text AS place, b.geom
               FROM hredd.country_boundary b WHERE b.country IS NOT NULL
               ORDER BY b.country, ST_Area(b.geom) DESC, b.boundary_id),
     pts AS (SELECT n.place, d.path[1] AS k, d.geom
             FROM need n JOIN shape s USING (place),
                  LATERAL ST_Dump(ST_GeneratePoints(s.geom, n.n + 10, 4242)) d)
SELECT place, row_number() OVER (PARTITION BY place ORDER BY k) AS k, geom FROM pts;
CREATE TEMP TABLE fac1 AS
SELECT f0.f, f0.country, f0.place, row_number() OVER (PARTITION BY f0.place ORDER BY f0.f) AS k FROM fac0 f0;

INSERT INTO bench_facility (facility_ref, name, country, lat, lng, products, workers)
SELECT 'F' || lpad(f1.f::text, 7, '0'),
       'Bench facility ' || f1.f,
       f1.country,
       CASE WHEN bench_pick(f1.f, 3, 100) >= 8 THEN round(ST_Y(p.geom)::numeric, 5)::float8 END,
       CASE WHEN bench_pick(f1.f, 3, 100) >= 8 THEN round(ST_X(p.geom)::numeric, 5)::float8 END,
       CASE WHEN bench_pick(f1.f, 4, 100) >= 7 THEN
           (SELECT string_agg(v.word, (ARRAY[', ', ' | '])[1 + bench_pick(f1.f, 8, 2)] ORDER BY j)
            FROM generate_series(0, CASE WHEN bench_pick(f1.f, 5, 100) < 50 THEN 0
                                         WHEN bench_pick(f1.f, 5, 100) < 85 THEN 1 ELSE 2 END) j
            JOIN bench_vocab v ON v.k = bench_pick(f1.f * 3 + j, 6, 20))
       END,
       (ARRAY['1-100', '101-500', '501-1000', '1001-5000', '5001-10000', '250', '1200', '3,500', NULL, NULL])
           [1 + bench_pick(f1.f, 9, 10)]
FROM fac1 f1 LEFT JOIN fac_pt p ON p.place = f1.place AND p.k = f1.k
ORDER BY f1.f;
DROP TABLE fac0, fac1, fac_pt;
VACUUM ANALYZE bench_facility;

-- ------------------------------------------------------------ goods and stages
-- the vocabulary's words -> ILAB goods and processing stages (the shipped
-- tables may hold more; ON CONFLICT keeps theirs)
INSERT INTO hredd.product_good (term, good, source) VALUES
    ('garments', 'Garments', 'test/bench/risk_assess.sh'), ('knitting', 'Textiles', 'test/bench/risk_assess.sh'),
    ('footwear', 'Footwear', 'test/bench/risk_assess.sh'), ('cotton', 'Cotton', 'test/bench/risk_assess.sh'),
    ('electronics', 'Electronics', 'test/bench/risk_assess.sh'), ('leather', 'Leather', 'test/bench/risk_assess.sh'),
    ('spinning', 'Thread/Yarn', 'test/bench/risk_assess.sh'), ('weaving', 'Textiles', 'test/bench/risk_assess.sh'),
    ('embroidery', 'Embellished Textiles', 'test/bench/risk_assess.sh'), ('toys', 'Toys', 'test/bench/risk_assess.sh'),
    ('gloves', 'Gloves', 'test/bench/risk_assess.sh'), ('carpets', 'Carpets', 'test/bench/risk_assess.sh'),
    ('solar', 'Solar Modules', 'test/bench/risk_assess.sh'), ('textiles', 'Textiles', 'test/bench/risk_assess.sh')
ON CONFLICT DO NOTHING;
INSERT INTO hredd.processing_stage (term, stage, source) VALUES
    ('ginning', 'raw_material', 'test/bench/risk_assess.sh'), ('spinning', 'yarn', 'test/bench/risk_assess.sh'),
    ('knitting', 'fabric', 'test/bench/risk_assess.sh'), ('weaving', 'fabric', 'test/bench/risk_assess.sh'),
    ('dyeing', 'wet_processing', 'test/bench/risk_assess.sh'), ('washing', 'wet_processing', 'test/bench/risk_assess.sh'),
    ('printing', 'wet_processing', 'test/bench/risk_assess.sh'), ('garments', 'cut_make_trim', 'test/bench/risk_assess.sh'),
    ('sew', 'cut_make_trim', 'test/bench/risk_assess.sh'), ('embroidery', 'cut_make_trim', 'test/bench/risk_assess.sh'),
    ('footwear', 'cut_make_trim', 'test/bench/risk_assess.sh'), ('tanning', 'tannery', 'test/bench/risk_assess.sh')
ON CONFLICT DO NOTHING;
INSERT INTO hredd.stage_topic (stage, topic, severity, source) VALUES
    ('raw_material', 'CHILD_LABOUR', 0.6, 'test/bench/risk_assess.sh'), ('raw_material', 'FORCED_LABOUR', 0.6, 'test/bench/risk_assess.sh'),
    ('yarn', 'FORCED_LABOUR', 0.4, 'test/bench/risk_assess.sh'), ('yarn', 'OSH', 0.4, 'test/bench/risk_assess.sh'),
    ('fabric', 'OSH', 0.3, 'test/bench/risk_assess.sh'), ('fabric', 'WORKING_HOURS', 0.4, 'test/bench/risk_assess.sh'),
    ('wet_processing', 'ENV_WATER', 0.8, 'test/bench/risk_assess.sh'), ('wet_processing', 'ENV_CHEMICALS', 0.8, 'test/bench/risk_assess.sh'),
    ('cut_make_trim', 'WORKING_HOURS', 0.6, 'test/bench/risk_assess.sh'), ('cut_make_trim', 'WAGES', 0.6, 'test/bench/risk_assess.sh'),
    ('cut_make_trim', 'OSH', 0.5, 'test/bench/risk_assess.sh'),
    ('cut_make_trim', 'DISCRIMINATION_HARASSMENT_GBV', 0.5, 'test/bench/risk_assess.sh'),
    ('tannery', 'ENV_CHEMICALS', 0.9, 'test/bench/risk_assess.sh'), ('tannery', 'ENV_WATER', 0.9, 'test/bench/risk_assess.sh'),
    ('tannery', 'OSH', 0.7, 'test/bench/risk_assess.sh')
ON CONFLICT DO NOTHING;

-- ------------------------------------------------------------ layers
-- a country index for every country with a boundary: an older edition
-- (valid until 2025) and the current one, so the as-of filter has work
INSERT INTO hredd.risk_layer (name, theme, scale, source, edition, licence, description, loaded_at)
VALUES ('bench_country_index', 'benchmark', 'country', 'test/bench/risk_assess.sh', 'synthetic', 'none',
        'synthetic country index for the risk benchmark', now() - interval '30 days'),
       ('bench_zones', 'benchmark', 'zone', 'test/bench/risk_assess.sh', 'synthetic', 'none',
        'synthetic zones for the risk benchmark', now() - interval '30 days');
INSERT INTO hredd.country_risk (layer, country, subject, level, severity, valid_from, valid_to)
SELECT 'bench_country_index', c, '', '', round(bench_u(hashtext(c::text || e), 21)::numeric, 3)::float8,
       CASE e WHEN 'old' THEN DATE '2020-01-01' ELSE DATE '2025-01-01' END,
       CASE e WHEN 'old' THEN DATE '2025-01-01' ELSE 'infinity'::date END
FROM (SELECT DISTINCT b.country AS c FROM hredd.country_boundary b WHERE b.country IS NOT NULL) x,
     (VALUES ('old'), ('new')) e(e);

-- Zones: star-shaped polygons of 10 to 1000 vertices, radius 0.02-0.3
-- degrees (2-33 km, industrial areas and river basins rather than
-- provinces), 80 % centred near a facility (within 0.3 degrees), 20 %
-- anywhere; 10 % expired before as_of.  Centres are kept 0.4 degrees inside
-- the globe's edges: hredd refuses zones outside longitude -180..180.
CREATE TEMP TABLE zone_shape AS
SELECT i,
       least(179.6, greatest(-179.6,
       CASE WHEN bench_pick(i, 31, 5) > 0 AND f.lng IS NOT NULL THEN f.lng + 0.6 * (bench_u(i, 32) - 0.5)
            ELSE -180 + 360 * bench_u(i, 33) END)) AS cx,
       CASE WHEN bench_pick(i, 31, 5) > 0 AND f.lat IS NOT NULL THEN f.lat + 0.6 * (bench_u(i, 34) - 0.5)
            ELSE -60 + 135 * bench_u(i, 35) END AS cy,
       10 + bench_pick(i, 36, 991)::integer AS nv,
       0.02 + 0.28 * bench_u(i, 37) AS r,
       3 + bench_pick(i, 38, 7)::integer AS lobes,
       2 * pi() * bench_u(i, 39) AS phase
FROM generate_series(1, :zones) i
LEFT JOIN bench_facility f ON f.facility_ref = 'F' || lpad(bench_pick(i, 30, :facilities)::text, 7, '0');
INSERT INTO hredd.risk_zone (layer, name, severity, valid_from, valid_to, geom)
SELECT 'bench_zones', 'zone ' || s.i, (s.i % 100) / 100.0,
       DATE '2020-01-01', CASE WHEN s.i % 10 = 0 THEN DATE '2025-01-01' ELSE 'infinity'::date END,
       ST_Multi(ST_MakePolygon(ST_AddPoint(l.line, ST_StartPoint(l.line))))::geometry(MultiPolygon, 4326)
FROM zone_shape s,
     LATERAL (SELECT ST_SetSRID(ST_MakeLine(array_agg(ST_MakePoint(s.cx + rho * cos(t), s.cy + rho * sin(t)) ORDER BY k)), 4326) AS line
              FROM (SELECT k, 2 * pi() * k / s.nv AS t,
                           s.r * (0.72 + 0.14 * sin(s.lobes * 2 * pi() * k / s.nv + s.phase)
                                       + 0.08 * sin((3 * s.lobes + 1) * 2 * pi() * k / s.nv + 2 * s.phase)
                                       + (bench_u(s.i * 1009 + k, 40) - 0.5) * 2 * pi() / s.nv) AS rho
                    FROM generate_series(0, s.nv - 1) k) v) l
ORDER BY s.i;
DROP TABLE zone_shape;
ANALYZE hredd.risk_zone;
ANALYZE hredd.risk_zone_part;

-- ------------------------------------------------------------ profile
-- default version 1 (20 topics, ILAB goods) copied to a new version with a
-- country index, the zones and the processing stages added
SELECT hredd.risk_profile_copy('default', 1) AS bench_version \gset
INSERT INTO hredd.risk_profile_layer (profile, version, kind, layer, topic, weight, rationale)
SELECT 'default', :bench_version, 'country', 'bench_country_index', t, w, 'benchmark'
FROM (VALUES ('FOA_CB', 0.6), ('FORCED_LABOUR', 0.4), ('CHILD_LABOUR', 0.4), ('WAGES', 0.5),
             ('WORKING_HOURS', 0.4), ('DISCRIMINATION_HARASSMENT_GBV', 0.4), ('BUSINESS_ETHICS', 0.5),
             ('SECURITY_FORCES', 0.3)) x(t, w)
UNION ALL
SELECT 'default', :bench_version, 'zone', 'bench_zones', t, w, 'benchmark'
FROM (VALUES ('ENV_WATER', 0.7), ('LAND_RIGHTS', 0.5), ('SECURITY_FORCES', 0.6), ('OSH', 0.3)) x(t, w)
UNION ALL
SELECT DISTINCT 'default', :bench_version, 'stage', '', st.topic, 0.5::float8, 'benchmark'
FROM hredd.stage_topic st
ON CONFLICT DO NOTHING;   -- the shipped profile has stage rows of its own

-- ------------------------------------------------------------ audits
-- one harmonize run per scheme, started a month ago; audits of 25
-- observations each (one scheme, one date within 1200 days before as_of,
-- so about 9 % fall outside the 1095-day horizon) on a facility drawn at
-- random (many audits for some, none for others); the observations of an
-- audit are on the profile's topics, with that topic's indicators or a
-- generic clause grade; severity 0 for 55 %, 0.25-0.74 for 30 %, 0.75-0.99
-- for 13 %, 1 (zero tolerance) for 0.05 %, NULL (not scored) for the rest
INSERT INTO hredd.harmonize_run (source, scheme, started_at, finished_at, status)
SELECT 'bench_audits', s, now() - interval '30 days', now() - interval '30 days', 'done'
FROM unnest(ARRAY['AMFORI_BSCI', 'SMETA', 'SLCP_CAF']) s;
CREATE TEMP TABLE bench_run AS
SELECT row_number() OVER (ORDER BY run_id) - 1 AS k, run_id, scheme FROM hredd.harmonize_run WHERE source = 'bench_audits';
CREATE TEMP TABLE bench_topic AS
SELECT row_number() OVER (ORDER BY t.topic) - 1 AS k, t.topic,
       ARRAY(SELECT i.code FROM hredd.indicator i WHERE i.topic = t.topic ORDER BY i.code)
         || ARRAY['bsci_area_grade', 'nc_severity'] AS indicators
FROM hredd.risk_profile_topic t WHERE t.profile = 'default' AND t.version = :bench_version;
CREATE TEMP TABLE bench_audit AS
SELECT a, 'F' || lpad(bench_pick(a, 11, :facilities)::text, 7, '0') AS facility_ref,
       bench_pick(a, 12, 3) AS run_k, DATE :'as_of' - bench_pick(a, 13, 1200)::integer AS observed_on
FROM generate_series(0, (:observations + 24) / 25 - 1) a
ORDER BY 2, 4, 1;
-- in the order of the primary key (facility_ref, observed_on, ...)
INSERT INTO hredd.observation (row_key, run_id, source, scheme, facility_ref, scheme_code, topic, indicator, value,
                               unit, severity, observed_on, raw_value)
SELECT md5('bench-obs-' || i)::uuid, r.run_id, 'bench_audits', r.scheme, au.facility_ref,
       'Q' || bench_pick(i, 14, 300), t.topic, t.indicators[1 + bench_pick(i, 15, cardinality(t.indicators))],
       coalesce(o.sev, 0), 'grade', o.sev, au.observed_on, coalesce(o.sev::text, 'n/a')
FROM bench_audit au
CROSS JOIN LATERAL generate_series(au.a * 25, au.a * 25 + 24) i
JOIN bench_run r ON r.k = au.run_k
JOIN bench_topic t ON t.k = bench_pick(i, 16, 20)
CROSS JOIN LATERAL (SELECT CASE WHEN s < 5500 THEN 0
                                WHEN s < 8500 THEN round(0.25 + (s - 5500) / 6000.0, 2)::float8
                                WHEN s < 9795 THEN round(0.75 + (s - 8500) / 5400.0, 2)::float8
                                WHEN s < 9800 THEN 1
                           END AS sev
                    FROM (SELECT bench_pick(i, 17, 10000) AS s) x) o
WHERE i < :observations;
UPDATE hredd.harmonize_run h SET rows_in = n, rows_out = n
FROM (SELECT run_id, count(*) AS n FROM hredd.observation GROUP BY run_id) c WHERE c.run_id = h.run_id;

-- ------------------------------------------------------------ other evidence
-- grievances, reports, worker voice and remediation records on some facilities
INSERT INTO hredd.evidence (facility_ref, topic, kind, status, polarity, severity, observed_on, reported_at, source)
SELECT 'F' || lpad(bench_pick(e, 51, :facilities)::text, 7, '0'),
       (SELECT t.topic FROM bench_topic t WHERE t.k = bench_pick(e, 52, 20)),
       k.kind,
       (ARRAY['received', 'admissible', 'grounded', 'not_grounded', 'resolved'])[1 + bench_pick(e, 54, 5)],
       CASE WHEN k.kind = 'remediation' THEN 'positive' ELSE 'adverse' END,
       round(bench_u(e, 55)::numeric, 2)::float8, d.observed_on, d.observed_on + 3, 'bench evidence ' || e
FROM generate_series(1, :evidence) e
CROSS JOIN LATERAL (SELECT (ARRAY['grievance', 'media', 'ngo_report', 'worker_voice', 'remediation'])[1 + bench_pick(e, 53, 5)] AS kind) k
CROSS JOIN LATERAL (SELECT DATE :'as_of' - 3 - bench_pick(e, 56, 700)::integer AS observed_on) d;

DROP TABLE bench_run, bench_topic, bench_audit;
VACUUM ANALYZE hredd.observation;
VACUUM ANALYZE hredd.harmonize_run;
VACUUM ANALYZE hredd.evidence;
VACUUM ANALYZE hredd.country_risk;
VACUUM ANALYZE hredd.risk_profile_layer;
VACUUM ANALYZE hredd.product_good;
VACUUM ANALYZE hredd.processing_stage;
VACUUM ANALYZE hredd.stage_topic;
