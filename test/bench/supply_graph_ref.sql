-- supply_graph_ref.sql — hredd.supply_graph as it was before it became C
-- (commit c7d65bf, src/sql/60-supply.sql), as public.supply_graph_ref: the
-- model the C walk must agree with, row for row and in the same order.
-- Read by test/bench/supply_graph.sh (CHECK_REF=1) and by the regression
-- test sql/supply_graph.sql (client-side, with \i from the checkout's top).

CREATE FUNCTION public.supply_graph_ref(roots text[], direction text DEFAULT 'upstream', as_of date DEFAULT current_date,
                                       max_tier integer DEFAULT 50)
RETURNS TABLE (root text, tier integer, node text, via text, link_id bigint, relation text, stage text, material text,
               origin_country hredd.country, share float8, unknown boolean, label text, path text[])
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    t  integer := 0;
    n  bigint;
    up boolean;
BEGIN
    IF direction NOT IN ('upstream', 'downstream') OR direction IS NULL THEN
        RAISE EXCEPTION 'supply_graph direction must be upstream or downstream, not %', coalesce(direction, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF as_of IS NULL OR max_tier IS NULL OR max_tier < 1 THEN
        RAISE EXCEPTION 'supply_graph needs a date and a max_tier of at least 1' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    up := direction = 'upstream';
    IF to_regclass('pg_temp.supply_walk') IS NOT NULL THEN
        DROP TABLE pg_temp.supply_walk;
    END IF;
    CREATE TEMP TABLE supply_walk (root text COLLATE "C", node text COLLATE "C", tier integer, via text, link_id bigint,
                                   relation text, stage text, material text, origin_country hredd.country, share float8,
                                   path text[], PRIMARY KEY (root, node));
    CREATE INDEX ON pg_temp.supply_walk (tier);
    INSERT INTO pg_temp.supply_walk (root, node, tier, path)
    SELECT DISTINCT r, r, 0, ARRAY[r] FROM unnest(roots) r WHERE r IS NOT NULL;
    LOOP
        EXIT WHEN t >= max_tier;
        t := t + 1;
        -- Two statements, not one with CASE in the join, so each uses its
        -- index.  A node already reached conflicts on the primary key and
        -- is skipped (also when two links reach it in the same tier: the
        -- lowest link_id wins, by the ORDER BY).
        IF up THEN
            INSERT INTO pg_temp.supply_walk
            SELECT DISTINCT ON (w.root, l.supplier_ref) w.root, l.supplier_ref, t, w.node, l.link_id, l.relation, l.stage, l.material, l.origin_country,
                   l.share, w.path || l.supplier_ref::text
            FROM pg_temp.supply_walk w
            JOIN hredd.supply_link l ON l.buyer_ref = w.node
            WHERE w.tier = t - 1 AND l.supplier_ref IS NOT NULL AND l.valid_from <= as_of AND as_of <= l.valid_to
            ORDER BY w.root, l.supplier_ref, l.link_id
            ON CONFLICT DO NOTHING;
        ELSE
            INSERT INTO pg_temp.supply_walk
            SELECT DISTINCT ON (w.root, l.buyer_ref) w.root, l.buyer_ref, t, w.node, l.link_id, l.relation, l.stage, l.material, l.origin_country,
                   l.share, w.path || l.buyer_ref::text
            FROM pg_temp.supply_walk w
            JOIN hredd.supply_link l ON l.supplier_ref = w.node
            WHERE w.tier = t - 1 AND l.valid_from <= as_of AND as_of <= l.valid_to
            ORDER BY w.root, l.buyer_ref, l.link_id
            ON CONFLICT DO NOTHING;
        END IF;
        GET DIAGNOSTICS n = ROW_COUNT;
        EXIT WHEN n = 0;
    END LOOP;

    RETURN QUERY
    SELECT w.root::text, w.tier, w.node::text, w.via, w.link_id, w.relation, w.stage, w.material, w.origin_country,
           w.share, false, w.node::text, w.path
    FROM pg_temp.supply_walk w
    WHERE w.tier > 0;
    IF up THEN
        RETURN QUERY
        SELECT DISTINCT ON (w.root, u.ref)
               w.root::text, w.tier + 1, u.ref, w.node::text, l.link_id, l.relation, l.stage, l.material, l.origin_country,
               l.share, true,
               format('unknown supplier of %s in %s', l.material,
                      coalesce(hredd.country_name(l.origin_country), 'an unknown country')),
               w.path || u.ref
        FROM pg_temp.supply_walk w
        JOIN hredd.supply_link l ON l.buyer_ref = w.node AND l.supplier_ref IS NULL
        CROSS JOIN LATERAL (SELECT hredd.supply_unknown_ref(l.material, l.origin_country) AS ref) u
        WHERE w.tier < max_tier AND l.valid_from <= as_of AND as_of <= l.valid_to
          AND NOT EXISTS (SELECT 1 FROM pg_temp.supply_walk v WHERE v.root = w.root AND v.node = u.ref)
        ORDER BY w.root, u.ref, w.tier, l.link_id;
    END IF;
    DROP TABLE pg_temp.supply_walk;
END
$$;
