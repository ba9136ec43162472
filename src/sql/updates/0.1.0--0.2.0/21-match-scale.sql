-- 21-match-scale.sql — 0.1.0 to 0.2.0: bulk matching and clustering at
-- registry scale (issue 12).  match_run records each run's settings;
-- match_table searches in parallel, refuses another threshold or top_k
-- unless restarted, checks the result's key types first, can run inside a
-- transaction block, closes with a summary; match_summary, match_assign;
-- cluster_facilities in C (facility_cluster); facility_lenient and
-- coordinates_valid for loading dirty coordinates.  The routines come from
-- their install fragments (-- @install-function).

ALTER TABLE hredd.match_run ADD COLUMN threshold float8, ADD COLUMN top_k integer, ADD COLUMN model text,
    ADD COLUMN model_coefficients float8[];
COMMENT ON TABLE hredd.match_run IS 'progress of hredd.match_table runs, one per role: the last source key done (its text form under fixed settings: DateStyle ISO, TimeZone UTC …), so an interrupted run resumes where it stopped, and the settings it runs under (threshold, top_k and the match model, hredd.match_model, with the coefficients of its fit: a call with others, or after the model was fitted again, is another run); each role sees and changes only its own runs (row-level security)';

-- @install-function hredd.facility_lenient(

-- @install-function hredd.coordinates_valid(

-- @install-function hredd.match_table_start(

-- @install-function hredd.match_table_batch(

-- the procedure gains commit_batches: a new signature
DROP PROCEDURE hredd.match_table(regclass, text, text, regclass, text, text, regclass, float8, int, int, boolean);
-- @install-function hredd.match_table(

-- @install-function hredd.match_summary(

-- @install-function hredd.match_table_report(

-- @install-function hredd.match_assign(

-- @install-function hredd.facility_cluster(

-- @install-function hredd.cluster_facilities(

-- as 90-access.sql does at install: procedures are for writers only
REVOKE EXECUTE ON PROCEDURE hredd.match_table(regclass, text, text, regclass, text, text, regclass, float8, int, int, boolean, boolean) FROM PUBLIC;
SELECT hredd.reapply_access();
