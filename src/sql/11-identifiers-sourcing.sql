\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 11-identifiers-sourcing.sql — company numbers of the sourcing countries:
-- uscc (China), gstin (India), vn_mst (Viet Nam), bd_bin (Bangladesh),
-- tr_vkn (Türkiye); and the exact-ID evidence the matcher uses.
--
-- Same rules as 10-identifiers.sql: forgiving about form, strict about
-- content; text and binary I/O, is_valid/try_/_error helpers, explicit casts
-- to and from text, btree (sortsupport, equalimage) and hash (extended)
-- operator classes, BRIN minmax for the int8-backed ones.  uscc and gstin are
-- 16 bytes compared with memcmp (C functions id16_*); vn_mst, bd_bin and
-- tr_vkn reuse the core int8 support functions.

-- ---------------------------------------------------------------- uscc
CREATE TYPE hredd.uscc;
CREATE FUNCTION hredd.uscc_in(cstring) RETURNS hredd.uscc
    AS 'MODULE_PATHNAME', 'uscc_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.uscc_out(hredd.uscc) RETURNS cstring
    AS 'MODULE_PATHNAME', 'uscc_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.uscc_recv(internal) RETURNS hredd.uscc
    AS 'MODULE_PATHNAME', 'uscc_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.uscc_send(hredd.uscc) RETURNS bytea
    AS 'MODULE_PATHNAME', 'uscc_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE hredd.uscc (
    INPUT = hredd.uscc_in, OUTPUT = hredd.uscc_out,
    RECEIVE = hredd.uscc_recv, SEND = hredd.uscc_send,
    INTERNALLENGTH = 16, ALIGNMENT = char, STORAGE = plain, CATEGORY = 'U'
);
COMMENT ON TYPE hredd.uscc IS 'China''s unified social credit code (GB 32100-2015): 18 characters with a mod-31 check character';
COMMENT ON FUNCTION hredd.uscc_in(cstring) IS 'text input of uscc';
COMMENT ON FUNCTION hredd.uscc_out(hredd.uscc) IS 'canonical text output of uscc';
COMMENT ON FUNCTION hredd.uscc_recv(internal) IS 'binary input of uscc; re-validates the value';
COMMENT ON FUNCTION hredd.uscc_send(hredd.uscc) IS 'binary output of uscc';

CREATE FUNCTION hredd.uscc_is_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'uscc_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.uscc_is_valid(text) IS 'true when the text is a valid USCC (same rules as the type input, no error)';
CREATE FUNCTION hredd.try_uscc(text) RETURNS hredd.uscc
    AS 'MODULE_PATHNAME', 'try_uscc' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.try_uscc(text) IS 'the text as uscc, or NULL when it is not a valid USCC';
CREATE FUNCTION hredd.uscc_error(text) RETURNS text
    AS 'MODULE_PATHNAME', 'uscc_error' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.uscc_error(text) IS 'why the text is not a valid uscc (the DETAIL the input function would report), or NULL when it is valid';

CREATE CAST (text AS hredd.uscc) WITH INOUT;
CREATE CAST (hredd.uscc AS text) WITH INOUT;
CREATE CAST (varchar AS hredd.uscc) WITH INOUT;
CREATE CAST (hredd.uscc AS varchar) WITH INOUT;
CREATE FUNCTION hredd.uscc_eq(hredd.uscc, hredd.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME', 'id16_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.uscc_ne(hredd.uscc, hredd.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME', 'id16_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.uscc_lt(hredd.uscc, hredd.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME', 'id16_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.uscc_le(hredd.uscc, hredd.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME', 'id16_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.uscc_gt(hredd.uscc, hredd.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME', 'id16_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.uscc_ge(hredd.uscc, hredd.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME', 'id16_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.uscc_cmp(hredd.uscc, hredd.uscc) RETURNS integer
    AS 'MODULE_PATHNAME', 'id16_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.uscc_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME', 'id16_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.uscc_hash(hredd.uscc) RETURNS integer
    AS 'MODULE_PATHNAME', 'id16_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.uscc_hash_extended(hredd.uscc, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'id16_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION hredd.uscc_eq(hredd.uscc, hredd.uscc) IS 'implementation of the = operator for uscc';
COMMENT ON FUNCTION hredd.uscc_ne(hredd.uscc, hredd.uscc) IS 'implementation of the <> operator for uscc';
COMMENT ON FUNCTION hredd.uscc_lt(hredd.uscc, hredd.uscc) IS 'implementation of the < operator for uscc';
COMMENT ON FUNCTION hredd.uscc_le(hredd.uscc, hredd.uscc) IS 'implementation of the <= operator for uscc';
COMMENT ON FUNCTION hredd.uscc_gt(hredd.uscc, hredd.uscc) IS 'implementation of the > operator for uscc';
COMMENT ON FUNCTION hredd.uscc_ge(hredd.uscc, hredd.uscc) IS 'implementation of the >= operator for uscc';
COMMENT ON FUNCTION hredd.uscc_cmp(hredd.uscc, hredd.uscc) IS 'btree comparison of uscc: -1, 0 or 1';
COMMENT ON FUNCTION hredd.uscc_sortsupport(internal) IS 'btree sort support for uscc';
COMMENT ON FUNCTION hredd.uscc_hash(hredd.uscc) IS 'hash of uscc';
COMMENT ON FUNCTION hredd.uscc_hash_extended(hredd.uscc, bigint) IS 'seeded 64-bit hash of uscc (hash partitioning, Citus)';
CREATE OPERATOR hredd.= (
    LEFTARG = hredd.uscc, RIGHTARG = hredd.uscc, FUNCTION = hredd.uscc_eq,
    COMMUTATOR = =, NEGATOR = <>,
    RESTRICT = eqsel, JOIN = eqjoinsel,
    MERGES, HASHES
);
COMMENT ON OPERATOR hredd.= (hredd.uscc, hredd.uscc) IS 'equal (same order as the canonical text)';
CREATE OPERATOR hredd.<> (
    LEFTARG = hredd.uscc, RIGHTARG = hredd.uscc, FUNCTION = hredd.uscc_ne,
    COMMUTATOR = <>, NEGATOR = =,
    RESTRICT = neqsel, JOIN = neqjoinsel
);
COMMENT ON OPERATOR hredd.<> (hredd.uscc, hredd.uscc) IS 'not equal (same order as the canonical text)';
CREATE OPERATOR hredd.< (
    LEFTARG = hredd.uscc, RIGHTARG = hredd.uscc, FUNCTION = hredd.uscc_lt,
    COMMUTATOR = >, NEGATOR = >=,
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
COMMENT ON OPERATOR hredd.< (hredd.uscc, hredd.uscc) IS 'less than (same order as the canonical text)';
CREATE OPERATOR hredd.<= (
    LEFTARG = hredd.uscc, RIGHTARG = hredd.uscc, FUNCTION = hredd.uscc_le,
    COMMUTATOR = >=, NEGATOR = >,
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
COMMENT ON OPERATOR hredd.<= (hredd.uscc, hredd.uscc) IS 'less than or equal (same order as the canonical text)';
CREATE OPERATOR hredd.> (
    LEFTARG = hredd.uscc, RIGHTARG = hredd.uscc, FUNCTION = hredd.uscc_gt,
    COMMUTATOR = <, NEGATOR = <=,
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
COMMENT ON OPERATOR hredd.> (hredd.uscc, hredd.uscc) IS 'greater than (same order as the canonical text)';
CREATE OPERATOR hredd.>= (
    LEFTARG = hredd.uscc, RIGHTARG = hredd.uscc, FUNCTION = hredd.uscc_ge,
    COMMUTATOR = <=, NEGATOR = <,
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR hredd.>= (hredd.uscc, hredd.uscc) IS 'greater than or equal (same order as the canonical text)';
CREATE OPERATOR CLASS hredd.uscc_ops DEFAULT FOR TYPE hredd.uscc USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 hredd.uscc_cmp(hredd.uscc, hredd.uscc),
    FUNCTION 2 hredd.uscc_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS hredd.uscc_ops DEFAULT FOR TYPE hredd.uscc USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 hredd.uscc_hash(hredd.uscc),
    FUNCTION 2 hredd.uscc_hash_extended(hredd.uscc, bigint);

-- ---------------------------------------------------------------- gstin
CREATE TYPE hredd.gstin;
CREATE FUNCTION hredd.gstin_in(cstring) RETURNS hredd.gstin
    AS 'MODULE_PATHNAME', 'gstin_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.gstin_out(hredd.gstin) RETURNS cstring
    AS 'MODULE_PATHNAME', 'gstin_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.gstin_recv(internal) RETURNS hredd.gstin
    AS 'MODULE_PATHNAME', 'gstin_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.gstin_send(hredd.gstin) RETURNS bytea
    AS 'MODULE_PATHNAME', 'gstin_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE hredd.gstin (
    INPUT = hredd.gstin_in, OUTPUT = hredd.gstin_out,
    RECEIVE = hredd.gstin_recv, SEND = hredd.gstin_send,
    INTERNALLENGTH = 16, ALIGNMENT = char, STORAGE = plain, CATEGORY = 'U'
);
COMMENT ON TYPE hredd.gstin IS 'India''s GST identification number: state code, PAN, registration number, Z and a Luhn mod-36 check character';
COMMENT ON FUNCTION hredd.gstin_in(cstring) IS 'text input of gstin';
COMMENT ON FUNCTION hredd.gstin_out(hredd.gstin) IS 'canonical text output of gstin';
COMMENT ON FUNCTION hredd.gstin_recv(internal) IS 'binary input of gstin; re-validates the value';
COMMENT ON FUNCTION hredd.gstin_send(hredd.gstin) IS 'binary output of gstin';

CREATE FUNCTION hredd.gstin_is_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'gstin_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.gstin_is_valid(text) IS 'true when the text is a valid GSTIN (same rules as the type input, no error)';
CREATE FUNCTION hredd.try_gstin(text) RETURNS hredd.gstin
    AS 'MODULE_PATHNAME', 'try_gstin' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.try_gstin(text) IS 'the text as gstin, or NULL when it is not a valid GSTIN';
CREATE FUNCTION hredd.gstin_error(text) RETURNS text
    AS 'MODULE_PATHNAME', 'gstin_error' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.gstin_error(text) IS 'why the text is not a valid gstin (the DETAIL the input function would report), or NULL when it is valid';

CREATE CAST (text AS hredd.gstin) WITH INOUT;
CREATE CAST (hredd.gstin AS text) WITH INOUT;
CREATE CAST (varchar AS hredd.gstin) WITH INOUT;
CREATE CAST (hredd.gstin AS varchar) WITH INOUT;
CREATE FUNCTION hredd.gstin_eq(hredd.gstin, hredd.gstin) RETURNS boolean
    AS 'MODULE_PATHNAME', 'id16_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gstin_ne(hredd.gstin, hredd.gstin) RETURNS boolean
    AS 'MODULE_PATHNAME', 'id16_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gstin_lt(hredd.gstin, hredd.gstin) RETURNS boolean
    AS 'MODULE_PATHNAME', 'id16_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gstin_le(hredd.gstin, hredd.gstin) RETURNS boolean
    AS 'MODULE_PATHNAME', 'id16_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gstin_gt(hredd.gstin, hredd.gstin) RETURNS boolean
    AS 'MODULE_PATHNAME', 'id16_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gstin_ge(hredd.gstin, hredd.gstin) RETURNS boolean
    AS 'MODULE_PATHNAME', 'id16_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gstin_cmp(hredd.gstin, hredd.gstin) RETURNS integer
    AS 'MODULE_PATHNAME', 'id16_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gstin_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME', 'id16_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.gstin_hash(hredd.gstin) RETURNS integer
    AS 'MODULE_PATHNAME', 'id16_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.gstin_hash_extended(hredd.gstin, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'id16_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION hredd.gstin_eq(hredd.gstin, hredd.gstin) IS 'implementation of the = operator for gstin';
COMMENT ON FUNCTION hredd.gstin_ne(hredd.gstin, hredd.gstin) IS 'implementation of the <> operator for gstin';
COMMENT ON FUNCTION hredd.gstin_lt(hredd.gstin, hredd.gstin) IS 'implementation of the < operator for gstin';
COMMENT ON FUNCTION hredd.gstin_le(hredd.gstin, hredd.gstin) IS 'implementation of the <= operator for gstin';
COMMENT ON FUNCTION hredd.gstin_gt(hredd.gstin, hredd.gstin) IS 'implementation of the > operator for gstin';
COMMENT ON FUNCTION hredd.gstin_ge(hredd.gstin, hredd.gstin) IS 'implementation of the >= operator for gstin';
COMMENT ON FUNCTION hredd.gstin_cmp(hredd.gstin, hredd.gstin) IS 'btree comparison of gstin: -1, 0 or 1';
COMMENT ON FUNCTION hredd.gstin_sortsupport(internal) IS 'btree sort support for gstin';
COMMENT ON FUNCTION hredd.gstin_hash(hredd.gstin) IS 'hash of gstin';
COMMENT ON FUNCTION hredd.gstin_hash_extended(hredd.gstin, bigint) IS 'seeded 64-bit hash of gstin (hash partitioning, Citus)';
CREATE OPERATOR hredd.= (
    LEFTARG = hredd.gstin, RIGHTARG = hredd.gstin, FUNCTION = hredd.gstin_eq,
    COMMUTATOR = =, NEGATOR = <>,
    RESTRICT = eqsel, JOIN = eqjoinsel,
    MERGES, HASHES
);
COMMENT ON OPERATOR hredd.= (hredd.gstin, hredd.gstin) IS 'equal (same order as the canonical text)';
CREATE OPERATOR hredd.<> (
    LEFTARG = hredd.gstin, RIGHTARG = hredd.gstin, FUNCTION = hredd.gstin_ne,
    COMMUTATOR = <>, NEGATOR = =,
    RESTRICT = neqsel, JOIN = neqjoinsel
);
COMMENT ON OPERATOR hredd.<> (hredd.gstin, hredd.gstin) IS 'not equal (same order as the canonical text)';
CREATE OPERATOR hredd.< (
    LEFTARG = hredd.gstin, RIGHTARG = hredd.gstin, FUNCTION = hredd.gstin_lt,
    COMMUTATOR = >, NEGATOR = >=,
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
COMMENT ON OPERATOR hredd.< (hredd.gstin, hredd.gstin) IS 'less than (same order as the canonical text)';
CREATE OPERATOR hredd.<= (
    LEFTARG = hredd.gstin, RIGHTARG = hredd.gstin, FUNCTION = hredd.gstin_le,
    COMMUTATOR = >=, NEGATOR = >,
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
COMMENT ON OPERATOR hredd.<= (hredd.gstin, hredd.gstin) IS 'less than or equal (same order as the canonical text)';
CREATE OPERATOR hredd.> (
    LEFTARG = hredd.gstin, RIGHTARG = hredd.gstin, FUNCTION = hredd.gstin_gt,
    COMMUTATOR = <, NEGATOR = <=,
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
COMMENT ON OPERATOR hredd.> (hredd.gstin, hredd.gstin) IS 'greater than (same order as the canonical text)';
CREATE OPERATOR hredd.>= (
    LEFTARG = hredd.gstin, RIGHTARG = hredd.gstin, FUNCTION = hredd.gstin_ge,
    COMMUTATOR = <=, NEGATOR = <,
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR hredd.>= (hredd.gstin, hredd.gstin) IS 'greater than or equal (same order as the canonical text)';
CREATE OPERATOR CLASS hredd.gstin_ops DEFAULT FOR TYPE hredd.gstin USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 hredd.gstin_cmp(hredd.gstin, hredd.gstin),
    FUNCTION 2 hredd.gstin_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS hredd.gstin_ops DEFAULT FOR TYPE hredd.gstin USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 hredd.gstin_hash(hredd.gstin),
    FUNCTION 2 hredd.gstin_hash_extended(hredd.gstin, bigint);

-- ---------------------------------------------------------------- vn_mst
CREATE TYPE hredd.vn_mst;
CREATE FUNCTION hredd.vn_mst_in(cstring) RETURNS hredd.vn_mst
    AS 'MODULE_PATHNAME', 'vn_mst_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.vn_mst_out(hredd.vn_mst) RETURNS cstring
    AS 'MODULE_PATHNAME', 'vn_mst_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.vn_mst_recv(internal) RETURNS hredd.vn_mst
    AS 'MODULE_PATHNAME', 'vn_mst_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.vn_mst_send(hredd.vn_mst) RETURNS bytea
    AS 'MODULE_PATHNAME', 'vn_mst_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE hredd.vn_mst (
    INPUT = hredd.vn_mst_in, OUTPUT = hredd.vn_mst_out,
    RECEIVE = hredd.vn_mst_recv, SEND = hredd.vn_mst_send,
    LIKE = pg_catalog.int8, CATEGORY = 'U'
);
COMMENT ON TYPE hredd.vn_mst IS 'Viet Nam''s enterprise tax code (mã số thuế): 10 digits with a mod-11 check digit, or 13 for a branch (NNNNNNNNNN-NNN)';
COMMENT ON FUNCTION hredd.vn_mst_in(cstring) IS 'text input of vn_mst';
COMMENT ON FUNCTION hredd.vn_mst_out(hredd.vn_mst) IS 'canonical text output of vn_mst';
COMMENT ON FUNCTION hredd.vn_mst_recv(internal) IS 'binary input of vn_mst; re-validates the value';
COMMENT ON FUNCTION hredd.vn_mst_send(hredd.vn_mst) IS 'binary output of vn_mst';

CREATE FUNCTION hredd.vn_mst_is_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'vn_mst_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.vn_mst_is_valid(text) IS 'true when the text is a valid Vietnamese tax code (same rules as the type input, no error)';
CREATE FUNCTION hredd.try_vn_mst(text) RETURNS hredd.vn_mst
    AS 'MODULE_PATHNAME', 'try_vn_mst' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.try_vn_mst(text) IS 'the text as vn_mst, or NULL when it is not a valid Vietnamese tax code';
CREATE FUNCTION hredd.vn_mst_error(text) RETURNS text
    AS 'MODULE_PATHNAME', 'vn_mst_error' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.vn_mst_error(text) IS 'why the text is not a valid vn_mst (the DETAIL the input function would report), or NULL when it is valid';

CREATE CAST (text AS hredd.vn_mst) WITH INOUT;
CREATE CAST (hredd.vn_mst AS text) WITH INOUT;
CREATE CAST (varchar AS hredd.vn_mst) WITH INOUT;
CREATE CAST (hredd.vn_mst AS varchar) WITH INOUT;
CREATE FUNCTION hredd.vn_mst_eq(hredd.vn_mst, hredd.vn_mst) RETURNS boolean
    AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.vn_mst_ne(hredd.vn_mst, hredd.vn_mst) RETURNS boolean
    AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.vn_mst_lt(hredd.vn_mst, hredd.vn_mst) RETURNS boolean
    AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.vn_mst_le(hredd.vn_mst, hredd.vn_mst) RETURNS boolean
    AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.vn_mst_gt(hredd.vn_mst, hredd.vn_mst) RETURNS boolean
    AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.vn_mst_ge(hredd.vn_mst, hredd.vn_mst) RETURNS boolean
    AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.vn_mst_cmp(hredd.vn_mst, hredd.vn_mst) RETURNS integer
    AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.vn_mst_sortsupport(internal) RETURNS void
    AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.vn_mst_hash(hredd.vn_mst) RETURNS integer
    AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.vn_mst_hash_extended(hredd.vn_mst, bigint) RETURNS bigint
    AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION hredd.vn_mst_eq(hredd.vn_mst, hredd.vn_mst) IS 'implementation of the = operator for vn_mst';
COMMENT ON FUNCTION hredd.vn_mst_ne(hredd.vn_mst, hredd.vn_mst) IS 'implementation of the <> operator for vn_mst';
COMMENT ON FUNCTION hredd.vn_mst_lt(hredd.vn_mst, hredd.vn_mst) IS 'implementation of the < operator for vn_mst';
COMMENT ON FUNCTION hredd.vn_mst_le(hredd.vn_mst, hredd.vn_mst) IS 'implementation of the <= operator for vn_mst';
COMMENT ON FUNCTION hredd.vn_mst_gt(hredd.vn_mst, hredd.vn_mst) IS 'implementation of the > operator for vn_mst';
COMMENT ON FUNCTION hredd.vn_mst_ge(hredd.vn_mst, hredd.vn_mst) IS 'implementation of the >= operator for vn_mst';
COMMENT ON FUNCTION hredd.vn_mst_cmp(hredd.vn_mst, hredd.vn_mst) IS 'btree comparison of vn_mst: -1, 0 or 1';
COMMENT ON FUNCTION hredd.vn_mst_sortsupport(internal) IS 'btree sort support for vn_mst';
COMMENT ON FUNCTION hredd.vn_mst_hash(hredd.vn_mst) IS 'hash of vn_mst';
COMMENT ON FUNCTION hredd.vn_mst_hash_extended(hredd.vn_mst, bigint) IS 'seeded 64-bit hash of vn_mst (hash partitioning, Citus)';
CREATE OPERATOR hredd.= (
    LEFTARG = hredd.vn_mst, RIGHTARG = hredd.vn_mst, FUNCTION = hredd.vn_mst_eq,
    COMMUTATOR = =, NEGATOR = <>,
    RESTRICT = eqsel, JOIN = eqjoinsel,
    MERGES, HASHES
);
COMMENT ON OPERATOR hredd.= (hredd.vn_mst, hredd.vn_mst) IS 'equal (same order as the canonical text)';
CREATE OPERATOR hredd.<> (
    LEFTARG = hredd.vn_mst, RIGHTARG = hredd.vn_mst, FUNCTION = hredd.vn_mst_ne,
    COMMUTATOR = <>, NEGATOR = =,
    RESTRICT = neqsel, JOIN = neqjoinsel
);
COMMENT ON OPERATOR hredd.<> (hredd.vn_mst, hredd.vn_mst) IS 'not equal (same order as the canonical text)';
CREATE OPERATOR hredd.< (
    LEFTARG = hredd.vn_mst, RIGHTARG = hredd.vn_mst, FUNCTION = hredd.vn_mst_lt,
    COMMUTATOR = >, NEGATOR = >=,
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
COMMENT ON OPERATOR hredd.< (hredd.vn_mst, hredd.vn_mst) IS 'less than (same order as the canonical text)';
CREATE OPERATOR hredd.<= (
    LEFTARG = hredd.vn_mst, RIGHTARG = hredd.vn_mst, FUNCTION = hredd.vn_mst_le,
    COMMUTATOR = >=, NEGATOR = >,
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
COMMENT ON OPERATOR hredd.<= (hredd.vn_mst, hredd.vn_mst) IS 'less than or equal (same order as the canonical text)';
CREATE OPERATOR hredd.> (
    LEFTARG = hredd.vn_mst, RIGHTARG = hredd.vn_mst, FUNCTION = hredd.vn_mst_gt,
    COMMUTATOR = <, NEGATOR = <=,
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
COMMENT ON OPERATOR hredd.> (hredd.vn_mst, hredd.vn_mst) IS 'greater than (same order as the canonical text)';
CREATE OPERATOR hredd.>= (
    LEFTARG = hredd.vn_mst, RIGHTARG = hredd.vn_mst, FUNCTION = hredd.vn_mst_ge,
    COMMUTATOR = <=, NEGATOR = <,
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR hredd.>= (hredd.vn_mst, hredd.vn_mst) IS 'greater than or equal (same order as the canonical text)';
CREATE OPERATOR CLASS hredd.vn_mst_ops DEFAULT FOR TYPE hredd.vn_mst USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 hredd.vn_mst_cmp(hredd.vn_mst, hredd.vn_mst),
    FUNCTION 2 hredd.vn_mst_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS hredd.vn_mst_ops DEFAULT FOR TYPE hredd.vn_mst USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 hredd.vn_mst_hash(hredd.vn_mst),
    FUNCTION 2 hredd.vn_mst_hash_extended(hredd.vn_mst, bigint);
CREATE OPERATOR CLASS hredd.vn_mst_minmax_ops DEFAULT FOR TYPE hredd.vn_mst USING brin AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 pg_catalog.brin_minmax_opcinfo(internal),
    FUNCTION 2 pg_catalog.brin_minmax_add_value(internal, internal, internal, internal),
    FUNCTION 3 pg_catalog.brin_minmax_consistent(internal, internal, internal),
    FUNCTION 4 pg_catalog.brin_minmax_union(internal, internal, internal);

-- ---------------------------------------------------------------- bd_bin
CREATE TYPE hredd.bd_bin;
CREATE FUNCTION hredd.bd_bin_in(cstring) RETURNS hredd.bd_bin
    AS 'MODULE_PATHNAME', 'bd_bin_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.bd_bin_out(hredd.bd_bin) RETURNS cstring
    AS 'MODULE_PATHNAME', 'bd_bin_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.bd_bin_recv(internal) RETURNS hredd.bd_bin
    AS 'MODULE_PATHNAME', 'bd_bin_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.bd_bin_send(hredd.bd_bin) RETURNS bytea
    AS 'MODULE_PATHNAME', 'bd_bin_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE hredd.bd_bin (
    INPUT = hredd.bd_bin_in, OUTPUT = hredd.bd_bin_out,
    RECEIVE = hredd.bd_bin_recv, SEND = hredd.bd_bin_send,
    LIKE = pg_catalog.int8, CATEGORY = 'U'
);
COMMENT ON TYPE hredd.bd_bin IS 'Bangladesh''s 13-digit business identification number (VAT); no check digit is published';
COMMENT ON FUNCTION hredd.bd_bin_in(cstring) IS 'text input of bd_bin';
COMMENT ON FUNCTION hredd.bd_bin_out(hredd.bd_bin) IS 'canonical text output of bd_bin';
COMMENT ON FUNCTION hredd.bd_bin_recv(internal) IS 'binary input of bd_bin; re-validates the value';
COMMENT ON FUNCTION hredd.bd_bin_send(hredd.bd_bin) IS 'binary output of bd_bin';

CREATE FUNCTION hredd.bd_bin_is_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'bd_bin_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.bd_bin_is_valid(text) IS 'true when the text is a valid BIN (same rules as the type input, no error)';
CREATE FUNCTION hredd.try_bd_bin(text) RETURNS hredd.bd_bin
    AS 'MODULE_PATHNAME', 'try_bd_bin' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.try_bd_bin(text) IS 'the text as bd_bin, or NULL when it is not a valid BIN';
CREATE FUNCTION hredd.bd_bin_error(text) RETURNS text
    AS 'MODULE_PATHNAME', 'bd_bin_error' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.bd_bin_error(text) IS 'why the text is not a valid bd_bin (the DETAIL the input function would report), or NULL when it is valid';

CREATE CAST (text AS hredd.bd_bin) WITH INOUT;
CREATE CAST (hredd.bd_bin AS text) WITH INOUT;
CREATE CAST (varchar AS hredd.bd_bin) WITH INOUT;
CREATE CAST (hredd.bd_bin AS varchar) WITH INOUT;
CREATE FUNCTION hredd.bd_bin_eq(hredd.bd_bin, hredd.bd_bin) RETURNS boolean
    AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.bd_bin_ne(hredd.bd_bin, hredd.bd_bin) RETURNS boolean
    AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.bd_bin_lt(hredd.bd_bin, hredd.bd_bin) RETURNS boolean
    AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.bd_bin_le(hredd.bd_bin, hredd.bd_bin) RETURNS boolean
    AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.bd_bin_gt(hredd.bd_bin, hredd.bd_bin) RETURNS boolean
    AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.bd_bin_ge(hredd.bd_bin, hredd.bd_bin) RETURNS boolean
    AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.bd_bin_cmp(hredd.bd_bin, hredd.bd_bin) RETURNS integer
    AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.bd_bin_sortsupport(internal) RETURNS void
    AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.bd_bin_hash(hredd.bd_bin) RETURNS integer
    AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.bd_bin_hash_extended(hredd.bd_bin, bigint) RETURNS bigint
    AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION hredd.bd_bin_eq(hredd.bd_bin, hredd.bd_bin) IS 'implementation of the = operator for bd_bin';
COMMENT ON FUNCTION hredd.bd_bin_ne(hredd.bd_bin, hredd.bd_bin) IS 'implementation of the <> operator for bd_bin';
COMMENT ON FUNCTION hredd.bd_bin_lt(hredd.bd_bin, hredd.bd_bin) IS 'implementation of the < operator for bd_bin';
COMMENT ON FUNCTION hredd.bd_bin_le(hredd.bd_bin, hredd.bd_bin) IS 'implementation of the <= operator for bd_bin';
COMMENT ON FUNCTION hredd.bd_bin_gt(hredd.bd_bin, hredd.bd_bin) IS 'implementation of the > operator for bd_bin';
COMMENT ON FUNCTION hredd.bd_bin_ge(hredd.bd_bin, hredd.bd_bin) IS 'implementation of the >= operator for bd_bin';
COMMENT ON FUNCTION hredd.bd_bin_cmp(hredd.bd_bin, hredd.bd_bin) IS 'btree comparison of bd_bin: -1, 0 or 1';
COMMENT ON FUNCTION hredd.bd_bin_sortsupport(internal) IS 'btree sort support for bd_bin';
COMMENT ON FUNCTION hredd.bd_bin_hash(hredd.bd_bin) IS 'hash of bd_bin';
COMMENT ON FUNCTION hredd.bd_bin_hash_extended(hredd.bd_bin, bigint) IS 'seeded 64-bit hash of bd_bin (hash partitioning, Citus)';
CREATE OPERATOR hredd.= (
    LEFTARG = hredd.bd_bin, RIGHTARG = hredd.bd_bin, FUNCTION = hredd.bd_bin_eq,
    COMMUTATOR = =, NEGATOR = <>,
    RESTRICT = eqsel, JOIN = eqjoinsel,
    MERGES, HASHES
);
COMMENT ON OPERATOR hredd.= (hredd.bd_bin, hredd.bd_bin) IS 'equal (same order as the canonical text)';
CREATE OPERATOR hredd.<> (
    LEFTARG = hredd.bd_bin, RIGHTARG = hredd.bd_bin, FUNCTION = hredd.bd_bin_ne,
    COMMUTATOR = <>, NEGATOR = =,
    RESTRICT = neqsel, JOIN = neqjoinsel
);
COMMENT ON OPERATOR hredd.<> (hredd.bd_bin, hredd.bd_bin) IS 'not equal (same order as the canonical text)';
CREATE OPERATOR hredd.< (
    LEFTARG = hredd.bd_bin, RIGHTARG = hredd.bd_bin, FUNCTION = hredd.bd_bin_lt,
    COMMUTATOR = >, NEGATOR = >=,
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
COMMENT ON OPERATOR hredd.< (hredd.bd_bin, hredd.bd_bin) IS 'less than (same order as the canonical text)';
CREATE OPERATOR hredd.<= (
    LEFTARG = hredd.bd_bin, RIGHTARG = hredd.bd_bin, FUNCTION = hredd.bd_bin_le,
    COMMUTATOR = >=, NEGATOR = >,
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
COMMENT ON OPERATOR hredd.<= (hredd.bd_bin, hredd.bd_bin) IS 'less than or equal (same order as the canonical text)';
CREATE OPERATOR hredd.> (
    LEFTARG = hredd.bd_bin, RIGHTARG = hredd.bd_bin, FUNCTION = hredd.bd_bin_gt,
    COMMUTATOR = <, NEGATOR = <=,
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
COMMENT ON OPERATOR hredd.> (hredd.bd_bin, hredd.bd_bin) IS 'greater than (same order as the canonical text)';
CREATE OPERATOR hredd.>= (
    LEFTARG = hredd.bd_bin, RIGHTARG = hredd.bd_bin, FUNCTION = hredd.bd_bin_ge,
    COMMUTATOR = <=, NEGATOR = <,
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR hredd.>= (hredd.bd_bin, hredd.bd_bin) IS 'greater than or equal (same order as the canonical text)';
CREATE OPERATOR CLASS hredd.bd_bin_ops DEFAULT FOR TYPE hredd.bd_bin USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 hredd.bd_bin_cmp(hredd.bd_bin, hredd.bd_bin),
    FUNCTION 2 hredd.bd_bin_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS hredd.bd_bin_ops DEFAULT FOR TYPE hredd.bd_bin USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 hredd.bd_bin_hash(hredd.bd_bin),
    FUNCTION 2 hredd.bd_bin_hash_extended(hredd.bd_bin, bigint);
CREATE OPERATOR CLASS hredd.bd_bin_minmax_ops DEFAULT FOR TYPE hredd.bd_bin USING brin AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 pg_catalog.brin_minmax_opcinfo(internal),
    FUNCTION 2 pg_catalog.brin_minmax_add_value(internal, internal, internal, internal),
    FUNCTION 3 pg_catalog.brin_minmax_consistent(internal, internal, internal),
    FUNCTION 4 pg_catalog.brin_minmax_union(internal, internal, internal);

-- ---------------------------------------------------------------- tr_vkn
CREATE TYPE hredd.tr_vkn;
CREATE FUNCTION hredd.tr_vkn_in(cstring) RETURNS hredd.tr_vkn
    AS 'MODULE_PATHNAME', 'tr_vkn_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.tr_vkn_out(hredd.tr_vkn) RETURNS cstring
    AS 'MODULE_PATHNAME', 'tr_vkn_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.tr_vkn_recv(internal) RETURNS hredd.tr_vkn
    AS 'MODULE_PATHNAME', 'tr_vkn_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.tr_vkn_send(hredd.tr_vkn) RETURNS bytea
    AS 'MODULE_PATHNAME', 'tr_vkn_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE hredd.tr_vkn (
    INPUT = hredd.tr_vkn_in, OUTPUT = hredd.tr_vkn_out,
    RECEIVE = hredd.tr_vkn_recv, SEND = hredd.tr_vkn_send,
    LIKE = pg_catalog.int8, CATEGORY = 'U'
);
COMMENT ON TYPE hredd.tr_vkn IS 'Türkiye''s tax identification number (vergi kimlik numarası): 10 digits with a check digit';
COMMENT ON FUNCTION hredd.tr_vkn_in(cstring) IS 'text input of tr_vkn';
COMMENT ON FUNCTION hredd.tr_vkn_out(hredd.tr_vkn) IS 'canonical text output of tr_vkn';
COMMENT ON FUNCTION hredd.tr_vkn_recv(internal) IS 'binary input of tr_vkn; re-validates the value';
COMMENT ON FUNCTION hredd.tr_vkn_send(hredd.tr_vkn) IS 'binary output of tr_vkn';

CREATE FUNCTION hredd.tr_vkn_is_valid(text) RETURNS boolean
    AS 'MODULE_PATHNAME', 'tr_vkn_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.tr_vkn_is_valid(text) IS 'true when the text is a valid VKN (same rules as the type input, no error)';
CREATE FUNCTION hredd.try_tr_vkn(text) RETURNS hredd.tr_vkn
    AS 'MODULE_PATHNAME', 'try_tr_vkn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.try_tr_vkn(text) IS 'the text as tr_vkn, or NULL when it is not a valid VKN';
CREATE FUNCTION hredd.tr_vkn_error(text) RETURNS text
    AS 'MODULE_PATHNAME', 'tr_vkn_error' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.tr_vkn_error(text) IS 'why the text is not a valid tr_vkn (the DETAIL the input function would report), or NULL when it is valid';

CREATE CAST (text AS hredd.tr_vkn) WITH INOUT;
CREATE CAST (hredd.tr_vkn AS text) WITH INOUT;
CREATE CAST (varchar AS hredd.tr_vkn) WITH INOUT;
CREATE CAST (hredd.tr_vkn AS varchar) WITH INOUT;
CREATE FUNCTION hredd.tr_vkn_eq(hredd.tr_vkn, hredd.tr_vkn) RETURNS boolean
    AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.tr_vkn_ne(hredd.tr_vkn, hredd.tr_vkn) RETURNS boolean
    AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.tr_vkn_lt(hredd.tr_vkn, hredd.tr_vkn) RETURNS boolean
    AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.tr_vkn_le(hredd.tr_vkn, hredd.tr_vkn) RETURNS boolean
    AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.tr_vkn_gt(hredd.tr_vkn, hredd.tr_vkn) RETURNS boolean
    AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.tr_vkn_ge(hredd.tr_vkn, hredd.tr_vkn) RETURNS boolean
    AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.tr_vkn_cmp(hredd.tr_vkn, hredd.tr_vkn) RETURNS integer
    AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.tr_vkn_sortsupport(internal) RETURNS void
    AS 'btint8sortsupport' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION hredd.tr_vkn_hash(hredd.tr_vkn) RETURNS integer
    AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION hredd.tr_vkn_hash_extended(hredd.tr_vkn, bigint) RETURNS bigint
    AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION hredd.tr_vkn_eq(hredd.tr_vkn, hredd.tr_vkn) IS 'implementation of the = operator for tr_vkn';
COMMENT ON FUNCTION hredd.tr_vkn_ne(hredd.tr_vkn, hredd.tr_vkn) IS 'implementation of the <> operator for tr_vkn';
COMMENT ON FUNCTION hredd.tr_vkn_lt(hredd.tr_vkn, hredd.tr_vkn) IS 'implementation of the < operator for tr_vkn';
COMMENT ON FUNCTION hredd.tr_vkn_le(hredd.tr_vkn, hredd.tr_vkn) IS 'implementation of the <= operator for tr_vkn';
COMMENT ON FUNCTION hredd.tr_vkn_gt(hredd.tr_vkn, hredd.tr_vkn) IS 'implementation of the > operator for tr_vkn';
COMMENT ON FUNCTION hredd.tr_vkn_ge(hredd.tr_vkn, hredd.tr_vkn) IS 'implementation of the >= operator for tr_vkn';
COMMENT ON FUNCTION hredd.tr_vkn_cmp(hredd.tr_vkn, hredd.tr_vkn) IS 'btree comparison of tr_vkn: -1, 0 or 1';
COMMENT ON FUNCTION hredd.tr_vkn_sortsupport(internal) IS 'btree sort support for tr_vkn';
COMMENT ON FUNCTION hredd.tr_vkn_hash(hredd.tr_vkn) IS 'hash of tr_vkn';
COMMENT ON FUNCTION hredd.tr_vkn_hash_extended(hredd.tr_vkn, bigint) IS 'seeded 64-bit hash of tr_vkn (hash partitioning, Citus)';
CREATE OPERATOR hredd.= (
    LEFTARG = hredd.tr_vkn, RIGHTARG = hredd.tr_vkn, FUNCTION = hredd.tr_vkn_eq,
    COMMUTATOR = =, NEGATOR = <>,
    RESTRICT = eqsel, JOIN = eqjoinsel,
    MERGES, HASHES
);
COMMENT ON OPERATOR hredd.= (hredd.tr_vkn, hredd.tr_vkn) IS 'equal (same order as the canonical text)';
CREATE OPERATOR hredd.<> (
    LEFTARG = hredd.tr_vkn, RIGHTARG = hredd.tr_vkn, FUNCTION = hredd.tr_vkn_ne,
    COMMUTATOR = <>, NEGATOR = =,
    RESTRICT = neqsel, JOIN = neqjoinsel
);
COMMENT ON OPERATOR hredd.<> (hredd.tr_vkn, hredd.tr_vkn) IS 'not equal (same order as the canonical text)';
CREATE OPERATOR hredd.< (
    LEFTARG = hredd.tr_vkn, RIGHTARG = hredd.tr_vkn, FUNCTION = hredd.tr_vkn_lt,
    COMMUTATOR = >, NEGATOR = >=,
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);
COMMENT ON OPERATOR hredd.< (hredd.tr_vkn, hredd.tr_vkn) IS 'less than (same order as the canonical text)';
CREATE OPERATOR hredd.<= (
    LEFTARG = hredd.tr_vkn, RIGHTARG = hredd.tr_vkn, FUNCTION = hredd.tr_vkn_le,
    COMMUTATOR = >=, NEGATOR = >,
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);
COMMENT ON OPERATOR hredd.<= (hredd.tr_vkn, hredd.tr_vkn) IS 'less than or equal (same order as the canonical text)';
CREATE OPERATOR hredd.> (
    LEFTARG = hredd.tr_vkn, RIGHTARG = hredd.tr_vkn, FUNCTION = hredd.tr_vkn_gt,
    COMMUTATOR = <, NEGATOR = <=,
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);
COMMENT ON OPERATOR hredd.> (hredd.tr_vkn, hredd.tr_vkn) IS 'greater than (same order as the canonical text)';
CREATE OPERATOR hredd.>= (
    LEFTARG = hredd.tr_vkn, RIGHTARG = hredd.tr_vkn, FUNCTION = hredd.tr_vkn_ge,
    COMMUTATOR = <=, NEGATOR = <,
    RESTRICT = scalargesel, JOIN = scalargejoinsel
);
COMMENT ON OPERATOR hredd.>= (hredd.tr_vkn, hredd.tr_vkn) IS 'greater than or equal (same order as the canonical text)';
CREATE OPERATOR CLASS hredd.tr_vkn_ops DEFAULT FOR TYPE hredd.tr_vkn USING btree AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 hredd.tr_vkn_cmp(hredd.tr_vkn, hredd.tr_vkn),
    FUNCTION 2 hredd.tr_vkn_sortsupport(internal),
    FUNCTION 4 pg_catalog.btequalimage(oid);
CREATE OPERATOR CLASS hredd.tr_vkn_ops DEFAULT FOR TYPE hredd.tr_vkn USING hash AS
    OPERATOR 1 =,
    FUNCTION 1 hredd.tr_vkn_hash(hredd.tr_vkn),
    FUNCTION 2 hredd.tr_vkn_hash_extended(hredd.tr_vkn, bigint);
CREATE OPERATOR CLASS hredd.tr_vkn_minmax_ops DEFAULT FOR TYPE hredd.tr_vkn USING brin AS
    OPERATOR 1 <, OPERATOR 2 <=, OPERATOR 3 =, OPERATOR 4 >=, OPERATOR 5 >,
    FUNCTION 1 pg_catalog.brin_minmax_opcinfo(internal),
    FUNCTION 2 pg_catalog.brin_minmax_add_value(internal, internal, internal, internal),
    FUNCTION 3 pg_catalog.brin_minmax_consistent(internal, internal, internal),
    FUNCTION 4 pg_catalog.brin_minmax_union(internal, internal, internal);

-- ---------------------------------------------------------------- accessors
CREATE FUNCTION hredd.uscc_region(hredd.uscc) RETURNS text
    AS 'MODULE_PATHNAME', 'uscc_region' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.uscc_region(hredd.uscc) IS 'the GB/T 2260 administrative division code in a USCC (characters 3 to 8)';
CREATE FUNCTION hredd.uscc_org_code_ok(hredd.uscc) RETURNS boolean
    AS 'MODULE_PATHNAME', 'uscc_org_code_ok' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.uscc_org_code_ok(hredd.uscc) IS 'whether the organisation code in a USCC (characters 9 to 17) passes its own GB 11714 check; informational, the type does not require it';
CREATE FUNCTION hredd.gstin_state(hredd.gstin) RETURNS text
    AS 'MODULE_PATHNAME', 'gstin_state' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.gstin_state(hredd.gstin) IS 'the two-digit GST state code of a GSTIN';
CREATE FUNCTION hredd.gstin_pan(hredd.gstin) RETURNS text
    AS 'MODULE_PATHNAME', 'gstin_pan' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.gstin_pan(hredd.gstin) IS 'the PAN of the holder embedded in a GSTIN (characters 3 to 12): one legal entity across states';
CREATE FUNCTION hredd.vn_mst_head_office(hredd.vn_mst) RETURNS hredd.vn_mst
    AS 'MODULE_PATHNAME', 'vn_mst_head_office' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.vn_mst_head_office(hredd.vn_mst) IS 'the head office''s 10-digit code of a Vietnamese tax code (itself for a head office)';
CREATE FUNCTION hredd.vn_mst_branch(hredd.vn_mst) RETURNS integer
    AS 'MODULE_PATHNAME', 'vn_mst_branch' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.vn_mst_branch(hredd.vn_mst) IS 'the branch number (1 to 999) of a 13-digit Vietnamese tax code, NULL for a head office';

-- ---------------------------------------------------------------- exact-ID evidence
CREATE FUNCTION hredd.company_key(scheme text, number text) RETURNS text
    AS 'MODULE_PATHNAME', 'company_key' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.company_key(text, text) IS 'what identifies the legal entity in a company number of a scheme (uscc, gstin, vn_mst, bd_bin, tr_vkn, lei, duns): the number in canonical form, a GSTIN''s PAN, an MST''s head office; NULL when the number is not valid';
CREATE FUNCTION hredd.company_number_evidence(scheme text, a text, b text) RETURNS integer
    AS 'MODULE_PATHNAME', 'company_number_evidence' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION hredd.company_number_evidence(text, text, text) IS 'exact-ID evidence for matching: 1 when both numbers are valid and name the same company, -1 when both are valid and differ, 0 when either is not valid';
