-- 22-cluster-blocks.sql — 0.1.0 to 0.2.0: cluster_facilities of a registry
-- of a million records in minutes (issue 12).  Candidate pairs by blocking,
-- in C: facility_block_keys (a facility's blocking keys) and
-- facility_block_pairs (the pairs of the records that share a key, scored);
-- cluster_facilities gains candidates ('auto' | 'index' | 'blocks') and
-- max_block.  The routines come from their install fragments.

-- @install-function hredd.facility_block_keys(

-- @install-function hredd.facility_block_pairs(

-- cluster_facilities gains two parameters: a new signature (21-match-scale
-- already created it from the install fragment; the old one goes, or calls
-- with four arguments would be ambiguous)
DROP FUNCTION IF EXISTS hredd.cluster_facilities(regclass, text, text, float8, int);
-- @install-function hredd.cluster_facilities(
