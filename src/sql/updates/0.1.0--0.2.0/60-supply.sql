-- hredd 0.2.0, issue 14 (supply chains across tiers), the part built on
-- branch supply: the company-number types of the sourcing countries
-- (src/sql/11-identifiers-sourcing.sql), the upstream-risk tables
-- (52-risk-upstream.sql) and the register and trigger views that read them
-- (53-risk-read.sql), supplier links and upstream risk (60-supply.sql), Open
-- Supply Hub downloads and SC-DEX (61-supply-osh.sql), consolidated audits
-- (62-supply-audits.sql), and
-- the access lists (90-access.sql): the same statements as the fragments,
-- the views and access functions as CREATE OR REPLACE.
--
-- Written by tools/gen_upgrade_supply.py from the fragments: run it again
-- after changing the views of 53-risk-read.sql or the lists of 90-access.sql
-- (this part runs after the risk parts, so its views are the ones that stay).

-- ================================================================ 11-identifiers-sourcing.sql

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

-- ================================================================ 52-risk-upstream.sql

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

-- ================================================================ 53-risk-read.sql (views)
CREATE OR REPLACE VIEW hredd.risk_register AS
SELECT f.run_id, run.as_of, run.profile, f.facility_ref, f.name AS facility_name,
       f.country::text AS country, hredd.country_name(f.country) AS country_name,
       run.topics[i] AS topic, t.name AS topic_name, t.domain,
       round(f.priority[i] * 10000) / 10000 AS priority, f.rank[i] AS rank,
       CASE WHEN f.actual[i] THEN 'actual' ELSE 'potential' END AS status,
       round(f.likelihood[i] * 10000) / 10000 AS likelihood,
       round(f.inherent_likelihood[i] * 10000) / 10000 AS inherent_likelihood,
       round((run.topic_scale[i] + f.scope + run.topic_irremediability[i]) / 3 * 10000) / 10000 AS severity,
       round(run.topic_scale[i] * 10000) / 10000 AS scale, round(f.scope * 10000) / 10000 AS scope,
       round(run.topic_irremediability[i] * 10000) / 10000 AS irremediability,
       round(f.confidence[i] * 10000) / 10000 AS confidence, f.gap_bits[i] & 3 <> 0 AS data_gap,
       g.gap_text AS gaps,
       f.evidence_count[i] AS evidence_count,
       coalesce(f.upstream_priority[i], round(u.upstream_priority * 10000) / 10000) AS upstream_priority, f.tier,
       f.spend_share AS leverage_spend_share,
       f.lat, f.lng, d.decision AS latest_decision, d.rationale AS decision_rationale, d.decided_at,
       -- the type of causal contribution (LkSG §3(2), CSDDD Art. 8), from the
       -- tier as the supplier list gives it; reported, never used to rank
       CASE WHEN f.tier IS NULL THEN 'unknown'
            WHEN f.tier <= 0 THEN 'own operations: may cause'
            WHEN f.tier = 1 THEN 'direct supplier: may contribute or be directly linked'
            ELSE 'indirect supplier: directly linked' END AS involvement,
       -- the highest priority upstream and the way to it (hredd.risk_upstream)
       u.upstream_ref, u.upstream_tier, array_to_string(u.path, ' <- ') AS upstream_path
FROM hredd.risk_run run
JOIN hredd.risk_run_facility f ON f.run_id = run.run_id
CROSS JOIN LATERAL generate_series(1, cardinality(run.topics)) i
JOIN hredd.topic t ON t.code = run.topics[i]
JOIN hredd.risk_gap_set g ON g.bits = f.gap_bits[i]
LEFT JOIN (SELECT DISTINCT ON (x.facility_ref, x.topic) x.facility_ref, x.topic, x.decision, x.rationale, x.decided_at
           FROM hredd.risk_decision x
           ORDER BY x.facility_ref, x.topic, x.decided_at DESC, x.decision_id DESC) d
       ON d.facility_ref = f.facility_ref AND d.topic = run.topics[i]
LEFT JOIN hredd.risk_upstream u ON u.run_id = f.run_id AND u.facility_ref = f.facility_ref AND u.topic = run.topics[i]
WHERE run.run_id = (SELECT max(x.run_id) FROM hredd.risk_run x WHERE x.finished_at IS NOT NULL);
COMMENT ON VIEW hredd.risk_register IS 'the risk register for BI: the latest finished run, one row per facility and topic, with priority, rank, likelihood, severity and its parts, status, confidence, data gaps (as text), leverage (spend share) and involvement (cause, contribute, linked, from the tier) beside it (never used to rank), the latest decision, and the highest priority upstream with its path (hredd.risk_upstream)';

CREATE OR REPLACE VIEW hredd.risk_triggers AS
WITH last AS (SELECT x.run_id, x.known_at FROM hredd.risk_run x WHERE x.finished_at IS NOT NULL ORDER BY x.run_id DESC LIMIT 1)
SELECT last.run_id, e.facility_ref, e.topic, e.kind, e.status, e.severity, e.observed_on, e.reported_at AS known_since,
       CASE WHEN e.kind = 'grievance' AND e.status = 'grounded' THEN 'grounded grievance'
            ELSE 'new adverse ' || replace(e.kind, '_', ' ') END AS reason,
       'hredd.evidence'::text AS source_table, e.evidence_id::text AS source_key
FROM last
JOIN hredd.evidence e ON e.reported_at > last.known_at AND e.polarity = 'adverse' AND e.status <> 'not_grounded'
JOIN hredd.risk_run_facility f ON f.run_id = last.run_id AND f.facility_ref = e.facility_ref
UNION ALL
SELECT last.run_id, o.facility_ref, o.topic, 'audit', 'harmonised', o.severity, o.observed_on, h.started_at,
       CASE WHEN o.severity >= 1 THEN 'zero-tolerance audit finding' ELSE 'new adverse audit finding' END,
       'hredd.observation', o.row_key::text
FROM last
JOIN hredd.harmonize_run h ON h.started_at > last.known_at
JOIN hredd.observation o ON o.run_id = h.run_id AND o.severity >= 0.5
JOIN hredd.risk_run_facility f ON f.run_id = last.run_id AND f.facility_ref = o.facility_ref
-- LkSG §9(3): the same on an indirect supplier, for each facility of the run
-- it lies upstream of (hredd.risk_upstream(run) recorded the nodes)
UNION ALL
SELECT last.run_id, n.facility_ref, e.topic, e.kind, e.status, e.severity, e.observed_on, e.reported_at,
       format('new adverse %s upstream at %s (tier %s: %s)', replace(e.kind, '_', ' '), n.node_ref::text, n.tier,
              array_to_string(n.path, ' <- ')) COLLATE "default",
       'hredd.evidence', e.evidence_id::text
FROM last
JOIN hredd.evidence e ON e.reported_at > last.known_at AND e.polarity = 'adverse' AND e.status <> 'not_grounded'
JOIN hredd.risk_upstream_node n ON n.run_id = last.run_id AND n.node_ref = e.facility_ref
UNION ALL
SELECT last.run_id, n.facility_ref, o.topic, 'audit', 'harmonised', o.severity, o.observed_on, h.started_at,
       format('new adverse audit finding upstream at %s (tier %s: %s)', n.node_ref::text, n.tier,
              array_to_string(n.path, ' <- ')) COLLATE "default",
       'hredd.observation', o.row_key::text
FROM last
JOIN hredd.harmonize_run h ON h.started_at > last.known_at
JOIN hredd.observation o ON o.run_id = h.run_id AND o.severity >= 0.5
JOIN hredd.risk_upstream_node n ON n.run_id = last.run_id AND n.node_ref = o.facility_ref;
COMMENT ON VIEW hredd.risk_triggers IS 'ad-hoc triggers: adverse evidence (grievances, reports, audit findings of severity >= 0.5) that became known after the latest run, on its facilities or on a supplier upstream of one (LkSG §9(3), once hredd.risk_upstream has recorded the run''s upstream nodes) — a reason to assess again';

-- ================================================================ 60-supply.sql

-- 60-supply.sql — supply chains across tiers: who supplies whom, the
-- upstream and downstream graph of a facility as of a date, unknown
-- suppliers as virtual nodes, and the highest priority upstream of each
-- facility of a risk run (docs/supply.md).
--
-- Facilities are referred to by the same text references as everywhere in
-- hredd (hredd.observation.facility_ref, the key column of assess_risk).

-- ---------------------------------------------------------------- links

CREATE TABLE hredd.supply_link (
    link_id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    buyer_ref       text COLLATE "C" NOT NULL CHECK (buyer_ref <> ''),
    supplier_ref    text COLLATE "C" CHECK (supplier_ref <> ''),
    relation        text NOT NULL DEFAULT 'supplier' CHECK (relation IN ('supplier', 'subcontractor')),
    stage           text,
    material        text CHECK (material <> ''),
    origin_country  hredd.country,
    share           float8 CHECK (share > 0 AND share <= 1),
    valid_from      date NOT NULL DEFAULT '-infinity',
    valid_to        date NOT NULL DEFAULT 'infinity',
    source          text NOT NULL,
    loaded_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT supply_link_not_self CHECK (supplier_ref <> buyer_ref),
    CONSTRAINT supply_link_unknown_needs_material CHECK (supplier_ref IS NOT NULL OR material IS NOT NULL),
    CONSTRAINT supply_link_period CHECK (valid_from <= valid_to)
);
COMMENT ON TABLE hredd.supply_link IS 'who supplies whom: buyer and supplier facility references (supplier NULL = not known: an unknown supplier of the material in the origin country), relation (supplier or subcontractor), processing stage, material or product, origin country, volume or spend share (0-1], validity period (both days included) and source; links of one buyer, supplier, relation, material and origin never overlap in time';
CREATE INDEX supply_link_buyer_idx ON hredd.supply_link (buyer_ref, supplier_ref);
CREATE INDEX supply_link_supplier_idx ON hredd.supply_link (supplier_ref, buyer_ref);
SELECT pg_catalog.pg_extension_config_dump('hredd.supply_link', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.supply_link_link_id_seq', '');

-- Two links of the same buyer, supplier, relation, material and origin
-- whose periods overlap would count one input twice.
CREATE FUNCTION hredd.supply_link_check() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    other bigint;
BEGIN
    SELECT l.link_id INTO other FROM hredd.supply_link l
    WHERE l.buyer_ref = NEW.buyer_ref AND l.supplier_ref IS NOT DISTINCT FROM NEW.supplier_ref
      AND l.relation = NEW.relation AND l.material IS NOT DISTINCT FROM NEW.material
      AND l.origin_country IS NOT DISTINCT FROM NEW.origin_country
      AND l.link_id <> NEW.link_id AND l.valid_from <= NEW.valid_to AND NEW.valid_from <= l.valid_to
    LIMIT 1;
    IF other IS NOT NULL THEN
        RAISE EXCEPTION 'supply link from % to % overlaps link % in time', coalesce(NEW.supplier_ref, 'an unknown supplier'),
            NEW.buyer_ref, other
            USING ERRCODE = 'exclusion_violation',
                  DETAIL = format('Both link the same buyer, supplier, relation, material and origin; this one is valid from %s to %s.',
                                  NEW.valid_from, NEW.valid_to),
                  HINT = 'End the old link (valid_to) before the new one starts.';
    END IF;
    RETURN NEW;
END
$$;
COMMENT ON FUNCTION hredd.supply_link_check() IS 'trigger: refuses a supply link whose validity overlaps another link of the same buyer, supplier, relation, material and origin';
CREATE TRIGGER supply_link_check BEFORE INSERT OR UPDATE ON hredd.supply_link
    FOR EACH ROW EXECUTE FUNCTION hredd.supply_link_check();

CREATE TABLE hredd.supply_link_rejected (
    rejected_id  bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    source       text NOT NULL,
    row_ref      text NOT NULL,
    row          jsonb NOT NULL,
    reason       text NOT NULL,
    detail       text NOT NULL,
    rejected_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE hredd.supply_link_rejected IS 'rows of a supplier list that hredd.load_supply_links did not take, with a reason (missing_buyer, missing_supplier_and_material, self_link, unknown_facility, invalid_country, invalid_share, invalid_date, invalid_period, invalid_relation, overlapping_period) and a sentence';
CREATE INDEX supply_link_rejected_source_idx ON hredd.supply_link_rejected (source, row_ref);
SELECT pg_catalog.pg_extension_config_dump('hredd.supply_link_rejected', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.supply_link_rejected_rejected_id_seq', '');

-- A date read from text, NULL when it is not one (no exception escapes).
CREATE FUNCTION hredd.supply_date(t text) RETURNS date
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    IF btrim(t) = '' THEN
        RETURN NULL;
    END IF;
    RETURN btrim(t)::date;
EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow OR invalid_parameter_value THEN
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION hredd.supply_date(text) IS 'a date read from text (the session''s DateStyle), NULL when the text is not a date';

-- A share read from text: '0.35', '35 %' and '35%' are 0.35; NULL when no number.
CREATE FUNCTION hredd.supply_share(t text) RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    v float8 := hredd.risk_number(t);
BEGIN
    IF v IS NOT NULL AND strpos(t, '%') > 0 THEN
        v := v / 100;
    END IF;
    RETURN v;
END
$$;
COMMENT ON FUNCTION hredd.supply_share(text) IS 'a volume or spend share read from text: a fraction, or a percentage when the text has a % sign';

-- Takes the links of a supplier list: one row per link, the supplier's and
-- the buyer's references in two columns (a tier-2 list's "supplies to"
-- column, or a constant buyer such as the brand for a tier-1 list), and
-- optional columns for the rest.  A row whose supplier is empty (or
-- 'unknown') is an input of unknown origin: it needs a material.  Every row
-- is loaded, found already loaded (unchanged), or rejected with a reason in
-- hredd.supply_link_rejected; the counts add up to the rows read.  With
-- facilities and facility_key, references must name a row of that table
-- (or be the constant buyer).
CREATE FUNCTION hredd.load_supply_links(
    source            regclass,
    supplier_column   name,
    buyer_column      name DEFAULT NULL,
    buyer             text DEFAULT NULL,
    material_column   name DEFAULT NULL,
    origin_column     name DEFAULT NULL,
    stage_column      name DEFAULT NULL,
    share_column      name DEFAULT NULL,
    valid_from_column name DEFAULT NULL,
    valid_to_column   name DEFAULT NULL,
    relation_column   name DEFAULT NULL,
    source_label      text DEFAULT NULL,
    facilities        regclass DEFAULT NULL,
    facility_key      name DEFAULT NULL,
    OUT loaded bigint, OUT unchanged bigint, OUT rejected bigint)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    src   text;
    label text;
    col   name;
    n_in  bigint;
BEGIN
    IF source IS NULL OR supplier_column IS NULL THEN
        RAISE EXCEPTION 'load_supply_links needs a source table and its supplier column' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF buyer_column IS NULL AND buyer IS NULL THEN
        RAISE EXCEPTION 'load_supply_links needs a buyer column or a constant buyer' USING ERRCODE = 'null_value_not_allowed',
            HINT = 'A tier-1 list names its buyer with buyer => ''the brand''; a tier-2 list has a column of the facilities supplied.';
    END IF;
    IF (facilities IS NULL) <> (facility_key IS NULL) THEN
        RAISE EXCEPTION 'load_supply_links needs both facilities and facility_key, or neither' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    src := hredd.relation_ref(source);
    label := coalesce(source_label, src);
    FOREACH col IN ARRAY ARRAY[supplier_column, buyer_column, material_column, origin_column, stage_column, share_column,
                               valid_from_column, valid_to_column, relation_column] LOOP
        IF col IS NOT NULL AND hredd.column_type(source, col) IS NULL THEN
            RAISE EXCEPTION 'supplier list % has no column "%"', src, col USING ERRCODE = 'undefined_column';
        END IF;
    END LOOP;
    IF facilities IS NOT NULL AND hredd.column_type(facilities, facility_key) IS NULL THEN
        RAISE EXCEPTION 'facility table % has no column "%"', hredd.relation_ref(facilities), facility_key
            USING ERRCODE = 'undefined_column';
    END IF;

    IF to_regclass('pg_temp.supply_load') IS NOT NULL THEN
        DROP TABLE pg_temp.supply_load;
    END IF;
    EXECUTE format($q$
        CREATE TEMP TABLE supply_load AS
        SELECT row_number() OVER (ORDER BY s.ctid) AS ord, s.ctid::text AS row_ref, to_jsonb(s) AS row,
               nullif(btrim(%s), '') AS buyer_ref,
               nullif(btrim(%s::text), '') AS supplier_raw,
               nullif(btrim(%s), '') AS material, nullif(btrim(%s), '') AS origin_raw,
               nullif(btrim(%s), '') AS stage, nullif(btrim(%s), '') AS share_raw,
               nullif(btrim(%s), '') AS from_raw, nullif(btrim(%s), '') AS to_raw,
               coalesce(nullif(lower(btrim(%s)), ''), 'supplier') AS relation
        FROM %s s$q$,
        CASE WHEN buyer_column IS NULL THEN format('%L::text', buyer)
             ELSE format('coalesce(nullif(btrim(s.%I::text), %L), %L)', buyer_column, '', buyer) END,
        format('s.%I', supplier_column),
        CASE WHEN material_column IS NULL THEN 'NULL::text' ELSE format('s.%I::text', material_column) END,
        CASE WHEN origin_column IS NULL THEN 'NULL::text' ELSE format('s.%I::text', origin_column) END,
        CASE WHEN stage_column IS NULL THEN 'NULL::text' ELSE format('s.%I::text', stage_column) END,
        CASE WHEN share_column IS NULL THEN 'NULL::text' ELSE format('s.%I::text', share_column) END,
        CASE WHEN valid_from_column IS NULL THEN 'NULL::text' ELSE format('s.%I::text', valid_from_column) END,
        CASE WHEN valid_to_column IS NULL THEN 'NULL::text' ELSE format('s.%I::text', valid_to_column) END,
        CASE WHEN relation_column IS NULL THEN 'NULL::text' ELSE format('s.%I::text', relation_column) END,
        src);
    GET DIAGNOSTICS n_in = ROW_COUNT;

    ALTER TABLE pg_temp.supply_load ADD COLUMN supplier_ref text COLLATE "C", ADD COLUMN origin_country hredd.country,
        ADD COLUMN share float8, ADD COLUMN valid_from date, ADD COLUMN valid_to date,
        ADD COLUMN reason text, ADD COLUMN detail text, ADD COLUMN same_as bigint;
    UPDATE pg_temp.supply_load SET
        supplier_ref = CASE WHEN lower(supplier_raw) IN ('unknown', 'n/a', '?') THEN NULL ELSE supplier_raw END,
        origin_country = hredd.try_country(origin_raw),
        share = hredd.supply_share(share_raw),
        valid_from = coalesce(hredd.supply_date(from_raw), '-infinity'),
        valid_to = coalesce(hredd.supply_date(to_raw), 'infinity');

    ANALYZE pg_temp.supply_load;
    -- the first reason that applies, in the order a person would fix them
    UPDATE pg_temp.supply_load l SET (reason, detail) = (SELECT r.reason, r.detail FROM (VALUES
        (1, 'missing_buyer', l.buyer_ref IS NULL, 'The row names no buyer and no constant buyer was given.'),
        (2, 'missing_supplier_and_material', l.supplier_ref IS NULL AND l.material IS NULL,
            'A row without a supplier stands for an input of unknown origin and needs its material.'),
        (3, 'self_link', l.supplier_ref = l.buyer_ref, format('%s is named as its own supplier.', l.buyer_ref)),
        (4, 'invalid_relation', l.relation NOT IN ('supplier', 'subcontractor'),
            format('The relation "%s" is not supplier or subcontractor.', l.relation)),
        (5, 'invalid_country', l.origin_raw IS NOT NULL AND l.origin_country IS NULL,
            format('"%s" is not a country: %s', l.origin_raw, hredd.country_error(l.origin_raw))),
        (6, 'invalid_share', l.share_raw IS NOT NULL AND (l.share IS NULL OR l.share <= 0 OR l.share > 1),
            format('The share "%s" is not a fraction above 0 and at most 1 (or a percentage with %%).', l.share_raw)),
        (7, 'invalid_date', (l.from_raw IS NOT NULL AND hredd.supply_date(l.from_raw) IS NULL)
                            OR (l.to_raw IS NOT NULL AND hredd.supply_date(l.to_raw) IS NULL),
            format('"%s" is not a date.', CASE WHEN l.from_raw IS NOT NULL AND hredd.supply_date(l.from_raw) IS NULL
                                               THEN l.from_raw ELSE l.to_raw END)),
        (8, 'invalid_period', l.valid_from > l.valid_to,
            format('The link ends (%s) before it starts (%s).', l.valid_to, l.valid_from))
        ) r(ord, reason, applies, detail) WHERE r.applies ORDER BY r.ord LIMIT 1);

    IF facilities IS NOT NULL THEN
        EXECUTE format($q$
            UPDATE pg_temp.supply_load l SET reason = 'unknown_facility',
                detail = format('%%s is not a facility of %s.',
                                CASE WHEN NOT EXISTS (SELECT 1 FROM %s f WHERE f.%I::text = l.buyer_ref)
                                      AND l.buyer_ref IS DISTINCT FROM %L THEN l.buyer_ref ELSE l.supplier_ref END)
            WHERE l.reason IS NULL
              AND ((NOT EXISTS (SELECT 1 FROM %s f WHERE f.%I::text = l.buyer_ref) AND l.buyer_ref IS DISTINCT FROM %L)
                   OR (l.supplier_ref IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %s f WHERE f.%I::text = l.supplier_ref)))$q$,
            replace(hredd.relation_ref(facilities), '%', '%%'), hredd.relation_ref(facilities), facility_key, buyer,
            hredd.relation_ref(facilities), facility_key, buyer, hredd.relation_ref(facilities), facility_key);
    END IF;

    -- already loaded: the same link, same period (re-running a list changes nothing)
    UPDATE pg_temp.supply_load l SET same_as = s.link_id
    FROM hredd.supply_link s
    WHERE l.reason IS NULL AND s.buyer_ref = l.buyer_ref AND s.supplier_ref IS NOT DISTINCT FROM l.supplier_ref
      AND s.relation = l.relation AND s.material IS NOT DISTINCT FROM l.material
      AND s.origin_country IS NOT DISTINCT FROM l.origin_country
      AND s.valid_from = l.valid_from AND s.valid_to = l.valid_to
      AND s.stage IS NOT DISTINCT FROM l.stage AND s.share IS NOT DISTINCT FROM l.share;

    -- overlaps with links already loaded, then within the list (the first row of a group wins)
    UPDATE pg_temp.supply_load l SET reason = 'overlapping_period',
        detail = format('The link overlaps link %s (valid from %s to %s) of the same buyer, supplier, material and origin.',
                        s.link_id, s.valid_from, s.valid_to)
    FROM hredd.supply_link s
    WHERE l.reason IS NULL AND l.same_as IS NULL AND s.buyer_ref = l.buyer_ref
      AND s.supplier_ref IS NOT DISTINCT FROM l.supplier_ref AND s.relation = l.relation
      AND s.material IS NOT DISTINCT FROM l.material AND s.origin_country IS NOT DISTINCT FROM l.origin_country
      AND s.valid_from <= l.valid_to AND l.valid_from <= s.valid_to;
    UPDATE pg_temp.supply_load l SET reason = 'overlapping_period',
        detail = format('The link overlaps row %s of the same list (same buyer, supplier, material and origin).', o.row_ref)
    FROM pg_temp.supply_load o
    WHERE l.reason IS NULL AND l.same_as IS NULL AND o.reason IS NULL AND o.same_as IS NULL
      AND o.ord < l.ord
      AND o.buyer_ref = l.buyer_ref AND o.supplier_ref IS NOT DISTINCT FROM l.supplier_ref AND o.relation = l.relation
      AND o.material IS NOT DISTINCT FROM l.material AND o.origin_country IS NOT DISTINCT FROM l.origin_country
      AND o.valid_from <= l.valid_to AND l.valid_from <= o.valid_to;

    INSERT INTO hredd.supply_link (buyer_ref, supplier_ref, relation, stage, material, origin_country, share,
                                   valid_from, valid_to, source)
    SELECT l.buyer_ref, l.supplier_ref, l.relation, l.stage, l.material, l.origin_country, l.share,
           l.valid_from, l.valid_to, label
    FROM pg_temp.supply_load l WHERE l.reason IS NULL AND l.same_as IS NULL
    ORDER BY l.ord;
    GET DIAGNOSTICS loaded = ROW_COUNT;
    INSERT INTO hredd.supply_link_rejected (source, row_ref, row, reason, detail)
    SELECT label, l.row_ref, l.row, l.reason, l.detail FROM pg_temp.supply_load l
    WHERE l.reason IS NOT NULL
      -- a row rejected before for the same reason is reported once
      AND NOT EXISTS (SELECT 1 FROM hredd.supply_link_rejected x
                      WHERE x.source = label AND x.row_ref = l.row_ref AND x.row = l.row AND x.reason = l.reason)
    ORDER BY l.ord;
    SELECT count(*) INTO rejected FROM pg_temp.supply_load l WHERE l.reason IS NOT NULL;
    unchanged := n_in - loaded - rejected;
    DROP TABLE pg_temp.supply_load;
    RAISE NOTICE 'load_supply_links: % rows of %: % loaded, % already loaded, % rejected', n_in, src, loaded, unchanged, rejected;
END
$$;
COMMENT ON FUNCTION hredd.load_supply_links(regclass, name, name, text, name, name, name, name, name, name, name, text, regclass, name) IS 'takes the links of a supplier list (supplier and buyer reference columns, or a constant buyer; optional material, origin, stage, share, validity and relation columns) into hredd.supply_link; a row already loaded is left alone, a bad row goes to hredd.supply_link_rejected with a reason; returns the three counts';

-- ---------------------------------------------------------------- graph

-- The reference of the virtual node that stands for the unknown suppliers
-- of a material in a country ('??' when the country is not known either).
CREATE FUNCTION hredd.supply_unknown_ref(material text, origin hredd.country) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
    SELECT 'unknown:' || lower(btrim(material)) || ':' || coalesce(origin::text, '??')
$$;
COMMENT ON FUNCTION hredd.supply_unknown_ref(text, hredd.country) IS 'reference of the virtual node "unknown supplier of material M in country C": unknown:<material>:<country or ??>';

-- Breadth-first walk from each root over the links valid on as_of,
-- upstream (towards suppliers) or downstream (towards buyers).  A node is
-- reached once per root, at its lowest tier, by its shortest path: cycles
-- end there.  Upstream, inputs of unknown origin of every node reached come
-- out as virtual nodes one tier further (they lead nowhere).
CREATE FUNCTION hredd.supply_graph(roots text[], direction text DEFAULT 'upstream', as_of date DEFAULT current_date,
                                   max_tier integer DEFAULT 50)
RETURNS TABLE (root text, tier integer, node text, via text, link_id bigint, relation text, stage text, material text,
               origin_country hredd.country, share float8, unknown boolean, label text, path text[])
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    t  integer := 0;
    n  bigint;
    up boolean;
BEGIN
    IF direction NOT IN ('upstream', 'downstream') OR direction IS NULL THEN
        RAISE EXCEPTION 'supply_graph direction must be upstream or downstream, not %', coalesce(direction, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF as_of IS NULL OR max_tier IS NULL OR max_tier < 1 THEN
        RAISE EXCEPTION 'supply_graph needs a date and a max_tier of at least 1' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    up := direction = 'upstream';
    IF to_regclass('pg_temp.supply_walk') IS NOT NULL THEN
        DROP TABLE pg_temp.supply_walk;
    END IF;
    CREATE TEMP TABLE supply_walk (root text COLLATE "C", node text COLLATE "C", tier integer, via text, link_id bigint,
                                   relation text, stage text, material text, origin_country hredd.country, share float8,
                                   path text[], PRIMARY KEY (root, node));
    CREATE INDEX ON pg_temp.supply_walk (tier);
    INSERT INTO pg_temp.supply_walk (root, node, tier, path)
    SELECT DISTINCT r, r, 0, ARRAY[r] FROM unnest(roots) r WHERE r IS NOT NULL;
    LOOP
        EXIT WHEN t >= max_tier;
        t := t + 1;
        -- Two statements, not one with CASE in the join, so each uses its
        -- index.  A node already reached conflicts on the primary key and
        -- is skipped (also when two links reach it in the same tier: the
        -- lowest link_id wins, by the ORDER BY).
        IF up THEN
            INSERT INTO pg_temp.supply_walk
            SELECT DISTINCT ON (w.root, l.supplier_ref) w.root, l.supplier_ref, t, w.node, l.link_id, l.relation, l.stage, l.material, l.origin_country,
                   l.share, w.path || l.supplier_ref::text
            FROM pg_temp.supply_walk w
            JOIN hredd.supply_link l ON l.buyer_ref = w.node
            WHERE w.tier = t - 1 AND l.supplier_ref IS NOT NULL AND l.valid_from <= as_of AND as_of <= l.valid_to
            ORDER BY w.root, l.supplier_ref, l.link_id
            ON CONFLICT DO NOTHING;
        ELSE
            INSERT INTO pg_temp.supply_walk
            SELECT DISTINCT ON (w.root, l.buyer_ref) w.root, l.buyer_ref, t, w.node, l.link_id, l.relation, l.stage, l.material, l.origin_country,
                   l.share, w.path || l.buyer_ref::text
            FROM pg_temp.supply_walk w
            JOIN hredd.supply_link l ON l.supplier_ref = w.node
            WHERE w.tier = t - 1 AND l.valid_from <= as_of AND as_of <= l.valid_to
            ORDER BY w.root, l.buyer_ref, l.link_id
            ON CONFLICT DO NOTHING;
        END IF;
        GET DIAGNOSTICS n = ROW_COUNT;
        EXIT WHEN n = 0;
    END LOOP;

    RETURN QUERY
    SELECT w.root::text, w.tier, w.node::text, w.via, w.link_id, w.relation, w.stage, w.material, w.origin_country,
           w.share, false, w.node::text, w.path
    FROM pg_temp.supply_walk w
    WHERE w.tier > 0;
    IF up THEN
        RETURN QUERY
        SELECT DISTINCT ON (w.root, u.ref)
               w.root::text, w.tier + 1, u.ref, w.node::text, l.link_id, l.relation, l.stage, l.material, l.origin_country,
               l.share, true,
               format('unknown supplier of %s in %s', l.material,
                      coalesce(hredd.country_name(l.origin_country), 'an unknown country')),
               w.path || u.ref
        FROM pg_temp.supply_walk w
        JOIN hredd.supply_link l ON l.buyer_ref = w.node AND l.supplier_ref IS NULL
        CROSS JOIN LATERAL (SELECT hredd.supply_unknown_ref(l.material, l.origin_country) AS ref) u
        WHERE w.tier < max_tier AND l.valid_from <= as_of AND as_of <= l.valid_to
          AND NOT EXISTS (SELECT 1 FROM pg_temp.supply_walk v WHERE v.root = w.root AND v.node = u.ref)
        ORDER BY w.root, u.ref, w.tier, l.link_id;
    END IF;
    DROP TABLE pg_temp.supply_walk;
END
$$;
COMMENT ON FUNCTION hredd.supply_graph(text[], text, date, integer) IS 'the upstream (suppliers) or downstream (buyers) graph of each root facility over the links valid on as_of: every node reached once, at its lowest tier (1 = direct), with the link that reached it and the shortest path; cycles end where they close; upstream, inputs of unknown origin come out as virtual nodes (unknown = true)';

CREATE FUNCTION hredd.supply_upstream(facility text, as_of date DEFAULT current_date, max_tier integer DEFAULT 50)
RETURNS TABLE (tier integer, node text, via text, link_id bigint, relation text, stage text, material text,
               origin_country hredd.country, share float8, unknown boolean, label text, path text[])
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT g.tier, g.node, g.via, g.link_id, g.relation, g.stage, g.material, g.origin_country, g.share,
                        g.unknown, g.label, g.path
                 FROM hredd.supply_graph(ARRAY[facility], 'upstream', as_of, max_tier) g
                 ORDER BY g.tier, g.node;
END
$$;
COMMENT ON FUNCTION hredd.supply_upstream(text, date, integer) IS 'every supplier upstream of a facility on as_of, with its tier (1 = direct) and the path to it; inputs of unknown origin as virtual nodes';

CREATE FUNCTION hredd.supply_downstream(facility text, as_of date DEFAULT current_date, max_tier integer DEFAULT 50)
RETURNS TABLE (tier integer, node text, via text, link_id bigint, relation text, stage text, material text,
               origin_country hredd.country, share float8, path text[])
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT g.tier, g.node, g.via, g.link_id, g.relation, g.stage, g.material, g.origin_country, g.share,
                        g.path
                 FROM hredd.supply_graph(ARRAY[facility], 'downstream', as_of, max_tier) g
                 ORDER BY g.tier, g.node;
END
$$;
COMMENT ON FUNCTION hredd.supply_downstream(text, date, integer) IS 'every buyer downstream of a facility on as_of, with its tier (1 = the facilities it supplies directly) and the path to it';

-- The virtual facilities that stand for unknown suppliers, shaped like a
-- facility table (reference, name, country, products): add them to the
-- facilities given to assess_risk, and with no evidence of their own they
-- are scored on inherent risk alone (country, goods, stage).
CREATE FUNCTION hredd.supply_unknown_facilities(as_of date DEFAULT current_date)
RETURNS TABLE (facility_ref text, name text, country hredd.country, products text, stage text, buyers integer)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT hredd.supply_unknown_ref(l.material, l.origin_country),
           format('unknown supplier of %s in %s', min(l.material),
                  coalesce(hredd.country_name(l.origin_country), 'an unknown country')),
           l.origin_country, min(l.material), min(l.stage), count(DISTINCT l.buyer_ref)::integer
    FROM hredd.supply_link l
    WHERE l.supplier_ref IS NULL AND l.valid_from <= as_of AND as_of <= l.valid_to
    GROUP BY 1, l.origin_country
    ORDER BY 1;
END
$$;
COMMENT ON FUNCTION hredd.supply_unknown_facilities(date) IS 'one virtual facility per material and origin country whose suppliers are unknown on as_of, shaped like a facility table (facility_ref, name, country, products, stage, buyers) so assess_risk scores it on inherent risk alone';

-- ---------------------------------------------------------------- upstream risk

-- For each facility of a run, every node upstream as the links stood on the
-- run's as_of date (hredd.risk_upstream_node), and per topic the highest
-- priority the same run gave any of them, with the path to it
-- (hredd.risk_upstream): the maximum, never an average.  Nodes the run did
-- not assess are counted, not guessed.  Idempotent: a run already done is
-- returned as it was.
CREATE FUNCTION hredd.risk_upstream(run bigint)
RETURNS TABLE (facility_ref text, topic text, upstream_priority float8, upstream_ref text, upstream_tier integer,
               path text[], nodes_assessed integer, nodes_unassessed integer)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    r hredd.risk_run;
BEGIN
    SELECT * INTO r FROM hredd.risk_run x WHERE x.run_id = run;
    IF NOT FOUND OR r.finished_at IS NULL THEN
        RAISE EXCEPTION 'risk run % does not exist or has not finished', coalesce(run::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM hredd.risk_upstream_node n WHERE n.run_id = run) THEN
        INSERT INTO hredd.risk_upstream_node (run_id, facility_ref, node_ref, tier, unknown, path)
        SELECT run, g.root, g.node, g.tier, g.unknown, g.path
        FROM hredd.supply_graph(ARRAY(SELECT f.facility_ref::text FROM hredd.risk_run_facility f WHERE f.run_id = run),
                                'upstream', r.as_of) g;
        INSERT INTO hredd.risk_upstream (run_id, facility_ref, topic, upstream_priority, upstream_ref, upstream_tier, path,
                                         nodes_assessed, nodes_unassessed)
        SELECT DISTINCT ON (n.facility_ref, res.topic)
               run, n.facility_ref, res.topic, res.priority, n.node_ref, n.tier, n.path,
               c.assessed, c.total - c.assessed
        FROM hredd.risk_upstream_node n
        JOIN hredd.risk_result res ON res.run_id = run AND res.facility_ref = n.node_ref
        JOIN (SELECT m.facility_ref, count(*)::integer AS total,
                     count(*) FILTER (WHERE EXISTS (SELECT 1 FROM hredd.risk_run_facility f
                                                    WHERE f.run_id = run AND f.facility_ref = m.node_ref))::integer AS assessed
              FROM hredd.risk_upstream_node m WHERE m.run_id = run GROUP BY m.facility_ref) c
          ON c.facility_ref = n.facility_ref
        WHERE n.run_id = run
        ORDER BY n.facility_ref, res.topic, res.priority DESC, n.tier, n.node_ref;
    END IF;
    RETURN QUERY SELECT u.facility_ref::text, u.topic, u.upstream_priority, u.upstream_ref::text, u.upstream_tier, u.path,
                        u.nodes_assessed, u.nodes_unassessed
                 FROM hredd.risk_upstream u WHERE u.run_id = run
                 ORDER BY u.upstream_priority DESC, u.facility_ref, u.topic;
END
$$;
COMMENT ON FUNCTION hredd.risk_upstream(bigint) IS 'computes (once) and returns a run''s upstream risk: per facility and topic the highest priority the run gave any supplier upstream of it on the run''s as_of date, real or virtual, with the node, its tier and the path; records every upstream node for the ad-hoc triggers of hredd.risk_triggers';

-- ================================================================ 61-supply-osh.sql

-- 61-supply-osh.sql — Open Supply Hub data as it comes: a facility download
-- (CSV, multi-values joined with "|") and SC-DEX documents (JSON) into one
-- registry table keyed by validated OS IDs, with a report row for every
-- record rejected or changed on the way (docs/supply.md).

CREATE TABLE hredd.osh_location (
    os_id             hredd.os_id PRIMARY KEY,
    name              text NOT NULL,
    address           text,
    country           hredd.country NOT NULL,
    lat               float8 CHECK (lat BETWEEN -90 AND 90),
    lng               float8 CHECK (lng BETWEEN -180 AND 180),
    facility          hredd.facility,
    sectors           text[] NOT NULL DEFAULT '{}',
    product_types     text[] NOT NULL DEFAULT '{}',
    processing_types  text[] NOT NULL DEFAULT '{}',
    facility_types    text[] NOT NULL DEFAULT '{}',
    workers_min       integer CHECK (workers_min >= 0),
    workers_max       integer CHECK (workers_max >= 0),
    parent_companies  text[] NOT NULL DEFAULT '{}',
    contributors      text[] NOT NULL DEFAULT '{}',
    claim_status      text,
    is_closed         boolean,
    source            text NOT NULL,
    loaded_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (workers_min IS NULL OR workers_max IS NULL OR workers_min <= workers_max)
);
COMMENT ON TABLE hredd.osh_location IS 'Open Supply Hub production locations as downloaded (CSV) or exchanged (SC-DEX): validated OS ID, name, address, country, coordinates, a facility value for matching, sectors, product, processing and facility types, worker band, parent companies, contributors, claim and closure status; a later load of the same OS ID replaces the row';
CREATE INDEX osh_location_country_idx ON hredd.osh_location (country);
SELECT pg_catalog.pg_extension_config_dump('hredd.osh_location', '');

CREATE TABLE hredd.osh_report (
    report_id    bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    source       text NOT NULL,
    row_ref      text NOT NULL,
    record       jsonb NOT NULL,
    status       text NOT NULL CHECK (status IN ('rejected', 'loaded_with_warning')),
    reason       text NOT NULL,
    detail       text NOT NULL,
    reported_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE hredd.osh_report IS 'what hredd.load_osh_download and hredd.load_scdex did not take (status rejected: missing_os_id, invalid_os_id, missing_name, invalid_country, invalid_coordinates, duplicate_os_id, invalid_location, no_os_id, unknown_guid, invalid_affiliation, link_rejected) or took with a change (loaded_with_warning: empty_items, invalid_workers, invalid_flag, unsupported_affiliation), one row per record and reason';
CREATE INDEX osh_report_source_idx ON hredd.osh_report (source, row_ref);
SELECT pg_catalog.pg_extension_config_dump('hredd.osh_report', '');
SELECT pg_catalog.pg_extension_config_dump('hredd.osh_report_report_id_seq', '');

-- The items of a multi-value field: split on "|", blanks trimmed, empty
-- items and repeats left out (in first-seen order).
CREATE FUNCTION hredd.osh_items(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    items text[] := '{}'::text[];
    x     text;
BEGIN
    IF t IS NULL THEN
        RETURN items;
    ELSIF strpos(t, '|') = 0 THEN
        RETURN CASE WHEN btrim(t) = '' THEN items ELSE ARRAY[btrim(t)] END;
    END IF;
    FOREACH x IN ARRAY string_to_array(t, '|') LOOP
        x := btrim(x);
        IF x <> '' AND NOT x = ANY (items) THEN
            items := items || x;
        END IF;
    END LOOP;
    RETURN items;
END
$$;
COMMENT ON FUNCTION hredd.osh_items(text) IS 'the items of an Open Supply Hub multi-value field ("a|b|c"), blanks trimmed, empty items and repeats left out';

-- How many items of a multi-value field are empty ("a||b", "a|", " | ").
CREATE FUNCTION hredd.osh_empty_items(t text) RETURNS integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    n integer := 0;
    x text;
BEGIN
    IF t IS NULL OR strpos(t, '|') = 0 THEN
        RETURN 0;
    END IF;
    FOREACH x IN ARRAY string_to_array(t, '|') LOOP
        IF btrim(x) = '' THEN
            n := n + 1;
        END IF;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION hredd.osh_empty_items(text) IS 'how many items of an Open Supply Hub multi-value field are empty';

-- A worker band: "250", "1,000", "100-150", "1001-5000", "<1000",
-- "Less than 1000", ">10000", "More than 10000".  NULLs when not a band.
CREATE FUNCTION hredd.osh_workers(t text, OUT workers_min integer, OUT workers_max integer)
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    s text := lower(replace(replace(btrim(t), ',', ''), ' ', ''));
    m text[];
BEGIN
    IF s ~ '^[0-9]{1,9}$' THEN
        workers_min := s::integer; workers_max := s::integer;
        RETURN;
    END IF;
    m := regexp_match(s, '^([0-9]{1,9})[-–]([0-9]{1,9})$');
    IF m IS NOT NULL AND m[1]::integer <= m[2]::integer THEN
        workers_min := m[1]::integer; workers_max := m[2]::integer;
        RETURN;
    END IF;
    m := regexp_match(s, '^(<|lessthan|under)([0-9]{1,9})$');
    IF m IS NOT NULL THEN
        workers_min := 0; workers_max := m[2]::integer;
        RETURN;
    END IF;
    m := regexp_match(s, '^(>|morethan|over)([0-9]{1,9})$');
    IF m IS NOT NULL AND m[2]::integer < 2147483647 THEN
        workers_min := m[2]::integer + 1;
    END IF;
END
$$;
COMMENT ON FUNCTION hredd.osh_workers(text) IS 'the worker band of an Open Supply Hub record as minimum and maximum ("100-150", "<1000", ">10000", "250"); NULLs when the text is not a band';

-- A yes/no flag as Open Supply Hub writes it (True/False, t/f, yes/no, 1/0).
CREATE FUNCTION hredd.osh_flag(t text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    RETURN CASE lower(btrim(t)) WHEN 'true' THEN true WHEN 't' THEN true WHEN 'yes' THEN true WHEN '1' THEN true
                                WHEN 'false' THEN false WHEN 'f' THEN false WHEN 'no' THEN false WHEN '0' THEN false END;
END
$$;
COMMENT ON FUNCTION hredd.osh_flag(text) IS 'an Open Supply Hub yes/no field as boolean (True/False, t/f, yes/no, 1/0); NULL otherwise';

-- A coordinate from text: a number in range, else NULL.
CREATE FUNCTION hredd.osh_coordinate(t text, bound float8) RETURNS float8
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    v float8;
BEGIN
    IF btrim(t) !~ '^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]{1,3})?$' THEN
        RETURN NULL;
    END IF;
    v := btrim(t)::float8;
    RETURN CASE WHEN abs(v) <= bound THEN v END;
END
$$;
COMMENT ON FUNCTION hredd.osh_coordinate(text, float8) IS 'a latitude or longitude from text when it is a number within +-bound, else NULL';

-- Writes the staged records of pg_temp.osh_stage into the registry and the
-- report (shared by both loaders).  The stage has one row per record with
-- its text fields; returns the counts.
CREATE FUNCTION hredd.osh_store(label text, OUT loaded bigint, OUT replaced bigint, OUT unchanged bigint,
                                OUT rejected bigint, OUT warnings bigint)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    UPDATE pg_temp.osh_stage s SET
        os_id = hredd.try_os_id(s.os_id_raw),
        country = hredd.try_country(s.country_raw),
        lat = hredd.osh_coordinate(s.lat_raw, 90),
        lng = hredd.osh_coordinate(s.lng_raw, 180),
        is_closed = hredd.osh_flag(s.closed_raw);
    UPDATE pg_temp.osh_stage s SET (workers_min, workers_max) =
        (SELECT w.workers_min, w.workers_max FROM hredd.osh_workers(s.workers_raw) w)
    WHERE s.workers_raw IS NOT NULL;
    -- the planner sees the stage as it is (a temporary table has no statistics until then)
    CREATE INDEX ON pg_temp.osh_stage (os_id);
    ANALYZE pg_temp.osh_stage;
    -- the country in the OS ID when the record names none
    UPDATE pg_temp.osh_stage s SET country = hredd.os_id_country(s.os_id)
    WHERE s.country IS NULL AND s.country_raw IS NULL AND s.os_id IS NOT NULL;

    UPDATE pg_temp.osh_stage s SET (reason, detail) = (SELECT r.reason, r.detail FROM (VALUES
        (1, 'missing_os_id', s.os_id_raw IS NULL, 'The record has no OS ID.'),
        (2, 'invalid_os_id', s.os_id_raw IS NOT NULL AND s.os_id IS NULL,
            format('"%s" is not an OS ID: %s', left(s.os_id_raw, 60), hredd.os_id_error(s.os_id_raw))),
        (3, 'missing_name', s.name IS NULL, 'The record has no name.'),
        (4, 'invalid_country', s.country IS NULL,
            format('"%s" is not a country: %s', left(s.country_raw, 60), hredd.country_error(s.country_raw))),
        (5, 'invalid_coordinates', (s.lat_raw IS NULL) <> (s.lng_raw IS NULL)
                                   OR (s.lat_raw IS NOT NULL AND (s.lat IS NULL OR s.lng IS NULL)),
            format('The coordinates (%s, %s) are not a latitude within 90 and a longitude within 180, both or neither.',
                   coalesce(left(s.lat_raw, 30), 'none'), coalesce(left(s.lng_raw, 30), 'none')))
        ) r(ord, reason, applies, detail) WHERE r.applies ORDER BY r.ord LIMIT 1)
    WHERE s.reason IS NULL    -- a loader may have refused a record already
      -- only records with something wrong (the sentences cost more than the checks)
      AND (s.os_id_raw IS NULL OR s.os_id IS NULL OR s.name IS NULL OR s.country IS NULL
           OR (s.lat_raw IS NULL) <> (s.lng_raw IS NULL) OR (s.lat_raw IS NOT NULL AND (s.lat IS NULL OR s.lng IS NULL)));
    -- one record per OS ID: the first wins, a later different one is reported
    UPDATE pg_temp.osh_stage s SET reason = 'duplicate_os_id',
        detail = format('The OS ID %s is also record %s of the same load.', s.os_id, f.row_ref)
    FROM pg_temp.osh_stage f
    WHERE s.reason IS NULL AND f.reason IS NULL AND f.os_id = s.os_id AND f.ord < s.ord
      AND (f.name, f.address, f.country, f.lat, f.lng) IS DISTINCT FROM (s.name, s.address, s.country, s.lat, s.lng);
    UPDATE pg_temp.osh_stage s SET reason = 'same_as_earlier'
    FROM pg_temp.osh_stage f
    WHERE s.reason IS NULL AND f.reason IS NULL AND f.os_id = s.os_id AND f.ord < s.ord;

    INSERT INTO hredd.osh_report (source, row_ref, record, status, reason, detail)
    SELECT label, s.row_ref, s.record, 'rejected', s.reason, s.detail
    FROM pg_temp.osh_stage s WHERE s.reason IS NOT NULL AND s.reason <> 'same_as_earlier'
      -- a record reported before for the same reason is reported once
      AND NOT EXISTS (SELECT 1 FROM hredd.osh_report x WHERE x.source = label AND x.row_ref = s.row_ref
                      AND x.record = s.record AND x.reason = s.reason)
    ORDER BY s.ord;
    SELECT count(*) INTO rejected FROM pg_temp.osh_stage s WHERE s.reason IS NOT NULL AND s.reason <> 'same_as_earlier';

    -- kept, with a change worth telling
    IF to_regclass('pg_temp.osh_warning') IS NOT NULL THEN
        DROP TABLE pg_temp.osh_warning;
    END IF;
    CREATE TEMP TABLE osh_warning AS
    SELECT s.ord, s.row_ref, s.record, w.reason, w.detail
    FROM pg_temp.osh_stage s
    CROSS JOIN LATERAL (VALUES
        ('empty_items', (SELECT string_agg(format('%s empty item(s) in %s', n, f), ', ')
                         FROM (VALUES ('sector', hredd.osh_empty_items(s.sectors_raw)),
                                      ('product_type', hredd.osh_empty_items(s.products_raw)),
                                      ('processing_type', hredd.osh_empty_items(s.processing_raw)),
                                      ('facility_type', hredd.osh_empty_items(s.facility_types_raw)),
                                      ('parent_company', hredd.osh_empty_items(s.parents_raw)),
                                      ('contributor', hredd.osh_empty_items(s.contributors_raw))) e(f, n)
                         WHERE n > 0) || ' left out.'),
        ('invalid_workers', CASE WHEN s.workers_raw IS NOT NULL AND s.workers_min IS NULL AND s.workers_max IS NULL
                                 THEN format('"%s" is not a number of workers or a band; the band is left empty.',
                                             left(s.workers_raw, 60)) END),
        ('invalid_flag', CASE WHEN s.closed_raw IS NOT NULL AND s.is_closed IS NULL
                              THEN format('"%s" is not a yes/no value for is_closed; it is left empty.',
                                          left(s.closed_raw, 60)) END)
    ) w(reason, detail)
    WHERE s.reason IS NULL AND w.detail IS NOT NULL
      -- only records that may need one: an empty item, an unread band or flag
      AND (concat_ws(chr(10), s.sectors_raw, s.products_raw, s.processing_raw, s.facility_types_raw, s.parents_raw,
                     s.contributors_raw) ~ '(^|[|\n])[[:space:]]*([|\n]|$)'
           OR (s.workers_raw IS NOT NULL AND s.workers_min IS NULL AND s.workers_max IS NULL)
           OR (s.closed_raw IS NOT NULL AND s.is_closed IS NULL));
    SELECT count(*) INTO warnings FROM pg_temp.osh_warning;
    INSERT INTO hredd.osh_report (source, row_ref, record, status, reason, detail)
    SELECT label, w.row_ref, w.record, 'loaded_with_warning', w.reason, w.detail
    FROM pg_temp.osh_warning w
    WHERE NOT EXISTS (SELECT 1 FROM hredd.osh_report x WHERE x.source = label AND x.row_ref = w.row_ref
                      AND x.record = w.record AND x.reason = w.reason)
    ORDER BY w.ord, w.reason;
    DROP TABLE pg_temp.osh_warning;

    -- unchanged: the registry row says the same
    UPDATE pg_temp.osh_stage s SET reason = 'unchanged'
    FROM hredd.osh_location o
    WHERE s.reason IS NULL AND o.os_id = s.os_id
      AND (o.name, o.address, o.country, o.lat, o.lng, o.sectors, o.product_types, o.processing_types, o.facility_types,
           o.workers_min, o.workers_max, o.parent_companies, o.contributors, o.claim_status, o.is_closed)
          IS NOT DISTINCT FROM
          (s.name, s.address, s.country, s.lat, s.lng, hredd.osh_items(s.sectors_raw), hredd.osh_items(s.products_raw),
           hredd.osh_items(s.processing_raw), hredd.osh_items(s.facility_types_raw), s.workers_min, s.workers_max,
           hredd.osh_items(s.parents_raw), hredd.osh_items(s.contributors_raw), s.claim_status, s.is_closed);
    SELECT count(*) INTO unchanged FROM pg_temp.osh_stage s WHERE s.reason IN ('unchanged', 'same_as_earlier');
    SELECT count(*) INTO replaced FROM pg_temp.osh_stage s
    WHERE s.reason IS NULL AND EXISTS (SELECT 1 FROM hredd.osh_location o WHERE o.os_id = s.os_id);

    INSERT INTO hredd.osh_location AS o (os_id, name, address, country, lat, lng, facility, sectors, product_types,
                                         processing_types, facility_types, workers_min, workers_max,
                                         parent_companies, contributors, claim_status, is_closed, source)
    SELECT s.os_id, s.name, s.address, s.country, s.lat, s.lng,
           hredd.facility(s.name, s.address, s.country::text, s.lat, s.lng),
           hredd.osh_items(s.sectors_raw), hredd.osh_items(s.products_raw), hredd.osh_items(s.processing_raw),
           hredd.osh_items(s.facility_types_raw), s.workers_min, s.workers_max, hredd.osh_items(s.parents_raw),
           hredd.osh_items(s.contributors_raw), s.claim_status, s.is_closed, label
    FROM pg_temp.osh_stage s WHERE s.reason IS NULL
    ORDER BY s.ord
    ON CONFLICT (os_id) DO UPDATE SET
        name = excluded.name, address = excluded.address, country = excluded.country, lat = excluded.lat,
        lng = excluded.lng, facility = excluded.facility, sectors = excluded.sectors,
        product_types = excluded.product_types, processing_types = excluded.processing_types,
        facility_types = excluded.facility_types, workers_min = excluded.workers_min,
        workers_max = excluded.workers_max, parent_companies = excluded.parent_companies,
        contributors = excluded.contributors, claim_status = excluded.claim_status, is_closed = excluded.is_closed,
        source = excluded.source, loaded_at = now();
    GET DIAGNOSTICS loaded = ROW_COUNT;
    loaded := loaded - replaced;
END
$$;
COMMENT ON FUNCTION hredd.osh_store(text) IS 'internal to the Open Supply Hub loaders: validates the staged records, reports rejects and warnings, and writes the rest into hredd.osh_location';

-- The stage both loaders fill.
CREATE FUNCTION hredd.osh_stage_create() RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    IF to_regclass('pg_temp.osh_stage') IS NOT NULL THEN
        DROP TABLE pg_temp.osh_stage;
    END IF;
    CREATE TEMP TABLE osh_stage (
        ord bigint, row_ref text, record jsonb, os_id_raw text, name text, address text, country_raw text,
        lat_raw text, lng_raw text, sectors_raw text, products_raw text, processing_raw text,
        facility_types_raw text, workers_raw text, parents_raw text, contributors_raw text,
        claim_status text, closed_raw text,
        os_id hredd.os_id, country hredd.country, lat float8, lng float8, workers_min integer, workers_max integer,
        is_closed boolean, reason text, detail text);
END
$$;
COMMENT ON FUNCTION hredd.osh_stage_create() IS 'internal to the Open Supply Hub loaders: a fresh temporary stage';

-- A facility download as it comes: COPY the CSV into a table of text
-- columns named by its header, then call this.  Columns are found by their
-- download names (os_id, name, address, country_code or country or
-- country_name, lat, lng, sector, product_type, processing_type,
-- facility_type, number_of_workers, parent_company, contributor,
-- claim_status or has_approved_claim, is_closed); missing ones are empty.
CREATE FUNCTION hredd.load_osh_download(source regclass, source_label text DEFAULT NULL,
    OUT loaded bigint, OUT replaced bigint, OUT unchanged bigint, OUT rejected bigint, OUT warnings bigint)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    src   text;
    label text;
    n_in  bigint;
    fields text[][] := ARRAY[
        ARRAY['os_id_raw', 'os_id'], ARRAY['name', 'name'], ARRAY['address', 'address'],
        ARRAY['country_raw', 'country_code,country,country_name'], ARRAY['lat_raw', 'lat,latitude'],
        ARRAY['lng_raw', 'lng,lon,longitude'], ARRAY['sectors_raw', 'sector,sectors'],
        ARRAY['products_raw', 'product_type,product_types'],
        ARRAY['processing_raw', 'processing_type,processing_types'],
        ARRAY['facility_types_raw', 'facility_type,facility_types,location_type'],
        ARRAY['workers_raw', 'number_of_workers,workers'], ARRAY['parents_raw', 'parent_company,parent_companies'],
        ARRAY['contributors_raw', 'contributor,contributors'], ARRAY['claim_status', 'claim_status,has_approved_claim'],
        ARRAY['closed_raw', 'is_closed']];
    cols  text := '';
    exprs text := '';
    found text;
BEGIN
    IF source IS NULL THEN
        RAISE EXCEPTION 'load_osh_download needs a table' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    src := hredd.relation_ref(source);
    label := coalesce(source_label, src);
    IF hredd.column_type(source, 'os_id') IS NULL THEN
        RAISE EXCEPTION 'table % has no column "os_id": it is not an Open Supply Hub download', src
            USING ERRCODE = 'undefined_column',
                  HINT = 'COPY the download''s CSV with its header into a table of text columns named as in the header.';
    END IF;
    FOR i IN 1 .. array_length(fields, 1) LOOP
        SELECT c INTO found FROM unnest(string_to_array(fields[i][2], ',')) WITH ORDINALITY u(c, n)
        WHERE hredd.column_type(source, c::name) IS NOT NULL ORDER BY n LIMIT 1;
        cols := cols || ', ' || fields[i][1];
        IF found IS NULL THEN
            exprs := exprs || ', NULL::text';
        ELSIF fields[i][1] = 'claim_status' AND found = 'has_approved_claim' THEN
            exprs := exprs || format(', CASE hredd.osh_flag(s.%I::text) WHEN true THEN %L WHEN false THEN %L END',
                                     found, 'claimed', 'unclaimed');
        ELSE
            exprs := exprs || format(', nullif(btrim(s.%I::text), %L)', found, '');
        END IF;
    END LOOP;
    PERFORM hredd.osh_stage_create();
    EXECUTE format('INSERT INTO pg_temp.osh_stage (ord, row_ref, record%s) '
                   'SELECT row_number() OVER (ORDER BY s.ctid), s.ctid::text, to_jsonb(s)%s FROM %s s',
                   cols, exprs, src);
    GET DIAGNOSTICS n_in = ROW_COUNT;
    SELECT * INTO loaded, replaced, unchanged, rejected, warnings FROM hredd.osh_store(label);
    DROP TABLE pg_temp.osh_stage;
    RAISE NOTICE 'load_osh_download: % records of %: % new, % replaced, % unchanged, % rejected (% warnings)',
        n_in, src, loaded, replaced, unchanged, rejected, warnings;
END
$$;
COMMENT ON FUNCTION hredd.load_osh_download(regclass, text) IS 'takes an Open Supply Hub facility download (its CSV copied into a table of text columns named by the header; multi-values joined with |) into hredd.osh_location: OS IDs validated, worker bands read, multi-values split; rejected records and changes are reported in hredd.osh_report; returns the counts';

-- One report row, unless the same record was reported for the same reason
-- before (re-running a load reports nothing twice).
CREATE FUNCTION hredd.osh_report_add(label text, row_ref text, record jsonb, status text, reason text, detail text)
RETURNS void
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    INSERT INTO hredd.osh_report (source, row_ref, record, status, reason, detail)
    SELECT label, row_ref, record, status, reason, detail
    WHERE NOT EXISTS (SELECT 1 FROM hredd.osh_report x WHERE x.source = label AND x.row_ref = osh_report_add.row_ref
                      AND x.record = osh_report_add.record AND x.reason = osh_report_add.reason);
END
$$;
COMMENT ON FUNCTION hredd.osh_report_add(text, text, jsonb, text, text, text) IS 'internal to the Open Supply Hub loaders: one report row, unless the same record was reported for the same reason before';

-- An SC-DEX document (Open Supply Hub's exchange format, JSON): locations
-- with an osid: identifier into hredd.osh_location, "is supplier of"
-- affiliations into hredd.supply_link (the reference of a location is its
-- OS ID, of an organisation its identifier, e.g. lei:…), "is parent company
-- of" into the location's parent companies.  A document that breaks the
-- schema's top level is an error; a record that breaks it is reported.
CREATE FUNCTION hredd.load_scdex(doc jsonb, source_label text DEFAULT 'sc-dex',
    OUT locations bigint, OUT links bigint, OUT rejected bigint, OUT warnings bigint)
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, hredd, pg_temp AS $$
DECLARE
    r      record;
    label  text;
    ident  constant text := '^(osid|gfid):[A-Za-z0-9]+$';
BEGIN
    IF doc IS NULL OR jsonb_typeof(doc) <> 'object' OR jsonb_typeof(doc->'locations') IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION 'the SC-DEX document breaks the schema: it must be an object with an array "locations"'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF (doc ? 'organizations' AND jsonb_typeof(doc->'organizations') <> 'array')
       OR (doc ? 'affiliations' AND jsonb_typeof(doc->'affiliations') <> 'array') THEN
        RAISE EXCEPTION 'the SC-DEX document breaks the schema: "organizations" and "affiliations" must be arrays'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    label := coalesce(source_label, 'sc-dex');

    PERFORM hredd.osh_stage_create();
    -- the guids and what they stand for
    IF to_regclass('pg_temp.scdex_ref') IS NOT NULL THEN
        DROP TABLE pg_temp.scdex_ref;
    END IF;
    CREATE TEMP TABLE scdex_ref (guid text PRIMARY KEY, ref text, is_location boolean);

    INSERT INTO pg_temp.osh_stage (ord, row_ref, record, os_id_raw, name, address, country_raw, lat_raw, lng_raw,
                                   products_raw, processing_raw, facility_types_raw, reason, detail)
    SELECT l.n, format('locations[%s]', l.n - 1), l.loc,
           (SELECT substr(i, 6) FROM jsonb_array_elements_text(
                CASE jsonb_typeof(l.loc->'location-identifier') WHEN 'array' THEN l.loc->'location-identifier'
                     WHEN 'string' THEN jsonb_build_array(l.loc->'location-identifier') ELSE '[]' END) i
            WHERE i LIKE 'osid:%' LIMIT 1),
           nullif(btrim(l.loc->>'name'), ''),
           nullif(btrim(coalesce(
               (SELECT string_agg(a, ', ') FROM jsonb_array_elements_text(
                    CASE WHEN jsonb_typeof(l.loc->'address'->'address-line') = 'array' THEN l.loc->'address'->'address-line'
                         ELSE '[]' END) a),
               concat_ws(', ', nullif(concat_ws(' ', l.loc->'address'->>'building-number', l.loc->'address'->>'street-name'), ''),
                         l.loc->'address'->>'town-name', l.loc->'address'->>'country-sub-division',
                         l.loc->'address'->>'post-code'))), ''),
           coalesce(l.loc->>'country', l.loc->'address'->>'country'),
           l.loc->'coordinates'->>'latitude', l.loc->'coordinates'->>'longitude',
           (SELECT string_agg(replace(p, '|', '/'), '|') FROM jsonb_array_elements_text(
                CASE WHEN jsonb_typeof(l.loc->'products') = 'array' THEN l.loc->'products' ELSE '[]' END) p),
           (SELECT string_agg(replace(p, '|', '/'), '|') FROM jsonb_array_elements_text(
                CASE WHEN jsonb_typeof(l.loc->'processing-types') = 'array' THEN l.loc->'processing-types' ELSE '[]' END) p),
           l.loc->>'location-type',
           CASE WHEN jsonb_typeof(l.loc) <> 'object' THEN 'invalid_location'
                WHEN NOT (l.loc ? 'guid' AND l.loc ? 'location-type' AND l.loc ? 'location-identifier') THEN 'invalid_location'
                WHEN jsonb_typeof(l.loc->'location-identifier') NOT IN ('string', 'array')
                  OR EXISTS (SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof(l.loc->'location-identifier')
                                 WHEN 'array' THEN l.loc->'location-identifier'
                                 ELSE jsonb_build_array(l.loc->'location-identifier') END) i
                             WHERE jsonb_typeof(i) <> 'string' OR i #>> '{}' !~ ident) THEN 'invalid_location'
                WHEN NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(CASE jsonb_typeof(l.loc->'location-identifier')
                                     WHEN 'array' THEN l.loc->'location-identifier'
                                     ELSE jsonb_build_array(l.loc->'location-identifier') END) i
                                 WHERE i LIKE 'osid:%') THEN 'no_os_id'
           END,
           CASE WHEN jsonb_typeof(l.loc) <> 'object' THEN 'A location must be an object.'
                WHEN NOT (l.loc ? 'guid' AND l.loc ? 'location-type' AND l.loc ? 'location-identifier')
                    THEN 'A location needs "guid", "location-type" and "location-identifier".'
                ELSE format('The location identifier %s is not osid: or gfid: followed by letters and digits.',
                            l.loc->'location-identifier')
           END
    FROM jsonb_array_elements(doc->'locations') WITH ORDINALITY l(loc, n);
    UPDATE pg_temp.osh_stage s SET detail = 'The location has no osid: identifier (a gfid: alone has no OS ID).'
    WHERE s.reason = 'no_os_id';
    -- the schema's own checks on the parts it types
    UPDATE pg_temp.osh_stage s SET reason = 'invalid_location',
        detail = 'The country must be an ISO 3166 alpha-2 or alpha-3 code in capitals.'
    WHERE s.reason IS NULL AND s.record ? 'country' AND (s.record->>'country') !~ '^[A-Z]{2,3}$';
    UPDATE pg_temp.osh_stage s SET reason = 'invalid_location',
        detail = 'The coordinates must be an object with numbers "latitude" and "longitude".'
    WHERE s.reason IS NULL AND s.record ? 'coordinates'
      AND (jsonb_typeof(s.record->'coordinates'->'latitude') IS DISTINCT FROM 'number'
           OR jsonb_typeof(s.record->'coordinates'->'longitude') IS DISTINCT FROM 'number');

    INSERT INTO pg_temp.scdex_ref
    SELECT DISTINCT ON (s.record->>'guid') s.record->>'guid', hredd.try_os_id(s.os_id_raw)::text, true
    FROM pg_temp.osh_stage s WHERE jsonb_typeof(s.record) = 'object' AND s.record ? 'guid'
    ORDER BY s.record->>'guid', s.ord
    ON CONFLICT DO NOTHING;
    INSERT INTO pg_temp.scdex_ref
    SELECT DISTINCT ON (o->>'guid') o->>'guid', nullif(o->>'organizational-identifier', ''), false
    FROM jsonb_array_elements(coalesce(doc->'organizations', '[]')) o
    WHERE jsonb_typeof(o) = 'object' AND o ? 'guid'
    ORDER BY o->>'guid'
    ON CONFLICT DO NOTHING;

    -- osh_store keeps the reasons set here and adds its own
    SELECT x.loaded + x.replaced + x.unchanged, x.rejected, x.warnings INTO locations, rejected, warnings
    FROM hredd.osh_store(label) x;

    -- parent companies
    FOR r IN
        SELECT a.n, a.aff, p.ref AS parent, c.ref AS child
        FROM jsonb_array_elements(coalesce(doc->'affiliations', '[]')) WITH ORDINALITY a(aff, n)
        LEFT JOIN pg_temp.scdex_ref p ON p.guid = a.aff->>'from-guid'
        LEFT JOIN pg_temp.scdex_ref c ON c.guid = a.aff->>'to-guid'
        WHERE a.aff->>'affiliation-type' = 'is parent company of' AND c.is_location AND c.ref IS NOT NULL
          AND p.ref IS NOT NULL
    LOOP
        UPDATE hredd.osh_location o SET parent_companies = o.parent_companies || r.parent
        WHERE o.os_id = r.child::hredd.os_id AND NOT r.parent = ANY (o.parent_companies);
    END LOOP;

    -- affiliations: the supply links, and a report row for everything else
    links := 0;
    FOR r IN
        SELECT a.n, a.aff, f.ref AS from_ref, t.ref AS to_ref, f.guid AS from_guid, t.guid AS to_guid
        FROM jsonb_array_elements(coalesce(doc->'affiliations', '[]')) WITH ORDINALITY a(aff, n)
        LEFT JOIN pg_temp.scdex_ref f ON f.guid = a.aff->>'from-guid'
        LEFT JOIN pg_temp.scdex_ref t ON t.guid = a.aff->>'to-guid'
        ORDER BY a.n
    LOOP
        IF jsonb_typeof(r.aff) <> 'object' OR NOT (r.aff ? 'from-guid' AND r.aff ? 'to-guid' AND r.aff ? 'affiliation-type') THEN
            PERFORM hredd.osh_report_add(label, format('affiliations[%s]', r.n - 1), r.aff, 'rejected', 'invalid_affiliation',
                    'An affiliation needs "from-guid", "to-guid" and "affiliation-type".');
            rejected := rejected + 1;
        ELSIF r.aff->>'affiliation-type' NOT IN ('is supplier of', 'is parent company of') THEN
            PERFORM hredd.osh_report_add(label, format('affiliations[%s]', r.n - 1), r.aff, 'loaded_with_warning', 'unsupported_affiliation',
                    format('hredd keeps "is supplier of" and "is parent company of"; "%s" is left out.',
                           left(r.aff->>'affiliation-type', 60)));
            warnings := warnings + 1;
        ELSIF r.from_guid IS NULL OR r.to_guid IS NULL OR r.from_ref IS NULL OR r.to_ref IS NULL THEN
            PERFORM hredd.osh_report_add(label, format('affiliations[%s]', r.n - 1), r.aff, 'rejected', 'unknown_guid',
                    format('%s is not a location with a valid OS ID or an organisation with an identifier in the document.',
                           CASE WHEN r.from_guid IS NULL OR r.from_ref IS NULL THEN r.aff->>'from-guid'
                                ELSE r.aff->>'to-guid' END));
            rejected := rejected + 1;
        ELSIF r.aff->>'affiliation-type' = 'is supplier of' THEN
            IF NOT EXISTS (SELECT 1 FROM hredd.supply_link l WHERE l.buyer_ref = r.to_ref AND l.supplier_ref = r.from_ref
                             AND l.relation = 'supplier' AND l.material IS NULL AND l.origin_country IS NULL
                             AND l.valid_from = '-infinity' AND l.valid_to = 'infinity') THEN
                BEGIN
                    INSERT INTO hredd.supply_link (buyer_ref, supplier_ref, source) VALUES (r.to_ref, r.from_ref, label);
                    links := links + 1;
                EXCEPTION WHEN check_violation OR exclusion_violation THEN
                    PERFORM hredd.osh_report_add(label, format('affiliations[%s]', r.n - 1), r.aff, 'rejected', 'link_rejected',
                            format('The supply link from %s to %s was refused: %s', r.from_ref, r.to_ref, SQLERRM));
                    rejected := rejected + 1;
                END;
            END IF;
        END IF;
    END LOOP;
    DROP TABLE pg_temp.osh_stage;
    DROP TABLE pg_temp.scdex_ref;
    RAISE NOTICE 'load_scdex: % locations, % supply links, % rejected, % warnings', locations, links, rejected, warnings;
END
$$;
COMMENT ON FUNCTION hredd.load_scdex(jsonb, text) IS 'takes an SC-DEX document (Open Supply Hub exchange JSON): locations with an osid: identifier into hredd.osh_location, "is supplier of" affiliations into hredd.supply_link, "is parent company of" into parent_companies; a document whose top level breaks the schema is an error, a record that does is reported in hredd.osh_report; returns the counts';

-- ================================================================ 62-supply-audits.sql

-- 62-supply-audits.sql — consolidated audits: one facility assessed by
-- several schemes (amfori BSCI, SMETA, SA8000, SLCP, Higg, Better Work …)
-- within a window is one body of evidence.  How often and by whom each
-- facility is audited (audit fatigue), per topic whether the schemes agree
-- or conflict, and one consolidated value per facility and topic: agreement
-- raises confidence, never severity; a conflict is flagged (docs/supply.md).
--
-- An assessment is one scheme's observations of one facility on one day
-- (hredd.observation).  Facilities known under different references in
-- different exports are joined through a map table the user names (a
-- reference column and the canonical one: an OS ID, a match_table result).

-- The observations of the window, with the canonical facility reference.
CREATE FUNCTION hredd.audit_observations(as_of date, window_days integer, facility_map regclass, ref_column name,
                                         canonical_column name)
RETURNS TABLE (facility text, facility_ref text, scheme text, topic text, observed_on date, severity float8)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    IF as_of IS NULL OR window_days IS NULL OR window_days < 1 THEN
        RAISE EXCEPTION 'consolidated audits need a date and a window of at least one day' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF facility_map IS NULL THEN
        RETURN QUERY
        SELECT o.facility_ref::text, o.facility_ref::text, o.scheme, o.topic, o.observed_on, o.severity
        FROM hredd.observation o
        WHERE o.observed_on <= as_of AND o.observed_on > as_of - window_days;
        RETURN;
    END IF;
    IF hredd.column_type(facility_map, ref_column) IS NULL OR hredd.column_type(facility_map, canonical_column) IS NULL THEN
        RAISE EXCEPTION 'facility map % needs the columns "%" and "%"', hredd.relation_ref(facility_map),
            coalesce(ref_column, 'NULL'), coalesce(canonical_column, 'NULL') USING ERRCODE = 'undefined_column';
    END IF;
    RETURN QUERY EXECUTE format(
        'SELECT coalesce(m.c, o.facility_ref::text), o.facility_ref::text, o.scheme, o.topic, o.observed_on, o.severity
         FROM hredd.observation o
         LEFT JOIN (SELECT DISTINCT ON (x.%1$I::text) x.%1$I::text AS r, x.%2$I::text AS c FROM %3$s x
                    WHERE x.%2$I IS NOT NULL ORDER BY x.%1$I::text, x.%2$I::text) m ON m.r = o.facility_ref::text
         WHERE o.observed_on <= $1 AND o.observed_on > $1 - $2',
        ref_column, canonical_column, hredd.relation_ref(facility_map))
    USING as_of, window_days;
END
$$;
COMMENT ON FUNCTION hredd.audit_observations(date, integer, regclass, name, name) IS 'the audit observations of the window (as_of - window_days, as_of], each with its canonical facility: the map''s canonical column where the map names the reference, else the reference itself';

-- How often and by whom each facility was assessed in the window.
CREATE FUNCTION hredd.audit_fatigue(as_of date DEFAULT current_date, window_days integer DEFAULT 365,
                                    facility_map regclass DEFAULT NULL, ref_column name DEFAULT 'facility_ref',
                                    canonical_column name DEFAULT 'canonical_ref')
RETURNS TABLE (facility text, assessments integer, schemes text[], scheme_count integer, refs text[],
               first_assessed date, last_assessed date, overlapping boolean)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT a.facility, count(DISTINCT (a.scheme, a.observed_on))::integer,
           array_agg(DISTINCT a.scheme ORDER BY a.scheme), count(DISTINCT a.scheme)::integer,
           array_agg(DISTINCT a.facility_ref ORDER BY a.facility_ref), min(a.observed_on), max(a.observed_on),
           count(DISTINCT a.scheme) > 1
    FROM hredd.audit_observations(as_of, window_days, facility_map, ref_column, canonical_column) a
    GROUP BY a.facility
    ORDER BY 2 DESC, 1;
END
$$;
COMMENT ON FUNCTION hredd.audit_fatigue(date, integer, regclass, name, name) IS 'audit fatigue: per facility, how many assessments (scheme and day) the window holds, by which schemes, under which references, first and last; overlapping = assessed by more than one scheme';

-- Per facility and topic: each scheme's latest finding in the window, and
-- whether they agree.  The consolidated severity is the worst latest
-- finding (never an average); confidence grows with the schemes that agree
-- with it; schemes further apart than tolerance conflict, and say so.
CREATE FUNCTION hredd.audit_consensus(as_of date DEFAULT current_date, window_days integer DEFAULT 365,
                                      facility_map regclass DEFAULT NULL, ref_column name DEFAULT 'facility_ref',
                                      canonical_column name DEFAULT 'canonical_ref', tolerance float8 DEFAULT 0.25)
RETURNS TABLE (facility text, topic text, schemes text[], scheme_severities jsonb, status text,
               consolidated_severity float8, agreeing integer, confidence float8, spread float8)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, hredd, pg_temp AS $$
BEGIN
    IF tolerance IS NULL OR tolerance < 0 OR tolerance > 1 THEN
        RAISE EXCEPTION 'tolerance must be between 0 and 1' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH per_scheme AS (
        -- a scheme's latest day in the window; its worst finding that day
        SELECT DISTINCT ON (a.facility, a.topic, a.scheme) a.facility, a.topic, a.scheme, a.observed_on,
               max(a.severity) OVER (PARTITION BY a.facility, a.topic, a.scheme, a.observed_on) AS severity
        FROM hredd.audit_observations(as_of, window_days, facility_map, ref_column, canonical_column) a
        WHERE a.severity IS NOT NULL
        ORDER BY a.facility, a.topic, a.scheme, a.observed_on DESC
    ), agg AS (
        SELECT p.facility, p.topic, array_agg(p.scheme ORDER BY p.scheme) AS schemes,
               jsonb_object_agg(p.scheme, round(p.severity::numeric, 4)) AS sev,
               max(p.severity) AS worst, min(p.severity) AS best, count(*)::integer AS n
        FROM per_scheme p GROUP BY p.facility, p.topic
    )
    SELECT g.facility, g.topic, g.schemes, g.sev,
           CASE WHEN g.n = 1 THEN 'single' WHEN g.worst - g.best <= tolerance THEN 'agree' ELSE 'conflict' END,
           g.worst,
           (SELECT count(*)::integer FROM per_scheme p
            WHERE p.facility = g.facility AND p.topic = g.topic AND g.worst - p.severity <= tolerance),
           round((1 - 0.5 ^ (SELECT count(*) FROM per_scheme p
                             WHERE p.facility = g.facility AND p.topic = g.topic
                               AND g.worst - p.severity <= tolerance))::numeric, 4)::float8,
           round((g.worst - g.best)::numeric, 4)::float8
    FROM agg g
    ORDER BY (g.worst - g.best > tolerance) DESC, g.worst DESC, g.facility, g.topic;
END
$$;
COMMENT ON FUNCTION hredd.audit_consensus(date, integer, regclass, name, name, float8) IS 'per facility and topic, each scheme''s latest finding in the window and whether the schemes agree (spread within tolerance) or conflict; the consolidated severity is the worst latest finding, confidence 1 - 0.5^k for the k schemes that agree with it: agreement raises confidence, never severity';

-- ================================================================ 90-access.sql
-- (the access lists themselves: 90-release.sql, from 90-access.sql)

DO $access$
DECLARE
    r regprocedure;
BEGIN
    FOREACH r IN ARRAY ARRAY['hredd.load_supply_links(regclass, name, name, text, name, name, name, name, name, name, name, text, regclass, name)',
                             'hredd.risk_upstream(bigint)', 'hredd.supply_link_check()',
                             'hredd.load_osh_download(regclass, text)', 'hredd.load_scdex(jsonb, text)',
                             'hredd.osh_store(text)', 'hredd.osh_stage_create()',
                             'hredd.osh_report_add(text, text, jsonb, text, text, text)']::regprocedure[] LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON ROUTINE %s FROM PUBLIC', r);
    END LOOP;
END
$access$;
SELECT hredd.reapply_access();
