\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 50-risk.sql — the risk register: the LkSG §5 / CSDDD Art. 8-9 analysis per
-- facility × topic (docs/risk.md).
--
--   profile      every judgement call, versioned; a version used by a run is frozen
--   inherent     likelihood from the layers: country indices, ILAB goods matched
--                to the facility's products, processing stage, risk zones
--   concrete     harmonised audit observations and hredd.evidence move it in
--                log-odds, ageing with a half-life; clean evidence cannot take it
--                below a floor; a grounded grievance or a zero-tolerance finding
--                makes the impact actual
--   severity     scale, scope (workers) and irremediability, shown apart
--   priority     severity^alpha × likelihood^(1 - alpha), ranked within the run
--   confidence   from the concrete evidence within the horizon; a data gap when
--                there is none: unknown is never low
--
-- A run is appended with its as-of date, known-at time, the profile's digest
-- and the editions of the layers it read; its results and their contribution
-- rows are never changed, so a past run can be read, explained and diffed.

-- ---------------------------------------------------------------- profile

CREATE TABLE hredd.risk_profile (
    profile         text NOT NULL CHECK (profile ~ '^[a-z0-9][a-z0-9_.-]*$'),
    version         integer NOT NULL CHECK (version >= 1),
    description     text NOT NULL DEFAULT '',
    combine         text NOT NULL DEFAULT 'noisy_or' CHECK (combine IN ('noisy_or', 'max', 'mean')),
    alpha           float8 NOT NULL DEFAULT 0.67,
    floor_share     float8 NOT NULL DEFAULT 0.5,
    evidence_scale  float8 NOT NULL DEFAULT 2.0,
    horizon_days    integer NOT NULL DEFAULT 1095 CHECK (horizon_days >= 1),
    default_scope   float8 NOT NULL DEFAULT 0.5,
    scope_workers   integer NOT NULL DEFAULT 10000 CHECK (scope_workers >= 2),
    unknown_prior   float8 NOT NULL DEFAULT 0.5,
    rationale       text NOT NULL DEFAULT '',
    shipped         boolean NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL DEFAULT now(),
    frozen_by_run   bigint,
    PRIMARY KEY (profile, version)
);
COMMENT ON TABLE hredd.risk_profile IS 'risk profiles: every judgement call of the analysis, versioned; combine is how layers make inherent likelihood (noisy_or, max, mean), alpha weighs severity against likelihood in the priority, floor_share is the share of inherent likelihood clean evidence cannot go below, evidence_scale the log-odds of one fully reliable fresh adverse finding, horizon_days how long evidence counts, default_scope the scope when workers are unknown, scope_workers the workforce of scope 1, unknown_prior the inherent likelihood where the country is unknown; frozen once a run used it';

CREATE TABLE hredd.risk_profile_topic (
    profile          text NOT NULL,
    version          integer NOT NULL,
    topic            text NOT NULL REFERENCES hredd.topic ON UPDATE CASCADE,
    scale            float8 NOT NULL,
    irremediability  float8 NOT NULL,
    base_likelihood  float8 NOT NULL DEFAULT 0.15,
    rationale        text NOT NULL DEFAULT '',
    PRIMARY KEY (profile, version, topic),
    FOREIGN KEY (profile, version) REFERENCES hredd.risk_profile ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE hredd.risk_profile_topic IS 'the topics a profile assesses, with the severity of an impact on each: scale (how grave for the person) and irremediability (how hard to undo), 0-1; base_likelihood is the inherent likelihood of a facility about which no layer says anything (not zero: no information is not low risk)';

CREATE TABLE hredd.risk_profile_layer (
    profile     text NOT NULL,
    version     integer NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('country', 'goods', 'zone', 'stage')),
    layer       text NOT NULL DEFAULT '',
    topic       text NOT NULL REFERENCES hredd.topic ON UPDATE CASCADE,
    weight      float8 NOT NULL,
    rationale   text NOT NULL DEFAULT '',
    PRIMARY KEY (profile, version, kind, layer, topic),
    FOREIGN KEY (profile, version) REFERENCES hredd.risk_profile ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE hredd.risk_profile_layer IS 'which layer counts for which topic and how much (weight 0-1): country (a country_risk layer, whole-country rows), goods (a country_risk layer of goods, matched to the facility''s products through hredd.product_good), zone (a risk_zone layer), stage (hredd.stage_topic, layer empty)';

CREATE TABLE hredd.risk_profile_evidence (
    profile         text NOT NULL,
    version         integer NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('audit', 'grievance', 'media', 'ngo_report', 'self_assessment',
                                                  'remediation', 'certification', 'worker_voice')),
    reliability     float8 NOT NULL,
    half_life_days  integer NOT NULL CHECK (half_life_days >= 1),
    rationale       text NOT NULL DEFAULT '',
    PRIMARY KEY (profile, version, kind),
    FOREIGN KEY (profile, version) REFERENCES hredd.risk_profile ON UPDATE CASCADE ON DELETE CASCADE
);
COMMENT ON TABLE hredd.risk_profile_evidence IS 'how much each kind of concrete evidence is trusted (reliability 0-1) and how fast it ages (half-life in days); audit is hredd.observation, the others hredd.evidence';

-- Numbers a person decides are checked where they are written: 0-1 and not NaN.
CREATE FUNCTION hredd.risk_profile_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    f     text;
    v     float8;
    run   bigint;
    p     text;
    ver   integer;
BEGIN
    -- a profile version that a run used is frozen, whatever the table
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        p := OLD.profile; ver := OLD.version;
    ELSE
        p := NEW.profile; ver := NEW.version;
    END IF;
    SELECT r.frozen_by_run INTO run FROM hredd.risk_profile r WHERE r.profile = p AND r.version = ver;
    IF run IS NOT NULL THEN
        RAISE EXCEPTION 'risk profile "%" version % was used by run % and cannot change', p, ver, run
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = format('Copy it to a new version: SELECT hredd.risk_profile_copy(%L, %s);', p, ver);
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    IF TG_TABLE_NAME = 'risk_profile' AND (p IS NULL OR p !~ '^[a-z0-9][a-z0-9_.-]*$') THEN
        RAISE EXCEPTION 'risk profile name "%" is not lower-case letters, digits, _ . -', p
            USING ERRCODE = 'check_violation';
    END IF;
    IF TG_TABLE_NAME = 'risk_profile_layer' THEN
        IF (to_jsonb(NEW)->>'kind') NOT IN ('country', 'goods', 'zone', 'stage') THEN
            RAISE EXCEPTION 'unknown layer kind "%" in risk profile "%" version %', to_jsonb(NEW)->>'kind', p, ver
                USING ERRCODE = 'check_violation', HINT = 'The kinds are country, goods, zone and stage.';
        END IF;
    END IF;
    IF TG_TABLE_NAME = 'risk_profile_evidence' THEN
        IF (to_jsonb(NEW)->>'kind') NOT IN ('audit', 'grievance', 'media', 'ngo_report', 'self_assessment',
                                            'remediation', 'certification', 'worker_voice') THEN
            RAISE EXCEPTION 'unknown evidence kind "%" in risk profile "%" version %', to_jsonb(NEW)->>'kind', p, ver
                USING ERRCODE = 'check_violation',
                      HINT = 'The kinds are audit, grievance, media, ngo_report, self_assessment, remediation, certification and worker_voice.';
        END IF;
    END IF;
    FOR f, v IN SELECT e.key, (e.value #>> '{}')::float8 FROM jsonb_each(to_jsonb(NEW)) e
                WHERE e.key IN ('alpha', 'floor_share', 'default_scope', 'unknown_prior', 'scale', 'irremediability',
                                'base_likelihood', 'weight', 'reliability')
    LOOP
        IF v IS NULL OR v = 'NaN' OR v < 0 OR v > 1 THEN
            RAISE EXCEPTION '% % of risk profile "%" version % is outside 0 to 1', f, coalesce(v::text, 'NULL'), p, ver
                USING ERRCODE = 'check_violation';
        END IF;
    END LOOP;
    IF TG_TABLE_NAME = 'risk_profile' THEN
        v := (to_jsonb(NEW)->>'evidence_scale')::float8;
        IF v IS NULL OR v = 'NaN' OR v < 0 OR v > 10 THEN
            RAISE EXCEPTION 'evidence_scale % of risk profile "%" version % is outside 0 to 10', coalesce(v::text, 'NULL'), p, ver
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION hredd.risk_profile_check() IS 'refuses numbers outside 0-1 (or NaN) in a risk profile, and any change to a profile version a run has used';
CREATE TRIGGER risk_profile_check BEFORE INSERT OR UPDATE OR DELETE ON hredd.risk_profile
    FOR EACH ROW EXECUTE FUNCTION hredd.risk_profile_check();
CREATE TRIGGER risk_profile_check BEFORE INSERT OR UPDATE OR DELETE ON hredd.risk_profile_topic
    FOR EACH ROW EXECUTE FUNCTION hredd.risk_profile_check();
CREATE TRIGGER risk_profile_check BEFORE INSERT OR UPDATE OR DELETE ON hredd.risk_profile_layer
    FOR EACH ROW EXECUTE FUNCTION hredd.risk_profile_check();
CREATE TRIGGER risk_profile_check BEFORE INSERT OR UPDATE OR DELETE ON hredd.risk_profile_evidence
    FOR EACH ROW EXECUTE FUNCTION hredd.risk_profile_check();

-- The digest of a profile version: every row of its four tables, in order.
CREATE FUNCTION hredd.risk_profile_digest(profile text, version integer) RETURNS text
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    RETURN md5(concat_ws(E'\n',
        (SELECT concat_ws('|', p.combine, p.alpha, p.floor_share, p.evidence_scale, p.horizon_days,
                          p.default_scope, p.scope_workers, p.unknown_prior)
           FROM hredd.risk_profile p WHERE p.profile = risk_profile_digest.profile AND p.version = risk_profile_digest.version),
        (SELECT string_agg(concat_ws('|', t.topic, t.scale, t.irremediability, t.base_likelihood), ';' ORDER BY t.topic)
           FROM hredd.risk_profile_topic t WHERE t.profile = risk_profile_digest.profile AND t.version = risk_profile_digest.version),
        (SELECT string_agg(concat_ws('|', l.kind, l.layer, l.topic, l.weight), ';' ORDER BY l.kind, l.layer, l.topic)
           FROM hredd.risk_profile_layer l WHERE l.profile = risk_profile_digest.profile AND l.version = risk_profile_digest.version),
        (SELECT string_agg(concat_ws('|', e.kind, e.reliability, e.half_life_days), ';' ORDER BY e.kind)
           FROM hredd.risk_profile_evidence e WHERE e.profile = risk_profile_digest.profile AND e.version = risk_profile_digest.version)));
END
$$;
COMMENT ON FUNCTION hredd.risk_profile_digest(text, integer) IS 'md5 of every number of a risk profile version: two runs with the same digest used the same judgement calls';

-- A new version of a profile, a copy of an old one, to change.
CREATE FUNCTION hredd.risk_profile_copy(profile text, from_version integer, to_version integer DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    v integer;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM hredd.risk_profile p WHERE p.profile = risk_profile_copy.profile
                   AND p.version = from_version) THEN
        RAISE EXCEPTION 'unknown risk profile "%" version %', profile, from_version
            USING ERRCODE = 'undefined_object';
    END IF;
    v := coalesce(to_version, (SELECT max(p.version) + 1 FROM hredd.risk_profile p WHERE p.profile = risk_profile_copy.profile));
    INSERT INTO hredd.risk_profile (profile, version, description, combine, alpha, floor_share, evidence_scale,
                                    horizon_days, default_scope, scope_workers, unknown_prior, rationale)
    SELECT p.profile, v, p.description, p.combine, p.alpha, p.floor_share, p.evidence_scale, p.horizon_days,
           p.default_scope, p.scope_workers, p.unknown_prior, p.rationale
    FROM hredd.risk_profile p WHERE p.profile = risk_profile_copy.profile AND p.version = from_version;
    INSERT INTO hredd.risk_profile_topic (profile, version, topic, scale, irremediability, base_likelihood, rationale)
    SELECT t.profile, v, t.topic, t.scale, t.irremediability, t.base_likelihood, t.rationale FROM hredd.risk_profile_topic t
    WHERE t.profile = risk_profile_copy.profile AND t.version = from_version;
    INSERT INTO hredd.risk_profile_layer (profile, version, kind, layer, topic, weight, rationale)
    SELECT l.profile, v, l.kind, l.layer, l.topic, l.weight, l.rationale FROM hredd.risk_profile_layer l
    WHERE l.profile = risk_profile_copy.profile AND l.version = from_version;
    INSERT INTO hredd.risk_profile_evidence (profile, version, kind, reliability, half_life_days, rationale)
    SELECT e.profile, v, e.kind, e.reliability, e.half_life_days, e.rationale FROM hredd.risk_profile_evidence e
    WHERE e.profile = risk_profile_copy.profile AND e.version = from_version;
    RETURN v;
END
$$;
COMMENT ON FUNCTION hredd.risk_profile_copy(text, integer, integer) IS 'copies a risk profile version to a new version (the next free one by default) that can be changed; returns the new version';

-- ---------------------------------------------------------------- reference tables

CREATE TABLE hredd.product_good (
    term     text NOT NULL CHECK (term = lower(term) AND term <> ''),
    good     text NOT NULL,
    source   text NOT NULL,
    shipped  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (term, good)
);
COMMENT ON TABLE hredd.product_good IS 'words of a facility''s products and processing types (lower case, matched as whole words) -> the goods of a goods layer (ILAB List of Goods names)';

CREATE TABLE hredd.good_level_topic (
    level    text NOT NULL,
    topic    text NOT NULL REFERENCES hredd.topic ON UPDATE CASCADE,
    source   text NOT NULL,
    shipped  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (level, topic)
);
COMMENT ON TABLE hredd.good_level_topic IS 'the finding of a goods layer (its level: child labour, forced labour …) -> the topics it is evidence for';

CREATE TABLE hredd.processing_stage (
    term     text NOT NULL CHECK (term = lower(term) AND term <> ''),
    stage    text NOT NULL,
    source   text NOT NULL,
    shipped  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (term, stage)
);
COMMENT ON TABLE hredd.processing_stage IS 'words of a facility''s products and processing types -> the processing stage (raw_material, yarn, fabric, wet_processing, cut_make_trim, tannery …)';

CREATE TABLE hredd.stage_topic (
    stage    text NOT NULL,
    topic    text NOT NULL REFERENCES hredd.topic ON UPDATE CASCADE,
    severity float8 NOT NULL CHECK (severity >= 0 AND severity <= 1),
    source   text NOT NULL,
    shipped  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (stage, topic)
);
COMMENT ON TABLE hredd.stage_topic IS 'how strongly a processing stage is associated with a topic''s risks (0-1), derived from sector guidance';

SELECT pg_catalog.pg_extension_config_dump('hredd.product_good', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('hredd.good_level_topic', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('hredd.processing_stage', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('hredd.stage_topic', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('hredd.risk_profile', 'WHERE NOT shipped');
-- profile child rows of shipped profiles come back with the extension
SELECT pg_catalog.pg_extension_config_dump('hredd.risk_profile_topic',
    'WHERE (profile, version) NOT IN (SELECT p.profile, p.version FROM hredd.risk_profile p WHERE p.shipped)');
SELECT pg_catalog.pg_extension_config_dump('hredd.risk_profile_layer',
    'WHERE (profile, version) NOT IN (SELECT p.profile, p.version FROM hredd.risk_profile p WHERE p.shipped)');
SELECT pg_catalog.pg_extension_config_dump('hredd.risk_profile_evidence',
    'WHERE (profile, version) NOT IN (SELECT p.profile, p.version FROM hredd.risk_profile p WHERE p.shipped)');

-- ---------------------------------------------------------------- evidence

CREATE TABLE hredd.evidence (
    evidence_id   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    facility_ref  text COLLATE "C" NOT NULL,
    topic         text NOT NULL REFERENCES hredd.topic ON UPDATE CASCADE,
    kind          text NOT NULL,
    status        text NOT NULL DEFAULT 'received',
    polarity      text NOT NULL DEFAULT 'adverse',
    severity      float8 NOT NULL DEFAULT 1,
    observed_on   date NOT NULL,
    reported_at   timestamptz NOT NULL DEFAULT now(),
    source        text NOT NULL,
    url           text,
    detail        text,
    entered_by    name NOT NULL DEFAULT current_user,
    -- grievances as platforms keep them (issue 14; added in 0.2.0, hence last)
    case_ref           text,
    channel            text,
    received_on        date,
    resolved_on        date,
    workers_concerned  integer,
    anonymous          boolean
);
COMMENT ON TABLE hredd.evidence IS 'concrete evidence other than audits: grievances, media and NGO reports, self-assessments, remediation records, certifications, worker-voice surveys; status received / admissible / grounded / not_grounded / resolved; polarity adverse (raises likelihood) or positive (lowers it, never below the floor); observed_on is when it happened, reported_at when it became known (the run''s known_at reads only what was known); a grievance platform''s case number, channel, received and resolved dates, workers concerned and anonymity are kept as written (docs/supply_chain.md)';
CREATE INDEX evidence_facility_idx ON hredd.evidence (facility_ref, topic);
CREATE INDEX evidence_reported_idx ON hredd.evidence (reported_at);
-- (after the others: an upgrade from 0.1.0 adds it last)
CREATE UNIQUE INDEX evidence_case_idx ON hredd.evidence (source, case_ref, topic) WHERE case_ref IS NOT NULL;
SELECT pg_catalog.pg_extension_config_dump('hredd.evidence', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.evidence_evidence_id_seq', '');

CREATE FUNCTION hredd.evidence_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    IF NEW.kind NOT IN ('grievance', 'media', 'ngo_report', 'self_assessment', 'remediation', 'certification', 'worker_voice') THEN
        RAISE EXCEPTION 'unknown evidence kind "%" for facility "%"', NEW.kind, NEW.facility_ref
            USING ERRCODE = 'check_violation',
                  HINT = 'The kinds are grievance, media, ngo_report, self_assessment, remediation, certification and worker_voice; audits come in through hredd.harmonize.';
    END IF;
    IF NEW.status NOT IN ('received', 'admissible', 'grounded', 'not_grounded', 'resolved') THEN
        RAISE EXCEPTION 'unknown evidence status "%" for facility "%"', NEW.status, NEW.facility_ref
            USING ERRCODE = 'check_violation',
                  HINT = 'The statuses are received, admissible, grounded, not_grounded and resolved.';
    END IF;
    IF NEW.polarity NOT IN ('adverse', 'positive') THEN
        RAISE EXCEPTION 'evidence polarity must be adverse or positive, not "%"', NEW.polarity
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.severity IS NULL OR NEW.severity = 'NaN' OR NEW.severity < 0 OR NEW.severity > 1 THEN
        RAISE EXCEPTION 'evidence severity % for facility "%" is outside 0 to 1', NEW.severity, NEW.facility_ref
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.observed_on > NEW.reported_at::date THEN
        RAISE EXCEPTION 'evidence for facility "%" is dated %, after it was reported (%)', NEW.facility_ref,
            NEW.observed_on, NEW.reported_at::date
            USING ERRCODE = 'check_violation',
                  DETAIL = 'observed_on is when it happened; it cannot lie in the future of the report.';
    END IF;
    IF btrim(NEW.facility_ref) = '' THEN
        RAISE EXCEPTION 'evidence needs a facility reference' USING ERRCODE = 'check_violation';
    END IF;
    -- a grievance platform's fields (blank text is no value)
    NEW.case_ref := nullif(btrim(NEW.case_ref), '');
    NEW.channel := nullif(btrim(NEW.channel), '');
    IF NEW.workers_concerned < 0 THEN
        RAISE EXCEPTION 'evidence for facility "%" concerns % workers: the count cannot be negative', NEW.facility_ref,
            NEW.workers_concerned USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.received_on < NEW.observed_on THEN
        RAISE EXCEPTION 'evidence for facility "%" was received on %, before what it reports happened (%)', NEW.facility_ref,
            NEW.received_on, NEW.observed_on
            USING ERRCODE = 'check_violation',
                  DETAIL = 'observed_on is when it happened (the incident), received_on when the channel received it.';
    END IF;
    IF NEW.received_on > NEW.reported_at::date THEN
        RAISE EXCEPTION 'evidence for facility "%" was received on %, after it was reported (%)', NEW.facility_ref,
            NEW.received_on, NEW.reported_at::date USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.resolved_on < coalesce(NEW.received_on, NEW.observed_on) THEN
        RAISE EXCEPTION 'evidence for facility "%" was resolved on %, before it was received (%)', NEW.facility_ref,
            NEW.resolved_on, coalesce(NEW.received_on, NEW.observed_on) USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION hredd.evidence_check() IS 'refuses evidence of an unknown kind, status or polarity, a severity outside 0-1, a date after it was reported, or no facility; for grievances, a negative count of workers concerned and received or resolved dates out of order';
CREATE TRIGGER evidence_check BEFORE INSERT OR UPDATE ON hredd.evidence
    FOR EACH ROW EXECUTE FUNCTION hredd.evidence_check();

-- Quarantine for bulk intake: rows of a user's table that are not evidence.
CREATE TABLE hredd.evidence_rejected (
    rejected_id  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    source       text NOT NULL,
    reason       text NOT NULL,
    detail       text NOT NULL,
    raw          jsonb NOT NULL,
    rejected_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE hredd.evidence_rejected IS 'rows hredd.load_evidence could not take, with the reason and the whole row';
SELECT pg_catalog.pg_extension_config_dump('hredd.evidence_rejected', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.evidence_rejected_rejected_id_seq', '');

-- A grievance platform's word for where a case stands, as one of the five
-- statuses of hredd.evidence (case and blanks ignored).
CREATE FUNCTION hredd.grievance_status(t text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    w text := btrim(regexp_replace(lower(t), '[^[:alpha:]]+', ' ', 'g'));
    r text;
BEGIN
    IF t IS NULL THEN
        RETURN NULL;
    END IF;
    r := CASE
        WHEN w IN ('received', 'new', 'open', 'opened', 'submitted', 'registered', 'pending', 'logged') THEN 'received'
        WHEN w IN ('admissible', 'accepted', 'admitted', 'in progress', 'under investigation', 'investigating',
                   'under review', 'in review', 'eligible') THEN 'admissible'
        WHEN w IN ('grounded', 'substantiated', 'confirmed', 'upheld', 'justified', 'founded', 'verified',
                   'partially substantiated') THEN 'grounded'
        WHEN w IN ('not grounded', 'unsubstantiated', 'not substantiated', 'unfounded', 'not upheld', 'dismissed',
                   'rejected', 'inadmissible', 'not admissible', 'unjustified') THEN 'not_grounded'
        WHEN w IN ('resolved', 'remediated', 'closed resolved', 'resolved closed', 'closed remediated') THEN 'resolved'
    END;
    IF r IS NULL THEN
        RAISE EXCEPTION 'unknown grievance status "%"', t
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Known: received (new, open, submitted, pending), admissible (accepted, under investigation, in progress), grounded (substantiated, confirmed, upheld), not_grounded (unsubstantiated, unfounded, dismissed, rejected), resolved (remediated, closed - resolved). A plain "closed" says neither: map it in the query.';
    END IF;
    RETURN r;
END
$$;
COMMENT ON FUNCTION hredd.grievance_status(text) IS 'a grievance platform''s word for a case''s stage (open, under investigation, substantiated, unfounded, remediated …) as a status of hredd.evidence: received, admissible, grounded, not_grounded or resolved; an unknown word is an error';

-- Bulk intake: every row of a table with the columns of hredd.evidence
-- (facility_ref, topic, kind, observed_on, source; status, polarity,
-- severity, reported_at, url, detail optional; for grievances also case_ref,
-- channel, received_on, resolved_on, workers_concerned, anonymous) becomes
-- evidence or a reject.  A case (source, case_ref, topic) already taken is
-- not taken twice.
CREATE FUNCTION hredd.load_evidence(source regclass, OUT loaded bigint, OUT rejected bigint)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    j     jsonb;
    src   text := hredd.relation_ref(source);
    cols  text;
    reason text;
    prior hredd.evidence;
BEGIN
    loaded := 0; rejected := 0;
    FOREACH cols IN ARRAY ARRAY['facility_ref', 'topic', 'kind', 'observed_on', 'source'] LOOP
        PERFORM hredd.require_column(load_evidence.source, cols::name,
            hint => 'load_evidence reads facility_ref, topic, kind, observed_on and source, and status, polarity, severity, reported_at, url, detail, case_ref, channel, received_on, resolved_on, workers_concerned and anonymous when present.');
    END LOOP;
    FOR j IN EXECUTE format('SELECT to_jsonb(s) FROM %s s', src) LOOP
        BEGIN
            SELECT * INTO prior FROM hredd.evidence e
            WHERE e.source = j->>'source' AND e.case_ref = nullif(btrim(j->>'case_ref'), '') AND e.topic = j->>'topic';
            IF FOUND THEN
                RAISE EXCEPTION 'case "%" of "%" on topic % is already evidence %', prior.case_ref, prior.source, prior.topic,
                    prior.evidence_id USING ERRCODE = 'unique_violation';
            END IF;
            IF j->>'topic' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM hredd.topic t WHERE t.code = j->>'topic') THEN
                RAISE EXCEPTION 'unknown topic "%" for facility "%"', j->>'topic', j->>'facility_ref'
                    USING ERRCODE = 'foreign_key_violation';
            END IF;
            INSERT INTO hredd.evidence (facility_ref, topic, kind, status, polarity, severity, observed_on,
                                        reported_at, source, url, detail, case_ref, channel, received_on, resolved_on,
                                        workers_concerned, anonymous)
            VALUES (j->>'facility_ref', j->>'topic', j->>'kind', coalesce(j->>'status', 'received'),
                    coalesce(j->>'polarity', 'adverse'), coalesce((j->>'severity')::float8, 1),
                    (j->>'observed_on')::date, coalesce((j->>'reported_at')::timestamptz, now()),
                    j->>'source', j->>'url', j->>'detail', j->>'case_ref', j->>'channel',
                    (j->>'received_on')::date, (j->>'resolved_on')::date, (j->>'workers_concerned')::integer,
                    (j->>'anonymous')::boolean);
            loaded := loaded + 1;
        EXCEPTION WHEN check_violation OR not_null_violation OR foreign_key_violation OR unique_violation
                       OR invalid_text_representation OR datetime_field_overflow OR invalid_datetime_format
                       OR numeric_value_out_of_range THEN
            GET STACKED DIAGNOSTICS reason = MESSAGE_TEXT;
            INSERT INTO hredd.evidence_rejected (source, reason, detail, raw)
            VALUES (src, CASE WHEN SQLSTATE = '23503' THEN 'unknown_topic'
                              WHEN SQLSTATE = '23502' THEN 'missing_field'
                              WHEN SQLSTATE = '23505' THEN 'duplicate_case'
                              WHEN reason LIKE 'unknown evidence kind%' THEN 'unknown_kind'
                              WHEN reason LIKE '%after it was reported%' THEN 'future_date'
                              WHEN reason LIKE '%before it was received%' OR reason LIKE '%before what it reports happened%'
                                   THEN 'dates_out_of_order'
                              ELSE 'invalid_value' END, reason, j);
            rejected := rejected + 1;
        END;
    END LOOP;
END
$$;
COMMENT ON FUNCTION hredd.load_evidence(regclass) IS 'takes every row of a table into hredd.evidence, or into hredd.evidence_rejected with a reason (unknown_kind, unknown_topic, future_date, dates_out_of_order, duplicate_case, missing_field, invalid_value); reads a grievance platform''s case_ref, channel, received_on, resolved_on, workers_concerned and anonymous when present; returns both counts';

-- ---------------------------------------------------------------- runs and results

CREATE TABLE hredd.risk_run (
    run_id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    profile         text NOT NULL,
    version         integer NOT NULL,
    profile_digest  text NOT NULL,
    as_of           date NOT NULL,
    known_at        timestamptz NOT NULL,
    facilities      text NOT NULL,
    arguments       jsonb NOT NULL,
    layer_editions  jsonb NOT NULL,
    facility_count  bigint,
    result_count    bigint,
    replay_of       bigint,
    run_by          name NOT NULL DEFAULT current_user,
    started_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at     timestamptz,
    -- the topics assessed, in the order of the per-topic arrays of
    -- hredd.risk_run_facility, with their scale and irremediability
    topics          text[],
    topic_scale     float8[],
    topic_irremediability float8[]
);
COMMENT ON TABLE hredd.risk_run IS 'one row per hredd.assess_risk call: as_of (the day assessed), known_at (only what was known then is read), the profile version and its digest, the facility table and arguments, the editions of the layers used; append-only';

-- No foreign key to risk_run on the per-row tables: assess_risk writes the run
-- first in the same transaction, and runs are never deleted (the append-only
-- trigger); the key's check per row cost 10 s of a 2 M-row run.
--
-- One row per run and facility: the facility as it was read, and its results
-- for every topic of the run as arrays in the order of risk_run.topics.  A
-- row per facility × topic cost more to write than the whole analysis (20
-- topics: 20 heap tuples and 40 index entries where this is one and one);
-- hredd.risk_result reads them as rows.
CREATE TABLE hredd.risk_run_facility (
    run_id        bigint NOT NULL,
    facility_ref  text COLLATE "C" NOT NULL,
    name          text,
    country       hredd.country,
    lat           float8,
    lng           float8,
    products      text,
    stages        text[],
    workers       integer,
    tier          integer,
    spend_share   float8,
    match_score   float8,
    -- the distinct products text of the run this facility shares with others
    -- (hredd.risk_contribution_shared keys on it); 0 without products
    products_key  integer NOT NULL DEFAULT 0,
    scope                float8,
    inherent_likelihood  float8[],
    likelihood           float8[],
    priority             float8[],
    rank                 integer[],
    actual               boolean[],
    confidence           float8[],
    gap_bits             smallint[],
    evidence_count       integer[],
    evidence_shift       float8[],
    upstream_priority    float8[],
    -- per topic audited by more than one scheme: agree or conflict (NULL
    -- otherwise; the whole array NULL when no topic was); added in 0.2.0
    audit_consensus      text[],
    PRIMARY KEY (run_id, facility_ref)
) WITH (toast_tuple_target = 8160);
COMMENT ON TABLE hredd.risk_run_facility IS 'per run and facility: the facility as it was read then (the user''s table is never copied otherwise), and its results for each topic of the run as arrays in the order of risk_run.topics; read the results through hredd.risk_result';

-- The data gaps of a result are bits (risk_run_facility.gap_bits); their
-- names, for each of the 64 combinations, are looked up here.
CREATE TABLE hredd.risk_gap_set (
    bits      smallint PRIMARY KEY CHECK (bits BETWEEN 0 AND 63),
    gaps      text[] NOT NULL,
    gap_text  text NOT NULL
);
INSERT INTO hredd.risk_gap_set (bits, gaps, gap_text)
SELECT b, coalesce(n.names, '{}'), coalesce(array_to_string(n.names, ', '), '')
FROM generate_series(0, 63) b
CROSS JOIN LATERAL (SELECT array_agg(g.name ORDER BY g.i) AS names
                    FROM unnest(ARRAY['no_evidence', 'no_country', 'no_location', 'no_products', 'no_workers',
                                      'uncertain_match']) WITH ORDINALITY g(name, i)
                    WHERE b & (1 << (g.i::integer - 1)) <> 0) n;
COMMENT ON TABLE hredd.risk_gap_set IS 'the names of the data gaps for each value of risk_run_facility.gap_bits: 1 no_evidence, 2 no_country, 4 no_location, 8 no_products, 16 no_workers, 32 uncertain_match';

-- Per run, facility and topic: one row each, as a table of results reads.
CREATE VIEW hredd.risk_result AS
SELECT f.run_id, f.facility_ref, r.topics[i] AS topic, f.inherent_likelihood[i] AS inherent_likelihood,
       f.likelihood[i] AS likelihood, r.topic_scale[i] AS scale, f.scope, r.topic_irremediability[i] AS irremediability,
       (r.topic_scale[i] + f.scope + r.topic_irremediability[i]) / 3 AS severity, f.priority[i] AS priority,
       f.rank[i] AS rank, CASE WHEN f.actual[i] THEN 'actual' ELSE 'potential' END AS status,
       f.confidence[i] AS confidence, f.gap_bits[i] & 3 <> 0 AS data_gap,
       g.gaps,
       f.evidence_count[i] AS evidence_count, f.evidence_shift[i] AS evidence_shift,
       f.upstream_priority[i] AS upstream_priority
FROM hredd.risk_run r
JOIN hredd.risk_run_facility f ON f.run_id = r.run_id
-- by position: unnest() of thirteen arrays cost five times as much
CROSS JOIN LATERAL generate_series(1, cardinality(r.topics)) i
JOIN hredd.risk_gap_set g ON g.bits = f.gap_bits[i];
COMMENT ON VIEW hredd.risk_result IS 'per run, facility and topic: inherent likelihood, likelihood after evidence, severity and its parts, priority = severity^alpha * likelihood^(1-alpha), rank in the run, actual or potential, confidence, data gap and its reasons, the evidence''s shift in log-odds; append-only';

-- Every number behind a result is a contribution.  Those of one facility
-- (its zones, its evidence, the rules that applied to it) are kept per
-- facility ...
CREATE TABLE hredd.risk_contribution_facility (
    run_id        bigint NOT NULL,
    facility_ref  text COLLATE "C" NOT NULL,
    topic         text NOT NULL,
    kind          text NOT NULL,
    layer         text NOT NULL DEFAULT '',
    subject       text NOT NULL DEFAULT '',
    value         float8,
    weight        float8,
    effect        float8,
    source_row    jsonb NOT NULL DEFAULT '{}'
);
COMMENT ON TABLE hredd.risk_contribution_facility IS 'the contributions that belong to one facility: its risk zones, its concrete evidence (audit, grievance …: the shift in log-odds) and the rules that applied (floor, actual); read them through hredd.risk_contribution';
CREATE INDEX risk_contribution_facility_idx ON hredd.risk_contribution_facility (run_id, facility_ref, topic);

-- ... and those that every facility of a country (country indices), of a
-- country and products text (listed goods) or of a processing stage shares,
-- written once per run and key instead of once per facility: at 20,000
-- facilities they were 80 % of the rows written.
CREATE TABLE hredd.risk_contribution_shared (
    run_id        bigint NOT NULL,
    country       text COLLATE "C" NOT NULL DEFAULT '',   -- '' for every country
    products_key  integer NOT NULL DEFAULT 0,             -- 0 for any products
    topic         text NOT NULL,
    kind          text NOT NULL,
    layer         text NOT NULL DEFAULT '',
    subject       text NOT NULL DEFAULT '',
    value         float8,
    weight        float8,
    effect        float8,
    source_row    jsonb NOT NULL DEFAULT '{}',
    CHECK (CASE kind WHEN 'country' THEN country <> '' AND products_key = 0
                     WHEN 'goods' THEN country <> '' AND products_key <> 0
                     WHEN 'stage' THEN country = '' AND products_key = 0 AND subject <> '' END)
);
COMMENT ON TABLE hredd.risk_contribution_shared IS 'the contributions every facility of a run shares with the others of its country (country indices), of its country and products text (listed goods) or with the others in a processing stage (subject), written once per run and key; read them through hredd.risk_contribution';
CREATE INDEX risk_contribution_shared_idx ON hredd.risk_contribution_shared (run_id, country, products_key);

-- ... and both read as one: per facility, its own rows, the shared rows of its
-- country and of its country and products text, and those of its stages.
CREATE VIEW hredd.risk_contribution AS
SELECT c.run_id, c.facility_ref, c.topic, c.kind, c.layer, c.subject, c.value, c.weight, c.effect, c.source_row
FROM hredd.risk_contribution_facility c
UNION ALL
SELECT s.run_id, f.facility_ref, s.topic, s.kind, s.layer, s.subject, s.value, s.weight, s.effect, s.source_row
FROM hredd.risk_run_facility f
JOIN hredd.risk_contribution_shared s
  ON s.run_id = f.run_id AND s.country = f.country::text AND s.products_key = ANY (ARRAY[0, f.products_key])
UNION ALL
SELECT s.run_id, f.facility_ref, s.topic, s.kind, s.layer, s.subject, s.value, s.weight, s.effect, s.source_row
FROM hredd.risk_run_facility f
JOIN hredd.risk_contribution_shared s
  ON s.run_id = f.run_id AND s.country = '' AND s.products_key = 0 AND s.subject = ANY (f.stages);
COMMENT ON VIEW hredd.risk_contribution IS 'every number behind a result, per run, facility and topic: inherent layers (country, goods, zone, stage: value × weight), concrete evidence (audit, grievance …: its shift in log-odds), and the rules that applied (floor, actual); source_row names the row it came from';

CREATE TABLE hredd.risk_decision (
    decision_id   bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    run_id        bigint NOT NULL REFERENCES hredd.risk_run,
    facility_ref  text COLLATE "C" NOT NULL,
    topic         text NOT NULL,
    decision      text NOT NULL CHECK (decision IN ('prioritise', 'defer', 'remediate', 'disengage', 'monitor', 'accept')),
    rationale     text NOT NULL CHECK (length(btrim(rationale)) >= 10),
    decided_by    name NOT NULL DEFAULT current_user,
    decided_at    timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (run_id, facility_ref) REFERENCES hredd.risk_run_facility
);
CREATE FUNCTION hredd.risk_decision_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    IF NEW.decision IS NULL OR NEW.decision NOT IN ('prioritise', 'defer', 'remediate', 'disengage', 'monitor', 'accept') THEN
        RAISE EXCEPTION 'unknown decision "%" for facility "%" and topic %', NEW.decision, NEW.facility_ref, NEW.topic
            USING ERRCODE = 'check_violation',
                  HINT = 'The decisions are prioritise, defer, remediate, disengage, monitor and accept.';
    END IF;
    IF NEW.rationale IS NULL OR length(btrim(NEW.rationale)) < 10 THEN
        RAISE EXCEPTION 'the decision "%" for facility "%" and topic % needs a rationale of at least 10 characters',
            NEW.decision, NEW.facility_ref, NEW.topic
            USING ERRCODE = 'check_violation',
                  DETAIL = 'LkSG §10 and CSDDD Art. 9 ask the company to document why it prioritised as it did.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM hredd.risk_run_facility f JOIN hredd.risk_run r ON r.run_id = f.run_id
                   WHERE f.run_id = NEW.run_id AND f.facility_ref = NEW.facility_ref AND NEW.topic = ANY (r.topics)) THEN
        RAISE EXCEPTION 'risk run % has no result for facility "%" and topic %', NEW.run_id, NEW.facility_ref, NEW.topic
            USING ERRCODE = 'foreign_key_violation',
                  HINT = 'A decision is tied to a result the person saw: see hredd.risk_register or hredd.risk_result.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION hredd.risk_decision_check() IS 'refuses a decision of an unknown kind or without a rationale of at least 10 characters';
CREATE TRIGGER risk_decision_check BEFORE INSERT ON hredd.risk_decision
    FOR EACH ROW EXECUTE FUNCTION hredd.risk_decision_check();
COMMENT ON TABLE hredd.risk_decision IS 'what a person decided for a facility × topic, why (rationale of at least 10 characters), tied to the run they saw; append-only';

SELECT pg_catalog.pg_extension_config_dump('hredd.risk_run', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.risk_run_run_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.risk_run_facility', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.risk_contribution_facility', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.risk_contribution_shared', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.risk_decision', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.risk_decision_decision_id_seq', '');

-- Results and decisions are kept as they were: LkSG §10(1) asks for seven
-- years of documentation, and a past run must read as it was.
CREATE FUNCTION hredd.risk_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    IF TG_TABLE_NAME = 'risk_run' AND TG_OP = 'UPDATE' THEN
        IF (to_jsonb(OLD)->>'finished_at') IS NULL THEN
            RETURN NEW;   -- the run itself closing its row
        END IF;
    END IF;
    RAISE EXCEPTION '% of hredd.% is not allowed: results and decisions are append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'object_not_in_prerequisite_state',
              HINT = 'A new assessment is a new run; a new decision is a new row.';
END
$$;
COMMENT ON FUNCTION hredd.risk_append_only() IS 'refuses UPDATE, DELETE and TRUNCATE of risk runs, results, contributions and decisions';
CREATE TRIGGER risk_append_only BEFORE UPDATE OR DELETE ON hredd.risk_run
    FOR EACH ROW EXECUTE FUNCTION hredd.risk_append_only();
CREATE TRIGGER risk_append_only_truncate BEFORE TRUNCATE ON hredd.risk_run
    FOR EACH STATEMENT EXECUTE FUNCTION hredd.risk_append_only();
CREATE TRIGGER risk_append_only BEFORE UPDATE OR DELETE ON hredd.risk_run_facility
    FOR EACH ROW EXECUTE FUNCTION hredd.risk_append_only();
CREATE TRIGGER risk_append_only_truncate BEFORE TRUNCATE ON hredd.risk_run_facility
    FOR EACH STATEMENT EXECUTE FUNCTION hredd.risk_append_only();
CREATE TRIGGER risk_append_only BEFORE UPDATE OR DELETE ON hredd.risk_contribution_facility
    FOR EACH ROW EXECUTE FUNCTION hredd.risk_append_only();
CREATE TRIGGER risk_append_only_truncate BEFORE TRUNCATE ON hredd.risk_contribution_facility
    FOR EACH STATEMENT EXECUTE FUNCTION hredd.risk_append_only();
CREATE TRIGGER risk_append_only BEFORE UPDATE OR DELETE ON hredd.risk_contribution_shared
    FOR EACH ROW EXECUTE FUNCTION hredd.risk_append_only();
CREATE TRIGGER risk_append_only_truncate BEFORE TRUNCATE ON hredd.risk_contribution_shared
    FOR EACH STATEMENT EXECUTE FUNCTION hredd.risk_append_only();
CREATE TRIGGER risk_append_only BEFORE UPDATE OR DELETE ON hredd.risk_decision
    FOR EACH ROW EXECUTE FUNCTION hredd.risk_append_only();
CREATE TRIGGER risk_append_only_truncate BEFORE TRUNCATE ON hredd.risk_decision
    FOR EACH STATEMENT EXECUTE FUNCTION hredd.risk_append_only();
