-- risk_map: the register on a map.  The SVG is a well-formed document with
-- one mark per facility that has coordinates, coloured by priority, a ring
-- for an actual impact, escaped tooltips, and a caption that counts the
-- facilities it does not show; the GeoJSON has every facility with the
-- register's numbers; errors with their exact messages.  No run id or time is
-- printed: runs are read with \gset and masked in messages.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
SET datestyle = ISO;
\set VERBOSITY default
\set SHOW_CONTEXT never

CREATE TABLE map_supplier (ref text PRIMARY KEY, name text, country text, lat text, lng text, products text);
INSERT INTO map_supplier VALUES
    ('M1', 'Dhaka Knit <Composite> & "Sons"', 'Bangladesh', '23.81', '90.41', 'Garments'),
    ('M2', 'Saigon Sewing', 'VN', '10.80', '106.70', 'Footwear'),
    ('M3', 'Mystery Works', NULL, NULL, NULL, NULL),
    ('M4', 'Fergana Cotton Gin', 'Uzbekistan', '40.39', '71.78', 'cotton ginning'),
    ('M5', 'Porto Shoes', 'PT', '41.15', '-8.61', 'Footwear'),
    ('M6', 'Null Island Textiles', 'GH', '0', '0', 'Textiles');
INSERT INTO evidence (facility_ref, topic, kind, status, polarity, severity, observed_on, reported_at, source)
VALUES ('M2', 'FORCED_LABOUR', 'grievance', 'grounded', 'adverse', 1, '2025-05-02', '2025-05-10', 'map test hotline'),
       ('M5', 'MANAGEMENT_SYSTEM', 'grievance', 'grounded', 'adverse', 0.5, '2025-05-02', '2025-05-10', 'map test hotline');
SET client_min_messages = warning;
SELECT assess_risk('map_supplier', 'ref', as_of => '2025-06-30') AS run \gset
RESET client_min_messages;
CREATE TEMP TABLE svg AS SELECT risk_map_svg(:run)::xml AS doc, risk_map_svg(:run) AS txt;
\set ns 'ARRAY[ARRAY[''s'', ''http://www.w3.org/2000/svg'']]'

-- a standalone, well-formed SVG document: namespace, size, viewBox, title
SELECT xml_is_well_formed_document(txt) AS well_formed, txt LIKE '<?xml version="1.0" encoding="UTF-8"?>%' AS declared,
       (xpath('/s:svg/@width', doc, :ns))[1]::text AS width, (xpath('/s:svg/@viewBox', doc, :ns))[1]::text AS viewbox,
       replace((xpath('/s:svg/s:title/text()', doc, :ns))[1]::text, :'run', '<run>') AS title
FROM svg;
-- country outlines (many paths), and one mark per facility with coordinates:
-- M3 has none and M6's (0, 0) is no position; M2's and M5's grounded
-- grievances are actual impacts (M5's on a topic of low priority: its mark
-- keeps the colour of its highest priority and gets the ring)
SELECT (xpath('count(//s:g[@class="land"]/s:path)', doc, :ns))[1]::text::int > 50 AS outlines,
       (xpath('count(//s:circle[@class="facility potential" or @class="facility actual"])', doc, :ns))[1]::text AS marks,
       (xpath('count(//s:circle[@class="facility actual"])', doc, :ns))[1]::text AS actual_marks,
       (SELECT count(*) FROM regexp_matches(txt, '<circle class="facility ', 'g')) AS marks_by_regexp
FROM svg;
-- each mark: its facility, size and tooltip (name, country, topic, priority, rank and
-- status; the actual impact on another topic), escaped in the text
CREATE TEMP TABLE mark AS
SELECT (xpath('/s:circle/@data-ref', c, :ns))[1]::text AS ref, (xpath('/s:circle/@fill', c, :ns))[1]::text AS fill,
       (xpath('/s:circle/@r', c, :ns))[1]::text AS r, (xpath('/s:circle/s:title/text()', c, :ns))[1]::text AS tooltip
FROM svg, unnest(xpath('//s:circle[starts-with(@class, "facility ")]', doc, :ns)) c;
SELECT ref, r, split_part(tooltip, E'\n', 1) AS name, split_part(tooltip, E'\n', 2) AS country,
       split_part(tooltip, E'\n', 4) AS also
FROM mark ORDER BY 1;
-- the fill is the class of the facility's highest priority in the register, and the
-- tooltip's topic, priority, rank and status are that result's
SELECT m.ref, m.fill = risk_priority_colour(b.priority) AS fill_is_highest_priority,
       split_part(m.tooltip, E'\n', 3) = format('%s: priority %s, rank %s of %s, %s', t.name, round(b.priority::numeric, 2),
                                                b.rank, (SELECT result_count FROM risk_run WHERE run_id = :run), b.status) AS tooltip_is_result
FROM mark m
CROSS JOIN LATERAL (SELECT * FROM risk_result r WHERE r.run_id = :run AND r.facility_ref = m.ref
                    ORDER BY r.priority DESC, r.rank LIMIT 1) b
JOIN topic t ON t.code = b.topic ORDER BY 1;
SELECT position('Dhaka Knit &lt;Composite&gt; &amp; &quot;Sons&quot; (M1)' IN txt) > 0 AS name_escaped FROM svg;
-- every text goes through xml_escape: markup characters escaped, control characters XML forbids replaced
SELECT xml_escape(E'a<b>&"c''d\x01e\tf') AS escaped, xml_is_well_formed_content(xml_escape(E'<x>\x01&')) AS well_formed;
-- the colour scale: five classes, grey for none
SELECT p, risk_priority_colour(p) FROM unnest(ARRAY[0, 0.399, 0.4, 0.55, 0.7, 0.85, 1, NULL, 'NaN']::float8[]) p;
-- legend and caption: the five classes, the run, and the facilities not shown
SELECT string_agg(t::text, ' | ') AS legend
FROM svg, unnest(xpath('//s:g[@class="legend"]/s:text[not(@class) or @class="head"]/text()', doc, :ns)) t;
SELECT replace(t::text, :'run', '<run>') AS caption
FROM svg, unnest(xpath('//s:text[@class="caption" or @class="source"]/text()', doc, :ns)) t;

-- one topic: every facility coloured by its priority on it
SELECT (xpath('count(//s:circle[starts-with(@class, "facility ")])', x, :ns))[1]::text AS marks,
       (xpath('//s:text[@class="caption"][2]/text()', x, :ns))[1]::text AS caption,
       replace((xpath('/s:svg/s:title/text()', x, :ns))[1]::text, :'run', '<run>') AS title
FROM (SELECT risk_map_svg(:run, 'CHILD_LABOUR')::xml AS x) s;
-- a box of your own: South and South-East Asia; the others are counted as outside;
-- at 600 pixels the caption wraps
SELECT (xpath('/s:svg/@width', x, :ns))[1]::text AS width, (xpath('/s:svg/@height', x, :ns))[1]::text AS height,
       (xpath('count(//s:circle[starts-with(@class, "facility ")])', x, :ns))[1]::text AS marks,
       (xpath('count(//s:text[@class="caption" or @class="source"])', x, :ns))[1]::text AS caption_lines
FROM (SELECT risk_map_svg(:run, width => 600, bbox => ST_MakeEnvelope(60, 0, 110, 40, 4326))::xml AS x) s;
SELECT (xpath('/s:text/@class', t, :ns))[1]::text AS class, (xpath('/s:text/@y', t, :ns))[1]::text AS y,
       replace((xpath('/s:text/text()', t, :ns))[1]::text, :'run', '<run>') AS line
FROM (SELECT risk_map_svg(:run, width => 600, bbox => ST_MakeEnvelope(60, 0, 110, 40, 4326))::xml AS x) s,
     unnest(xpath('//s:text[@class="caption" or @class="source"]', x, :ns)) t;
-- without a run: the latest finished one (this one)
SELECT risk_map_svg() = risk_map_svg(:run) AS latest_by_default;

-- GeoJSON: every facility, the two without coordinates with a null geometry,
-- the register's numbers on the facility's own highest-priority topic
SELECT jsonb_typeof(g) AS type, g ->> 'type' AS collection, jsonb_array_length(g -> 'features') AS features,
       (SELECT count(*) FROM jsonb_array_elements(g -> 'features') f WHERE f -> 'geometry' = 'null') AS without_geometry,
       (g -> 'run' ->> 'run_id')::bigint = :run AS run_named, g -> 'run' ->> 'as_of' AS as_of,
       (g::text)::json IS NOT NULL AS valid_json_text
FROM (SELECT risk_geojson(:run) AS g) s;
SELECT f ->> 'id' AS id, f -> 'geometry' -> 'coordinates' AS coordinates, f -> 'properties' ->> 'name' AS name,
       f -> 'properties' ->> 'country' AS country, f -> 'properties' ->> 'country_name' AS country_name,
       f -> 'properties' -> 'actual_topics' AS actual_topics,
       f -> 'properties' ->> 'colour' = risk_priority_colour((f -> 'properties' ->> 'priority')::float8) AS colour_of_priority
FROM jsonb_array_elements(risk_geojson(:run) -> 'features') f ORDER BY 1;
-- each feature's topic, priority, rank and status are those of a result row of the run, its highest priority
SELECT count(*) AS features, count(r.*) AS matching_results,
       bool_and(r.priority >= (SELECT max(x.priority) FROM risk_result x WHERE x.run_id = :run AND x.facility_ref = f ->> 'id')) AS highest
FROM jsonb_array_elements(risk_geojson(:run) -> 'features') f
LEFT JOIN risk_result r ON r.run_id = :run AND r.facility_ref = f ->> 'id' AND r.topic = f -> 'properties' ->> 'topic'
     AND r.rank = (f -> 'properties' ->> 'rank')::int AND r.status = f -> 'properties' ->> 'status'
     AND round(r.priority::numeric, 4) = (f -> 'properties' ->> 'priority')::numeric;
-- one topic: every feature carries its result on that topic
SELECT count(*) AS features, count(*) FILTER (WHERE f -> 'properties' ->> 'topic' = 'CHILD_LABOUR') AS on_topic,
       count(*) FILTER (WHERE round(r.priority::numeric, 4) = (f -> 'properties' ->> 'priority')::numeric) AS priority_of_topic
FROM jsonb_array_elements(risk_geojson(:run, 'CHILD_LABOUR') -> 'features') f
JOIN risk_result r ON r.run_id = :run AND r.facility_ref = f ->> 'id' AND r.topic = 'CHILD_LABOUR';

-- errors
CREATE FUNCTION pg_temp.map_error(q text, run bigint) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || replace(SQLERRM, run::text, '<run>');
END
$$;
SELECT risk_map_svg(999999999);
SELECT risk_geojson(999999999);
SELECT risk_map_svg(:run, 'NO_SUCH_TOPIC');
SELECT risk_geojson(:run, 'NO_SUCH_TOPIC');
INSERT INTO topic (code, name, domain, source) VALUES ('MAP_TEST_TOPIC', 'a topic no profile assesses', 'governance', 'test');
SELECT pg_temp.map_error(format('SELECT hredd.risk_map_svg(%s, %L)', :run, 'MAP_TEST_TOPIC'), :run);
SELECT pg_temp.map_error(format('SELECT hredd.risk_geojson(%s, %L)', :run, 'MAP_TEST_TOPIC'), :run);
DELETE FROM topic WHERE code = 'MAP_TEST_TOPIC';
-- a run of an empty facility table has no results
CREATE TABLE map_empty (ref text, country text);
SET client_min_messages = warning;
SELECT assess_risk('map_empty', 'ref', as_of => '2025-06-30') AS empty_run \gset
RESET client_min_messages;
SELECT pg_temp.map_error(format('SELECT hredd.risk_map_svg(%s)', :empty_run), :empty_run);
SELECT pg_temp.map_error(format('SELECT hredd.risk_geojson(%s)', :empty_run), :empty_run);
-- the latest finished run is now the empty one
SELECT pg_temp.map_error('SELECT hredd.risk_map_svg()', :empty_run);
SELECT risk_map_svg(:run, width => 100);
SELECT risk_map_svg(:run, width => NULL);
SELECT risk_map_svg(:run, bbox => ST_MakeEnvelope(60, 0, 60, 40, 4326));
SELECT risk_map_svg(:run, bbox => ST_MakeEnvelope(160, 0, 200, 40, 4326));
SELECT risk_map_svg(:run, bbox => 'POINT EMPTY'::geometry);

-- a database with no run at all
SELECT current_database() AS regress_db \gset
CREATE DATABASE hredd_map_norun;
\c hredd_map_norun
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
RESET client_min_messages;
\set SHOW_CONTEXT never
SELECT hredd.risk_map_svg();
SELECT hredd.risk_geojson();
\c :regress_db
DROP DATABASE hredd_map_norun;

-- the register reports the type of causal contribution from the tier, beside
-- the ranking and never in it
CREATE TABLE rsk_tiers (ref text PRIMARY KEY, country text, products text, tier integer);
INSERT INTO rsk_tiers VALUES ('T0', 'DE', 'garments', 0), ('T1', 'BD', 'garments', 1), ('T2', 'BD', 'cotton spinning', 2),
    ('TX', 'BD', 'garments', NULL);
SELECT hredd.assess_risk('rsk_tiers', 'ref', as_of => '2025-06-30') > 0 AS assessed;
SELECT facility_ref, tier, involvement, count(*) AS topics FROM hredd.risk_register GROUP BY 1, 2, 3 ORDER BY 1;
-- the same facility at another tier keeps its priority: involvement does not rank
SELECT count(*) AS topics, bool_and(r1.priority = rx.priority AND r1.likelihood = rx.likelihood) AS same_priority
FROM hredd.risk_register r1 JOIN hredd.risk_register rx ON rx.topic = r1.topic AND rx.facility_ref = 'TX'
WHERE r1.facility_ref = 'T1';
