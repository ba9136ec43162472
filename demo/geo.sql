-- Demo, part 2: where the facilities are, and which risks are there.
\pset footer off
SET client_min_messages = warning;
SET search_path = public, hredd;

\echo
\echo '== 8. Are the coordinates plausible? (check_location against the declared country)'
SELECT s.supplier_ref, s.facility_name, r.country AS declared, r.lat, r.lng, c.verdict, c.located_in, c.detail
FROM supplier s JOIN supplier_raw r USING (supplier_ref),
     LATERAL check_location(r.lat, r.lng, s.country) c
WHERE c.verdict <> 'ok'
ORDER BY 1;
SELECT c.verdict, count(*)
FROM supplier s JOIN supplier_raw r USING (supplier_ref), LATERAL check_location(r.lat, r.lng, s.country) c
GROUP BY 1 ORDER BY 2 DESC;

\echo
\echo '== 9. A risk layer of your own: load GeoJSON (repairs and reports, rejects with reasons)'
INSERT INTO risk_layer (name, theme, scale, source, licence, description)
VALUES ('demo_water_stress', 'water stress', 'zone', 'hand-drawn demo polygons', 'CC0',
        'Three made-up basins to show the loader; not real data.');
SELECT * FROM load_geojson('demo_water_stress', '{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "Saigon industrial belt (demo)", "score": 4.2},
   "geometry": {"type": "Polygon", "coordinates": [[[106.4,10.5],[107.0,10.5],[107.0,11.0],[106.4,11.0],[106.4,10.5]]]}},
  {"type": "Feature", "properties": {"name": "Putian coast (demo)", "score": 3.1},
   "geometry": {"type": "Polygon", "coordinates": [[[118.8,25.3],[119.3,25.3],[119.3,25.7],[118.8,25.7],[118.8,25.3]]]}},
  {"type": "Feature", "properties": {"name": "Bow-tie drawing error (demo)", "score": 2.0},
   "geometry": {"type": "Polygon", "coordinates": [[[88,20],[89,21],[89,20],[88,21],[88,20]]]}},
  {"type": "Feature", "properties": {"name": "Mystery basin", "score": "very high"},
   "geometry": {"type": "Polygon", "coordinates": [[[90,23],[91,23],[91,24],[90,23]]]}}
]}'::jsonb, severity_property => 'score', severity_max => 5, valid_from => '2024-01-01');

\echo
\echo '== 10. Zones and country-level risks per facility (one set-based pass, then the country lists)'
CREATE TABLE facility_point AS
SELECT s.supplier_ref, ST_SetSRID(ST_MakePoint(r.lng, r.lat), 4326) AS geom
FROM supplier s JOIN supplier_raw r USING (supplier_ref), LATERAL check_location(r.lat, r.lng, s.country) c
WHERE c.verdict = 'ok';
SELECT z.key AS supplier_ref, z.name AS zone, round(z.severity::numeric, 2) AS severity
FROM zones_for('facility_point', 'supplier_ref', 'geom', '2025-01-01', ARRAY['demo_water_stress']) z
ORDER BY 1, 2;
SELECT s.supplier_ref, s.country, count(*) AS ilab_findings,
       string_agg(DISTINCT r.subject, ', ' ORDER BY r.subject) FILTER (WHERE r.level LIKE 'forced%') AS forced_labour_goods
FROM supplier s JOIN country_risk r ON r.country = s.country AND r.layer = 'ilab_tvpra_2022'
GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 8;

\echo
\echo '== 11. The same as GeoJSON for a map (one feature shown)'
CREATE TABLE supplier_located AS
SELECT s.supplier_ref, s.country::text AS country, r.lat, r.lng
FROM supplier s JOIN supplier_raw r USING (supplier_ref);
SELECT jsonb_pretty(facilities_geojson('supplier_located', 'supplier_ref', 'lat', 'lng', 'country',
                                       '2025-01-01', ARRAY['demo_water_stress']) -> 'features' -> 3);
