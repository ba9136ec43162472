-- hredd 0.2.0: match models and registry statistics (issue 12, score quality):
-- the fragment the release adds, as it is.  (The access lists that name its
-- table and routines: 90-release.sql.)
-- @install-fragment src/sql/22-matching-model.sql

-- the operators % and <-> (and the indexes' bounds) use the model
-- hredd.match_model names: <-> reads a setting now, as % already did
ALTER FUNCTION hredd.facility_distance(hredd.facility, hredd.facility) STABLE;
COMMENT ON FUNCTION hredd.facility_similar(hredd.facility, hredd.facility) IS 'match_score >= hredd.match_threshold under the model hredd.match_model names (the % operator); STABLE because it reads the settings';
COMMENT ON FUNCTION hredd.facility_distance(hredd.facility, hredd.facility) IS '1 - match_score under the model hredd.match_model names (the <-> operator); STABLE because it reads the setting';
