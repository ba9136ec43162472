-- Split unwrapped countries (from tools/fix_antimeridian.py) at +-180 and
-- repair them like the rest of the shipped file: snapped to 1e-4 degrees,
-- made valid.  psql -v file=/tmp/unwrapped.json -f tools/fix_antimeridian.sql
\set ON_ERROR_STOP 1
CREATE EXTENSION IF NOT EXISTS postgis;
CREATE TEMP TABLE src AS
SELECT f -> 'properties' ->> 'name' AS name, ST_SetSRID(ST_GeomFromGeoJSON(f ->> 'geometry'), 4326) AS g
FROM jsonb_array_elements(pg_read_file(:'file')::jsonb -> 'features') f;
SELECT json_build_object('type', 'FeatureCollection', 'features', json_agg(json_build_object(
         'type', 'Feature', 'properties', json_build_object('name', name),
         'geometry', ST_AsGeoJSON(fixed, 4)::json)))
FROM (SELECT name,
             ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_ReducePrecision(ST_Union(ARRAY[
               ST_Intersection(ST_MakeValid(g), ST_MakeEnvelope(-180, -90, 180, 90, 4326)),
               ST_Translate(ST_Intersection(ST_MakeValid(g), ST_MakeEnvelope(180, -90, 540, 90, 4326)), -360, 0),
               ST_Translate(ST_Intersection(ST_MakeValid(g), ST_MakeEnvelope(-540, -90, -180, 90, 4326)), 360, 0)
             ]), 1e-4)), 3)) AS fixed
      FROM src) s;
