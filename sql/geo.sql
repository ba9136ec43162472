-- geo: shipped layers, zones kept in sync with their subdivided copy,
-- country_at, check_location, zones_at, zones_near.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
SET datestyle = ISO;

-- the PL/pgSQL functions: volatility and parallel safety as designed, search_path
-- pinned (the geo ones with PostGIS's schema; match_table is a procedure that
-- commits, which a SET clause forbids: it qualifies every name instead)
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel,
       coalesce(p.proconfig @> ARRAY['search_path=pg_catalog, hredd, public, pg_temp']
                OR p.proconfig @> ARRAY['search_path=pg_catalog, hredd, pg_temp'], false) AS pinned
FROM pg_proc p WHERE p.pronamespace = 'hredd'::regnamespace
  AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql')
ORDER BY p.proname;

-- shipped layers, recorded with source, edition and licence
SELECT name, scale, edition, licence, shipped FROM risk_layer ORDER BY name;
SELECT count(*) AS boundaries, count(country) AS with_country, count(DISTINCT country) AS countries
FROM country_boundary;
SELECT count(*) > count(DISTINCT boundary_id) AS subdivided,
       max(ST_NPoints(geom)) <= 255 AS parts_small
FROM country_boundary_part;
SELECT count(*) AS rows, count(DISTINCT country) AS countries, count(DISTINCT subject) AS goods
FROM country_risk WHERE layer = 'ilab_tvpra_2022';
SELECT level, count(*) FROM country_risk WHERE layer = 'ilab_tvpra_2022' GROUP BY level ORDER BY level;

-- country_at: inland, small states, just off a coast, at sea, other SRIDs
SELECT name, country_at(ST_SetSRID(ST_MakePoint(lng, lat), 4326)) AS country
FROM (VALUES ('Dhaka', 23.81, 90.41), ('Ho Chi Minh City', 10.78, 106.70), ('Hangzhou', 30.27, 120.16),
             ('Singapore', 1.29, 103.85), ('Hong Kong', 22.30, 114.17), ('Pristina', 42.66, 21.17),
             ('off Chittagong', 22.20, 91.70), ('mid-Atlantic', 30.0, -40.0), ('Istanbul', 41.01, 28.98)) v(name, lat, lng);
SELECT country_at(ST_Transform(ST_SetSRID(ST_MakePoint(90.41, 23.81), 4326), 3857)) AS from_3857,
       country_at(ST_MakePoint(90.41, 23.81)) AS srid_0;

-- check_location: every verdict
SELECT v.case, c.verdict, c.located_in, round(c.distance_km) AS km, c.detail
FROM (VALUES ('ok', 23.81, 90.41, 'BD'),
             ('swapped, out of range', 90.41, 23.81, 'BD'),
             ('swapped, latitude out of range', 106.70, 10.78, 'VN'),
             ('swapped, both in range', 28.98, 41.01, 'TR'),
             ('null island', 0, 0, 'CN'),
             ('out of range', 95, 200, 'CN'),
             ('outside declared country', 30.27, 120.16, 'VN'),
             ('at sea near declared', 21.0, 91.0, 'BD'),
             ('at sea, nothing declared', 30.0, -40.0, NULL),
             ('near a border', 31.50, 34.45, 'IL'),
             ('no declared country', 23.81, 90.41, NULL),
             ('overseas department', -21.115, 55.536, 'RE'),
             ('no boundary at all', -8.52, 179.20, 'TV'),
             ('missing', NULL, 90.41, 'BD'),
             ('NaN', 'NaN', 90.41, 'BD')) v("case", lat, lng, c),
     LATERAL check_location(v.lat::float8, v.lng::float8, v.c::country) c;

-- zones: insert, look up, update, delete; the subdivided copy follows
INSERT INTO risk_layer (name, theme, scale, source, licence)
VALUES ('demo_water', 'water stress', 'zone', 'hand-drawn for the test', 'CC0');
INSERT INTO risk_zone (layer, name, country, severity, level, valid_from, valid_to, geom) VALUES
  ('demo_water', 'Dhaka basin', 'BD', 0.8, 'high', '2020-01-01', 'infinity',
   ST_Multi(ST_MakeEnvelope(90.0, 23.5, 91.0, 24.5, 4326))),
  ('demo_water', 'Dhaka basin (old)', 'BD', 0.4, 'medium', '2010-01-01', '2020-01-01',
   ST_Multi(ST_MakeEnvelope(90.0, 23.5, 91.0, 24.5, 4326))),
  ('demo_water', 'big detailed ring', NULL, 0.5, NULL, '-infinity', 'infinity',
   ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(100, 15), 4326), 5, 1000)));
SELECT z.name, ST_NPoints(z.geom) AS vertices, count(p.*) AS parts, max(ST_NPoints(p.geom)) <= 255 AS small
FROM risk_zone z LEFT JOIN risk_zone_part p USING (zone_id) GROUP BY z.zone_id ORDER BY z.zone_id;
SELECT layer, name, severity, level FROM zones_at(ST_SetSRID(ST_MakePoint(90.41, 23.81), 4326), '2024-06-01', ARRAY['demo_water']);
SELECT layer, name, severity, level FROM zones_at(ST_SetSRID(ST_MakePoint(90.41, 23.81), 4326), '2015-06-01', ARRAY['demo_water']);
SELECT count(*) AS ilab_findings_dhaka
FROM zones_at(ST_SetSRID(ST_MakePoint(90.41, 23.81), 4326), '2024-06-01', ARRAY['ilab_tvpra_2022']);
SELECT count(*) AS ilab_findings_before_2022
FROM zones_at(ST_SetSRID(ST_MakePoint(90.41, 23.81), 4326), '2021-06-01', ARRAY['ilab_tvpra_2022']);
SELECT name, round(distance_m) AS m FROM zones_near(ST_SetSRID(ST_MakePoint(89.9, 23.8), 4326), 20000, '2024-06-01', ARRAY['demo_water']);
SELECT name, round(distance_m) AS m FROM zones_near(ST_SetSRID(ST_MakePoint(90.41, 23.81), 4326), 0, '2024-06-01', ARRAY['demo_water']);
-- country-level risks count as zones covering the whole country, in zones_near as in zones_at:
-- every country within the radius, at the distance of its boundary (0 inside)
SELECT layer, zone_id, name, country, round(distance_m / 1000) AS km
FROM zones_near(ST_SetSRID(ST_MakePoint(88.95, 23.05), 4326), 50000, '2024-06-01', ARRAY['ilab_wfcl_2022', 'demo_water']);
-- radius 0: the same country-level rows as zones_at, per-good findings of the List of Goods included
SELECT (SELECT count(*) FROM zones_near(p.pt, 0, '2024-06-01', ARRAY['ilab_tvpra_2022', 'ilab_wfcl_2022'])
        WHERE zone_id IS NULL) AS ilab_country_rows,
       (SELECT array_agg(row(layer, name, level, severity) ORDER BY layer, name, level)
          FROM zones_near(p.pt, 0, '2024-06-01') WHERE zone_id IS NULL)::text
     = (SELECT array_agg(row(layer, name, level, severity) ORDER BY layer, name, level)
          FROM zones_at(p.pt, '2024-06-01') WHERE zone_id IS NULL)::text AS same_as_zones_at
FROM (SELECT ST_SetSRID(ST_MakePoint(90.41, 23.81), 4326) AS pt) p;
-- a point just off the coast counts for the country zones_at places it in, at its distance
SELECT layer, name, round(distance_m / 1000) AS km
FROM zones_near(ST_SetSRID(ST_MakePoint(91.70, 22.20), 4326), 0, '2024-06-01', ARRAY['ilab_wfcl_2022']);
-- distances are metres on the spheroid: 1 degree of longitude is ~111 km at the equator, ~56 km at 60 N
INSERT INTO risk_zone (layer, name, severity, geom) VALUES
  ('demo_water', 'equator box', 0.1, ST_Multi(ST_MakeEnvelope(0, -0.5, 1, 0.5, 4326))),
  ('demo_water', 'north box', 0.1, ST_Multi(ST_MakeEnvelope(0, 59.5, 1, 60.5, 4326)));
SELECT name, round(distance_m / 1000) AS km FROM zones_near(ST_SetSRID(ST_MakePoint(-1, 0), 4326), 200000, layers => ARRAY['demo_water'])
UNION ALL
SELECT name, round(distance_m / 1000) FROM zones_near(ST_SetSRID(ST_MakePoint(-1, 60), 4326), 200000, layers => ARRAY['demo_water']);

-- an edit that keeps the geometry keeps the parts (no re-subdivision) and moves their validity;
-- a hand-made mark on one part shows which happened
UPDATE risk_zone_part SET geom = ST_MakeEnvelope(170, -80, 171, -79, 4326)
WHERE ctid = (SELECT min(p.ctid) FROM risk_zone_part p JOIN risk_zone z USING (zone_id) WHERE z.name = 'big detailed ring');
UPDATE risk_zone SET severity = 0.9, valid_to = '2030-01-01' WHERE name = 'big detailed ring';
SELECT count(*) AS mark_kept,
       (SELECT bool_and(p.valid_to = '2030-01-01') FROM risk_zone_part p JOIN risk_zone z USING (zone_id)
        WHERE z.name = 'big detailed ring') AS validity_followed
FROM risk_zone_part WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(170.5, -79.5), 4326));
SELECT count(*) AS ring_hits_2031 FROM zones_at(ST_SetSRID(ST_MakePoint(100, 15), 4326), '2031-01-01', ARRAY['demo_water']);
UPDATE risk_zone SET geom = ST_Multi(ST_Translate(geom, 0.0001, 0)) WHERE name = 'big detailed ring';
SELECT count(*) AS mark_after_geometry_change
FROM risk_zone_part WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint(170.5, -79.5), 4326));
UPDATE risk_zone SET geom = ST_Multi(ST_MakeEnvelope(10, 10, 11, 11, 4326)) WHERE name = 'Dhaka basin';
SELECT count(*) AS dhaka_hits_after_move
FROM zones_at(ST_SetSRID(ST_MakePoint(90.41, 23.81), 4326), '2024-06-01', ARRAY['demo_water']);
SELECT (SELECT count(*) FROM risk_zone_part) = (SELECT sum(n) FROM (SELECT count(*) AS n FROM risk_zone z,
        LATERAL ST_Subdivide(z.geom, 255) GROUP BY z.zone_id) s) AS parts_in_sync;
DELETE FROM risk_zone WHERE name LIKE '%box';
SELECT count(*) AS orphans FROM risk_zone_part p WHERE NOT EXISTS (SELECT 1 FROM risk_zone z WHERE z.zone_id = p.zone_id);
TRUNCATE risk_zone;
SELECT count(*) AS parts_after_truncate FROM risk_zone_part;

-- zone_geometry repairs, transforms and keeps polygons
SELECT ST_AsText(zone_geometry(ST_GeomFromText('POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))', 4326))) AS bow_tie;
SELECT ST_SRID(zone_geometry(ST_Transform(ST_MakeEnvelope(0, 0, 1, 1, 4326), 3857))) AS srid,
       ST_GeometryType(zone_geometry(ST_MakeEnvelope(0, 0, 1, 1))) AS type;

-- loaders: every feature and row reported, nothing dropped silently
INSERT INTO risk_layer (name, theme, scale, source, licence) VALUES
  ('test_conflict', 'conflict', 'zone', 'test', 'CC0'), ('test_rights', 'labour rights', 'country', 'test', 'CC0');
SELECT * FROM load_geojson('test_conflict', '{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"name": "A", "level": 3}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
 {"type": "Feature", "properties": {"name": "bow tie", "level": 5}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[2,2],[2,0],[0,2],[0,0]]]}},
 {"type": "Feature", "properties": {"name": "too high", "level": 7}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
 {"type": "Feature", "properties": {"name": "words", "level": "high"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
 {"type": "Feature", "properties": {"name": "a point", "level": 1}, "geometry": {"type": "Point", "coordinates": [0,0]}},
 {"type": "Feature", "properties": {"name": "no geometry", "level": 1}, "geometry": null},
 {"type": "Feature", "properties": {"level": 1}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]}},
 {"type": "Feature", "properties": {"name": "no level"}, "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,0],[1,1],[0,1],[0,0]]]}}
]}'::jsonb, severity_property => 'level', severity_max => 5, valid_from => '2024-01-01');
SELECT * FROM load_geojson('test_conflict', '{"type": "FeatureCollection",
 "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}, "features": [
 {"type": "Feature", "properties": {"name": "mercator", "severity": 0.5},
  "geometry": {"type": "Polygon", "coordinates": [[[0,0],[100000,0],[100000,100000],[0,100000],[0,0]]]}}]}'::jsonb);
SELECT name, severity, valid_from, ST_AsText(ST_SnapToGrid(geom, 0.001)) AS geom
FROM risk_zone WHERE layer = 'test_conflict' ORDER BY zone_id;

CREATE TABLE rights (country text, rating text);
INSERT INTO rights VALUES ('Bangladesh', '5'), ('VN', '5+'), ('Narnia', '3'), ('DE', '1'), ('Germany', '2'),
                          ('CN', '5'), (NULL, '1'), ('IN', '9'), ('Türkiye', '4');
SELECT * FROM load_country_index('test_rights', 'rights', 'country', 'rating', 1, 5);
SELECT country, severity, properties FROM country_risk WHERE layer = 'test_rights' ORDER BY country;
-- a re-run replaces what it loaded before and says what was there; existing => 'skip' keeps it
UPDATE rights SET rating = '4' WHERE country = 'Bangladesh';
SELECT * FROM load_country_index('test_rights', 'rights', 'country', 'rating', 1, 5);
UPDATE rights SET rating = '5' WHERE country = 'Bangladesh';
SELECT * FROM load_country_index('test_rights', 'rights', 'country', 'rating', 1, 5, existing => 'skip');
SELECT country, severity, properties FROM country_risk WHERE layer = 'test_rights' ORDER BY country;
-- the shipped sources' own spellings of countries are read (ILAB's among them)
INSERT INTO risk_layer (name, theme, scale, source, licence) VALUES ('test_spellings', 'test', 'country', 'test', 'CC0');
CREATE TABLE spellings (country text, value numeric);
INSERT INTO spellings VALUES ('Congo, Republic of the', 3), ('Congo, Democratic Republic of the', 5), ('The Gambia', 2),
    ('Turkey (Türkiye)', 4), ('West Bank and the Gaza Strip', 5), ('Falkland Islands (Islas Malvinas)', 1);
SELECT country_as_given, country, severity, status, note FROM load_country_index('test_spellings', 'spellings', 'country', 'value', 1, 5);
SELECT count(*) AS ilab_names_read
FROM (VALUES ('Congo, Republic of the'), ('The Gambia'), ('Turkey (Türkiye)'), ('West Bank and the Gaza Strip'),
             ('Falkland Islands (Islas Malvinas)')) v(n)
WHERE try_country(n) IS NOT NULL;
-- a new edition that starts later while the old one is still open: loaded, with a note
SELECT country_as_given, status, note
FROM load_country_index('test_spellings', 'spellings', 'country', 'value', 1, 5, valid_from => '2025-01-01')
WHERE country_as_given LIKE 'The%';
DELETE FROM country_risk WHERE layer = 'test_spellings';
DELETE FROM risk_layer WHERE name = 'test_spellings';

-- many points at once, with and without an index on the points
CREATE TABLE facility (id int, country text, lat float8, lng float8, geom geometry(Point, 4326));
INSERT INTO facility (id, country, lat, lng) VALUES
  (1, 'BD', 23.81, 90.41), (2, 'BD', 90.41, 23.81), (3, 'VN', 10.78, 106.70), (4, 'CN', 0, 0),
  (5, 'Narnia', NULL, NULL), (6, NULL, 0.5, 0.5), (7, NULL, 1.5, 1.0);
UPDATE facility SET geom = ST_SetSRID(ST_MakePoint(lng, lat), 4326) WHERE abs(lat) <= 90;
-- zones and country-level risks (zone_id NULL): those of the country each point lies in
SELECT * FROM zones_for('facility', 'id', as_of => '2024-06-01', layers => ARRAY['test_conflict', 'test_rights', 'ilab_wfcl_2022'])
ORDER BY 1, 2, 3, 4, 6;
-- the same rows as zones_at per point, with every layer (the List of Goods' per-good findings included)
SELECT count(*) AS zones_for_rows,
       (SELECT count(*) FROM facility f, zones_at(f.geom, '2024-06-01', ARRAY['test_conflict', 'ilab_tvpra_2022', 'ilab_wfcl_2022']) z
        WHERE f.geom IS NOT NULL) AS zones_at_rows,
       count(*) FILTER (WHERE zone_id IS NULL) AS country_rows
FROM zones_for('facility', 'id', as_of => '2024-06-01', layers => ARRAY['test_conflict', 'ilab_tvpra_2022', 'ilab_wfcl_2022']);
SELECT (SELECT count(*) FROM (SELECT key, layer, zone_id, name, severity, level FROM zones_for('facility', 'id', as_of => '2024-06-01')
                              EXCEPT ALL
                              SELECT f.id::text, z.layer, z.zone_id, z.name, z.severity, z.level
                              FROM facility f, zones_at(f.geom, '2024-06-01') z WHERE f.geom IS NOT NULL) d) AS only_zones_for,
       (SELECT count(*) FROM (SELECT f.id::text, z.layer, z.zone_id, z.name, z.severity, z.level
                              FROM facility f, zones_at(f.geom, '2024-06-01') z WHERE f.geom IS NOT NULL
                              EXCEPT ALL
                              SELECT key, layer, zone_id, name, severity, level FROM zones_for('facility', 'id', as_of => '2024-06-01')) d) AS only_zones_at;
CREATE INDEX ON facility USING gist (geom);
SELECT * FROM zones_for('facility', 'id', as_of => '2024-06-01', layers => ARRAY['test_conflict', 'test_rights', 'ilab_wfcl_2022'])
ORDER BY 1, 2, 3, 4, 6;
SELECT (SELECT count(*) FROM (SELECT key, layer, zone_id, name, severity, level FROM zones_for('facility', 'id', as_of => '2024-06-01')
                              EXCEPT ALL
                              SELECT f.id::text, z.layer, z.zone_id, z.name, z.severity, z.level
                              FROM facility f, zones_at(f.geom, '2024-06-01') z WHERE f.geom IS NOT NULL) d) AS only_zones_for,
       (SELECT count(*) FROM (SELECT f.id::text, z.layer, z.zone_id, z.name, z.severity, z.level
                              FROM facility f, zones_at(f.geom, '2024-06-01') z WHERE f.geom IS NOT NULL
                              EXCEPT ALL
                              SELECT key, layer, zone_id, name, severity, level FROM zones_for('facility', 'id', as_of => '2024-06-01')) d) AS only_zones_at;
-- only zone layers named (as assess_risk names them): no country-level rows
SELECT * FROM zones_for('facility', 'id', 'geom', '2024-06-01', ARRAY['test_conflict']) ORDER BY 1, 3;
SELECT * FROM zones_for('facility', 'id', 'geom', '2023-06-01', ARRAY['test_conflict']) ORDER BY 1, 3;

-- GeoJSON for maps
SELECT f -> 'properties' ->> 'key' AS key, f -> 'geometry' ->> 'type' AS geometry,
       f -> 'properties' ->> 'verdict' AS verdict, f -> 'properties' ->> 'max_severity' AS max_severity,
       jsonb_array_length(f -> 'properties' -> 'risks') AS risks
FROM jsonb_array_elements(facilities_geojson('facility', 'id', 'lat', 'lng', 'country', '2024-06-01',
                                             ARRAY['test_conflict']) -> 'features') f;
-- latitude and longitude as text, a name column, one zones_at call per feature
CREATE TABLE site_text (ref text, name text, country text, lat text, lng varchar(20));
INSERT INTO site_text VALUES ('T1', 'Dhaka Knit', 'BD', '23.81', '90.41'), ('T2', 'Bad Latitude', 'VN', 'north', '106.7'),
    ('T3', NULL, 'PT', ' 41.15 ', '-8.61'), ('T4', 'No Position', 'BD', NULL, NULL), ('T5', 'Swapped', 'BD', '90.41', '23.81');
SET track_functions = 'pl';
BEGIN;
SELECT f -> 'properties' ->> 'key' AS key, f -> 'properties' ->> 'name' AS name, f -> 'geometry' AS geometry,
       f -> 'properties' ->> 'verdict' AS verdict, f -> 'properties' ->> 'location_detail' AS detail,
       f -> 'properties' ->> 'max_severity' AS max_severity, f -> 'properties' -> 'risks' AS risks
FROM jsonb_array_elements(facilities_geojson('site_text', 'ref', 'lat', 'lng', 'country', '2024-06-01',
                                             ARRAY['test_rights']) -> 'features') f;
SELECT calls AS zones_at_calls FROM pg_stat_xact_user_functions WHERE schemaname = 'hredd' AND funcname = 'zones_at';
COMMIT;
RESET track_functions;
SELECT f -> 'properties' ->> 'name' AS name
FROM jsonb_array_elements(facilities_geojson('site_text', 'ref', 'lat', 'lng', name_column => 'country') -> 'features') f;

-- country_at(lat, lng) (C, cached boundaries) agrees with PostGIS on 5,000 random positions:
-- ST_Intersects on the parts, else the nearest within 25 km on the spheroid
SELECT setseed(0.42);
CREATE TEMP TABLE pos AS
SELECT i, -60 + random() * 135 AS lat, -180 + random() * 360 AS lng FROM generate_series(1, 5000) i;
SELECT count(*) AS positions, count(f.c) AS on_land,
       count(*) FILTER (WHERE f.c IS DISTINCT FROM s.c) AS disagreements
FROM (SELECT i, country_at(lat, lng) AS c FROM pos) f
JOIN (SELECT p.i, coalesce(
        (SELECT b.country FROM country_boundary_part b
         WHERE ST_Intersects(b.geom, ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326)) AND b.country IS NOT NULL LIMIT 1),
        (SELECT b.country FROM country_boundary_part b
         WHERE ST_DWithin(b.geom::geography, ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326)::geography, 25000)
           AND b.country IS NOT NULL
         ORDER BY ST_Distance(b.geom::geography, ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326)::geography) LIMIT 1)) AS c
      FROM pos p) s USING (i);
-- the antimeridian: Russia and Fiji on both sides, nothing wrapped around the globe
SELECT name, country_at(lat, lng) FROM (VALUES ('Chukotka', 66.0, -172.0), ('Wrangel Island', 71.2, -179.5),
  ('Taveuni', -16.85, -179.95), ('Yukon', 66.6, -136.2), ('Greenland Sea', 69.0, -20.0), ('La Paz', -16.5, -68.15)) v(name, lat, lng);
SELECT name FROM country_boundary b, ST_Dump(b.geom) d WHERE ST_XMax(d.geom) - ST_XMin(d.geom) > 180;
