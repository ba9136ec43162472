\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 20-matching.sql — fuzzy facility matching: normalisers, type facility,
-- match_score and match_explain, operators % and <->, GIN and GiST
-- operator classes.  Bulk matching and clustering: 21-matching-bulk.sql.

-- ---------------------------------------------------------------- normalisers
CREATE FUNCTION hredd.normalize_name(name text, country text DEFAULT NULL) RETURNS text
    AS 'MODULE_PATHNAME', 'normalize_name' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION hredd.normalize_name(text, text) IS 'facility name folded for matching: accents and case folded, punctuation removed, legal forms of the country (or of any country when NULL) removed, abbreviations expanded, numbers and roman numerals as digits';
CREATE FUNCTION hredd.normalize_address(address text, country text DEFAULT NULL) RETURNS text
    AS 'MODULE_PATHNAME', 'normalize_address' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION hredd.normalize_address(text, text) IS 'facility address folded for matching: accents and case folded, punctuation removed, street and area words spelled one way, numbers kept, a trailing country name removed';

-- ---------------------------------------------------------------- type facility
CREATE TYPE hredd.facility;
CREATE FUNCTION hredd.facility_in(cstring) RETURNS hredd.facility
    AS 'MODULE_PATHNAME', 'facility_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.facility_out(hredd.facility) RETURNS cstring
    AS 'MODULE_PATHNAME', 'facility_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.facility_recv(internal) RETURNS hredd.facility
    AS 'MODULE_PATHNAME', 'facility_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.facility_send(hredd.facility) RETURNS bytea
    AS 'MODULE_PATHNAME', 'facility_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE hredd.facility (
    INPUT = hredd.facility_in, OUTPUT = hredd.facility_out,
    RECEIVE = hredd.facility_recv, SEND = hredd.facility_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = int4, STORAGE = extended, CATEGORY = 'U'
);
COMMENT ON TYPE hredd.facility IS 'a facility as matching sees it: normalised name and address, country, optional coordinates; text form ("name","address",CC,lat,lng)';
COMMENT ON FUNCTION hredd.facility_in(cstring) IS 'text input of facility: ("name","address",CC,lat,lng), normalised again on the way in';
COMMENT ON FUNCTION hredd.facility_out(hredd.facility) IS 'text output of facility';
COMMENT ON FUNCTION hredd.facility_recv(internal) IS 'binary input of facility; validates and normalises again';
COMMENT ON FUNCTION hredd.facility_send(hredd.facility) IS 'binary output of facility';

CREATE FUNCTION hredd.facility(name text, address text, country text,
                               lat float8 DEFAULT NULL, lng float8 DEFAULT NULL)
    RETURNS hredd.facility
    AS 'MODULE_PATHNAME', 'facility_make' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION hredd.facility(text, text, text, float8, float8) IS 'build a facility from raw name, address, country (code or name) and optional coordinates; NULL when the name is NULL';
CREATE FUNCTION hredd.try_facility(name text, address text, country text,
                                   lat float8 DEFAULT NULL, lng float8 DEFAULT NULL)
    RETURNS hredd.facility
    AS 'MODULE_PATHNAME', 'try_facility' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION hredd.try_facility(text, text, text, float8, float8) IS 'like facility(), but NULL instead of an error for an empty or too long name or address, an unknown country or bad coordinates (for generated columns over dirty data)';

CREATE FUNCTION hredd.facility_name(hredd.facility) RETURNS text
    AS 'MODULE_PATHNAME', 'facility_name' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.facility_name(hredd.facility) IS 'the normalised name of a facility';
CREATE FUNCTION hredd.facility_address(hredd.facility) RETURNS text
    AS 'MODULE_PATHNAME', 'facility_address' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.facility_address(hredd.facility) IS 'the normalised address of a facility, NULL when it has none';
CREATE FUNCTION hredd.facility_country(hredd.facility) RETURNS hredd.country
    AS 'MODULE_PATHNAME', 'facility_country' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.facility_country(hredd.facility) IS 'the country of a facility, NULL when unknown';

-- equality, a total order and hashing, so that DISTINCT, GROUP BY, UNION and
-- joins on facility values work; the order means nothing beyond grouping
CREATE FUNCTION hredd.facility_eq(hredd.facility, hredd.facility) RETURNS boolean
    AS 'MODULE_PATHNAME', 'facility_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.facility_ne(hredd.facility, hredd.facility) RETURNS boolean
    AS 'MODULE_PATHNAME', 'facility_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.facility_lt(hredd.facility, hredd.facility) RETURNS boolean
    AS 'MODULE_PATHNAME', 'facility_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.facility_le(hredd.facility, hredd.facility) RETURNS boolean
    AS 'MODULE_PATHNAME', 'facility_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.facility_gt(hredd.facility, hredd.facility) RETURNS boolean
    AS 'MODULE_PATHNAME', 'facility_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.facility_ge(hredd.facility, hredd.facility) RETURNS boolean
    AS 'MODULE_PATHNAME', 'facility_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.facility_cmp(hredd.facility, hredd.facility) RETURNS int4
    AS 'MODULE_PATHNAME', 'facility_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.facility_hash(hredd.facility) RETURNS int4
    AS 'MODULE_PATHNAME', 'facility_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.facility_hash_extended(hredd.facility, int8) RETURNS int8
    AS 'MODULE_PATHNAME', 'facility_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION hredd.facility_eq(hredd.facility, hredd.facility) IS 'the same stored facility (normalised name, address, country, coordinates)';
COMMENT ON FUNCTION hredd.facility_ne(hredd.facility, hredd.facility) IS 'not the same stored facility';
COMMENT ON FUNCTION hredd.facility_lt(hredd.facility, hredd.facility) IS 'sorts before (country, name, address, coordinates)';
COMMENT ON FUNCTION hredd.facility_le(hredd.facility, hredd.facility) IS 'sorts before or equal';
COMMENT ON FUNCTION hredd.facility_gt(hredd.facility, hredd.facility) IS 'sorts after';
COMMENT ON FUNCTION hredd.facility_ge(hredd.facility, hredd.facility) IS 'sorts after or equal';
COMMENT ON FUNCTION hredd.facility_cmp(hredd.facility, hredd.facility) IS 'btree support: -1, 0 or 1';
COMMENT ON FUNCTION hredd.facility_hash(hredd.facility) IS 'hash support';
COMMENT ON FUNCTION hredd.facility_hash_extended(hredd.facility, int8) IS 'hash support with a seed';
CREATE OPERATOR hredd.= (LEFTARG = hredd.facility, RIGHTARG = hredd.facility, FUNCTION = hredd.facility_eq,
    COMMUTATOR = OPERATOR(hredd.=), NEGATOR = OPERATOR(hredd.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR hredd.<> (LEFTARG = hredd.facility, RIGHTARG = hredd.facility, FUNCTION = hredd.facility_ne,
    COMMUTATOR = OPERATOR(hredd.<>), NEGATOR = OPERATOR(hredd.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR hredd.< (LEFTARG = hredd.facility, RIGHTARG = hredd.facility, FUNCTION = hredd.facility_lt,
    COMMUTATOR = OPERATOR(hredd.>), NEGATOR = OPERATOR(hredd.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR hredd.<= (LEFTARG = hredd.facility, RIGHTARG = hredd.facility, FUNCTION = hredd.facility_le,
    COMMUTATOR = OPERATOR(hredd.>=), NEGATOR = OPERATOR(hredd.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR hredd.> (LEFTARG = hredd.facility, RIGHTARG = hredd.facility, FUNCTION = hredd.facility_gt,
    COMMUTATOR = OPERATOR(hredd.<), NEGATOR = OPERATOR(hredd.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR hredd.>= (LEFTARG = hredd.facility, RIGHTARG = hredd.facility, FUNCTION = hredd.facility_ge,
    COMMUTATOR = OPERATOR(hredd.<=), NEGATOR = OPERATOR(hredd.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR hredd.= (hredd.facility, hredd.facility) IS 'the same stored facility';
COMMENT ON OPERATOR hredd.<> (hredd.facility, hredd.facility) IS 'not the same stored facility';
COMMENT ON OPERATOR hredd.< (hredd.facility, hredd.facility) IS 'sorts before';
COMMENT ON OPERATOR hredd.<= (hredd.facility, hredd.facility) IS 'sorts before or equal';
COMMENT ON OPERATOR hredd.> (hredd.facility, hredd.facility) IS 'sorts after';
COMMENT ON OPERATOR hredd.>= (hredd.facility, hredd.facility) IS 'sorts after or equal';
CREATE OPERATOR CLASS hredd.facility_btree_ops DEFAULT FOR TYPE hredd.facility USING btree AS
    OPERATOR 1 hredd.<, OPERATOR 2 hredd.<=, OPERATOR 3 hredd.=, OPERATOR 4 hredd.>=, OPERATOR 5 hredd.>,
    FUNCTION 1 hredd.facility_cmp(hredd.facility, hredd.facility);
CREATE OPERATOR CLASS hredd.facility_hash_ops DEFAULT FOR TYPE hredd.facility USING hash AS
    OPERATOR 1 hredd.=,
    FUNCTION 1 hredd.facility_hash(hredd.facility),
    FUNCTION 2 hredd.facility_hash_extended(hredd.facility, int8);
COMMENT ON OPERATOR CLASS hredd.facility_btree_ops USING btree IS 'grouping order of facility values (for DISTINCT, GROUP BY, merge joins)';
COMMENT ON OPERATOR CLASS hredd.facility_hash_ops USING hash IS 'hashing of facility values (hash joins and aggregates, partitioning)';

-- ---------------------------------------------------------------- score
CREATE FUNCTION hredd.match_score(hredd.facility, hredd.facility) RETURNS float8
    AS 'MODULE_PATHNAME', 'match_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.match_score(hredd.facility, hredd.facility) IS 'probability-like score in [0, 1] that two records are the same facility; 0.5 is the decision boundary';
CREATE FUNCTION hredd.match_explain(hredd.facility, hredd.facility) RETURNS jsonb
    AS 'MODULE_PATHNAME', 'match_explain' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.match_explain(hredd.facility, hredd.facility) IS 'the score taken apart: every component with its value, weight, contribution to the log-odds and a reason in words, and how the words of the names paired up';

CREATE FUNCTION hredd.facility_similar(hredd.facility, hredd.facility) RETURNS boolean
    AS 'MODULE_PATHNAME', 'facility_similar' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.facility_similar(hredd.facility, hredd.facility) IS 'match_score >= hredd.match_threshold under the model hredd.match_model names (the % operator); STABLE because it reads the settings';
CREATE FUNCTION hredd.facility_distance(hredd.facility, hredd.facility) RETURNS float8
    AS 'MODULE_PATHNAME', 'facility_distance' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.facility_distance(hredd.facility, hredd.facility) IS '1 - match_score under the model hredd.match_model names (the <-> operator); STABLE because it reads the setting';

CREATE OPERATOR hredd.% (
    LEFTARG = hredd.facility, RIGHTARG = hredd.facility,
    FUNCTION = hredd.facility_similar, COMMUTATOR = OPERATOR(hredd.%),
    RESTRICT = matchingsel, JOIN = matchingjoinsel
);
COMMENT ON OPERATOR hredd.% (hredd.facility, hredd.facility) IS 'probably the same facility: match_score >= hredd.match_threshold';
CREATE OPERATOR hredd.<-> (
    LEFTARG = hredd.facility, RIGHTARG = hredd.facility,
    FUNCTION = hredd.facility_distance, COMMUTATOR = OPERATOR(hredd.<->)
);
COMMENT ON OPERATOR hredd.<-> (hredd.facility, hredd.facility) IS 'match distance: 1 - match_score; ORDER BY fac <-> $1 LIMIT k finds the k best candidates';

-- ---------------------------------------------------------------- GIN
CREATE FUNCTION hredd.facility_gin_extract_value(hredd.facility, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'facility_gin_extract_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.facility_gin_extract_query(hredd.facility, internal, int2, internal, internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'facility_gin_extract_query' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.facility_gin_consistent(internal, int2, hredd.facility, int4, internal, internal, internal, internal) RETURNS boolean
    AS 'MODULE_PATHNAME', 'facility_gin_consistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.facility_gin_tri_consistent(internal, int2, hredd.facility, int4, internal, internal, internal) RETURNS "char"
    AS 'MODULE_PATHNAME', 'facility_gin_tri_consistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.facility_gin_extract_value(hredd.facility, internal, internal) IS 'GIN support: trigram and country keys of a facility';
COMMENT ON FUNCTION hredd.facility_gin_extract_query(hredd.facility, internal, int2, internal, internal, internal, internal) IS 'GIN support: keys of a query facility';
COMMENT ON FUNCTION hredd.facility_gin_consistent(internal, int2, hredd.facility, int4, internal, internal, internal, internal) IS 'GIN support: can a row with these keys reach the threshold';
COMMENT ON FUNCTION hredd.facility_gin_tri_consistent(internal, int2, hredd.facility, int4, internal, internal, internal) IS 'GIN support: ternary version of the consistent function';

CREATE OPERATOR CLASS hredd.facility_gin_ops DEFAULT FOR TYPE hredd.facility USING gin AS
    OPERATOR 1 hredd.% (hredd.facility, hredd.facility),
    FUNCTION 1 pg_catalog.btint4cmp(int4, int4),
    FUNCTION 2 hredd.facility_gin_extract_value(hredd.facility, internal, internal),
    FUNCTION 3 hredd.facility_gin_extract_query(hredd.facility, internal, int2, internal, internal, internal, internal),
    FUNCTION 4 hredd.facility_gin_consistent(internal, int2, hredd.facility, int4, internal, internal, internal, internal),
    FUNCTION 6 hredd.facility_gin_tri_consistent(internal, int2, hredd.facility, int4, internal, internal, internal),
    STORAGE int4;
COMMENT ON OPERATOR CLASS hredd.facility_gin_ops USING gin IS 'GIN index on facility for WHERE fac % $1 (fastest for filtering; no ordering)';

-- ---------------------------------------------------------------- GiST
CREATE TYPE hredd.facility_gkey;
CREATE FUNCTION hredd.facility_gkey_in(cstring) RETURNS hredd.facility_gkey
    AS 'MODULE_PATHNAME', 'facility_gkey_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.facility_gkey_out(hredd.facility_gkey) RETURNS cstring
    AS 'MODULE_PATHNAME', 'facility_gkey_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE hredd.facility_gkey (
    INPUT = hredd.facility_gkey_in, OUTPUT = hredd.facility_gkey_out,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = int4, STORAGE = plain
);
COMMENT ON TYPE hredd.facility_gkey IS 'GiST key of facility_gist_ops (internal)';
COMMENT ON FUNCTION hredd.facility_gkey_in(cstring) IS 'not supported: facility_gkey exists only inside GiST indexes';
COMMENT ON FUNCTION hredd.facility_gkey_out(hredd.facility_gkey) IS 'summary of a GiST key, for debugging';

CREATE FUNCTION hredd.facility_gist_consistent(internal, hredd.facility, int2, oid, internal) RETURNS boolean
    AS 'MODULE_PATHNAME', 'facility_gist_consistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.facility_gist_distance(internal, hredd.facility, int2, oid, internal) RETURNS float8
    AS 'MODULE_PATHNAME', 'facility_gist_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.facility_gist_compress(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'facility_gist_compress' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.facility_gist_decompress(internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'facility_gist_decompress' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.facility_gist_penalty(internal, internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'facility_gist_penalty' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.facility_gist_picksplit(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'facility_gist_picksplit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.facility_gist_union(internal, internal) RETURNS hredd.facility_gkey
    AS 'MODULE_PATHNAME', 'facility_gist_union' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.facility_gist_same(hredd.facility_gkey, hredd.facility_gkey, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'facility_gist_same' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.facility_gist_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME', 'facility_gist_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.facility_gist_consistent(internal, hredd.facility, int2, oid, internal) IS 'GiST support: can anything under this key reach the threshold';
COMMENT ON FUNCTION hredd.facility_gist_distance(internal, hredd.facility, int2, oid, internal) IS 'GiST support: lower bound of the match distance under this key';
COMMENT ON FUNCTION hredd.facility_gist_compress(internal) IS 'GiST support: leaf key of a facility';
COMMENT ON FUNCTION hredd.facility_gist_decompress(internal) IS 'GiST support: detoast a key';
COMMENT ON FUNCTION hredd.facility_gist_penalty(internal, internal, internal) IS 'GiST support: signature bits a new entry adds';
COMMENT ON FUNCTION hredd.facility_gist_picksplit(internal, internal) IS 'GiST support: split a page between two distant seeds';
COMMENT ON FUNCTION hredd.facility_gist_union(internal, internal) IS 'GiST support: signature of a set of keys';
COMMENT ON FUNCTION hredd.facility_gist_same(hredd.facility_gkey, hredd.facility_gkey, internal) IS 'GiST support: key equality';
COMMENT ON FUNCTION hredd.facility_gist_sortsupport(internal) IS 'GiST support: sorted build by country and name prefix';

CREATE OPERATOR CLASS hredd.facility_gist_ops DEFAULT FOR TYPE hredd.facility USING gist AS
    OPERATOR 1 hredd.% (hredd.facility, hredd.facility),
    OPERATOR 2 hredd.<-> (hredd.facility, hredd.facility) FOR ORDER BY pg_catalog.float_ops,
    FUNCTION 1 hredd.facility_gist_consistent(internal, hredd.facility, int2, oid, internal),
    FUNCTION 2 hredd.facility_gist_union(internal, internal),
    FUNCTION 3 hredd.facility_gist_compress(internal),
    FUNCTION 4 hredd.facility_gist_decompress(internal),
    FUNCTION 5 hredd.facility_gist_penalty(internal, internal, internal),
    FUNCTION 6 hredd.facility_gist_picksplit(internal, internal),
    FUNCTION 7 hredd.facility_gist_same(hredd.facility_gkey, hredd.facility_gkey, internal),
    FUNCTION 8 hredd.facility_gist_distance(internal, hredd.facility, int2, oid, internal),
    FUNCTION 11 hredd.facility_gist_sortsupport(internal),
    STORAGE hredd.facility_gkey;
COMMENT ON OPERATOR CLASS hredd.facility_gist_ops USING gist IS 'GiST index on facility for ORDER BY fac <-> $1 LIMIT k (nearest candidates) and WHERE fac % $1';
