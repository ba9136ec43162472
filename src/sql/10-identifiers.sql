\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 10-identifiers.sql — facility-identifier types: os_id, lei, gln, duns, country.
--
-- Every type: text and binary I/O, is_valid/try_ helpers, explicit casts to
-- and from text, comparison operators, btree (with sortsupport and
-- equalimage) and hash (with extended hash) operator classes, and BRIN
-- minmax for the integer-backed ones.  The integer-backed types reuse the
-- core int2/int4/int8 support functions: their stored values order exactly
-- like their canonical text.

-- ---------------------------------------------------------------- country
CREATE TYPE hredd.country;
CREATE FUNCTION hredd.country_in(cstring) RETURNS hredd.country
    AS 'MODULE_PATHNAME', 'country_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.country_out(hredd.country) RETURNS cstring
    AS 'MODULE_PATHNAME', 'country_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.country_recv(internal) RETURNS hredd.country
    AS 'MODULE_PATHNAME', 'country_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.country_send(hredd.country) RETURNS bytea
    AS 'MODULE_PATHNAME', 'country_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE hredd.country (
    INPUT = hredd.country_in, OUTPUT = hredd.country_out,
    RECEIVE = hredd.country_recv, SEND = hredd.country_send,
    LIKE = pg_catalog.int2, CATEGORY = 'U'
);
COMMENT ON TYPE hredd.country IS 'ISO 3166-1 alpha-2 country code (with XK for Kosovo); reads alpha-2, alpha-3, numeric codes and common names';
COMMENT ON FUNCTION hredd.country_in(cstring) IS 'text input of country';
COMMENT ON FUNCTION hredd.country_out(hredd.country) IS 'canonical text output of country';
COMMENT ON FUNCTION hredd.country_recv(internal) IS 'binary input of country; re-validates the value';
COMMENT ON FUNCTION hredd.country_send(hredd.country) IS 'binary output of country';

CREATE FUNCTION hredd.country_is_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'country_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.country_is_valid(text) IS 'true when the text is a valid country (same rules as the type input, no error)';
CREATE FUNCTION hredd.try_country(text) RETURNS hredd.country
    AS 'MODULE_PATHNAME', 'try_country' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.country_error(text) RETURNS text
    AS 'MODULE_PATHNAME', 'country_error' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.country_error(text) IS 'why the text is not a valid country (the DETAIL the input function would report), or NULL when it is valid';
COMMENT ON FUNCTION hredd.try_country(text) IS 'the text as country, or NULL when it is not a valid country';

CREATE CAST (text AS hredd.country) WITH INOUT;
CREATE CAST (hredd.country AS text) WITH INOUT;
CREATE CAST (varchar AS hredd.country) WITH INOUT;
CREATE CAST (hredd.country AS varchar) WITH INOUT;

CREATE FUNCTION hredd.country_eq(hredd.country, hredd.country) RETURNS boolean
    AS 'int2eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.country_ne(hredd.country, hredd.country) RETURNS boolean
    AS 'int2ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.country_lt(hredd.country, hredd.country) RETURNS boolean
    AS 'int2lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.country_le(hredd.country, hredd.country) RETURNS boolean
    AS 'int2le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.country_gt(hredd.country, hredd.country) RETURNS boolean
    AS 'int2gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.country_ge(hredd.country, hredd.country) RETURNS boolean
    AS 'int2ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.country_cmp(hredd.country, hredd.country) RETURNS integer
    AS 'btint2cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.country_sortsupport(internal) RETURNS void
    AS 'btint2sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.country_hash(hredd.country) RETURNS integer
    AS 'hashint2' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.country_hash_extended(hredd.country, bigint) RETURNS bigint
    AS 'hashint2extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION hredd.country_eq(hredd.country, hredd.country) IS 'implementation of the = operator for country';
COMMENT ON FUNCTION hredd.country_ne(hredd.country, hredd.country) IS 'implementation of the <> operator for country';
COMMENT ON FUNCTION hredd.country_lt(hredd.country, hredd.country) IS 'implementation of the < operator for country';
COMMENT ON FUNCTION hredd.country_le(hredd.country, hredd.country) IS 'implementation of the <= operator for country';
COMMENT ON FUNCTION hredd.country_gt(hredd.country, hredd.country) IS 'implementation of the > operator for country';
COMMENT ON FUNCTION hredd.country_ge(hredd.country, hredd.country) IS 'implementation of the >= operator for country';
COMMENT ON FUNCTION hredd.country_cmp(hredd.country, hredd.country) IS 'btree comparison of country: -1, 0 or 1';
COMMENT ON FUNCTION hredd.country_sortsupport(internal) IS 'btree sort support for country';
COMMENT ON FUNCTION hredd.country_hash(hredd.country) IS 'hash of country';
COMMENT ON FUNCTION hredd.country_hash_extended(hredd.country, bigint) IS 'seeded 64-bit hash of country (hash partitioning, Citus)';

CREATE OPERATOR hredd.= (
    LEFTARG = hredd.country, RIGHTARG = hredd.country, FUNCTION = hredd.country_eq,
    COMMUTATOR = =, NEGATOR = <>,
    RESTRICT = eqsel, JOIN = eqjoinsel,
    MERGES, HASHES
);
CREATE OPERATOR hredd.<> (
    LEFTARG = hredd.country, RIGHTARG = hredd.country, FUNCTION = hredd.country_ne,
    COMMUTATOR = <>, NEGATOR = =,
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR hredd.< (
    LEFTARG = hredd.country, RIGHTARG = hredd.country, FUNCTION = hredd.country_lt,
    COMMUTATOR = >, NEGATOR = >=,
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR hredd.<= (
    LEFTARG = hredd.country, RIGHTARG = hredd.country, FUNCTION = hredd.country_le,
    COMMUTATOR = >=, NEGATOR = >,
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR hredd.> (
    LEFTARG = hredd.country, RIGHTARG = hredd.country, FUNCTION = hredd.country_gt,
    COMMUTATOR = <, NEGATOR = <=,
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR hredd.>= (
    LEFTARG = hredd.country, RIGHTARG = hredd.country, FUNCTION = hredd.country_ge,
    COMMUTATOR = <=, NEGATOR = <,
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR hredd.= (hredd.country, hredd.country) IS 'equal (same order as the canonical text)';
COMMENT ON OPERATOR hredd.<> (hredd.country, hredd.country) IS 'not equal (same order as the canonical text)';
COMMENT ON OPERATOR hredd.< (hredd.country, hredd.country) IS 'less than (same order as the canonical text)';
COMMENT ON OPERATOR hredd.<= (hredd.country, hredd.country) IS 'less than or equal (same order as the canonical text)';
COMMENT ON OPERATOR hredd.> (hredd.country, hredd.country) IS 'greater than (same order as the canonical text)';
COMMENT ON OPERATOR hredd.>= (hredd.country, hredd.country) IS 'greater than or equal (same order as the canonical text)';

CREATE OPERATOR CLASS hredd.country_ops DEFAULT FOR TYPE hredd.country USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 hredd.country_cmp(hredd.country, hredd.country),
    FUNCTION 2 hredd.country_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS hredd.country_ops DEFAULT FOR TYPE hredd.country USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 hredd.country_hash(hredd.country),
    FUNCTION 2 hredd.country_hash_extended(hredd.country, bigint);
CREATE OPERATOR CLASS hredd.country_minmax_ops DEFAULT FOR TYPE hredd.country USING brin AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 pg_catalog.brin_minmax_opcinfo(internal),
    FUNCTION 2 pg_catalog.brin_minmax_add_value(internal, internal, internal, internal),
    FUNCTION 3 pg_catalog.brin_minmax_consistent(internal, internal, internal),
    FUNCTION 4 pg_catalog.brin_minmax_union(internal, internal, internal);

-- ---------------------------------------------------------------- os_id
CREATE TYPE hredd.os_id;
CREATE FUNCTION hredd.os_id_in(cstring) RETURNS hredd.os_id
    AS 'MODULE_PATHNAME', 'os_id_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.os_id_out(hredd.os_id) RETURNS cstring
    AS 'MODULE_PATHNAME', 'os_id_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.os_id_recv(internal) RETURNS hredd.os_id
    AS 'MODULE_PATHNAME', 'os_id_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.os_id_send(hredd.os_id) RETURNS bytea
    AS 'MODULE_PATHNAME', 'os_id_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE hredd.os_id (
    INPUT = hredd.os_id_in, OUTPUT = hredd.os_id_out,
    RECEIVE = hredd.os_id_recv, SEND = hredd.os_id_send,
    LIKE = pg_catalog.int8, CATEGORY = 'U'
);
COMMENT ON TYPE hredd.os_id IS 'Open Supply Hub facility ID (OS ID): country, minting date, random part and check character';
COMMENT ON FUNCTION hredd.os_id_in(cstring) IS 'text input of os_id';
COMMENT ON FUNCTION hredd.os_id_out(hredd.os_id) IS 'canonical text output of os_id';
COMMENT ON FUNCTION hredd.os_id_recv(internal) IS 'binary input of os_id; re-validates the value';
COMMENT ON FUNCTION hredd.os_id_send(hredd.os_id) IS 'binary output of os_id';

CREATE FUNCTION hredd.os_id_is_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'os_id_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.os_id_is_valid(text) IS 'true when the text is a valid OS ID (same rules as the type input, no error)';
CREATE FUNCTION hredd.try_os_id(text) RETURNS hredd.os_id
    AS 'MODULE_PATHNAME', 'try_os_id' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.os_id_error(text) RETURNS text
    AS 'MODULE_PATHNAME', 'os_id_error' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.os_id_error(text) IS 'why the text is not a valid os_id (the DETAIL the input function would report), or NULL when it is valid';
COMMENT ON FUNCTION hredd.try_os_id(text) IS 'the text as os_id, or NULL when it is not a valid OS ID';

CREATE CAST (text AS hredd.os_id) WITH INOUT;
CREATE CAST (hredd.os_id AS text) WITH INOUT;
CREATE CAST (varchar AS hredd.os_id) WITH INOUT;
CREATE CAST (hredd.os_id AS varchar) WITH INOUT;

CREATE FUNCTION hredd.os_id_eq(hredd.os_id, hredd.os_id) RETURNS boolean
    AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.os_id_ne(hredd.os_id, hredd.os_id) RETURNS boolean
    AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.os_id_lt(hredd.os_id, hredd.os_id) RETURNS boolean
    AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.os_id_le(hredd.os_id, hredd.os_id) RETURNS boolean
    AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.os_id_gt(hredd.os_id, hredd.os_id) RETURNS boolean
    AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.os_id_ge(hredd.os_id, hredd.os_id) RETURNS boolean
    AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.os_id_cmp(hredd.os_id, hredd.os_id) RETURNS integer
    AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.os_id_sortsupport(internal) RETURNS void
    AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.os_id_hash(hredd.os_id) RETURNS integer
    AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.os_id_hash_extended(hredd.os_id, bigint) RETURNS bigint
    AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION hredd.os_id_eq(hredd.os_id, hredd.os_id) IS 'implementation of the = operator for os_id';
COMMENT ON FUNCTION hredd.os_id_ne(hredd.os_id, hredd.os_id) IS 'implementation of the <> operator for os_id';
COMMENT ON FUNCTION hredd.os_id_lt(hredd.os_id, hredd.os_id) IS 'implementation of the < operator for os_id';
COMMENT ON FUNCTION hredd.os_id_le(hredd.os_id, hredd.os_id) IS 'implementation of the <= operator for os_id';
COMMENT ON FUNCTION hredd.os_id_gt(hredd.os_id, hredd.os_id) IS 'implementation of the > operator for os_id';
COMMENT ON FUNCTION hredd.os_id_ge(hredd.os_id, hredd.os_id) IS 'implementation of the >= operator for os_id';
COMMENT ON FUNCTION hredd.os_id_cmp(hredd.os_id, hredd.os_id) IS 'btree comparison of os_id: -1, 0 or 1';
COMMENT ON FUNCTION hredd.os_id_sortsupport(internal) IS 'btree sort support for os_id';
COMMENT ON FUNCTION hredd.os_id_hash(hredd.os_id) IS 'hash of os_id';
COMMENT ON FUNCTION hredd.os_id_hash_extended(hredd.os_id, bigint) IS 'seeded 64-bit hash of os_id (hash partitioning, Citus)';

CREATE OPERATOR hredd.= (
    LEFTARG = hredd.os_id, RIGHTARG = hredd.os_id, FUNCTION = hredd.os_id_eq,
    COMMUTATOR = =, NEGATOR = <>,
    RESTRICT = eqsel, JOIN = eqjoinsel,
    MERGES, HASHES
);
CREATE OPERATOR hredd.<> (
    LEFTARG = hredd.os_id, RIGHTARG = hredd.os_id, FUNCTION = hredd.os_id_ne,
    COMMUTATOR = <>, NEGATOR = =,
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR hredd.< (
    LEFTARG = hredd.os_id, RIGHTARG = hredd.os_id, FUNCTION = hredd.os_id_lt,
    COMMUTATOR = >, NEGATOR = >=,
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR hredd.<= (
    LEFTARG = hredd.os_id, RIGHTARG = hredd.os_id, FUNCTION = hredd.os_id_le,
    COMMUTATOR = >=, NEGATOR = >,
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR hredd.> (
    LEFTARG = hredd.os_id, RIGHTARG = hredd.os_id, FUNCTION = hredd.os_id_gt,
    COMMUTATOR = <, NEGATOR = <=,
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR hredd.>= (
    LEFTARG = hredd.os_id, RIGHTARG = hredd.os_id, FUNCTION = hredd.os_id_ge,
    COMMUTATOR = <=, NEGATOR = <,
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR hredd.= (hredd.os_id, hredd.os_id) IS 'equal (same order as the canonical text)';
COMMENT ON OPERATOR hredd.<> (hredd.os_id, hredd.os_id) IS 'not equal (same order as the canonical text)';
COMMENT ON OPERATOR hredd.< (hredd.os_id, hredd.os_id) IS 'less than (same order as the canonical text)';
COMMENT ON OPERATOR hredd.<= (hredd.os_id, hredd.os_id) IS 'less than or equal (same order as the canonical text)';
COMMENT ON OPERATOR hredd.> (hredd.os_id, hredd.os_id) IS 'greater than (same order as the canonical text)';
COMMENT ON OPERATOR hredd.>= (hredd.os_id, hredd.os_id) IS 'greater than or equal (same order as the canonical text)';

CREATE OPERATOR CLASS hredd.os_id_ops DEFAULT FOR TYPE hredd.os_id USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 hredd.os_id_cmp(hredd.os_id, hredd.os_id),
    FUNCTION 2 hredd.os_id_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS hredd.os_id_ops DEFAULT FOR TYPE hredd.os_id USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 hredd.os_id_hash(hredd.os_id),
    FUNCTION 2 hredd.os_id_hash_extended(hredd.os_id, bigint);
CREATE OPERATOR CLASS hredd.os_id_minmax_ops DEFAULT FOR TYPE hredd.os_id USING brin AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 pg_catalog.brin_minmax_opcinfo(internal),
    FUNCTION 2 pg_catalog.brin_minmax_add_value(internal, internal, internal, internal),
    FUNCTION 3 pg_catalog.brin_minmax_consistent(internal, internal, internal),
    FUNCTION 4 pg_catalog.brin_minmax_union(internal, internal, internal);

-- ---------------------------------------------------------------- lei
CREATE TYPE hredd.lei;
CREATE FUNCTION hredd.lei_in(cstring) RETURNS hredd.lei
    AS 'MODULE_PATHNAME', 'lei_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.lei_out(hredd.lei) RETURNS cstring
    AS 'MODULE_PATHNAME', 'lei_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.lei_recv(internal) RETURNS hredd.lei
    AS 'MODULE_PATHNAME', 'lei_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.lei_send(hredd.lei) RETURNS bytea
    AS 'MODULE_PATHNAME', 'lei_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE hredd.lei (
    INPUT = hredd.lei_in, OUTPUT = hredd.lei_out,
    RECEIVE = hredd.lei_recv, SEND = hredd.lei_send,
    INTERNALLENGTH = 16, ALIGNMENT = char, STORAGE = plain, CATEGORY = 'U'
);
COMMENT ON TYPE hredd.lei IS 'ISO 17442 Legal Entity Identifier with ISO 7064 MOD 97-10 check digits';
COMMENT ON FUNCTION hredd.lei_in(cstring) IS 'text input of lei';
COMMENT ON FUNCTION hredd.lei_out(hredd.lei) IS 'canonical text output of lei';
COMMENT ON FUNCTION hredd.lei_recv(internal) IS 'binary input of lei; re-validates the value';
COMMENT ON FUNCTION hredd.lei_send(hredd.lei) IS 'binary output of lei';

CREATE FUNCTION hredd.lei_is_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'lei_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.lei_is_valid(text) IS 'true when the text is a valid LEI (same rules as the type input, no error)';
CREATE FUNCTION hredd.try_lei(text) RETURNS hredd.lei
    AS 'MODULE_PATHNAME', 'try_lei' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.lei_error(text) RETURNS text
    AS 'MODULE_PATHNAME', 'lei_error' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.lei_error(text) IS 'why the text is not a valid lei (the DETAIL the input function would report), or NULL when it is valid';
COMMENT ON FUNCTION hredd.try_lei(text) IS 'the text as lei, or NULL when it is not a valid LEI';

CREATE CAST (text AS hredd.lei) WITH INOUT;
CREATE CAST (hredd.lei AS text) WITH INOUT;
CREATE CAST (varchar AS hredd.lei) WITH INOUT;
CREATE CAST (hredd.lei AS varchar) WITH INOUT;

CREATE FUNCTION hredd.lei_eq(hredd.lei, hredd.lei) RETURNS boolean
    AS 'MODULE_PATHNAME', 'lei_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.lei_ne(hredd.lei, hredd.lei) RETURNS boolean
    AS 'MODULE_PATHNAME', 'lei_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.lei_lt(hredd.lei, hredd.lei) RETURNS boolean
    AS 'MODULE_PATHNAME', 'lei_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.lei_le(hredd.lei, hredd.lei) RETURNS boolean
    AS 'MODULE_PATHNAME', 'lei_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.lei_gt(hredd.lei, hredd.lei) RETURNS boolean
    AS 'MODULE_PATHNAME', 'lei_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.lei_ge(hredd.lei, hredd.lei) RETURNS boolean
    AS 'MODULE_PATHNAME', 'lei_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.lei_cmp(hredd.lei, hredd.lei) RETURNS integer
    AS 'MODULE_PATHNAME', 'lei_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.lei_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME', 'lei_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.lei_hash(hredd.lei) RETURNS integer
    AS 'MODULE_PATHNAME', 'lei_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.lei_hash_extended(hredd.lei, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'lei_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION hredd.lei_eq(hredd.lei, hredd.lei) IS 'implementation of the = operator for lei';
COMMENT ON FUNCTION hredd.lei_ne(hredd.lei, hredd.lei) IS 'implementation of the <> operator for lei';
COMMENT ON FUNCTION hredd.lei_lt(hredd.lei, hredd.lei) IS 'implementation of the < operator for lei';
COMMENT ON FUNCTION hredd.lei_le(hredd.lei, hredd.lei) IS 'implementation of the <= operator for lei';
COMMENT ON FUNCTION hredd.lei_gt(hredd.lei, hredd.lei) IS 'implementation of the > operator for lei';
COMMENT ON FUNCTION hredd.lei_ge(hredd.lei, hredd.lei) IS 'implementation of the >= operator for lei';
COMMENT ON FUNCTION hredd.lei_cmp(hredd.lei, hredd.lei) IS 'btree comparison of lei: -1, 0 or 1';
COMMENT ON FUNCTION hredd.lei_sortsupport(internal) IS 'btree sort support for lei';
COMMENT ON FUNCTION hredd.lei_hash(hredd.lei) IS 'hash of lei';
COMMENT ON FUNCTION hredd.lei_hash_extended(hredd.lei, bigint) IS 'seeded 64-bit hash of lei (hash partitioning, Citus)';

CREATE OPERATOR hredd.= (
    LEFTARG = hredd.lei, RIGHTARG = hredd.lei, FUNCTION = hredd.lei_eq,
    COMMUTATOR = =, NEGATOR = <>,
    RESTRICT = eqsel, JOIN = eqjoinsel,
    MERGES, HASHES
);
CREATE OPERATOR hredd.<> (
    LEFTARG = hredd.lei, RIGHTARG = hredd.lei, FUNCTION = hredd.lei_ne,
    COMMUTATOR = <>, NEGATOR = =,
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR hredd.< (
    LEFTARG = hredd.lei, RIGHTARG = hredd.lei, FUNCTION = hredd.lei_lt,
    COMMUTATOR = >, NEGATOR = >=,
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR hredd.<= (
    LEFTARG = hredd.lei, RIGHTARG = hredd.lei, FUNCTION = hredd.lei_le,
    COMMUTATOR = >=, NEGATOR = >,
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR hredd.> (
    LEFTARG = hredd.lei, RIGHTARG = hredd.lei, FUNCTION = hredd.lei_gt,
    COMMUTATOR = <, NEGATOR = <=,
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR hredd.>= (
    LEFTARG = hredd.lei, RIGHTARG = hredd.lei, FUNCTION = hredd.lei_ge,
    COMMUTATOR = <=, NEGATOR = <,
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR hredd.= (hredd.lei, hredd.lei) IS 'equal (same order as the canonical text)';
COMMENT ON OPERATOR hredd.<> (hredd.lei, hredd.lei) IS 'not equal (same order as the canonical text)';
COMMENT ON OPERATOR hredd.< (hredd.lei, hredd.lei) IS 'less than (same order as the canonical text)';
COMMENT ON OPERATOR hredd.<= (hredd.lei, hredd.lei) IS 'less than or equal (same order as the canonical text)';
COMMENT ON OPERATOR hredd.> (hredd.lei, hredd.lei) IS 'greater than (same order as the canonical text)';
COMMENT ON OPERATOR hredd.>= (hredd.lei, hredd.lei) IS 'greater than or equal (same order as the canonical text)';

CREATE OPERATOR CLASS hredd.lei_ops DEFAULT FOR TYPE hredd.lei USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 hredd.lei_cmp(hredd.lei, hredd.lei),
    FUNCTION 2 hredd.lei_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS hredd.lei_ops DEFAULT FOR TYPE hredd.lei USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 hredd.lei_hash(hredd.lei),
    FUNCTION 2 hredd.lei_hash_extended(hredd.lei, bigint);

-- ---------------------------------------------------------------- gln
CREATE TYPE hredd.gln;
CREATE FUNCTION hredd.gln_in(cstring) RETURNS hredd.gln
    AS 'MODULE_PATHNAME', 'gln_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.gln_out(hredd.gln) RETURNS cstring
    AS 'MODULE_PATHNAME', 'gln_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.gln_recv(internal) RETURNS hredd.gln
    AS 'MODULE_PATHNAME', 'gln_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.gln_send(hredd.gln) RETURNS bytea
    AS 'MODULE_PATHNAME', 'gln_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE hredd.gln (
    INPUT = hredd.gln_in, OUTPUT = hredd.gln_out,
    RECEIVE = hredd.gln_recv, SEND = hredd.gln_send,
    LIKE = pg_catalog.int8, CATEGORY = 'U'
);
COMMENT ON TYPE hredd.gln IS 'GS1 Global Location Number: 13 digits with GS1 mod-10 check digit';
COMMENT ON FUNCTION hredd.gln_in(cstring) IS 'text input of gln';
COMMENT ON FUNCTION hredd.gln_out(hredd.gln) IS 'canonical text output of gln';
COMMENT ON FUNCTION hredd.gln_recv(internal) IS 'binary input of gln; re-validates the value';
COMMENT ON FUNCTION hredd.gln_send(hredd.gln) IS 'binary output of gln';

CREATE FUNCTION hredd.gln_is_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'gln_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.gln_is_valid(text) IS 'true when the text is a valid GLN (same rules as the type input, no error)';
CREATE FUNCTION hredd.try_gln(text) RETURNS hredd.gln
    AS 'MODULE_PATHNAME', 'try_gln' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.gln_error(text) RETURNS text
    AS 'MODULE_PATHNAME', 'gln_error' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.gln_error(text) IS 'why the text is not a valid gln (the DETAIL the input function would report), or NULL when it is valid';
COMMENT ON FUNCTION hredd.try_gln(text) IS 'the text as gln, or NULL when it is not a valid GLN';

CREATE CAST (text AS hredd.gln) WITH INOUT;
CREATE CAST (hredd.gln AS text) WITH INOUT;
CREATE CAST (varchar AS hredd.gln) WITH INOUT;
CREATE CAST (hredd.gln AS varchar) WITH INOUT;

CREATE FUNCTION hredd.gln_eq(hredd.gln, hredd.gln) RETURNS boolean
    AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gln_ne(hredd.gln, hredd.gln) RETURNS boolean
    AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gln_lt(hredd.gln, hredd.gln) RETURNS boolean
    AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gln_le(hredd.gln, hredd.gln) RETURNS boolean
    AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gln_gt(hredd.gln, hredd.gln) RETURNS boolean
    AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gln_ge(hredd.gln, hredd.gln) RETURNS boolean
    AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gln_cmp(hredd.gln, hredd.gln) RETURNS integer
    AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gln_sortsupport(internal) RETURNS void
    AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.gln_hash(hredd.gln) RETURNS integer
    AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gln_hash_extended(hredd.gln, bigint) RETURNS bigint
    AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION hredd.gln_eq(hredd.gln, hredd.gln) IS 'implementation of the = operator for gln';
COMMENT ON FUNCTION hredd.gln_ne(hredd.gln, hredd.gln) IS 'implementation of the <> operator for gln';
COMMENT ON FUNCTION hredd.gln_lt(hredd.gln, hredd.gln) IS 'implementation of the < operator for gln';
COMMENT ON FUNCTION hredd.gln_le(hredd.gln, hredd.gln) IS 'implementation of the <= operator for gln';
COMMENT ON FUNCTION hredd.gln_gt(hredd.gln, hredd.gln) IS 'implementation of the > operator for gln';
COMMENT ON FUNCTION hredd.gln_ge(hredd.gln, hredd.gln) IS 'implementation of the >= operator for gln';
COMMENT ON FUNCTION hredd.gln_cmp(hredd.gln, hredd.gln) IS 'btree comparison of gln: -1, 0 or 1';
COMMENT ON FUNCTION hredd.gln_sortsupport(internal) IS 'btree sort support for gln';
COMMENT ON FUNCTION hredd.gln_hash(hredd.gln) IS 'hash of gln';
COMMENT ON FUNCTION hredd.gln_hash_extended(hredd.gln, bigint) IS 'seeded 64-bit hash of gln (hash partitioning, Citus)';

CREATE OPERATOR hredd.= (
    LEFTARG = hredd.gln, RIGHTARG = hredd.gln, FUNCTION = hredd.gln_eq,
    COMMUTATOR = =, NEGATOR = <>,
    RESTRICT = eqsel, JOIN = eqjoinsel,
    MERGES, HASHES
);
CREATE OPERATOR hredd.<> (
    LEFTARG = hredd.gln, RIGHTARG = hredd.gln, FUNCTION = hredd.gln_ne,
    COMMUTATOR = <>, NEGATOR = =,
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR hredd.< (
    LEFTARG = hredd.gln, RIGHTARG = hredd.gln, FUNCTION = hredd.gln_lt,
    COMMUTATOR = >, NEGATOR = >=,
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR hredd.<= (
    LEFTARG = hredd.gln, RIGHTARG = hredd.gln, FUNCTION = hredd.gln_le,
    COMMUTATOR = >=, NEGATOR = >,
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR hredd.> (
    LEFTARG = hredd.gln, RIGHTARG = hredd.gln, FUNCTION = hredd.gln_gt,
    COMMUTATOR = <, NEGATOR = <=,
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR hredd.>= (
    LEFTARG = hredd.gln, RIGHTARG = hredd.gln, FUNCTION = hredd.gln_ge,
    COMMUTATOR = <=, NEGATOR = <,
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR hredd.= (hredd.gln, hredd.gln) IS 'equal (same order as the canonical text)';
COMMENT ON OPERATOR hredd.<> (hredd.gln, hredd.gln) IS 'not equal (same order as the canonical text)';
COMMENT ON OPERATOR hredd.< (hredd.gln, hredd.gln) IS 'less than (same order as the canonical text)';
COMMENT ON OPERATOR hredd.<= (hredd.gln, hredd.gln) IS 'less than or equal (same order as the canonical text)';
COMMENT ON OPERATOR hredd.> (hredd.gln, hredd.gln) IS 'greater than (same order as the canonical text)';
COMMENT ON OPERATOR hredd.>= (hredd.gln, hredd.gln) IS 'greater than or equal (same order as the canonical text)';

CREATE OPERATOR CLASS hredd.gln_ops DEFAULT FOR TYPE hredd.gln USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 hredd.gln_cmp(hredd.gln, hredd.gln),
    FUNCTION 2 hredd.gln_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS hredd.gln_ops DEFAULT FOR TYPE hredd.gln USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 hredd.gln_hash(hredd.gln),
    FUNCTION 2 hredd.gln_hash_extended(hredd.gln, bigint);
CREATE OPERATOR CLASS hredd.gln_minmax_ops DEFAULT FOR TYPE hredd.gln USING brin AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 pg_catalog.brin_minmax_opcinfo(internal),
    FUNCTION 2 pg_catalog.brin_minmax_add_value(internal, internal, internal, internal),
    FUNCTION 3 pg_catalog.brin_minmax_consistent(internal, internal, internal),
    FUNCTION 4 pg_catalog.brin_minmax_union(internal, internal, internal);

-- ---------------------------------------------------------------- duns
CREATE TYPE hredd.duns;
CREATE FUNCTION hredd.duns_in(cstring) RETURNS hredd.duns
    AS 'MODULE_PATHNAME', 'duns_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.duns_out(hredd.duns) RETURNS cstring
    AS 'MODULE_PATHNAME', 'duns_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.duns_recv(internal) RETURNS hredd.duns
    AS 'MODULE_PATHNAME', 'duns_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.duns_send(hredd.duns) RETURNS bytea
    AS 'MODULE_PATHNAME', 'duns_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE hredd.duns (
    INPUT = hredd.duns_in, OUTPUT = hredd.duns_out,
    RECEIVE = hredd.duns_recv, SEND = hredd.duns_send,
    LIKE = pg_catalog.int4, CATEGORY = 'U'
);
COMMENT ON TYPE hredd.duns IS 'Dun & Bradstreet D-U-N-S number: 9 digits, leading zeros significant';
COMMENT ON FUNCTION hredd.duns_in(cstring) IS 'text input of duns';
COMMENT ON FUNCTION hredd.duns_out(hredd.duns) IS 'canonical text output of duns';
COMMENT ON FUNCTION hredd.duns_recv(internal) IS 'binary input of duns; re-validates the value';
COMMENT ON FUNCTION hredd.duns_send(hredd.duns) IS 'binary output of duns';

CREATE FUNCTION hredd.duns_is_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'duns_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.duns_is_valid(text) IS 'true when the text is a valid D-U-N-S number (same rules as the type input, no error)';
CREATE FUNCTION hredd.try_duns(text) RETURNS hredd.duns
    AS 'MODULE_PATHNAME', 'try_duns' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.duns_error(text) RETURNS text
    AS 'MODULE_PATHNAME', 'duns_error' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.duns_error(text) IS 'why the text is not a valid duns (the DETAIL the input function would report), or NULL when it is valid';
COMMENT ON FUNCTION hredd.try_duns(text) IS 'the text as duns, or NULL when it is not a valid D-U-N-S number';

CREATE CAST (text AS hredd.duns) WITH INOUT;
CREATE CAST (hredd.duns AS text) WITH INOUT;
CREATE CAST (varchar AS hredd.duns) WITH INOUT;
CREATE CAST (hredd.duns AS varchar) WITH INOUT;

CREATE FUNCTION hredd.duns_eq(hredd.duns, hredd.duns) RETURNS boolean
    AS 'int4eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.duns_ne(hredd.duns, hredd.duns) RETURNS boolean
    AS 'int4ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.duns_lt(hredd.duns, hredd.duns) RETURNS boolean
    AS 'int4lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.duns_le(hredd.duns, hredd.duns) RETURNS boolean
    AS 'int4le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.duns_gt(hredd.duns, hredd.duns) RETURNS boolean
    AS 'int4gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.duns_ge(hredd.duns, hredd.duns) RETURNS boolean
    AS 'int4ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.duns_cmp(hredd.duns, hredd.duns) RETURNS integer
    AS 'btint4cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.duns_sortsupport(internal) RETURNS void
    AS 'btint4sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.duns_hash(hredd.duns) RETURNS integer
    AS 'hashint4' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.duns_hash_extended(hredd.duns, bigint) RETURNS bigint
    AS 'hashint4extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION hredd.duns_eq(hredd.duns, hredd.duns) IS 'implementation of the = operator for duns';
COMMENT ON FUNCTION hredd.duns_ne(hredd.duns, hredd.duns) IS 'implementation of the <> operator for duns';
COMMENT ON FUNCTION hredd.duns_lt(hredd.duns, hredd.duns) IS 'implementation of the < operator for duns';
COMMENT ON FUNCTION hredd.duns_le(hredd.duns, hredd.duns) IS 'implementation of the <= operator for duns';
COMMENT ON FUNCTION hredd.duns_gt(hredd.duns, hredd.duns) IS 'implementation of the > operator for duns';
COMMENT ON FUNCTION hredd.duns_ge(hredd.duns, hredd.duns) IS 'implementation of the >= operator for duns';
COMMENT ON FUNCTION hredd.duns_cmp(hredd.duns, hredd.duns) IS 'btree comparison of duns: -1, 0 or 1';
COMMENT ON FUNCTION hredd.duns_sortsupport(internal) IS 'btree sort support for duns';
COMMENT ON FUNCTION hredd.duns_hash(hredd.duns) IS 'hash of duns';
COMMENT ON FUNCTION hredd.duns_hash_extended(hredd.duns, bigint) IS 'seeded 64-bit hash of duns (hash partitioning, Citus)';

CREATE OPERATOR hredd.= (
    LEFTARG = hredd.duns, RIGHTARG = hredd.duns, FUNCTION = hredd.duns_eq,
    COMMUTATOR = =, NEGATOR = <>,
    RESTRICT = eqsel, JOIN = eqjoinsel,
    MERGES, HASHES
);
CREATE OPERATOR hredd.<> (
    LEFTARG = hredd.duns, RIGHTARG = hredd.duns, FUNCTION = hredd.duns_ne,
    COMMUTATOR = <>, NEGATOR = =,
    RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR hredd.< (
    LEFTARG = hredd.duns, RIGHTARG = hredd.duns, FUNCTION = hredd.duns_lt,
    COMMUTATOR = >, NEGATOR = >=,
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
CREATE OPERATOR hredd.<= (
    LEFTARG = hredd.duns, RIGHTARG = hredd.duns, FUNCTION = hredd.duns_le,
    COMMUTATOR = >=, NEGATOR = >,
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
CREATE OPERATOR hredd.> (
    LEFTARG = hredd.duns, RIGHTARG = hredd.duns, FUNCTION = hredd.duns_gt,
    COMMUTATOR = <, NEGATOR = <=,
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
CREATE OPERATOR hredd.>= (
    LEFTARG = hredd.duns, RIGHTARG = hredd.duns, FUNCTION = hredd.duns_ge,
    COMMUTATOR = <=, NEGATOR = <,
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);

COMMENT ON OPERATOR hredd.= (hredd.duns, hredd.duns) IS 'equal (same order as the canonical text)';
COMMENT ON OPERATOR hredd.<> (hredd.duns, hredd.duns) IS 'not equal (same order as the canonical text)';
COMMENT ON OPERATOR hredd.< (hredd.duns, hredd.duns) IS 'less than (same order as the canonical text)';
COMMENT ON OPERATOR hredd.<= (hredd.duns, hredd.duns) IS 'less than or equal (same order as the canonical text)';
COMMENT ON OPERATOR hredd.> (hredd.duns, hredd.duns) IS 'greater than (same order as the canonical text)';
COMMENT ON OPERATOR hredd.>= (hredd.duns, hredd.duns) IS 'greater than or equal (same order as the canonical text)';

CREATE OPERATOR CLASS hredd.duns_ops DEFAULT FOR TYPE hredd.duns USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 hredd.duns_cmp(hredd.duns, hredd.duns),
    FUNCTION 2 hredd.duns_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS hredd.duns_ops DEFAULT FOR TYPE hredd.duns USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 hredd.duns_hash(hredd.duns),
    FUNCTION 2 hredd.duns_hash_extended(hredd.duns, bigint);
CREATE OPERATOR CLASS hredd.duns_minmax_ops DEFAULT FOR TYPE hredd.duns USING brin AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 pg_catalog.brin_minmax_opcinfo(internal),
    FUNCTION 2 pg_catalog.brin_minmax_add_value(internal, internal, internal, internal),
    FUNCTION 3 pg_catalog.brin_minmax_consistent(internal, internal, internal),
    FUNCTION 4 pg_catalog.brin_minmax_union(internal, internal, internal);

-- ---------------------------------------------------------------- helpers

CREATE FUNCTION hredd.country_code_is_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'country_code_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.country_code_is_valid(text) IS 'true only for an assigned ISO 3166-1 alpha-2 code (or XK), any case; stricter than country_is_valid, which also reads alpha-3, numeric codes and names';
CREATE FUNCTION hredd.country_name(hredd.country) RETURNS text
    AS 'MODULE_PATHNAME', 'country_name' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.country_name(hredd.country) IS 'common English name of the country (e.g. Viet Nam for VN)';
CREATE FUNCTION hredd.country_alpha3(hredd.country) RETURNS text
    AS 'MODULE_PATHNAME', 'country_alpha3' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.country_alpha3(hredd.country) IS 'ISO 3166-1 alpha-3 code of the country (XKX for Kosovo)';
CREATE FUNCTION hredd.country_numeric(hredd.country) RETURNS text
    AS 'MODULE_PATHNAME', 'country_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.country_numeric(hredd.country) IS 'ISO 3166-1 numeric code as three digits, NULL for Kosovo (XK), which has none';
CREATE FUNCTION hredd.country_list(
        OUT code hredd.country, OUT alpha3 text, OUT numeric_code text, OUT name text, OUT iso_name text)
    RETURNS SETOF record
    AS 'MODULE_PATHNAME', 'country_list' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 250;
COMMENT ON FUNCTION hredd.country_list() IS 'every country the country type accepts, with its codes and names';

CREATE FUNCTION hredd.os_id_country(hredd.os_id) RETURNS hredd.country
    AS 'MODULE_PATHNAME', 'os_id_country' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.os_id_country(hredd.os_id) IS 'country of the facility, from characters 1-2 of the OS ID';
CREATE FUNCTION hredd.os_id_minted_on(hredd.os_id) RETURNS date
    AS 'MODULE_PATHNAME', 'os_id_minted_on' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.os_id_minted_on(hredd.os_id) IS 'day the OS ID was minted, from characters 3-9 (year and day of year)';
CREATE FUNCTION hredd.os_id_check_char(text) RETURNS text
    AS 'MODULE_PATHNAME', 'os_id_check_char' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.os_id_check_char(text) IS 'check character for the first 14 characters of an OS ID';

CREATE FUNCTION hredd.lei_check_digits(text) RETURNS text
    AS 'MODULE_PATHNAME', 'lei_check_digits' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.lei_check_digits(text) IS 'ISO 7064 MOD 97-10 check digits (02-98) for the first 18 characters of an LEI';
CREATE FUNCTION hredd.lei_lou(hredd.lei) RETURNS text
    AS 'MODULE_PATHNAME', 'lei_lou' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.lei_lou(hredd.lei) IS 'LOU prefix (characters 1-4): the Local Operating Unit that first issued the LEI';

CREATE FUNCTION hredd.gln_check_digit(text) RETURNS integer
    AS 'MODULE_PATHNAME', 'gln_check_digit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.gln_check_digit(text) IS 'GS1 mod-10 check digit for the first 12 digits of a GLN';
CREATE FUNCTION hredd.gln_gs1_prefix(hredd.gln) RETURNS text
    AS 'MODULE_PATHNAME', 'gln_gs1_prefix' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.gln_gs1_prefix(hredd.gln) IS 'GS1 prefix (digits 1-3): the GS1 member organisation that licensed the company prefix, not the location''s country';

CREATE FUNCTION hredd.duns_legacy_luhn_ok(hredd.duns) RETURNS boolean
    AS 'MODULE_PATHNAME', 'duns_legacy_luhn_ok' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.duns_legacy_luhn_ok(hredd.duns) IS 'whether the number passes the Luhn check used before about 2006; information only, never grounds to reject';
