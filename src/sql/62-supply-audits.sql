\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 62-supply-audits.sql — consolidated audits: one facility assessed by
-- several schemes (amfori BSCI, SMETA, SA8000, SLCP, Higg, Better Work …)
-- within a window is one body of evidence.  How often and by whom each
-- facility is audited (audit fatigue), per topic whether the schemes agree
-- or conflict, and one consolidated value per facility and topic: agreement
-- raises confidence, never severity; a conflict is flagged (docs/supply_chain.md).
--
-- An assessment is one scheme's observations of one facility on one day
-- (hredd.observation).  Facilities known under different references in
-- different exports are joined through a map table the user names (a
-- reference column and the canonical one: an OS ID, a match_table result).

-- The observations of the window, with the canonical facility reference.
CREATE FUNCTION hredd.audit_observations(as_of date, window_days integer, facility_map regclass, ref_column name,
                                         canonical_column name)
RETURNS TABLE (facility text, facility_ref text, scheme text, topic text, observed_on date, severity float8)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    IF as_of IS NULL OR window_days IS NULL OR window_days < 1 THEN
        RAISE EXCEPTION 'consolidated audits need a date and a window of at least one day' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF facility_map IS NULL THEN
        RETURN QUERY
        SELECT o.facility_ref::text, o.facility_ref::text, o.scheme, o.topic, o.observed_on, o.severity
        FROM hredd.observation o
        WHERE o.observed_on <= as_of AND o.observed_on > as_of - window_days;
        RETURN;
    END IF;
    IF hredd.column_type(facility_map, ref_column) IS NULL OR hredd.column_type(facility_map, canonical_column) IS NULL THEN
        RAISE EXCEPTION 'facility map % needs the columns "%" and "%"', hredd.relation_ref(facility_map),
            coalesce(ref_column, 'NULL'), coalesce(canonical_column, 'NULL') USING ERRCODE = 'undefined_column';
    END IF;
    RETURN QUERY EXECUTE format(
        'SELECT coalesce(m.c, o.facility_ref::text), o.facility_ref::text, o.scheme, o.topic, o.observed_on, o.severity
         FROM hredd.observation o
         LEFT JOIN (SELECT DISTINCT ON (x.%1$I::text) x.%1$I::text AS r, x.%2$I::text AS c FROM %3$s x
                    WHERE x.%2$I IS NOT NULL ORDER BY x.%1$I::text, x.%2$I::text) m ON m.r = o.facility_ref::text
         WHERE o.observed_on <= $1 AND o.observed_on > $1 - $2',
        ref_column, canonical_column, hredd.relation_ref(facility_map))
    USING as_of, window_days;
END
$$;
COMMENT ON FUNCTION hredd.audit_observations(date, integer, regclass, name, name) IS 'the audit observations of the window (as_of - window_days, as_of], each with its canonical facility: the map''s canonical column where the map names the reference, else the reference itself';

-- How often and by whom each facility was assessed in the window.
CREATE FUNCTION hredd.audit_fatigue(as_of date DEFAULT current_date, window_days integer DEFAULT 365,
                                    facility_map regclass DEFAULT NULL, ref_column name DEFAULT 'facility_ref',
                                    canonical_column name DEFAULT 'canonical_ref')
RETURNS TABLE (facility text, assessments integer, schemes text[], scheme_count integer, refs text[],
               first_assessed date, last_assessed date, overlapping boolean)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT a.facility, count(DISTINCT (a.scheme, a.observed_on))::integer,
           array_agg(DISTINCT a.scheme ORDER BY a.scheme), count(DISTINCT a.scheme)::integer,
           array_agg(DISTINCT a.facility_ref ORDER BY a.facility_ref), min(a.observed_on), max(a.observed_on),
           count(DISTINCT a.scheme) > 1
    FROM hredd.audit_observations(as_of, window_days, facility_map, ref_column, canonical_column) a
    GROUP BY a.facility
    ORDER BY 2 DESC, 1;
END
$$;
COMMENT ON FUNCTION hredd.audit_fatigue(date, integer, regclass, name, name) IS 'audit fatigue: per facility, how many assessments (scheme and day) the window holds, by which schemes, under which references, first and last; overlapping = assessed by more than one scheme';

-- Per facility and topic: each scheme's latest finding in the window, and
-- whether they agree.  The consolidated severity is the worst latest
-- finding (never an average); confidence grows with the schemes that agree
-- with it; schemes further apart than tolerance conflict, and say so.
CREATE FUNCTION hredd.audit_consensus(as_of date DEFAULT current_date, window_days integer DEFAULT 365,
                                      facility_map regclass DEFAULT NULL, ref_column name DEFAULT 'facility_ref',
                                      canonical_column name DEFAULT 'canonical_ref', tolerance float8 DEFAULT 0.25)
RETURNS TABLE (facility text, topic text, schemes text[], scheme_severities jsonb, status text,
               consolidated_severity float8, agreeing integer, confidence float8, spread float8)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    IF tolerance IS NULL OR tolerance < 0 OR tolerance > 1 THEN
        RAISE EXCEPTION 'tolerance must be between 0 and 1' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH per_scheme AS (
        -- a scheme's latest day in the window; its worst finding that day
        SELECT DISTINCT ON (a.facility, a.topic, a.scheme) a.facility, a.topic, a.scheme, a.observed_on,
               max(a.severity) OVER (PARTITION BY a.facility, a.topic, a.scheme, a.observed_on) AS severity
        FROM hredd.audit_observations(as_of, window_days, facility_map, ref_column, canonical_column) a
        WHERE a.severity IS NOT NULL
        ORDER BY a.facility, a.topic, a.scheme, a.observed_on DESC
    ), agg AS (
        SELECT p.facility, p.topic, array_agg(p.scheme ORDER BY p.scheme) AS schemes,
               jsonb_object_agg(p.scheme, round(p.severity::numeric, 4)) AS sev,
               max(p.severity) AS worst, min(p.severity) AS best, count(*)::integer AS n
        FROM per_scheme p GROUP BY p.facility, p.topic
    )
    SELECT g.facility, g.topic, g.schemes, g.sev,
           CASE WHEN g.n = 1 THEN 'single' WHEN g.worst - g.best <= tolerance THEN 'agree' ELSE 'conflict' END,
           g.worst,
           (SELECT count(*)::integer FROM per_scheme p
            WHERE p.facility = g.facility AND p.topic = g.topic AND g.worst - p.severity <= tolerance),
           round((1 - 0.5 ^ (SELECT count(*) FROM per_scheme p
                             WHERE p.facility = g.facility AND p.topic = g.topic
                               AND g.worst - p.severity <= tolerance))::numeric, 4)::float8,
           round((g.worst - g.best)::numeric, 4)::float8
    FROM agg g
    ORDER BY (g.worst - g.best > tolerance) DESC, g.worst DESC, g.facility, g.topic;
END
$$;
COMMENT ON FUNCTION hredd.audit_consensus(date, integer, regclass, name, name, float8) IS 'per facility and topic, each scheme''s latest finding in the window and whether the schemes agree (spread within tolerance) or conflict; the consolidated severity is the worst latest finding, confidence 1 - 0.5^k for the k schemes that agree with it: agreement raises confidence, never severity';
