-- supply_osh_load_ref.sql — the Open Supply Hub loader as it was before its
-- field readers became C and its writes a plain INSERT (commit eac968c,
-- src/sql/61-supply-osh.sql): test/bench/supply_osh_load.sh installs these
-- over a fresh hredd in a second database, times the loader with them in the
-- same run, and compares the registry and report rows of both.  Its
-- stage of text fields (osh_stage_create) and load_osh_download filling it
-- are the ones before hredd.osh_read (commit 9f0585e): the loader now
-- reads each record in one C call into a stage of typed values.

CREATE OR REPLACE FUNCTION hredd.osh_workers(t text, OUT workers_min integer, OUT workers_max integer)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    s text := lower(replace(replace(btrim(t), ',', ''), ' ', ''));
    m text[];
BEGIN
    IF s ~ '^[0-9]{1,9}$' THEN
        workers_min := s::integer; workers_max := s::integer;
        RETURN;
    END IF;
    m := regexp_match(s, '^([0-9]{1,9})[-–]([0-9]{1,9})$');
    IF m IS NOT NULL AND m[1]::integer <= m[2]::integer THEN
        workers_min := m[1]::integer; workers_max := m[2]::integer;
        RETURN;
    END IF;
    m := regexp_match(s, '^(<|lessthan|under)([0-9]{1,9})$');
    IF m IS NOT NULL THEN
        workers_min := 0; workers_max := m[2]::integer;
        RETURN;
    END IF;
    m := regexp_match(s, '^(>|morethan|over)([0-9]{1,9})$');
    IF m IS NOT NULL AND m[2]::integer < 2147483647 THEN
        workers_min := m[2]::integer + 1;
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION hredd.osh_flag(t text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    RETURN CASE lower(btrim(t)) WHEN 'true' THEN true WHEN 't' THEN true WHEN 'yes' THEN true WHEN '1' THEN true
                                WHEN 'false' THEN false WHEN 'f' THEN false WHEN 'no' THEN false WHEN '0' THEN false END;
END
$$;

CREATE OR REPLACE FUNCTION hredd.osh_coordinate(t text, bound float8) RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    v float8;
BEGIN
    IF btrim(t) !~ '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]{1,3})?$' THEN
        RETURN NULL;
    END IF;
    v := btrim(t)::float8;
    RETURN CASE WHEN abs(v) <= bound THEN v END;
END
$$;

CREATE OR REPLACE FUNCTION hredd.osh_store(label text, source regclass DEFAULT NULL, OUT loaded bigint, OUT replaced bigint,
                                OUT unchanged bigint, OUT rejected bigint, OUT warnings bigint)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    IF to_regclass('pg_temp.osh_parsed') IS NOT NULL THEN
        DROP TABLE pg_temp.osh_parsed;
    END IF;
    -- every field read in one pass, the stage written anew (an UPDATE per
    -- field group rewrote every row each time); the country in the OS ID
    -- when the record names none
    CREATE TEMP TABLE osh_parsed AS
    SELECT s.ord, s.row_ref, s.record, s.os_id_raw, s.name, s.address, s.country_raw, s.lat_raw, s.lng_raw,
           s.sectors_raw, s.products_raw, s.processing_raw, s.facility_types_raw, s.workers_raw, s.parents_raw,
           s.contributors_raw, s.claim_status, s.closed_raw, x.os_id,
           CASE WHEN s.country_raw IS NULL THEN hredd.os_id_country(x.os_id) ELSE hredd.try_country(s.country_raw) END
             AS country,
           hredd.osh_coordinate(s.lat_raw, 90) AS lat, hredd.osh_coordinate(s.lng_raw, 180) AS lng,
           w.workers_min, w.workers_max, hredd.osh_flag(s.closed_raw) AS is_closed, s.reason, s.detail
    FROM pg_temp.osh_stage s
    CROSS JOIN LATERAL (SELECT hredd.try_os_id(s.os_id_raw) AS os_id) x
    LEFT JOIN LATERAL hredd.osh_workers(s.workers_raw) w ON s.workers_raw IS NOT NULL;
    DROP TABLE pg_temp.osh_stage;
    ALTER TABLE pg_temp.osh_parsed RENAME TO osh_stage;
    -- the planner sees the stage as it is (a temporary table has no statistics until then)
    CREATE INDEX ON pg_temp.osh_stage (os_id);
    ANALYZE pg_temp.osh_stage;

    UPDATE pg_temp.osh_stage s SET (reason, detail) = (SELECT r.reason, r.detail FROM (VALUES
        (1, 'missing_os_id', s.os_id_raw IS NULL, 'The record has no OS ID.'),
        (2, 'invalid_os_id', s.os_id_raw IS NOT NULL AND s.os_id IS NULL,
            format('"%s" is not an OS ID: %s', left(s.os_id_raw, 60), hredd.os_id_error(s.os_id_raw))),
        (3, 'missing_name', s.name IS NULL, 'The record has no name.'),
        (4, 'invalid_country', s.country IS NULL,
            format('"%s" is not a country: %s', left(s.country_raw, 60), hredd.country_error(s.country_raw))),
        (5, 'invalid_coordinates', (s.lat_raw IS NULL) <> (s.lng_raw IS NULL)
                                   OR (s.lat_raw IS NOT NULL AND (s.lat IS NULL OR s.lng IS NULL)),
            format('The coordinates (%s, %s) are not a latitude within 90 and a longitude within 180, both or neither.',
                   coalesce(left(s.lat_raw, 30), 'none'), coalesce(left(s.lng_raw, 30), 'none')))
        ) r(ord, reason, applies, detail) WHERE r.applies ORDER BY r.ord LIMIT 1)
    WHERE s.reason IS NULL    -- a loader may have refused a record already
      -- only records with something wrong (the sentences cost more than the checks)
      AND (s.os_id_raw IS NULL OR s.os_id IS NULL OR s.name IS NULL OR s.country IS NULL
           OR (s.lat_raw IS NULL) <> (s.lng_raw IS NULL) OR (s.lat_raw IS NOT NULL AND (s.lat IS NULL OR s.lng IS NULL)));
    -- one record per OS ID: the first wins, a later different one is reported
    UPDATE pg_temp.osh_stage s SET reason = 'duplicate_os_id',
        detail = format('The OS ID %s is also record %s of the same load.', s.os_id, f.row_ref)
    FROM pg_temp.osh_stage f
    WHERE s.reason IS NULL AND f.reason IS NULL AND f.os_id = s.os_id AND f.ord < s.ord
      AND (f.name, f.address, f.country, f.lat, f.lng) IS DISTINCT FROM (s.name, s.address, s.country, s.lat, s.lng);
    UPDATE pg_temp.osh_stage s SET reason = 'same_as_earlier'
    FROM pg_temp.osh_stage f
    WHERE s.reason IS NULL AND f.reason IS NULL AND f.os_id = s.os_id AND f.ord < s.ord;

    -- a download's records as JSON only where a report shows them (row_ref
    -- is the row's ctid in the source; building every record cost a tenth
    -- of the load)
    IF source IS NOT NULL THEN
        EXECUTE format($q$UPDATE pg_temp.osh_stage s SET record = to_jsonb(d) FROM %s d
            WHERE d.ctid = s.row_ref::tid AND s.record IS NULL
              AND ((s.reason IS NOT NULL AND s.reason <> 'same_as_earlier')
                   OR (s.reason IS NULL
                       AND (concat_ws(chr(10), s.sectors_raw, s.products_raw, s.processing_raw, s.facility_types_raw,
                                      s.parents_raw, s.contributors_raw) ~ '(^|[|\n])[[:space:]]*([|\n]|$)'
                            OR (s.workers_raw IS NOT NULL AND s.workers_min IS NULL AND s.workers_max IS NULL)
                            OR (s.closed_raw IS NOT NULL AND s.is_closed IS NULL))))$q$,
            hredd.relation_ref(source));
    END IF;

    INSERT INTO hredd.osh_report (source, row_ref, record, status, reason, detail)
    SELECT label, s.row_ref, s.record, 'rejected', s.reason, s.detail
    FROM pg_temp.osh_stage s WHERE s.reason IS NOT NULL AND s.reason <> 'same_as_earlier'
      -- a record reported before for the same reason is reported once
      AND NOT EXISTS (SELECT 1 FROM hredd.osh_report x WHERE x.source = label AND x.row_ref = s.row_ref
                      AND x.record = s.record AND x.reason = s.reason)
    ORDER BY s.ord;
    SELECT count(*) INTO rejected FROM pg_temp.osh_stage s WHERE s.reason IS NOT NULL AND s.reason <> 'same_as_earlier';

    -- kept, with a change worth telling
    IF to_regclass('pg_temp.osh_warning') IS NOT NULL THEN
        DROP TABLE pg_temp.osh_warning;
    END IF;
    CREATE TEMP TABLE osh_warning AS
    SELECT s.ord, s.row_ref, s.record, w.reason, w.detail
    FROM pg_temp.osh_stage s
    CROSS JOIN LATERAL (VALUES
        ('empty_items', (SELECT string_agg(format('%s empty item(s) in %s', n, f), ', ')
                         FROM (VALUES ('sector', hredd.osh_empty_items(s.sectors_raw)),
                                      ('product_type', hredd.osh_empty_items(s.products_raw)),
                                      ('processing_type', hredd.osh_empty_items(s.processing_raw)),
                                      ('facility_type', hredd.osh_empty_items(s.facility_types_raw)),
                                      ('parent_company', hredd.osh_empty_items(s.parents_raw)),
                                      ('contributor', hredd.osh_empty_items(s.contributors_raw))) e(f, n)
                         WHERE n > 0) || ' left out.'),
        ('invalid_workers', CASE WHEN s.workers_raw IS NOT NULL AND s.workers_min IS NULL AND s.workers_max IS NULL
                                 THEN format('"%s" is not a number of workers or a band; the band is left empty.',
                                             left(s.workers_raw, 60)) END),
        ('invalid_flag', CASE WHEN s.closed_raw IS NOT NULL AND s.is_closed IS NULL
                              THEN format('"%s" is not a yes/no value for is_closed; it is left empty.',
                                          left(s.closed_raw, 60)) END)
    ) w(reason, detail)
    WHERE s.reason IS NULL AND w.detail IS NOT NULL
      -- only records that may need one: an empty item, an unread band or flag
      AND (concat_ws(chr(10), s.sectors_raw, s.products_raw, s.processing_raw, s.facility_types_raw, s.parents_raw,
                     s.contributors_raw) ~ '(^|[|\n])[[:space:]]*([|\n]|$)'
           OR (s.workers_raw IS NOT NULL AND s.workers_min IS NULL AND s.workers_max IS NULL)
           OR (s.closed_raw IS NOT NULL AND s.is_closed IS NULL));
    SELECT count(*) INTO warnings FROM pg_temp.osh_warning;
    INSERT INTO hredd.osh_report (source, row_ref, record, status, reason, detail)
    SELECT label, w.row_ref, w.record, 'loaded_with_warning', w.reason, w.detail
    FROM pg_temp.osh_warning w
    WHERE NOT EXISTS (SELECT 1 FROM hredd.osh_report x WHERE x.source = label AND x.row_ref = w.row_ref
                      AND x.record = w.record AND x.reason = w.reason)
    ORDER BY w.ord, w.reason;
    DROP TABLE pg_temp.osh_warning;

    -- unchanged: the registry row says the same
    UPDATE pg_temp.osh_stage s SET reason = 'unchanged'
    FROM hredd.osh_location o
    WHERE s.reason IS NULL AND o.os_id = s.os_id
      AND (o.name, o.address, o.country, o.lat, o.lng, o.sectors, o.product_types, o.processing_types, o.facility_types,
           o.workers_min, o.workers_max, o.parent_companies, o.contributors, o.claim_status, o.is_closed)
          IS NOT DISTINCT FROM
          (s.name, s.address, s.country, s.lat, s.lng, hredd.osh_items(s.sectors_raw), hredd.osh_items(s.products_raw),
           hredd.osh_items(s.processing_raw), hredd.osh_items(s.facility_types_raw), s.workers_min, s.workers_max,
           hredd.osh_items(s.parents_raw), hredd.osh_items(s.contributors_raw), s.claim_status, s.is_closed);
    SELECT count(*) INTO unchanged FROM pg_temp.osh_stage s WHERE s.reason IN ('unchanged', 'same_as_earlier');
    SELECT count(*) INTO replaced FROM pg_temp.osh_stage s
    WHERE s.reason IS NULL AND EXISTS (SELECT 1 FROM hredd.osh_location o WHERE o.os_id = s.os_id);

    INSERT INTO hredd.osh_location AS o (os_id, name, address, country, lat, lng, facility, sectors, product_types,
                                         processing_types, facility_types, workers_min, workers_max,
                                         parent_companies, contributors, claim_status, is_closed, source)
    SELECT s.os_id, s.name, s.address, s.country, s.lat, s.lng,
           hredd.facility(s.name, s.address, s.country::text, s.lat, s.lng),
           hredd.osh_items(s.sectors_raw), hredd.osh_items(s.products_raw), hredd.osh_items(s.processing_raw),
           hredd.osh_items(s.facility_types_raw), s.workers_min, s.workers_max, hredd.osh_items(s.parents_raw),
           hredd.osh_items(s.contributors_raw), s.claim_status, s.is_closed, label
    FROM pg_temp.osh_stage s WHERE s.reason IS NULL
    ORDER BY s.ord
    ON CONFLICT (os_id) DO UPDATE SET
        name = excluded.name, address = excluded.address, country = excluded.country, lat = excluded.lat,
        lng = excluded.lng, facility = excluded.facility, sectors = excluded.sectors,
        product_types = excluded.product_types, processing_types = excluded.processing_types,
        facility_types = excluded.facility_types, workers_min = excluded.workers_min,
        workers_max = excluded.workers_max, parent_companies = excluded.parent_companies,
        contributors = excluded.contributors, claim_status = excluded.claim_status, is_closed = excluded.is_closed,
        source = excluded.source, loaded_at = now();
    GET DIAGNOSTICS loaded = ROW_COUNT;
    loaded := loaded - replaced;
END
$$;

-- The stage both loaders fill.
CREATE OR REPLACE FUNCTION hredd.osh_stage_create() RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    IF to_regclass('pg_temp.osh_stage') IS NOT NULL THEN
        DROP TABLE pg_temp.osh_stage;
    END IF;
    CREATE TEMP TABLE osh_stage (
        ord bigint, row_ref text, record jsonb, os_id_raw text, name text, address text, country_raw text,
        lat_raw text, lng_raw text, sectors_raw text, products_raw text, processing_raw text,
        facility_types_raw text, workers_raw text, parents_raw text, contributors_raw text,
        claim_status text, closed_raw text,
        os_id hredd.os_id, country hredd.country, lat float8, lng float8, workers_min integer, workers_max integer,
        is_closed boolean, reason text, detail text);
END
$$;
COMMENT ON FUNCTION hredd.osh_stage_create() IS 'internal to the Open Supply Hub loaders: a fresh temporary stage';

-- A facility download as it comes: COPY the CSV into a table of text
-- columns named by its header, then call this.  Columns are found by their
-- download names (os_id, name, address, country_code or country or
-- country_name, lat, lng, sector, product_type, processing_type,
-- facility_type, number_of_workers, parent_company, contributor,
-- claim_status or has_approved_claim, is_closed); missing ones are empty.
CREATE OR REPLACE FUNCTION hredd.load_osh_download(source regclass, source_label text DEFAULT NULL,
    OUT loaded bigint, OUT replaced bigint, OUT unchanged bigint, OUT rejected bigint, OUT warnings bigint)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    src   text;
    label text;
    n_in  bigint;
    fields text[][] := ARRAY[
        ARRAY['os_id_raw', 'os_id'], ARRAY['name', 'name'], ARRAY['address', 'address'],
        ARRAY['country_raw', 'country_code,country,country_name'], ARRAY['lat_raw', 'lat,latitude'],
        ARRAY['lng_raw', 'lng,lon,longitude'], ARRAY['sectors_raw', 'sector,sectors'],
        ARRAY['products_raw', 'product_type,product_types'],
        ARRAY['processing_raw', 'processing_type,processing_types'],
        ARRAY['facility_types_raw', 'facility_type,facility_types,location_type'],
        ARRAY['workers_raw', 'number_of_workers,workers'], ARRAY['parents_raw', 'parent_company,parent_companies'],
        ARRAY['contributors_raw', 'contributor,contributors'], ARRAY['claim_status', 'claim_status,has_approved_claim'],
        ARRAY['closed_raw', 'is_closed']];
    cols  text := '';
    exprs text := '';
    found text;
BEGIN
    IF source IS NULL THEN
        RAISE EXCEPTION 'load_osh_download needs a table' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    src := hredd.relation_ref(source);
    label := coalesce(source_label, src);
    IF hredd.column_type(source, 'os_id') IS NULL THEN
        RAISE EXCEPTION 'table % has no column "os_id": it is not an Open Supply Hub download', src
            USING ERRCODE = 'undefined_column',
                  HINT = 'COPY the download''s CSV with its header into a table of text columns named as in the header.';
    END IF;
    FOR i IN 1 .. array_length(fields, 1) LOOP
        SELECT c INTO found FROM unnest(string_to_array(fields[i][2], ',')) WITH ORDINALITY u(c, n)
        WHERE hredd.column_type(source, c::name) IS NOT NULL ORDER BY n LIMIT 1;
        cols := cols || ', ' || fields[i][1];
        IF found IS NULL THEN
            exprs := exprs || ', NULL::text';
        ELSIF fields[i][1] = 'claim_status' AND found = 'has_approved_claim' THEN
            exprs := exprs || format(', CASE hredd.osh_flag(s.%I::text) WHEN true THEN %L WHEN false THEN %L END',
                                     found, 'claimed', 'unclaimed');
        ELSE
            exprs := exprs || format(', nullif(btrim(s.%I::text), %L)', found, '');
        END IF;
    END LOOP;
    PERFORM hredd.osh_stage_create();
    EXECUTE format('INSERT INTO pg_temp.osh_stage (ord, row_ref, record%s) '
                   'SELECT row_number() OVER (ORDER BY s.ctid), s.ctid::text, NULL::jsonb%s FROM %s s',
                   cols, exprs, src);
    GET DIAGNOSTICS n_in = ROW_COUNT;
    SELECT * INTO loaded, replaced, unchanged, rejected, warnings FROM hredd.osh_store(label, source);
    DROP TABLE pg_temp.osh_stage;
    RAISE NOTICE 'load_osh_download: % records of %: % new, % replaced, % unchanged, % rejected (% warnings)',
        n_in, src, loaded, replaced, unchanged, rejected, warnings;
END
$$;
COMMENT ON FUNCTION hredd.load_osh_download(regclass, text) IS 'takes an Open Supply Hub facility download (its CSV copied into a table of text columns named by the header; multi-values joined with |) into hredd.osh_location: OS IDs validated, worker bands read, multi-values split; rejected records and changes are reported in hredd.osh_report; returns the counts';
