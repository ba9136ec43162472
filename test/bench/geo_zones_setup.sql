-- geo_zones_setup.sql — deterministic data for test/bench/geo_zones.sh.
-- psql variables: points, zones, layer.  Serial execution (no parallel
-- workers) so that setseed() + random() give the same data every run.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET max_parallel_workers_per_gather = 0;
SET jit = off;

-- n points on land: a country_boundary_part drawn with probability
-- proportional to its area on the spheroid, then uniform points inside it
-- (ST_GeneratePoints with a fixed seed).  ST_GeneratePoints returns fewer
-- points than asked for a few parts (slivers), so 10% more are drawn and n
-- kept at random.  Call after setseed().
CREATE FUNCTION bench_land_points(n integer)
RETURNS TABLE (geom geometry)
LANGUAGE sql VOLATILE AS $$
    WITH part AS (
        SELECT row_number() OVER (ORDER BY p.boundary_id, md5(ST_AsBinary(p.geom))) AS ord,
               p.geom, ST_Area(p.geom::geography) AS w
        FROM hredd.country_boundary_part p),
    cum AS (
        SELECT ord, geom, sum(w) OVER (ORDER BY ord) / sum(w) OVER () AS hi FROM part),
    bounds AS (   -- lower bound of each bucket: 0, hi(1), hi(2), ...
        SELECT array_agg(lo ORDER BY ord) AS lo
        FROM (SELECT ord, coalesce(lag(hi) OVER (ORDER BY ord), 0) AS lo FROM cum) x),
    draw AS (
        SELECT width_bucket(random(), (SELECT lo FROM bounds)) AS ord
        FROM generate_series(1, ceil(n * 1.1)::integer + 10)),
    per_part AS (
        SELECT ord, count(*)::integer AS cnt FROM draw GROUP BY ord),
    generated AS (
        SELECT d.geom
        FROM per_part pp JOIN cum c USING (ord),
             LATERAL ST_Dump(ST_GeneratePoints(c.geom, pp.cnt, 1000 + pp.ord::integer)) d
        ORDER BY pp.ord, d.path),
    keyed AS (
        SELECT geom, random() AS r FROM generated)
    SELECT geom FROM keyed ORDER BY r LIMIT n
$$;

-- ------------------------------------------------------------ points
SELECT setseed(0.4242);
CREATE TABLE pts_raw AS
SELECT 1 AS src, geom FROM bench_land_points((0.7 * :points)::integer)
UNION ALL
SELECT 2, ST_SetSRID(ST_MakePoint(-180 + 360 * random(), -60 + 135 * random()), 4326)
FROM generate_series(1, :points - (0.7 * :points)::integer);

-- shuffled: ids carry no spatial order, id <= N is a representative sample
SELECT setseed(0.1717);
CREATE TABLE pts (id bigint NOT NULL, geom geometry(Point, 4326) NOT NULL);
INSERT INTO pts
SELECT row_number() OVER (ORDER BY r), geom
FROM (SELECT random() AS r, geom FROM pts_raw) x;
DROP TABLE pts_raw;
ALTER TABLE pts ADD PRIMARY KEY (id);
CREATE INDEX pts_geom_idx ON pts USING gist (geom);
VACUUM ANALYZE pts;

-- ------------------------------------------------------------ zones
INSERT INTO hredd.risk_layer (name, theme, scale, source, licence, description)
VALUES (:'layer', 'benchmark', 'zone', 'test/bench/geo_zones.sh', 'none',
        'synthetic star-shaped zones for the zone look-up benchmark');

SELECT setseed(0.9191);
CREATE TABLE zone_centre AS
SELECT row_number() OVER ()::integer AS i, geom
FROM (SELECT geom FROM bench_land_points((0.7 * :zones)::integer)
      UNION ALL
      SELECT ST_SetSRID(ST_MakePoint(-180 + 360 * random(), -60 + 135 * random()), 4326)
      FROM generate_series(1, :zones - (0.7 * :zones)::integer)) x;

-- zone i: a star polygon around its centre (moved inside when the star
-- would cross longitude 180: hredd rejects zones beyond it) with 10 + (i * 7919 % 4991)
-- vertices (10 to 5000) in strictly increasing angle, radius 0.2-2 degrees
-- modulated by three harmonics (lobes) and a per-vertex jitter of about the
-- vertex spacing, like a digitised boundary: simple and valid by
-- construction (star-shaped about the centre).  (A jitter of 15% of the
-- radius per vertex gives comb-like rings that ST_Subdivide cuts into ~150
-- fragments per zone, slowly: a worst case, not a typical zone.)
SELECT setseed(0.3131);
CREATE TABLE zone_shape AS
SELECT i, ST_X(geom) AS cx, ST_Y(geom) AS cy,
       10 + (i * 7919 % 4991) AS nv,
       0.2 + 1.8 * random() AS r,
       3 + floor(7 * random())::integer AS lobes,
       2 * pi() * random() AS phase
FROM zone_centre ORDER BY i;

CREATE TABLE zone_src AS
SELECT s.i,
       ST_Multi(ST_MakePolygon(ST_AddPoint(l.line, ST_StartPoint(l.line))))::geometry(MultiPolygon, 4326) AS geom
FROM zone_shape s,
     LATERAL (SELECT ST_SetSRID(ST_MakeLine(array_agg(
                         ST_MakePoint(least(greatest(s.cx, -180 + s.r + pi() / s.nv), 180 - s.r - pi() / s.nv) + rho * cos(t),
                                      s.cy + rho * sin(t)) ORDER BY k)), 4326) AS line
              FROM (SELECT k, 2 * pi() * k / s.nv AS t,
                           s.r * (0.72 + 0.14 * sin(s.lobes * 2 * pi() * k / s.nv + s.phase)
                                       + 0.08 * sin((3 * s.lobes + 1) * 2 * pi() * k / s.nv + 2 * s.phase)
                                       + 0.04 * sin(37 * 2 * pi() * k / s.nv + 3 * s.phase)
                                       + (random() - 0.5) * 2 * pi() / s.nv) AS rho
                    FROM generate_series(0, s.nv - 1) k) v) l
ORDER BY s.i;
