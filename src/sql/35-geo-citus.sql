\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 35-geo-citus.sql — user risk layers on a Citus cluster (docs/scaling.md,
-- "Risk layers on the workers").  hredd does not depend on Citus: where it is
-- not installed, or on a node that is no Citus coordinator, these functions
-- find no workers and return no rows.
--
-- zones_at, zones_near and check_location read hredd.risk_layer, risk_zone,
-- risk_zone_part and country_risk where they run: called per row over a
-- distributed table, on the workers, whose copies of these tables hold the
-- shipped layers only.  They cannot be reference tables: risk_zone has
-- triggers (its checks, its subdivided copy), and a reference table cannot
-- be read from inside a query on a shard anyway ("cannot execute a
-- distributed query from a query on a shard").  So the coordinator copies
-- its layers to the workers (risk_layer_sync), whose own triggers check the
-- zones and build the subdivided copy there; risk_layer_on_workers compares.

-- A digest of a layer: its row, its zones and its country-level risks, in a
-- fixed text form (the same on every node that holds the same rows); NULL
-- when the layer does not exist.
CREATE FUNCTION hredd.risk_layer_digest(layer text) RETURNS text
LANGUAGE plpgsql STABLE STRICT
SET search_path = pg_catalog, hredd, pg_temp
SET extra_float_digits = 3 SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC' SET IntervalStyle = 'postgres'
AS $$
DECLARE
    l text;
BEGIN
    SELECT (r.name, r.theme, r.scale, r.source, r.edition, r.licence, r.url, r.description, r.shipped)::text
      INTO l FROM hredd.risk_layer r WHERE r.name = risk_layer_digest.layer;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN md5(l
        || E'\nzones\n' || coalesce((SELECT string_agg(z::text, E'\n' ORDER BY z.zone_id)
                                       FROM hredd.risk_zone z WHERE z.layer = risk_layer_digest.layer), '')
        || E'\ncountry risks\n' || coalesce((SELECT string_agg(c::text, E'\n' ORDER BY c::text)
                                               FROM hredd.country_risk c WHERE c.layer = risk_layer_digest.layer), ''));
END
$$;
COMMENT ON FUNCTION hredd.risk_layer_digest(text) IS 'md5 of a risk layer''s row, zones and country-level risks in a fixed text form (risk_layer_on_workers compares it across a Citus cluster); NULL when the layer does not exist';

-- What each worker holds of risk layers (NULL: the layers not shipped with
-- hredd), compared with this node's.
CREATE FUNCTION hredd.risk_layer_on_workers(layers text[] DEFAULT NULL)
RETURNS TABLE (node text, layer text, status text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, hredd, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    names   text[];
    digests text[];
BEGIN
    PERFORM hredd.risk_layers_known(layers);
    IF NOT hredd.citus_coordinator() THEN
        RETURN;
    END IF;
    SELECT array_agg(r.name ORDER BY r.name), array_agg(hredd.risk_layer_digest(r.name) ORDER BY r.name)
      INTO names, digests
      FROM hredd.risk_layer r
     WHERE CASE WHEN layers IS NULL THEN NOT r.shipped ELSE r.name = ANY (layers) END;
    IF names IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY EXECUTE
        $q$SELECT w.nodename || ':' || w.nodeport, n.layer,
                  CASE WHEN NOT w.success THEN 'error: ' || w.result
                       WHEN d.digest IS NULL THEN 'missing'
                       WHEN d.digest = n.digest THEN 'same' ELSE 'different' END
             FROM pg_catalog.run_command_on_workers($1) w
             CROSS JOIN LATERAL unnest($2, $3) n(layer, digest)
             LEFT JOIN LATERAL (SELECT (CASE WHEN w.success THEN w.result::jsonb END) ->> n.layer AS digest) d ON true
            ORDER BY n.layer, w.nodename, w.nodeport$q$
        USING format('SELECT coalesce(jsonb_object_agg(l, hredd.risk_layer_digest(l)) FILTER (WHERE hredd.risk_layer_digest(l) IS NOT NULL), ''{}'')::text FROM unnest(%L::text[]) l',
                     names),
              names, digests;
END
$$;
COMMENT ON FUNCTION hredd.risk_layer_on_workers(text[]) IS 'per risk layer (NULL: those not shipped with hredd) and worker of a Citus cluster (host:port), whether the worker holds the layer, its zones and country-level risks as this node does: same, different, missing or error: …; no rows where Citus is not installed or this node is no coordinator';

-- Copies risk layers from this node (the Citus coordinator) to every worker:
-- the layer rows, their zones (same zone_id) and country-level risks; with
-- NULL every layer not shipped with hredd, and the workers' own layers this
-- node does not have are deleted there.  One transaction per worker: a
-- failure on one worker leaves the others copied (call it again).
CREATE FUNCTION hredd.risk_layer_sync(layers text[] DEFAULT NULL)
RETURNS TABLE (node text, layer text, status text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, hredd, pg_temp
SET extra_float_digits = 3 SET DateStyle = 'ISO, YMD' SET TimeZone = 'UTC' SET IntervalStyle = 'postgres'
AS $$
#variable_conflict use_column
DECLARE
    names  text[];
    body   text;
    part   text;
BEGIN
    PERFORM hredd.risk_layers_known(layers);
    IF NOT hredd.citus_coordinator() THEN
        RETURN;
    END IF;
    FOREACH part IN ARRAY ARRAY['hredd.risk_layer', 'hredd.risk_zone', 'hredd.risk_zone_part', 'hredd.country_risk'] LOOP
        IF hredd.is_citus_table(part::regclass) THEN
            RAISE EXCEPTION 'risk_layer_sync: % is a Citus table: the zone look-ups on the shards cannot read it', part
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      HINT = 'Keep hredd''s risk tables local tables on every node.';
        END IF;
    END LOOP;
    SELECT array_agg(r.name ORDER BY r.name) INTO names
      FROM hredd.risk_layer r
     WHERE CASE WHEN layers IS NULL THEN NOT r.shipped ELSE r.name = ANY (layers) END;
    names := coalesce(names, '{}');
    -- on the worker, in one transaction: away with the layers' old rows (and,
    -- for all layers, with the layers this node no longer has), in with this
    -- node's; the worker's triggers check the zones and build their parts
    body := format('DELETE FROM hredd.risk_layer l WHERE %s;',
                   CASE WHEN layers IS NULL THEN 'NOT l.shipped' ELSE format('l.name = ANY (%L::text[])', names) END);
    SELECT body || coalesce(string_agg(format(
               'INSERT INTO hredd.risk_layer (name, theme, scale, source, edition, licence, url, description, shipped, loaded_at) VALUES (%L, %L, %L, %L, %L, %L, %L, %L, %L, %L) ON CONFLICT (name) DO UPDATE SET theme = excluded.theme, scale = excluded.scale, source = excluded.source, edition = excluded.edition, licence = excluded.licence, url = excluded.url, description = excluded.description, shipped = excluded.shipped, loaded_at = excluded.loaded_at;',
               r.name, r.theme, r.scale, r.source, r.edition, r.licence, r.url, r.description, r.shipped, r.loaded_at), '' ORDER BY r.name), '')
      INTO body
      FROM hredd.risk_layer r WHERE r.name = ANY (names);
    -- shipped layers named in the list keep their row: their zones and
    -- country-level risks are replaced
    body := body || format('DELETE FROM hredd.risk_zone z WHERE z.layer = ANY (%1$L::text[]); DELETE FROM hredd.country_risk c WHERE c.layer = ANY (%1$L::text[]);', names);
    SELECT body || coalesce('INSERT INTO hredd.risk_zone (zone_id, layer, name, country, severity, level, valid_from, valid_to, properties, geom) VALUES '
                            || string_agg(format('(%s, %L, %L, %L, %L, %L, %L, %L, %L, %L)', z.zone_id, z.layer, z.name, z.country, z.severity,
                                                 z.level, z.valid_from, z.valid_to, z.properties, z.geom), ', ' ORDER BY z.zone_id) || ';', '')
      INTO body
      FROM hredd.risk_zone z WHERE z.layer = ANY (names);
    SELECT body || coalesce('INSERT INTO hredd.country_risk (layer, country, subject, level, severity, valid_from, valid_to, properties) VALUES '
                            || string_agg(format('(%L, %L, %L, %L, %L, %L, %L, %L)', c.layer, c.country, c.subject, c.level, c.severity,
                                                 c.valid_from, c.valid_to, c.properties), ', ') || ';', '')
      INTO body
      FROM hredd.country_risk c WHERE c.layer = ANY (names);
    IF position('$hredd_risk_layer_sync$' IN body) > 0 THEN
        RAISE EXCEPTION 'risk_layer_sync: a layer''s text holds "$hredd_risk_layer_sync$"' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM hredd.citus_copy_to_workers('risk_layer_sync', 'the risk layers',
        'DO $hredd_risk_layer_sync$ BEGIN SET LOCAL search_path = pg_catalog, hredd, pg_temp; '
        || body || ' END $hredd_risk_layer_sync$');
    RETURN QUERY SELECT w.node, w.layer, w.status FROM hredd.risk_layer_on_workers(names) w
                  WHERE cardinality(names) > 0;
END
$$;
COMMENT ON FUNCTION hredd.risk_layer_sync(text[]) IS 'on a Citus coordinator: copies risk layers (NULL: every layer not shipped with hredd, and the workers'' others are deleted) with their zones and country-level risks to every worker, where zones_at, zones_near and check_location read them when they run on the shards, and returns what each worker holds then (risk_layer_on_workers); no rows where Citus is not installed or this node is no coordinator';

-- After a load (load_geojson, load_country_index) on a Citus coordinator the
-- workers get the layer too: zones_at on the shards of a distributed table
-- reads their own hredd.risk_zone and country_risk.  A failure there keeps
-- the load here and says so (a WARNING naming the caller, and what zones_at
-- on the shards misses until the layer is copied: its zones or its rows).
CREATE FUNCTION hredd.risk_layer_sync_after_load(caller text, layer text, missed text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, hredd, pg_temp
AS $$
DECLARE
    sync_msg    text;
    sync_detail text;
BEGIN
    IF NOT hredd.citus_coordinator() THEN
        RETURN;
    END IF;
    BEGIN
        PERFORM hredd.risk_layer_sync(ARRAY[layer]);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS sync_msg = MESSAGE_TEXT, sync_detail = PG_EXCEPTION_DETAIL;
        RAISE WARNING '%: layer "%" is loaded here but not on every Citus worker: %', caller, layer, sync_msg
            USING DETAIL = sync_detail,
                  HINT = format('Copy it with SELECT * FROM hredd.risk_layer_sync(ARRAY[%L]); until then zones_at on the shards misses its %s.', layer, missed);
    END;
END
$$;
COMMENT ON FUNCTION hredd.risk_layer_sync_after_load(text, text, text) IS 'after a load, on a Citus coordinator: copy the layer to the workers, or warn (naming the caller) that it is loaded here only (internal to load_geojson and load_country_index)';
