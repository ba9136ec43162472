-- 27-match-registry.sql — 0.1.0 to 0.2.0: registry statistics in the
-- searches (issue 12).  The operators % and <->, their GIN and GiST
-- searches and match_table use the statistics of the registry the setting
-- hredd.match_registry names; match_run records it for each run.

ALTER TABLE hredd.match_run ADD COLUMN registry regclass;
COMMENT ON TABLE hredd.match_run IS 'progress of hredd.match_table runs, one per role: the last source key done (its text form under fixed settings: DateStyle ISO, TimeZone UTC …), so an interrupted run resumes where it stopped, and the settings it runs under (threshold, top_k and the match model, hredd.match_model, with the coefficients of its fit, and the registry whose statistics it uses, hredd.match_registry: a call with others, or after the model was fitted again, is another run); each role sees and changes only its own runs (row-level security)';

-- @install-function hredd.match_table_registry(
