\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 52-risk-upstream.sql — where hredd.risk_upstream(run) (60-supply.sql)
-- writes a run's upstream risk.  The tables come before 53-risk-read.sql,
-- whose risk_register and risk_triggers views read them; the functions that
-- fill them need the supply links and come later.

-- Every node upstream of a facility of a run, as the links stood on the
-- run's as_of date: what an ad-hoc trigger on an indirect supplier joins.
CREATE TABLE hredd.risk_upstream_node (
    run_id        bigint NOT NULL,
    facility_ref  text COLLATE "C" NOT NULL,
    node_ref      text COLLATE "C" NOT NULL,
    tier          integer NOT NULL CHECK (tier >= 1),
    unknown       boolean NOT NULL DEFAULT false,
    path          text[] NOT NULL,
    PRIMARY KEY (run_id, facility_ref, node_ref)
);
COMMENT ON TABLE hredd.risk_upstream_node IS 'per run, every supplier upstream of a facility of the run (tier 1 = its direct suppliers; unknown suppliers as virtual nodes), with the shortest path to it, as the supply links stood on the run''s as_of date; written by hredd.risk_upstream(run)';
CREATE INDEX risk_upstream_node_node_idx ON hredd.risk_upstream_node (node_ref, run_id);

-- Per run, facility and topic: the highest priority found upstream (never an
-- average) and the path to it.
CREATE TABLE hredd.risk_upstream (
    run_id             bigint NOT NULL,
    facility_ref       text COLLATE "C" NOT NULL,
    topic              text NOT NULL,
    upstream_priority  float8 NOT NULL,
    upstream_ref       text COLLATE "C" NOT NULL,
    upstream_tier      integer NOT NULL,
    path               text[] NOT NULL,
    nodes_assessed     integer NOT NULL,
    nodes_unassessed   integer NOT NULL,
    PRIMARY KEY (run_id, facility_ref, topic)
);
COMMENT ON TABLE hredd.risk_upstream IS 'per run, facility and topic: the highest priority of the run found on any node upstream (the maximum, never averaged), the node, its tier and the path to it, and how many upstream nodes the run assessed and did not; written by hredd.risk_upstream(run)';
