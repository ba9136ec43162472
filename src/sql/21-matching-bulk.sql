\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 21-matching-bulk.sql — match a whole table against another in batches
-- that commit (restartable), and cluster one table into duplicate groups.

CREATE TABLE hredd.match_run (
    source      regclass NOT NULL,
    target      regclass NOT NULL,
    result      regclass NOT NULL,
    last_key    text,
    rows_done   bigint NOT NULL DEFAULT 0,
    matches     bigint NOT NULL DEFAULT 0,
    started_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    PRIMARY KEY (source, target, result)
);
COMMENT ON TABLE hredd.match_run IS 'progress of hredd.match_table runs: the last source key done, so an interrupted run resumes where it stopped';

CREATE PROCEDURE hredd.match_table(
    source regclass, source_key text, source_facility text,
    target regclass, target_key text, target_facility text,
    result regclass,
    threshold float8 DEFAULT 0.5, top_k int DEFAULT 5, batch_size int DEFAULT 1000,
    restart boolean DEFAULT false)
LANGUAGE plpgsql
-- No SET search_path here: a procedure with a SET clause cannot COMMIT.
-- Every name below is schema-qualified or lives in pg_catalog, which is
-- searched first.
AS $$
DECLARE
    key_type   text;
    run        hredd.match_run;
    batch      bigint;
    found_rows bigint;
    last       text;
    total      bigint;
    col        text;
    rel        regclass;
BEGIN
    IF threshold IS NULL OR threshold < 0 OR threshold > 1 THEN
        RAISE EXCEPTION 'match_table threshold must be between 0 and 1, got %', threshold
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF top_k IS NULL OR top_k < 1 OR batch_size IS NULL OR batch_size < 1 THEN
        RAISE EXCEPTION 'match_table top_k and batch_size must be at least 1'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- every named column must exist, with the right type, before anything is written
    FOR rel, col IN SELECT v.r, v.c FROM (VALUES (source, source_key), (source, source_facility),
                                             (target, target_key), (target, target_facility)) v(r, c)
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = rel AND attname = col
                       AND attnum > 0 AND NOT attisdropped) THEN
            RAISE EXCEPTION 'column "%" does not exist in %', col, rel
                USING ERRCODE = 'undefined_column';
        END IF;
    END LOOP;
    IF (SELECT atttypid FROM pg_attribute WHERE attrelid = source AND attname = source_facility)
           OPERATOR(pg_catalog.<>) 'hredd.facility'::pg_catalog.regtype
       OR (SELECT atttypid FROM pg_attribute WHERE attrelid = target AND attname = target_facility)
           OPERATOR(pg_catalog.<>) 'hredd.facility'::pg_catalog.regtype THEN
        RAISE EXCEPTION 'match_table needs columns of type hredd.facility: %.% and %.%',
            source, source_facility, target, target_facility
            USING ERRCODE = 'datatype_mismatch';
    END IF;
    FOR col IN SELECT unnest(ARRAY['source_key', 'target_key', 'score', 'rank']) LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = result AND attname = col
                       AND attnum > 0 AND NOT attisdropped) THEN
            RAISE EXCEPTION 'result table % has no column "%"', result, col
                USING ERRCODE = 'undefined_column',
                      HINT = 'Create it as (source_key <key type>, target_key <key type>, score float8, rank int, PRIMARY KEY (source_key, target_key)).';
        END IF;
    END LOOP;
    IF NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = result AND i.indisunique
                   AND i.indnkeyatts = 2
                   AND (SELECT array_agg(a.attname::text ORDER BY a.attname)
                          FROM pg_attribute a
                         WHERE a.attrelid = result AND a.attnum = ANY (i.indkey))
                       = ARRAY['source_key', 'target_key']) THEN
        RAISE EXCEPTION 'result table % needs a primary key or unique index on (source_key, target_key)', result
            USING ERRCODE = 'invalid_table_definition',
                  DETAIL = 'It is what makes a resumed run add no duplicates.';
    END IF;

    SELECT format_type(atttypid, atttypmod) INTO key_type
      FROM pg_attribute WHERE attrelid = source AND attname = source_key;

    IF restart THEN
        DELETE FROM hredd.match_run r
         WHERE r.source = match_table.source AND r.target = match_table.target
           AND r.result = match_table.result;
    END IF;
    SELECT * INTO run FROM hredd.match_run r
     WHERE r.source = match_table.source AND r.target = match_table.target
       AND r.result = match_table.result;
    IF NOT FOUND THEN
        INSERT INTO hredd.match_run (source, target, result)
        VALUES (match_table.source, match_table.target, match_table.result)
        RETURNING * INTO run;
    ELSIF run.finished_at IS NOT NULL THEN
        RAISE NOTICE 'match_table: % against % is already complete (% rows, % matches); restart => true runs it again',
            source, target, run.rows_done, run.matches;
        RETURN;
    ELSE
        RAISE NOTICE 'match_table: resuming after key % (% rows done)', run.last_key, run.rows_done;
    END IF;
    last := run.last_key;
    EXECUTE format('SELECT count(*) FROM %s', source) INTO total;
    COMMIT;

    LOOP
        PERFORM set_config('hredd.match_threshold', threshold::text, true);
        EXECUTE format(
            $q$WITH batch AS (
                   SELECT %1$I AS k, %2$I AS fac FROM %3$s
                    WHERE %2$I IS NOT NULL AND ($1 IS NULL OR %1$I OPERATOR(pg_catalog.>) $1::%4$s)
                    ORDER BY %1$I LIMIT $2),
               ins AS (
                   INSERT INTO %5$s (source_key, target_key, score, rank)
                   SELECT b.k, m.k, m.score, m.rank
                     FROM batch b
                     CROSS JOIN LATERAL (
                         SELECT c.k, c.score, row_number() OVER (ORDER BY c.score DESC, c.k) AS rank
                           FROM (SELECT t.%6$I AS k, hredd.match_score(t.%7$I, b.fac) AS score
                                   FROM %8$s t
                                  WHERE t.%7$I OPERATOR(hredd.%%) b.fac) c
                          ORDER BY c.score DESC, c.k
                          LIMIT $3) m
                   ON CONFLICT DO NOTHING
                   RETURNING 1)
             SELECT (SELECT count(*) FROM batch), (SELECT max(k)::text FROM batch),
                    (SELECT count(*) FROM ins)$q$,
            source_key, source_facility, source, key_type, result,
            target_key, target_facility, target)
        INTO batch, last, found_rows
        USING last, batch_size, top_k;
        EXIT WHEN batch = 0;
        UPDATE hredd.match_run r
           SET last_key = last, rows_done = r.rows_done + batch, matches = r.matches + found_rows,
               updated_at = clock_timestamp()
         WHERE r.source = match_table.source AND r.target = match_table.target
           AND r.result = match_table.result
        RETURNING * INTO run;
        RAISE NOTICE 'match_table: % of % source rows, % matches', run.rows_done, total, run.matches;
        COMMIT;
    END LOOP;
    UPDATE hredd.match_run r SET finished_at = clock_timestamp(), updated_at = clock_timestamp()
     WHERE r.source = match_table.source AND r.target = match_table.target
       AND r.result = match_table.result
    RETURNING * INTO run;
    RAISE NOTICE 'match_table: done, % source rows, % matches', run.rows_done, run.matches;
    COMMIT;
END
$$;
COMMENT ON PROCEDURE hredd.match_table(regclass, text, text, regclass, text, text, regclass, float8, int, int, boolean) IS 'match every row of source against target into result (source_key, target_key, score, rank): the top_k candidates scoring >= threshold per source row, in batches that commit, with progress NOTICEs; an interrupted run resumes after its last committed batch (hredd.match_run), without duplicates';

CREATE FUNCTION hredd.cluster_facilities(tbl regclass, key_column text, facility_column text,
                                         threshold float8 DEFAULT 0.5)
RETURNS TABLE (record_key text, cluster_key text, cluster_size int, score_to_centre float8)
LANGUAGE plpgsql
SET search_path = pg_catalog, hredd, pg_temp
AS $$
DECLARE
    changed bigint;
    rounds  int := 0;
BEGIN
    IF threshold IS NULL OR threshold < 0 OR threshold > 1 THEN
        RAISE EXCEPTION 'cluster_facilities threshold must be between 0 and 1, got %', threshold
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = key_column
                   AND attnum > 0 AND NOT attisdropped) THEN
        RAISE EXCEPTION 'column "%" does not exist in %', key_column, tbl USING ERRCODE = 'undefined_column';
    END IF;
    IF (SELECT atttypid FROM pg_attribute WHERE attrelid = tbl AND attname = facility_column
          AND attnum > 0 AND NOT attisdropped) IS DISTINCT FROM 'hredd.facility'::regtype THEN
        RAISE EXCEPTION 'cluster_facilities needs a column of type hredd.facility: %.%', tbl, facility_column
            USING ERRCODE = 'datatype_mismatch';
    END IF;
    PERFORM set_config('hredd.match_threshold', threshold::text, true);

    IF to_regclass('pg_temp.hredd_cl_node') IS NOT NULL THEN
        DROP TABLE pg_temp.hredd_cl_node;
    END IF;
    IF to_regclass('pg_temp.hredd_cl_pair') IS NOT NULL THEN
        DROP TABLE pg_temp.hredd_cl_pair;
    END IF;
    CREATE TEMP TABLE hredd_cl_node (k text PRIMARY KEY, fac hredd.facility, label text,
                                     centre text, settled boolean DEFAULT false);
    CREATE TEMP TABLE hredd_cl_pair (a text, b text, s float8);
    EXECUTE format('INSERT INTO hredd_cl_node (k, fac, label) SELECT %1$I::text, %2$I, %1$I::text FROM %3$s WHERE %2$I IS NOT NULL AND %1$I IS NOT NULL',
                   key_column, facility_column, tbl);
    -- candidate pairs through the table's own index on the facility column, if any
    EXECUTE format('INSERT INTO hredd_cl_pair SELECT x.%1$I::text, y.%1$I::text, hredd.match_score(x.%2$I, y.%2$I)
                      FROM %3$s x JOIN %3$s y ON x.%2$I OPERATOR(hredd.%%) y.%2$I AND x.%1$I::text < y.%1$I::text',
                   key_column, facility_column, tbl);
    CREATE INDEX ON hredd_cl_pair (a);
    CREATE INDEX ON hredd_cl_pair (b);
    ANALYZE hredd_cl_node;
    ANALYZE hredd_cl_pair;

    -- Rounds: connected components over the unsettled records, then the chain
    -- guard: a component keeps only the members that match its centre (the
    -- member with the highest total score to the others); the rest start a
    -- new round among themselves.
    LOOP
        rounds := rounds + 1;
        LOOP
            UPDATE hredd_cl_node n SET label = m.label
              FROM (SELECT p.a AS k, min(o.label) AS label
                      FROM hredd_cl_pair p JOIN hredd_cl_node o ON o.k = p.b AND NOT o.settled
                     GROUP BY p.a
                    UNION ALL
                    SELECT p.b, min(o.label)
                      FROM hredd_cl_pair p JOIN hredd_cl_node o ON o.k = p.a AND NOT o.settled
                     GROUP BY p.b) m
             WHERE n.k = m.k AND NOT n.settled AND m.label < n.label;
            GET DIAGNOSTICS changed = ROW_COUNT;
            EXIT WHEN changed = 0;
        END LOOP;
        UPDATE hredd_cl_node n SET centre = c.centre
          FROM (SELECT DISTINCT ON (label) label, k AS centre
                  FROM (SELECT n2.label, n2.k,
                               coalesce((SELECT sum(p.s) FROM hredd_cl_pair p
                                          JOIN hredd_cl_node o ON o.k = CASE WHEN p.a = n2.k THEN p.b ELSE p.a END
                                         WHERE (p.a = n2.k OR p.b = n2.k) AND o.label = n2.label
                                           AND NOT o.settled), 0) AS total
                          FROM hredd_cl_node n2 WHERE NOT n2.settled) t
                 ORDER BY label, total DESC, k) c
         WHERE n.label = c.label AND NOT n.settled;
        -- members that match their centre are settled; the others go round again
        UPDATE hredd_cl_node n SET settled = true
         WHERE NOT n.settled
           AND (n.k = n.centre
                OR EXISTS (SELECT 1 FROM hredd_cl_pair p
                            WHERE ((p.a = n.k AND p.b = n.centre) OR (p.b = n.k AND p.a = n.centre))
                              AND p.s >= threshold));
        UPDATE hredd_cl_node n SET label = n.k, centre = NULL WHERE NOT n.settled;
        EXIT WHEN NOT EXISTS (SELECT 1 FROM hredd_cl_node WHERE NOT settled) OR rounds >= 20;
    END LOOP;
    UPDATE hredd_cl_node SET centre = k WHERE centre IS NULL;

    RETURN QUERY
        SELECT n.k, n.centre, (count(*) OVER (PARTITION BY n.centre))::int,
               CASE WHEN n.k = n.centre THEN 1.0::float8 ELSE hredd.match_score(n.fac, c.fac) END
          FROM hredd_cl_node n JOIN hredd_cl_node c ON c.k = n.centre
         ORDER BY n.centre, n.k;
    DROP TABLE hredd_cl_node, hredd_cl_pair;
END
$$;
COMMENT ON FUNCTION hredd.cluster_facilities(regclass, text, text, float8) IS 'group the records of one table into duplicate clusters: connected components over pairs scoring >= threshold, guarded against chains (every member of a cluster matches its centre); one row per record with its cluster''s centre key and size';
