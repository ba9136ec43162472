\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 56-risk-map.sql — the register on a map: an SVG made in SQL (shipped
-- country outlines and the facilities coloured by priority) and a GeoJSON
-- FeatureCollection of the same marks for web maps and BI tools.
--
-- Both show a run's facilities as the run read them (hredd.risk_run_facility)
-- with the priority the register gives them on their own goods, country and
-- place (hredd.risk_result), never "any listing" of their country.  A
-- facility without coordinates is counted, never silently left out.
--
-- PostGIS is named through @postgis@ with arguments of the exact declared
-- types, as in 30-geo.sql (see the notes there and docs/security.md).

-- @postgis-begin

-- Text as XML character data or attribute value: the five markup characters
-- escaped, and the control characters XML 1.0 forbids replaced by U+FFFD, so
-- that no facility name can break the document.
CREATE FUNCTION hredd.xml_escape(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
    SELECT replace(replace(replace(replace(replace(
               regexp_replace(t, '[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]', chr(65533), 'g'),
               '&', '&amp;'), '<', '&lt;'), '>', '&gt;'), '"', '&quot;'), '''', '&#39;')
$$;
COMMENT ON FUNCTION hredd.xml_escape(text) IS 'the text escaped for XML content and attribute values (& < > " and ''), with the control characters XML 1.0 forbids replaced by U+FFFD';

-- The run a map shows: the one named, else the latest finished run.  An
-- error for an unknown run, a run without results, or a topic the run did
-- not assess.
CREATE FUNCTION hredd.risk_map_run(run bigint, topic text) RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    r bigint := run;
BEGIN
    IF r IS NULL THEN
        SELECT max(x.run_id) INTO r FROM hredd.risk_run x WHERE x.finished_at IS NOT NULL;
        IF r IS NULL THEN
            RAISE EXCEPTION 'there is no finished risk run to map'
                USING ERRCODE = 'no_data_found', HINT = 'Run hredd.assess_risk first.';
        END IF;
    ELSIF NOT EXISTS (SELECT 1 FROM hredd.risk_run x WHERE x.run_id = r) THEN
        RAISE EXCEPTION 'unknown risk run %', r USING ERRCODE = 'undefined_object';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM hredd.risk_result x WHERE x.run_id = r) THEN
        RAISE EXCEPTION 'risk run % has no results', r
            USING ERRCODE = 'no_data_found',
                  HINT = 'A run of a facility table without rows has none; map another run.';
    END IF;
    IF topic IS NOT NULL AND NOT EXISTS (SELECT 1 FROM hredd.risk_result x WHERE x.run_id = r AND x.topic = risk_map_run.topic) THEN
        IF NOT EXISTS (SELECT 1 FROM hredd.topic t WHERE t.code = risk_map_run.topic) THEN
            RAISE EXCEPTION 'unknown topic "%"', topic
                USING ERRCODE = 'invalid_parameter_value', HINT = 'SELECT code, name FROM hredd.topic lists the topics.';
        END IF;
        RAISE EXCEPTION 'risk run % did not assess topic "%"', r, topic
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The topics of a run are those of its profile version (hredd.risk_profile_topic).';
    END IF;
    RETURN r;
END
$$;
COMMENT ON FUNCTION hredd.risk_map_run(bigint, text) IS 'the run a map shows (the latest finished one when run is NULL), after checking that it exists, has results and assessed the topic (internal)';

-- The colour scale of the maps: five classes of priority, light to dark
-- (ColorBrewer YlOrRd), with fixed breaks (maps of two runs compare) where
-- the register's priorities spread: with the default profile a facility that
-- no layer points at has a highest priority of about 0.45, one of unknown
-- country about 0.67.
CREATE FUNCTION hredd.risk_priority_colour(priority float8) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
    SELECT CASE WHEN priority IS NULL OR priority = 'NaN' THEN '#999999'
                ELSE ('{#ffffb2,#fecc5c,#fd8d3c,#e31a1c,#800026}'::text[])
                     [1 + width_bucket(priority, '{0.4,0.55,0.7,0.85}'::float8[])] END
$$;
COMMENT ON FUNCTION hredd.risk_priority_colour(float8) IS 'the map colour of a priority: below 0.40, 0.40-0.55, 0.55-0.70, 0.70-0.85, 0.85 and above, light yellow to dark red; grey when there is none';

-- One mark per facility of a run: the facility as the run read it and its
-- result on only_topic, or (only_topic NULL) on its highest-priority topic; and
-- the topics on which its impact is actual.
CREATE FUNCTION hredd.risk_map_marks(run bigint, only_topic text)
RETURNS TABLE (facility_ref text, name text, country hredd.country, lat float8, lng float8, topic text,
               topic_name text, priority float8, rank integer, status text, actual_topics text[], colour text)
LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
    SELECT f.facility_ref::text, f.name, f.country, f.lat, f.lng, b.topic, t.name, b.priority, b.rank, b.status,
           a.topics, hredd.risk_priority_colour(b.priority)
    FROM hredd.risk_run_facility f
    LEFT JOIN LATERAL (
        SELECT r.topic, r.priority, r.rank, r.status FROM hredd.risk_result r
        WHERE r.run_id = f.run_id AND r.facility_ref = f.facility_ref
          AND (risk_map_marks.only_topic IS NULL OR r.topic = risk_map_marks.only_topic)
        ORDER BY r.priority DESC, r.rank LIMIT 1) b ON true
    LEFT JOIN hredd.topic t ON t.code = b.topic
    LEFT JOIN LATERAL (
        SELECT array_agg(r.topic ORDER BY r.rank) AS topics FROM hredd.risk_result r
        WHERE r.run_id = f.run_id AND r.facility_ref = f.facility_ref AND r.status = 'actual'
          AND (risk_map_marks.only_topic IS NULL OR r.topic = risk_map_marks.only_topic)) a ON true
    WHERE f.run_id = risk_map_marks.run
$$;
COMMENT ON FUNCTION hredd.risk_map_marks(bigint, text) IS 'per facility of a run: its position and result on the topic or, when topic is NULL, on its highest-priority topic, the topics on which its impact is actual, and its map colour (internal)';

-- An SVG map of a run: country outlines and one circle per facility
-- coloured by priority, with a tooltip, a legend and a caption.
CREATE FUNCTION hredd.risk_map_svg(run bigint DEFAULT NULL, topic text DEFAULT NULL, width integer DEFAULT 1200,
                                   bbox @postgis@.geometry DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    band    integer;    -- legend and caption, below the map
    step    integer;    -- legend spacing
    r       bigint;
    rr      hredd.risk_run;
    tname   text;
    bb      @postgis@.geometry;
    b3      @postgis@.box3d;
    x0    float8; x1 float8; y0 float8; y1 float8;
    dx      float8; dy float8; cx float8; cy float8;
    k       float8;     -- cos(standard parallel): x scale of the projection
    s       float8;     -- pixels per degree of latitude
    hmap    integer;
    env     @postgis@.geometry;
    clip    @postgis@.box2d;
    n_all   bigint; n_nopos bigint; n_out bigint; n_actual bigint;
    land    text;
    marks   text;
    legend  text;
    caption text[];
    title   text;
    lines   text;
    n_lines integer := 0;
    maxc    integer;    -- characters a caption line holds
    cur     text;
    w       text;
BEGIN
    IF width IS NULL OR width < 600 OR width > 20000 THEN
        RAISE EXCEPTION 'width % is outside 600 to 20,000 pixels', coalesce(width::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    r := hredd.risk_map_run(run, topic);
    SELECT * INTO rr FROM hredd.risk_run x WHERE x.run_id = r;
    SELECT t.name INTO tname FROM hredd.topic t WHERE t.code = risk_map_svg.topic;

    SELECT count(*), count(*) FILTER (WHERE m.lat IS NULL OR m.lng IS NULL),
           min(m.lng), max(m.lng), min(m.lat), max(m.lat)
    INTO n_all, n_nopos, x0, x1, y0, y1
    FROM hredd.risk_map_marks(r, risk_map_svg.topic) m;

    IF bbox IS NOT NULL THEN
        -- the map shows the box of the geometry given, as it is
        IF @postgis@.ST_IsEmpty(bbox) THEN
            RAISE EXCEPTION 'bbox is empty'
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Give two corners, e.g. ST_MakeEnvelope(60, 0, 110, 40, 4326).';
        END IF;
        bb := hredd.as_4326(bbox);
        b3 := @postgis@.Box3D(bb);
        IF NOT hredd.within_lonlat(bb) THEN
            RAISE EXCEPTION 'bbox lies outside longitude -180 to 180, latitude -90 to 90: %', @postgis@.Box2D(bb)
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Give it in longitude and latitude, e.g. ST_MakeEnvelope(60, 0, 110, 40, 4326).';
        END IF;
        x0 := @postgis@.ST_XMin(b3); x1 := @postgis@.ST_XMax(b3);
        y0 := @postgis@.ST_YMin(b3); y1 := @postgis@.ST_YMax(b3);
        IF NOT (x1 > x0 AND y1 > y0) THEN
            RAISE EXCEPTION 'bbox has no area: %', @postgis@.Box2D(bb)
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Give two corners, e.g. ST_MakeEnvelope(60, 0, 110, 40, 4326).';
        END IF;
    ELSIF x0 IS NULL THEN
        -- no facility has a position: the world without Antarctica
        x0 := -180; x1 := 180; y0 := -58; y1 := 84;
    ELSE
        -- fit to the facilities with a margin (8 %, at least 5 degrees, so
        -- that a single facility is shown among its neighbours), widened or
        -- heightened to between 5:2 and 1:1, within the world
        dx := greatest((x1 - x0) * 1.16, (x1 - x0) + 10);
        dy := greatest((y1 - y0) * 1.16, (y1 - y0) + 10);
        cx := (x0 + x1) / 2; cy := (y0 + y1) / 2;
        k := greatest(cos(radians(cy)), 0.25);
        IF dy > dx * k THEN
            dx := dy / k;
        ELSIF dy < dx * k * 0.4 THEN
            dy := dx * k * 0.4;
        END IF;
        dx := least(dx, 360); dy := least(dy, 170);
        x0 := cx - dx / 2; x1 := cx + dx / 2; y0 := cy - dy / 2; y1 := cy + dy / 2;
        IF x0 < -180 THEN x1 := x1 - x0 - 180; x0 := -180; END IF;
        IF x1 > 180 THEN x0 := x0 - (x1 - 180); x1 := 180; END IF;
        IF y0 < -85 THEN y1 := y1 - y0 - 85; y0 := -85; END IF;
        IF y1 > 85 THEN y0 := y0 - (y1 - 85); y1 := 85; END IF;
        x0 := greatest(x0, -180); y0 := greatest(y0, -85);
    END IF;

    -- equirectangular projection with its standard parallel at the middle
    -- of the map: x = (lng - x0) * cos(phi0) * s, y = (y1 - lat) * s
    k := greatest(cos(radians((y0 + y1) / 2)), 0.25);
    s := width / ((x1 - x0) * k);
    hmap := ceil((y1 - y0) * s)::integer;

    -- country outlines: clipped a little outside the map (so the cut edges
    -- are not drawn), projected, simplified to half a pixel
    env := @postgis@.ST_MakeEnvelope(x0 - (x1 - x0) * 0.02, y0 - (y1 - y0) * 0.02,
                                     x1 + (x1 - x0) * 0.02, y1 + (y1 - y0) * 0.02, 4326);
    clip := @postgis@.Box2D(env);
    SELECT string_agg(format('<path d="%s"/>', @postgis@.ST_AsSVG(x.g, 0, 1)), E'\n' ORDER BY x.boundary_id)
    INTO land
    FROM (SELECT b.boundary_id,
                 @postgis@.ST_Simplify(
                     @postgis@.ST_Affine(@postgis@.ST_ClipByBox2D(b.geom, clip),
                                         k * s, 0::float8, 0::float8, s, -x0 * k * s, -y1 * s),
                     0.5::float8, false) AS g
          FROM hredd.country_boundary b
          WHERE b.geom OPERATOR(@postgis@.&&) env) x
    WHERE x.g IS NOT NULL AND NOT @postgis@.ST_IsEmpty(x.g);

    -- the facilities: lower priorities first, actual impacts on top
    SELECT count(*) FILTER (WHERE NOT p.inside), count(*) FILTER (WHERE p.inside AND p.actual),
           string_agg(format('<circle class="facility %s" cx="%s" cy="%s" r="%s" fill="%s" data-ref="%s"><title>%s</title></circle>',
                             CASE WHEN p.actual THEN 'actual' ELSE 'potential' END,
                             round(((p.lng - x0) * k * s)::numeric, 1), round(((y1 - p.lat) * s)::numeric, 1),
                             CASE WHEN p.actual THEN 7 ELSE 5 END, p.colour, hredd.xml_escape(p.facility_ref),
                             hredd.xml_escape(p.tip)),
                      E'\n' ORDER BY p.actual, p.priority NULLS FIRST, p.facility_ref) FILTER (WHERE p.inside)
    INTO n_out, n_actual, marks
    FROM (SELECT m.*, m.actual_topics IS NOT NULL AS actual,
                 m.lng BETWEEN x0 AND x1 AND m.lat BETWEEN y0 AND y1 AS inside,
                 concat_ws(E'\n',
                     coalesce(m.name, m.facility_ref) || CASE WHEN m.name IS NOT NULL THEN ' (' || m.facility_ref || ')' ELSE '' END,
                     coalesce(hredd.country_name(m.country) || ' (' || m.country::text || ')', 'country unknown'),
                     format('%s: priority %s, rank %s of %s, %s', coalesce(m.topic_name, m.topic),
                            round(m.priority::numeric, 2), m.rank, rr.result_count, m.status),
                     CASE WHEN m.actual_topics IS NOT NULL AND m.status <> 'actual' THEN
                         'actual impact on ' || (SELECT string_agg(coalesce(t.name, a.topic), ', ' ORDER BY a.n)
                                                 FROM unnest(m.actual_topics) WITH ORDINALITY a(topic, n)
                                                 LEFT JOIN hredd.topic t ON t.code = a.topic) END) AS tip
          FROM hredd.risk_map_marks(r, risk_map_svg.topic) m
          WHERE m.lat IS NOT NULL AND m.lng IS NOT NULL) p;

    -- legend: the five classes, then the mark of an actual impact
    step := least(98, (width - 100) / 6);
    SELECT string_agg(format('<circle class="key" cx="%s" cy="20" r="6" fill="%s"/><text x="%s" y="24">%s</text>',
                             92 + step * (i - 1), c, 102 + step * (i - 1), l), '' ORDER BY i)
    INTO legend
    FROM unnest('{#ffffb2,#fecc5c,#fd8d3c,#e31a1c,#800026}'::text[],
                ARRAY['&lt; 0.40', '0.40&#8211;0.55', '0.55&#8211;0.70', '0.70&#8211;0.85', '&#8805; 0.85'])
         WITH ORDINALITY u(c, l, i);
    legend := '<text x="12" y="24" class="head">Priority</text>' || legend
        || format('<circle class="key actual" cx="%s" cy="20" r="6" fill="#ffffff"/><text x="%s" y="24">actual impact</text>',
                  92 + step * 5, 102 + step * 5);

    caption := ARRAY[
        format('Risk run %s, as of %s, profile %s version %s', r, rr.as_of, hredd.xml_escape(rr.profile), rr.version),
        CASE WHEN topic IS NULL THEN 'Each facility by its highest-priority topic'
             ELSE 'Priority on ' || hredd.xml_escape(coalesce(tname, topic)) END
        || CASE WHEN n_actual > 0 THEN format('; %s with an actual impact (black ring)',
                                               CASE WHEN n_actual = 1 THEN '1 facility' ELSE n_actual || ' facilities' END)
                ELSE '' END,
        concat_ws('; ',
            format('%s of %s %s shown', n_all - n_nopos - n_out, n_all, CASE WHEN n_all = 1 THEN 'facility' ELSE 'facilities' END),
            CASE WHEN n_nopos > 0 THEN format('%s without coordinates not shown',
                                              CASE WHEN n_nopos = 1 THEN '1 facility' ELSE n_nopos || ' facilities' END) END,
            CASE WHEN n_out > 0 THEN format('%s outside the map not shown',
                                            CASE WHEN n_out = 1 THEN '1 facility' ELSE n_out || ' facilities' END) END),
        format('Boundaries: Natural Earth 1:50m (public domain). Equirectangular projection, true to scale at %s&#176;%s.',
               abs(round(((y0 + y1) / 2)::numeric, 1)), CASE WHEN y0 + y1 >= 0 THEN 'N' ELSE 'S' END)];
    -- the caption, wrapped at spaces to the width (about 7 pixels a character
    -- at 13 pixels, 6 at 11 for the source line)
    lines := '';
    FOR i IN 1..4 LOOP
        cur := NULL;
        maxc := (width - 24) / (CASE WHEN i = 4 THEN 6 ELSE 7 END);
        FOREACH w IN ARRAY string_to_array(caption[i], ' ') LOOP
            IF cur IS NOT NULL AND length(cur) + 1 + length(w) > maxc THEN
                n_lines := n_lines + 1;
                lines := lines || format('<text class="%s" x="12" y="%s">%s</text>', CASE WHEN i = 4 THEN 'source' ELSE 'caption' END,
                                         32 + 18 * n_lines, cur) || E'\n';
                cur := w;
            ELSE
                cur := CASE WHEN cur IS NULL THEN w ELSE cur || ' ' || w END;
            END IF;
        END LOOP;
        n_lines := n_lines + 1;
        lines := lines || format('<text class="%s" x="12" y="%s">%s</text>', CASE WHEN i = 4 THEN 'source' ELSE 'caption' END,
                                 32 + 18 * n_lines, cur) || E'\n';
    END LOOP;
    band := 40 + 18 * n_lines;
    title := format('hredd risk map: run %s, as of %s%s', r, rr.as_of,
                    CASE WHEN topic IS NOT NULL THEN ', ' || hredd.xml_escape(coalesce(tname, topic)) ELSE '' END);

    RETURN concat(
        '<?xml version="1.0" encoding="UTF-8"?>', E'\n',
        format('<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="Helvetica, Arial, sans-serif" font-size="13">',
               width, hmap + band, width, hmap + band), E'\n',
        '<title>', title, '</title>', E'\n',
        '<desc>', array_to_string(caption, ' | '), '</desc>', E'\n',
        '<style>.sea{fill:#dce8f0}.land path{fill:#f2f0ea;stroke:#a9a9a9;stroke-width:0.6;fill-rule:evenodd}',
        '.facility,.key{stroke:#4d4d4d;stroke-width:0.8}.actual{stroke:#000000;stroke-width:2.5}',
        '.band{fill:#ffffff}.head{font-weight:bold}.caption{fill:#333333}.source{fill:#666666;font-size:11px}.key+text{font-size:12px}</style>', E'\n',
        format('<rect class="sea" x="0" y="0" width="%s" height="%s"/>', width, hmap), E'\n',
        '<g class="land">', E'\n', land, E'\n', '</g>', E'\n',
        '<g class="facilities">', E'\n', marks, E'\n', '</g>', E'\n',
        format('<g class="legend" transform="translate(0,%s)">', hmap),
        format('<rect class="band" x="0" y="0" width="%s" height="%s"/>', width, band), E'\n',
        legend, E'\n',
        lines,
        '</g>', E'\n', '</svg>', E'\n');
END
$$;
COMMENT ON FUNCTION hredd.risk_map_svg(bigint, text, integer, @postgis@.geometry) IS 'a standalone SVG map of a risk run (default the latest finished): Natural Earth country outlines and one circle per facility coloured by its priority on the topic (default its highest-priority topic), a black ring for an actual impact, a tooltip per facility, a legend and a caption that counts the facilities not shown; equirectangular projection, fitted to the facilities or to bbox';

-- The same marks as a GeoJSON FeatureCollection, for a web map or a BI tool:
-- colour by properties.priority (or use properties.colour, the SVG's).
CREATE FUNCTION hredd.risk_geojson(run bigint DEFAULT NULL, topic text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    r  bigint;
    rr hredd.risk_run;
    result jsonb;
BEGIN
    r := hredd.risk_map_run(run, topic);
    SELECT * INTO rr FROM hredd.risk_run x WHERE x.run_id = r;
    SELECT jsonb_build_object(
               'type', 'FeatureCollection',
               'run', jsonb_build_object('run_id', r, 'as_of', rr.as_of, 'profile', rr.profile, 'version', rr.version,
                                         'topic', risk_geojson.topic),
               'features', coalesce(jsonb_agg(jsonb_build_object(
                   'type', 'Feature',
                   'id', m.facility_ref,
                   'geometry', CASE WHEN m.lat IS NOT NULL AND m.lng IS NOT NULL THEN
                                   jsonb_build_object('type', 'Point', 'coordinates',
                                                      jsonb_build_array(round(m.lng::numeric, 6), round(m.lat::numeric, 6))) END,
                   'properties', jsonb_build_object(
                       'facility_ref', m.facility_ref, 'name', m.name, 'country', m.country::text,
                       'country_name', hredd.country_name(m.country), 'topic', m.topic, 'topic_name', m.topic_name,
                       'priority', round(m.priority::numeric, 4), 'rank', m.rank, 'status', m.status,
                       'actual_topics', to_jsonb(coalesce(m.actual_topics, '{}'::text[])), 'colour', m.colour))
                   ORDER BY m.rank NULLS LAST, m.facility_ref), '[]'::jsonb))
    INTO result
    FROM hredd.risk_map_marks(r, risk_geojson.topic) m;
    RETURN result;
END
$$;
COMMENT ON FUNCTION hredd.risk_geojson(bigint, text) IS 'GeoJSON FeatureCollection of the facilities of a risk run (default the latest finished) with their priority, rank, status and topic (the topic given, or each facility''s highest-priority one), the topics with an actual impact, name, country and map colour; facilities without coordinates have a null geometry';

-- @postgis-end
