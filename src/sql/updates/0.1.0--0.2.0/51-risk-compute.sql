-- 0.1.0 -> 0.2.0: assess_risk computes each facility's topics in C
-- (hredd.risk_facility) and ranks the run in one sort (hredd.risk_rank);
-- assess_risk itself is brought in by 90-release.sql.
CREATE TYPE hredd.risk_packed AS (scope float8, l0 float8[], likelihood float8[], priority float8[], actual boolean[],
                                  confidence float8[], gap_bits smallint[], evidence_count integer[],
                                  evidence_shift float8[]);
COMMENT ON TYPE hredd.risk_packed IS 'one facility''s results of a run, its topics in the run''s order (hredd.risk_facility)';
-- @install-function hredd.risk_facility(
-- @install-function hredd.risk_rank(
