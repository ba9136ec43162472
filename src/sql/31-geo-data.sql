\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 31-geo-data.sql — shipped layers: Natural Earth country boundaries and the
-- US DoL ILAB list of goods.  The GeoJSON is embedded in the install script
-- at build time (the "@data" line below), so CREATE EXTENSION needs no file
-- access.  Like 30-geo.sql, the statements run with search_path
-- pg_catalog, hredd, pg_temp and name PostGIS as @postgis@ (see there).

-- @postgis-begin

INSERT INTO hredd.risk_layer (name, theme, scale, source, edition, licence, url, description, shipped) VALUES
    ('natural_earth_50m', 'country boundaries', 'country',
     'Natural Earth Admin-0 countries 1:50m via world-atlas 2.0.2; ISO codes from i18n-iso-countries 7.14.0',
     'v4.1.0', 'public domain (Natural Earth); ISO code mapping MIT',
     'https://www.naturalearthdata.com/downloads/50m-cultural-vectors/',
     'De facto boundaries, snapped to 1e-4 degrees and repaired; N. Cyprus is counted as CY and Somaliland as SO; Indian Ocean Territories and Siachen Glacier have no country.',
     true),
    ('ilab_tvpra_2022', 'child labour and forced labour in the production of goods', 'country',
     'US Department of Labor, Bureau of International Labor Affairs: List of Goods Produced by Child Labor or Forced Labor (TVPRA list)',
     '2022', 'US federal government work, public domain in the US (17 U.S.C. 105)',
     'https://www.dol.gov/agencies/ilab/reports/child-labor/list-of-goods',
     '2022 edition incl. downstream goods: one row per country, good and finding (child labour, forced labour, forced child labour, made with inputs produced with forced labour); valid from its publication on 2022-09-28.',
     true);

INSERT INTO hredd.country_boundary (boundary_id, country, name, geom)
SELECT t.ord,
       CASE WHEN t.f -> 'properties' ->> 'ISO_A2' <> '-99' THEN t.f -> 'properties' ->> 'ISO_A2'
            WHEN t.f -> 'properties' ->> 'NAME' = 'N. Cyprus' THEN 'CY'
            WHEN t.f -> 'properties' ->> 'NAME' = 'Somaliland' THEN 'SO' END::hredd.country,
       t.f -> 'properties' ->> 'NAME',
       @postgis@.ST_Multi(@postgis@.ST_SetSRID(@postgis@.ST_GeomFromGeoJSON(t.f ->> 'geometry'), 4326))
FROM jsonb_array_elements((
-- @data data/geo/ne_50m_admin0_countries_iso.geojson
)::jsonb -> 'features') WITH ORDINALITY AS t(f, ord);

INSERT INTO hredd.country_boundary_part (boundary_id, country, geom)
SELECT b.boundary_id, b.country, p.geom
FROM hredd.country_boundary b, LATERAL @postgis@.ST_Subdivide(b.geom, 255, -1.0::float8) AS p(geom);
ANALYZE hredd.country_boundary_part;
-- @postgis-end
