-- geo_errors: bad zones, bad arguments: each gets a clear error.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
\set VERBOSITY default
\set SHOW_CONTEXT never
SET datestyle = ISO;
INSERT INTO risk_layer (name, theme, scale, source, licence)
VALUES ('err_layer', 'test', 'zone', 'test', 'CC0');

-- unknown layer, severity outside 0-1 or NaN, valid_to before valid_from
INSERT INTO risk_zone (layer, name, severity, geom)
VALUES ('no_such_layer', 'z1', 0.5, ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 4326)));
INSERT INTO risk_zone (layer, name, severity, geom)
VALUES ('err_layer', 'z2', 1.5, ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 4326)));
INSERT INTO risk_zone (layer, name, severity, geom)
VALUES ('err_layer', 'z3', 'NaN', ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 4326)));
INSERT INTO risk_zone (layer, name, severity, valid_from, valid_to, geom)
VALUES ('err_layer', 'z4', 0.5, '2024-01-01', '2023-01-01', ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 4326)));
-- invalid, empty, non-polygon geometry, wrong SRID
INSERT INTO risk_zone (layer, name, severity, geom)
VALUES ('err_layer', 'bow tie', 0.5, ST_Multi(ST_GeomFromText('POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))', 4326)));
INSERT INTO risk_zone (layer, name, severity, geom)
VALUES ('err_layer', 'empty', 0.5, ST_GeomFromText('MULTIPOLYGON EMPTY', 4326));
INSERT INTO risk_zone (layer, name, severity, geom)
VALUES ('err_layer', 'line', 0.5, ST_GeomFromText('LINESTRING(0 0, 1 1)', 4326));
INSERT INTO risk_zone (layer, name, severity, geom)
VALUES ('err_layer', 'mercator', 0.5, ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 3857)));
SELECT zone_geometry(ST_GeomFromText('LINESTRING(0 0, 1 1)', 4326));
-- nothing was written
SELECT count(*) AS zones, (SELECT count(*) FROM risk_zone_part) AS parts FROM risk_zone;

-- country risks
INSERT INTO country_risk (layer, country, severity) VALUES ('err_layer', 'BD', -0.1);
INSERT INTO country_risk (layer, country, severity) VALUES ('nope', 'BD', 0.1);
INSERT INTO country_risk (layer, country, severity) VALUES ('err_layer', 'Narnia', 0.1);

-- look-up arguments
SELECT * FROM zones_at(ST_SetSRID(ST_MakePoint(90, 23), 4326), '2024-01-01', ARRAY['nope', 'err_layer', 'nada']);
SELECT * FROM zones_near(ST_SetSRID(ST_MakePoint(90, 23), 4326), -5);
SELECT * FROM zones_near(ST_SetSRID(ST_MakePoint(90, 23), 4326), 'NaN');
SELECT country_at(ST_GeomFromText('POINT EMPTY', 4326));
SELECT * FROM zones_at(NULL);

-- loader arguments
SELECT * FROM load_geojson('nope', '{"type": "FeatureCollection", "features": []}');
SELECT * FROM load_geojson('err_layer', '{"type": "Feature"}');
SELECT * FROM load_geojson('err_layer', '{"type": "FeatureCollection", "features": []}', severity_max => 0);
SELECT * FROM load_geojson('err_layer', '{"type": "FeatureCollection", "features": []}', srid => 999999);
CREATE TABLE idx (country text, value float8);
SELECT * FROM load_country_index('err_layer', 'idx', 'land', 'value', 0, 1);
SELECT * FROM load_country_index('err_layer', 'idx', 'country', 'value', 1, 1);
SELECT * FROM load_country_index('err_layer', 'no_such_table', 'country', 'value', 0, 1);
SELECT * FROM zones_for('idx', 'country', 'geom');
SELECT country_at(91, 0);
SELECT country_at(0, -180.5);
SELECT country_at('NaN', 0);

-- one bad feature or row is rejected with the reason, the others load
SELECT feature, zone_id IS NOT NULL AS has_zone, status, note
FROM load_geojson('err_layer', '{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "huge", "severity": 1e400},
   "geometry": {"type": "Polygon", "coordinates": [[[20,0],[21,0],[21,1],[20,1],[20,0]]]}},
  {"type": "Feature", "properties": {"name": "east of 180", "severity": 0.5},
   "geometry": {"type": "Polygon", "coordinates": [[[179,0],[181,0],[181,1],[179,1],[179,0]]]}},
  {"type": "Feature", "properties": {"name": "south of -90", "severity": 0.5},
   "geometry": {"type": "Polygon", "coordinates": [[[20,-89],[21,-89],[21,-91],[20,-89]]]}},
  {"type": "Feature", "properties": {"name": "fine", "severity": 0.5},
   "geometry": {"type": "Polygon", "coordinates": [[[20,0],[21,0],[21,1],[20,1],[20,0]]]}}
]}') ORDER BY feature;
SELECT * FROM load_geojson('err_layer', '{"type": "FeatureCollection", "features": []}', severity_max => 'NaN');
INSERT INTO risk_zone (layer, name, severity, geom)
VALUES ('err_layer', 'wraps', 0.5, ST_Multi(ST_MakeEnvelope(170, 0, 190, 1, 4326)));
SELECT zone_geometry(ST_MakeEnvelope(0, 0, 1, 100, 0));
CREATE TABLE idx_text (country text, value text);
INSERT INTO idx_text VALUES ('BD', '1e999'), ('VN', '-1e-999'), ('KH', ' 0.5 '), ('LA', 'NaN'), ('TH', '2');
SELECT * FROM load_country_index('err_layer', 'idx_text', 'country', 'value', 0, 1);
SELECT * FROM load_country_index('err_layer', 'idx_text', 'country', 'value', 0, 'NaN');
SELECT * FROM load_country_index('err_layer', 'idx_text', 'country', 'value', '-Infinity', 1);
SELECT * FROM load_country_index('err_layer', 'idx_text', 'country', 'value', 0, 1, existing => 'merge');
SELECT * FROM load_country_index('err_layer', 'idx_text', 'country', 'value', 0, 1, existing => NULL);
SELECT * FROM load_country_index('err_layer', 'idx_text', 'country', 'value', 0, 1, valid_from => '2025-01-01', valid_to => '2024-01-01');
-- facilities_geojson: missing columns, a latitude that is neither a number nor text
CREATE TABLE site_err (ref text, lat date, lng float8, fac_name text);
SELECT facilities_geojson('site_err', 'ref', 'latitude', 'lng');
SELECT facilities_geojson('site_err', 'ref', 'lng', 'lng', name_column => 'nom');
SELECT facilities_geojson('site_err', 'ref', 'lat', 'lng');
SELECT raw, r.* FROM unnest(ARRAY['1.5e3', ' -2 ', '.5', '1e400', '1e-400', 'Infinity', '1,5', '']) AS raw,
     LATERAL read_number(raw) r;
DELETE FROM risk_zone WHERE layer = 'err_layer';
DELETE FROM country_risk WHERE layer = 'err_layer';
