#!/usr/bin/env bash
# Hostile arguments for every C function of hredd reachable from SQL.
#
# The functions come from the catalog (pg_proc, C language, members of the
# extension), not from a list, so a new function is swept without anyone
# remembering to add it.  Functions taking cstring or internal (type I/O,
# index support) cannot be called from SQL and are left out; type input is
# still reached through the casts among the hostile values, and each type's
# binary receive function through COPY ... (FORMAT binary) of hostile bytes:
# the send form of every value above, cut short, lengthened and with single
# bytes overwritten, pseudo-random bytes, and hand-made facility messages
# (NaN, infinite and -0 coordinates, negative and huge lengths, invalid
# UTF-8, 1 MB names).
#
# The index support functions are reached through GIN, GiST, hash and
# btree indexes over hostile facilities, searched with every facility value.
#
# Each function is called with: plausible arguments; all NULL; each argument
# in turn replaced by every hostile value of its type, the others plausible;
# and every argument hostile at once.  Hostile values per type: NULL, empty
# and blank strings, 1 MB strings (one-, two- and four-byte characters),
# format directives, control and zero-width characters, SQL text, NaN,
# +-Infinity, -0, +-1e308, the smallest double, extreme integers, dates and
# tids, empty and degenerate geometries, extreme facilities, text arrays
# (empty, NULL, blank and repeated elements, 1 MB elements, 100,000 elements,
# two dimensions, odd bounds), and strings cast to the extension's types.
# Set-returning functions run as SELECT count(*) FROM f(...).  Plausible
# values are chosen by argument name where one is listed (supply_graph's
# direction), and a few supplier links with a cycle give its walk a graph.
#
# Errors are fine; a crash is not.  Every call is its own statement and is
# followed by SELECT 1 on the same connection; a connection that drops marks
# the call.  A sentinel session stays connected throughout (a backend crash
# takes every session down with it) and the postmaster's start time is
# compared before and after (it changes only on a full restart; after a
# crash the postmaster reinitialises and keeps it).  Prints the functions, the calls and the errors
# by SQLSTATE; fails with the calls that lost the connection.
#
#   HREDD_HOSTILE_SKIP=name[,name...]   functions (by name) to leave out
set -uo pipefail
db=hredd_hostile
skip=${HREDD_HOSTILE_SKIP:-}
work=$(mktemp -d /tmp/hredd-hostile.XXXXXX)
trap '' PIPE
cleanup() {
	[ -n "${SENTINEL_PID:-}" ] && kill "$SENTINEL_PID" 2>/dev/null
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d $db "$@"; }
say() { echo "c_functions_hostile: $*"; }

psql -X -q -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db" \
	-c "CREATE DATABASE $db" || exit 1
q -v skip="$skip" <<'SQL' || { say "set-up failed"; exit 1; }
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
CREATE SCHEMA sweep;

-- raw rows for harmonize_batch's plausible query, some of them hostile too
CREATE TABLE public.sweep_raw (facility_ref text, code text, value text, unit text, observed_on date);
INSERT INTO public.sweep_raw VALUES
	('F1', 'WH-TOTAL', '60', 'h/week', '2025-01-01'),
	('F2', 'WH-TOTAL', repeat('9', 100000), NULL, NULL),
	(NULL, NULL, NULL, NULL, NULL),
	('F3', 'WB-LOWEST-WAGE', 'NaN', 'BDT/month', 'infinity'),
	(repeat('F', 100000), 'WH-OT', '-0', repeat('h', 100000), '-infinity');

-- supplier links for supply_graph's walk: a cycle, an input of unknown
-- origin, a long reference, a facility named like a virtual node
INSERT INTO hredd.supply_link (buyer_ref, supplier_ref, material, origin_country, valid_from, valid_to, source) VALUES
	('F1', 'F2', 'fabric', 'CN', '-infinity', 'infinity', 'sweep'),
	('F2', 'F3', 'yarn', NULL, '2020-01-01', '2030-12-31', 'sweep'),
	('F3', 'F1', 'waste', NULL, '-infinity', 'infinity', 'sweep'),
	('F3', NULL, 'cotton', 'TM', '-infinity', 'infinity', 'sweep'),
	('F2', 'unknown:cotton:TM', 'cotton', NULL, '-infinity', 'infinity', 'sweep'),
	('F1', repeat('x', 2000), 'fabric', NULL, '-infinity', 'infinity', 'sweep'),
	(repeat('x', 2000), 'F1', 'fabric', NULL, '-infinity', 'infinity', 'sweep');

-- values per type: one plausible ("benign"), the rest hostile; expressions
CREATE TABLE sweep.val (typ regtype, ord serial, kind text, expr text);
INSERT INTO sweep.val (typ, kind, expr) VALUES
	('text', 'benign', $$'Zhenghao Garment Co Ltd'$$),
	('text', 'hostile', 'NULL'),
	('text', 'hostile', $$''$$),
	('text', 'hostile', $$' '$$),
	('text', 'hostile', $$E' \t\r\n\f\v '$$),
	('text', 'hostile', $$repeat('x', 1048576)$$),
	('text', 'hostile', $$repeat(' ', 1048576)$$),
	('text', 'hostile', $$repeat('-', 1048576)$$),
	('text', 'hostile', $$repeat('é', 524288)$$),
	('text', 'hostile', $$repeat(chr(128512), 262144)$$),
	('text', 'hostile', $$repeat('a ', 524288)$$),
	('text', 'hostile', $$repeat('9', 1048576)$$),
	('text', 'hostile', $$repeat('Co Ltd ', 149796)$$),
	('text', 'hostile', $$repeat('60 h/week ', 104858)$$),
	('text', 'hostile', $$E'\\'$$),
	('text', 'hostile', $$'"'$$),
	('text', 'hostile', $$'("a",,,,)'$$),
	('text', 'hostile', $$',,,,'$$),
	('text', 'hostile', $$'((((('$$),
	('text', 'hostile', $$'%s%s%s%n%x%'$$),
	('text', 'hostile', $$'NaN'$$),
	('text', 'hostile', $$'Infinity'$$),
	('text', 'hostile', $$'-0'$$),
	('text', 'hostile', $$'1e308'$$),
	('text', 'hostile', $$'-1e308'$$),
	('text', 'hostile', $$'99999999999999999999999999999'$$),
	('text', 'hostile', $$'-9223372036854775808'$$),
	('text', 'hostile', $$U&'\200B\200D\FEFF\202E'$$),
	('text', 'hostile', $$repeat(U&'\0301', 1000)$$),
	('text', 'hostile', $$E'\x01\x02\x1b\x7f'$$),
	('text', 'hostile', $$chr(1114111) || chr(65533) || chr(55295)$$),
	('text', 'hostile', $$'ǅǈǋ ß ﬁ İ ı ẞ'$$),
	('text', 'hostile', $$'ⅫⅫⅫ ½ ¹²³ ١٢٣ ৮,০০০'$$),
	('text', 'hostile', $$'SELECT 1/0'$$),
	('text', 'hostile', $$'SELECT $1, $2'$$),
	-- a row of NULLs in the shape harmonize_batch reads
	('text', 'hostile', $$'SELECT NULL::tid, NULL::text, NULL::text, NULL::text, NULL::text, NULL::date, NULL::hredd.country, NULL::boolean'$$),
	('double precision', 'benign', '1'),
	('double precision', 'hostile', 'NULL'),
	('double precision', 'hostile', $$'NaN'$$),
	('double precision', 'hostile', $$'Infinity'$$),
	('double precision', 'hostile', $$'-Infinity'$$),
	('double precision', 'hostile', $$'-0'$$),
	('double precision', 'hostile', $$'1e308'$$),
	('double precision', 'hostile', $$'-1e308'$$),
	('double precision', 'hostile', $$'5e-324'$$),
	('double precision', 'hostile', '0'),
	('double precision', 'hostile', '-1'),
	('double precision', 'hostile', '90.0000001'),
	('double precision', 'hostile', '-180.0000001'),
	('smallint', 'benign', '1'),
	('smallint', 'hostile', 'NULL'),
	('smallint', 'hostile', '0'),
	('smallint', 'hostile', '-1'),
	('smallint', 'hostile', '32767'),
	('smallint', 'hostile', '-32768'),
	('integer', 'benign', '1'),
	('integer', 'hostile', 'NULL'),
	('integer', 'hostile', '0'),
	('integer', 'hostile', '-1'),
	('integer', 'hostile', '2147483647'),
	('integer', 'hostile', '-2147483648'),
	('bigint', 'benign', '1'),
	('bigint', 'hostile', 'NULL'),
	('bigint', 'hostile', '0'),
	('bigint', 'hostile', '-1'),
	('bigint', 'hostile', '9223372036854775807'),
	('bigint', 'hostile', '-9223372036854775808'),
	('oid', 'benign', '1'),
	('oid', 'hostile', 'NULL'),
	('oid', 'hostile', '0'),
	('oid', 'hostile', '4294967295'),
	('boolean', 'benign', 'true'),
	('boolean', 'hostile', 'NULL'),
	('boolean', 'hostile', 'false'),
	('date', 'benign', $$'2025-06-01'$$),
	('date', 'hostile', 'NULL'),
	('date', 'hostile', $$'infinity'$$),
	('date', 'hostile', $$'-infinity'$$),
	('date', 'hostile', $$'4714-11-24 BC'$$),
	('date', 'hostile', $$'5874897-12-31'$$),
	('date', 'hostile', $$'2000-02-29'$$),
	('text[]', 'benign', $$ARRAY['F1', 'F3']$$),
	('text[]', 'hostile', 'NULL'),
	('text[]', 'hostile', $$'{}'$$),
	('text[]', 'hostile', $$ARRAY[NULL]::text[]$$),
	('text[]', 'hostile', $$ARRAY['', ' ', 'F1', 'F1', NULL]$$),
	('text[]', 'hostile', $$ARRAY[repeat('x', 1048576), repeat(chr(128512), 262144)]$$),
	('text[]', 'hostile', $$ARRAY(SELECT 'F' || (i % 5) FROM generate_series(1, 100000) i)$$),
	('text[]', 'hostile', $$'{{F1,F2},{F3,NULL}}'$$),
	('text[]', 'hostile', $$'[-5:-4]={F1,F2}'$$),
	('tid', 'benign', $$'(0,0)'$$),
	('tid', 'hostile', 'NULL'),
	('tid', 'hostile', $$'(0,0)'$$),
	('tid', 'hostile', $$'(0,1)'$$),
	('tid', 'hostile', $$'(4294967295,65535)'$$),
	('tid', 'hostile', $$'(4294967295,0)'$$),
	('hredd.country', 'benign', $$'VN'$$),
	('hredd.country', 'hostile', 'NULL'),
	('hredd.country', 'hostile', $$'XK'$$),
	('hredd.country', 'hostile', $$'ZW'$$),
	('hredd.country', 'hostile', $$'AF'$$),
	('hredd.country', 'hostile', $$'Côte d''Ivoire'$$),
	('hredd.country', 'hostile', $$''$$),
	('hredd.country', 'hostile', $$repeat('x', 1048576)$$),
	('hredd.os_id', 'benign', $$'CN2019303BQ3FZP'$$),
	('hredd.os_id', 'hostile', 'NULL'),
	('hredd.os_id', 'hostile', $$'BD2020021QK28YZ'$$),
	('hredd.os_id', 'hostile', $$''$$),
	('hredd.os_id', 'hostile', $$repeat('x', 1048576)$$),
	('hredd.lei', 'benign', $$'506700GE1G29325QX363'$$),
	('hredd.lei', 'hostile', 'NULL'),
	('hredd.lei', 'hostile', $$'HWUPKR0MPOU8FGXBT394'$$),
	('hredd.lei', 'hostile', $$''$$),
	('hredd.lei', 'hostile', $$repeat('x', 1048576)$$),
	('hredd.gln', 'benign', $$'0078742000008'$$),
	('hredd.gln', 'hostile', 'NULL'),
	('hredd.gln', 'hostile', $$'0000000000000'$$),
	('hredd.gln', 'hostile', $$''$$),
	('hredd.gln', 'hostile', $$repeat('9', 1048576)$$),
	('hredd.duns', 'benign', $$'150483782'$$),
	('hredd.duns', 'hostile', 'NULL'),
	('hredd.duns', 'hostile', $$'000000001'$$),
	('hredd.duns', 'hostile', $$'999999999'$$),
	('hredd.duns', 'hostile', $$''$$),
	('hredd.duns', 'hostile', $$repeat('9', 1048576)$$),
	('hredd.facility', 'benign', $$hredd.facility('Zhenghao Garment Co Ltd', 'No. 8 Road', 'CN', 30, 120)$$),
	('hredd.facility', 'hostile', 'NULL'),
	('hredd.facility', 'hostile', $$hredd.facility('a', NULL, NULL)$$),
	('hredd.facility', 'hostile', $$hredd.facility('1', '1', NULL)$$),
	('hredd.facility', 'hostile', $$hredd.facility(repeat('a', 1000), repeat('b ', 1000), 'VN', -90, -180)$$),
	('hredd.facility', 'hostile', $$hredd.facility(repeat(chr(128512) || 'x', 200), repeat('9', 2000), 'XK', 90, 180)$$),
	('hredd.facility', 'hostile', $$hredd.facility(repeat('a b ', 250), NULL, NULL, '-0', '-0')$$),
	('hredd.facility', 'hostile', $$hredd.facility('ⅫⅫ Ltd Co', 'Ⅻ', NULL, 5e-324, -5e-324)$$),
	('hredd.facility', 'hostile', $$'("1",,,,)'$$),
	('hredd.facility', 'hostile', $$hredd.try_facility(repeat('x', 1048576), NULL, NULL)$$),
	('hredd.facility', 'hostile', $$repeat('x', 1048576)$$),
	('hredd.facility', 'hostile', $$'("",,,,)'$$),
	('hredd.facility', 'hostile', $$'("a",,,0,nan)'$$),
	('geometry', 'benign', $$'SRID=4326;POINT(120 30)'$$),
	('geometry', 'hostile', 'NULL'),
	('geometry', 'hostile', $$'POINT EMPTY'$$),
	('geometry', 'hostile', $$'SRID=4326;POINT EMPTY'$$),
	('geometry', 'hostile', $$'POINT(NaN NaN)'$$),
	('geometry', 'hostile', $$'POINT(1e308 1e308)'$$),
	('geometry', 'hostile', $$'POINT(-180 -90)'$$),
	('geometry', 'hostile', $$'POINT(180 90)'$$),
	('geometry', 'hostile', $$'POINT(-0 -0)'$$),
	('geometry', 'hostile', $$'POINT(181 0)'$$),
	('geometry', 'hostile', $$'POINT Z (120 30 1e308)'$$),
	('geometry', 'hostile', $$'SRID=3857;POINT(1e7 1e7)'$$),
	('geometry', 'hostile', $$'POLYGON EMPTY'$$),
	('geometry', 'hostile', $$'GEOMETRYCOLLECTION EMPTY'$$),
	('geometry', 'hostile', $$'GEOMETRYCOLLECTION(POINT EMPTY, LINESTRING EMPTY)'$$),
	('geometry', 'hostile', $$'LINESTRING(-180 -90, 180 90)'$$),
	('geometry', 'hostile', $$'POLYGON((-180 -90, 180 -90, 180 90, -180 90, -180 -90))'$$),
	('geometry', 'hostile', $$'POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))'$$),
	('geometry', 'hostile', $$'CIRCULARSTRING(0 0, 1 1, 2 0)'$$),
	('geometry', 'hostile', $$'TIN EMPTY'$$),
	('geometry', 'hostile', $$ST_MakeEnvelope(-1e308, -1e308, 1e308, 1e308, 4326)$$),
	('geometry', 'hostile', $$(SELECT ST_Collect(ST_MakePoint(i % 361 - 180, i % 181 - 90)) FROM generate_series(1, 100000) i)$$);

-- plausible values by argument name, so that calls get past the first check
CREATE TABLE sweep.benign_arg (name text, typ regtype, expr text);
INSERT INTO sweep.benign_arg VALUES
	('country', 'text', $$'VN'$$),
	('address', 'text', $$'No. 8 Road, Bien Hoa, Dong Nai'$$),
	('raw', 'text', $$'60 hrs/week'$$),
	('unit', 'text', $$'h/day'$$),
	('from_unit', 'text', $$'h/day'$$),
	('to_unit', 'text', $$'h/week'$$),
	('target', 'text', $$'h/week'$$),
	('value', 'double precision', '10'),
	('lat', 'double precision', '30'),
	('lng', 'double precision', '120'),
	('scale', 'text', $$'bsci'$$),
	('grade', 'text', $$'C'$$),
	('scheme', 'text', $$'SLCP_CAF'$$),
	('source', 'text', $$'sweep'$$),
	('direction', 'text', $$'upstream'$$),
	('before_row', 'tid', $$'(4294967295,0)'$$),
	('input_query', 'text',
	 $$'SELECT s.ctid, s.facility_ref, s.code, s.value, s.unit, s.observed_on, NULL::hredd.country, true FROM public.sweep_raw s WHERE s.ctid > $1 AND s.ctid < $2'$$);

-- the functions: C, members of hredd; their input arguments
CREATE TABLE sweep.fn AS
SELECT p.oid AS fn, p.oid::regprocedure::text AS sig, p.proname::text AS name,
       quote_ident(n.nspname) || '.' || quote_ident(p.proname) AS qname, p.proretset AS srf,
       ARRAY(SELECT t::regtype::text FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY u(t, i) ORDER BY i) AS types,
       -- the names of the input arguments (a RETURNS TABLE function lists its columns too)
       CASE WHEN p.proargmodes IS NULL
            THEN ARRAY(SELECT coalesce(p.proargnames[i], '') FROM generate_series(1, p.pronargs) i ORDER BY i)
            ELSE ARRAY(SELECT coalesce(p.proargnames[i], '') FROM generate_series(1, cardinality(p.proargmodes)) i
                       WHERE p.proargmodes[i] IN ('i', 'b', 'v') ORDER BY i)
       END AS names,
       CASE WHEN p.proname = ANY (string_to_array(nullif(:'skip', ''), ',')) THEN 'skipped by HREDD_HOSTILE_SKIP'
            WHEN EXISTS (SELECT FROM unnest(p.proargtypes::oid[]) t JOIN pg_type y ON y.oid = t
                         WHERE y.typtype = 'p') THEN 'takes cstring or internal: reached through casts, COPY BINARY and indexes'
       END AS skip
FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_language l ON l.oid = p.prolang AND l.lanname = 'c'
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid AND e.extname = 'hredd';

CREATE FUNCTION sweep.benign(t text, argname text) RETURNS text LANGUAGE sql AS $f$
	SELECT coalesce((SELECT expr FROM sweep.benign_arg WHERE name = argname AND typ = t::regtype),
	                (SELECT expr FROM sweep.val WHERE typ = t::regtype AND kind = 'benign' ORDER BY ord LIMIT 1),
	                'NULL')
$f$;
-- hostile values of a type; a type without a list gets NULL and strings cast to it
CREATE FUNCTION sweep.hostile(t text) RETURNS text[] LANGUAGE sql AS $f$
	SELECT coalesce(nullif(ARRAY(SELECT expr FROM sweep.val WHERE typ = t::regtype AND kind = 'hostile' ORDER BY ord), '{}'),
	                ARRAY['NULL', $$''$$, $$'('$$, $$repeat('x', 1048576)$$])
$f$;

CREATE TABLE sweep.call (id serial, sig text, sql text, shown text);
CREATE UNIQUE INDEX ON sweep.call (md5(sql));
CREATE FUNCTION sweep.add(f sweep.fn, args text[]) RETURNS void LANGUAGE sql AS $f$
	INSERT INTO sweep.call (sig, sql)
	SELECT f.sig, CASE WHEN f.srf THEN 'SELECT count(*) FROM ' ELSE 'SELECT ' END || f.qname || '(' ||
	       coalesce((SELECT string_agg(format('CAST((%s) AS %s)', a, f.types[i]), ', ' ORDER BY i)
	                 FROM unnest(args) WITH ORDINALITY u(a, i)), '') || ')'
	ON CONFLICT (md5(sql)) DO NOTHING
$f$;

DO $$
DECLARE
	f		sweep.fn;
	plain	text[];
	args	text[];
	h		text[];
	n		int;
	maxk	int;
BEGIN
	FOR f IN SELECT * FROM sweep.fn WHERE skip IS NULL ORDER BY sig LOOP
		n := coalesce(array_length(f.types, 1), 0);
		plain := ARRAY(SELECT sweep.benign(f.types[i], f.names[i]) FROM generate_series(1, n) i);
		PERFORM sweep.add(f, plain);
		IF n = 0 THEN
			CONTINUE;
		END IF;
		PERFORM sweep.add(f, array_fill('NULL'::text, ARRAY[n]));
		maxk := 0;
		FOR i IN 1..n LOOP
			h := sweep.hostile(f.types[i]);
			maxk := greatest(maxk, array_length(h, 1));
			FOR k IN 1..array_length(h, 1) LOOP
				args := plain;
				args[i] := h[k];
				PERFORM sweep.add(f, args);
			END LOOP;
		END LOOP;
		FOR k IN 1..maxk LOOP
			args := ARRAY(SELECT (sweep.hostile(f.types[i]))[(k - 1) % array_length(sweep.hostile(f.types[i]), 1) + 1]
			              FROM generate_series(1, n) i);
			PERFORM sweep.add(f, args);
		END LOOP;
	END LOOP;
END
$$;

-- the index support functions take internal: reach them by building GIN,
-- GiST, hash and btree indexes over hostile facilities (and enough others to
-- split pages), then searching them with every facility value
CREATE TABLE sweep.fac (f hredd.facility);
INSERT INTO sweep.fac
SELECT hredd.facility(md5(i::text) || ' garment ' || i % 97, 'lot ' || i, 'VN', i % 90, i % 180)
FROM generate_series(1, 3000) i;
DO $$
DECLARE
	v	record;
BEGIN
	FOR v IN SELECT expr FROM sweep.val WHERE typ = 'hredd.facility'::regtype LOOP
		BEGIN
			EXECUTE format('INSERT INTO sweep.fac SELECT CAST((%s) AS hredd.facility)', v.expr);
		EXCEPTION WHEN OTHERS THEN
			NULL;
		END;
	END LOOP;
END
$$;
CREATE TABLE sweep.fac_gin AS SELECT * FROM sweep.fac;
INSERT INTO sweep.call (sig, sql)
SELECT 'index', x FROM unnest(ARRAY['CREATE INDEX ON sweep.fac_gin USING gin (f)', 'ANALYZE sweep.fac_gin',
                                    'CREATE INDEX ON sweep.fac USING gist (f)',
                                    'CREATE INDEX ON sweep.fac USING hash (f)', 'CREATE INDEX ON sweep.fac USING btree (f)',
                                    'ANALYZE sweep.fac']) x;
INSERT INTO sweep.call (sig, sql)
SELECT 'index', format(q, expr)
FROM sweep.val,
     unnest(ARRAY['SELECT count(*) FROM sweep.fac_gin WHERE f OPERATOR(hredd.%%) CAST((%s) AS hredd.facility)',
                  'SELECT count(*) FROM sweep.fac WHERE f OPERATOR(hredd.%%) CAST((%s) AS hredd.facility)',
                  'SELECT count(*) FROM (SELECT f FROM sweep.fac ORDER BY f OPERATOR(hredd.<->) CAST((%s) AS hredd.facility) LIMIT 5) s',
                  'SELECT count(*) FROM sweep.fac WHERE f OPERATOR(hredd.=) CAST((%s) AS hredd.facility)',
                  'SELECT count(*) FROM sweep.fac WHERE f OPERATOR(hredd.<) CAST((%s) AS hredd.facility)']) q
WHERE typ = 'hredd.facility'::regtype
ON CONFLICT DO NOTHING;

-- binary receive: the types of hredd with a receive function, hostile bytes
-- for each, and a table with a column of the type to COPY them into
CREATE TABLE sweep.recv_type AS
SELECT t.oid::regtype::text AS typ, t.typreceive::regproc::text AS recv, t.typsend::regproc::text AS send,
       'sweep.recv_' || t.typname AS tab
FROM pg_type t
JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
JOIN pg_extension e ON d.refclassid = 'pg_extension'::regclass AND d.refobjid = e.oid AND e.extname = 'hredd'
JOIN pg_proc p ON p.oid = t.typreceive
WHERE t.typtype = 'b'
  AND p.proname <> ALL (coalesce(string_to_array(nullif(:'skip', ''), ','), '{}'));
CREATE TABLE sweep.recv_input (id serial, typ text, b bytea);
CREATE UNIQUE INDEX ON sweep.recv_input (typ, md5(b));
DO $$
DECLARE
	r		sweep.recv_type;
	seed	bytea;
	v		record;
BEGIN
	FOR r IN SELECT * FROM sweep.recv_type LOOP
		EXECUTE format('CREATE TABLE %s (v %s)', r.tab, r.typ);
		-- seeds: the send form of every value of the type that can be built
		FOR v IN SELECT expr FROM sweep.val WHERE typ = r.typ::regtype AND expr <> 'NULL' LOOP
			BEGIN
				EXECUTE format('SELECT %s(CAST((%s) AS %s))', r.send, v.expr, r.typ) INTO seed;
			EXCEPTION WHEN OTHERS THEN
				CONTINUE;
			END;
			CONTINUE WHEN seed IS NULL;
			INSERT INTO sweep.recv_input (typ, b)
			SELECT r.typ, x FROM unnest(ARRAY[seed, substr(seed, 1, length(seed) - 1),
			                                  substr(seed, 1, length(seed) / 2), seed || '\x00'::bytea,
			                                  seed || '\xff'::bytea]) x
			UNION ALL
			SELECT r.typ, set_byte(seed, i, c)
			FROM generate_series(0, least(length(seed), 24) - 1) i, unnest(ARRAY[0, 128, 255]) c
			ON CONFLICT DO NOTHING;
		END LOOP;
		INSERT INTO sweep.recv_input (typ, b)
		SELECT r.typ, x FROM unnest(ARRAY['\x'::bytea, '\x00', '\xff', '\xffffffff', '\x7fffffff7fffffff']) x
		UNION ALL
		SELECT r.typ, substr(decode(md5(i::text) || md5((-i)::text), 'hex'), 1, 1 + i % 32)
		FROM generate_series(1, 40) i
		ON CONFLICT DO NOTHING;
	END LOOP;
END
$$;
-- facility messages by hand: country (int2), flag (int1), lat, lng (float8),
-- then name and address as int4 length + bytes
INSERT INTO sweep.recv_input (typ, b)
SELECT 'hredd.facility', x FROM unnest(ARRAY[
	'\x000001'::bytea || float8send('NaN') || float8send(0) || int4send(1) || 'a'::bytea || int4send(0),
	'\x000001'::bytea || float8send(0) || float8send('-Infinity') || int4send(1) || 'a'::bytea || int4send(0),
	'\x000001'::bytea || float8send('-0') || float8send('-0') || int4send(1) || 'a'::bytea || int4send(0),
	'\x000001'::bytea || float8send(90) || float8send(180) || int4send(1) || 'a'::bytea || int4send(0),
	'\x000002'::bytea || float8send(0) || float8send(0) || int4send(1) || 'a'::bytea || int4send(0),
	'\x000000'::bytea || int4send(-1) || 'a'::bytea || int4send(0),
	'\x000000'::bytea || int4send(2147483647) || 'a'::bytea || int4send(0),
	'\x000000'::bytea || int4send(1) || 'a'::bytea || int4send(-2147483648),
	'\x000000'::bytea || int4send(1) || 'a'::bytea || int4send(1000000),
	'\x000000'::bytea || int4send(1) || 'a'::bytea,
	'\x000000'::bytea || int4send(0) || int4send(0),
	'\x000000'::bytea || int4send(4) || '\xfffe00ff'::bytea || int4send(2) || '\xc328'::bytea,
	'\x000000'::bytea || int4send(3) || '\x2dff2d'::bytea || int4send(0),
	'\xffff00'::bytea || int4send(1) || 'a'::bytea || int4send(0),
	'\x000000'::bytea || int4send(1048576) || convert_to(repeat('a', 1048576), 'UTF8') || int4send(0),
	'\x000000'::bytea || int4send(1000) || convert_to(repeat('-', 1000), 'UTF8') || int4send(1048576)
	   || convert_to(repeat('-', 1048576), 'UTF8'),
	'\x000000'::bytea || int4send(1000) || convert_to(repeat('ab ', 333) || 'a', 'UTF8') || int4send(2000)
	   || convert_to(repeat('9 ', 1000), 'UTF8')]) x
WHERE EXISTS (SELECT FROM sweep.recv_type WHERE typ = 'hredd.facility')
ON CONFLICT DO NOTHING;
INSERT INTO sweep.call (sig, sql, shown)
SELECT r.recv, format('\copy %s FROM ''@WORK@/recv/%s.bin'' WITH (FORMAT binary)', r.tab, i.id),
       format('-- %s(''%s''::bytea), by COPY %s FROM STDIN (FORMAT binary)', r.recv,
              CASE WHEN length(i.b) > 100 THEN left(i.b::text, 200) || '... (' || length(i.b) || ' bytes)'
                   ELSE i.b::text END, r.tab)
FROM sweep.recv_input i JOIN sweep.recv_type r USING (typ)
ORDER BY i.id;
SQL

nfn=$(q -c "SELECT count(*) FROM sweep.fn")
nswept=$(q -c "SELECT count(*) FROM sweep.fn WHERE skip IS NULL")
[ "$nswept" -gt 0 ] || { say "no C functions of hredd found"; exit 1; }
mkdir "$work/recv"
# (psql interpolates :'work' in a script, not in -c)
q -v work="$work" > "$work/recv.sql" <<'SQL' || exit 1
SELECT format('\copy (SELECT b FROM sweep.recv_input WHERE id = %s) TO ''%s/recv/%s.bin'' WITH (FORMAT binary)',
              id, :'work', id)
FROM sweep.recv_input;
SQL
q -f "$work/recv.sql" >/dev/null || exit 1
q -v work="$work" -F $'\t' > "$work/calls" <<'SQL' || exit 1
SELECT row_number() OVER (ORDER BY id), replace(sql, '@WORK@', :'work'), coalesce(shown, sql)
FROM sweep.call ORDER BY id;
SQL
ncalls=$(wc -l < "$work/calls")
nrecv=$(q -c "SELECT count(*) FROM sweep.recv_input")
recvs=$(q -c "SELECT string_agg(recv, ', ' ORDER BY recv) FROM sweep.recv_type")
say "$nfn C functions, $nswept swept, $ncalls calls, of them $nrecv COPY BINARY into $recvs"
q -c "SELECT '  not called directly (' || skip || '): ' || string_agg(name, ', ' ORDER BY name) FROM sweep.fn WHERE skip IS NOT NULL GROUP BY skip"

# the sentinel: one session that stays connected; a crash would end it
mkfifo "$work/sentinel.in"
psql -X -q -At -d $db < "$work/sentinel.in" > "$work/sentinel.out" 2>&1 &
SENTINEL_PID=$!
exec 7> "$work/sentinel.in"
echo "SELECT 'sentinel ' || pg_backend_pid();" >&7
started=$(q -c "SELECT pg_postmaster_start_time()")

# Run the calls from line $1 of the call list in one session; each prints
# "R <id> <sqlstate>" after the call and "A <id> <sqlstate>" after SELECT 1.
# \copy sets no SQLSTATE variable: each call writes "C <id>" (COPY) or
# "S <id>" to stderr before it, and a COPY's error follows its line there.
run_from() {
	{
		echo "SET client_min_messages = error;"
		echo "SET statement_timeout = '60s';"
		echo "SET enable_seqscan = off;"
		echo '\set VERBOSITY sqlstate'
		echo '\o /dev/null'
		tail -n "+$1" "$work/calls" | while IFS=$'\t' read -r id sql _; do
			case "$sql" in
				\\copy*) printf '\\warn C %s\n%s\n' "$id" "$sql" ;;
				*) printf '\\warn S %s\n%s;\n\\echo R %s :SQLSTATE\n' "$id" "$sql" "$id" ;;
			esac
			printf 'SELECT 1;\n\\echo A %s :SQLSTATE\n' "$id"
		done 2>/dev/null
	} | psql -X -q -d $db > "$work/run" 2> "$work/run.err"
	cat "$work/run" >> "$work/results"
	awk '/^[CS] [0-9]+$/ { if (id) print "R", id, st; id = $1 == "C" ? $2 : 0; st = "00000"; next }
	     /ERROR:  / { sub(/.*ERROR:  /, ""); if (id && st == "00000") st = $1 }
	     END { if (id) print "R", id, st }' "$work/run.err" >> "$work/copies"
}

: > "$work/results"
: > "$work/copies"
: > "$work/lost"
line=1
while [ "$line" -le "$ncalls" ]; do
	run_from "$line"
	last=$(awk -v last=$((line - 1)) '$1 == "A" { last = $2 } END { print last }' "$work/run")
	[ "$last" -ge "$ncalls" ] && break
	# the call after the last one answered lost the connection
	bad=$((last + 1))
	echo "$bad" >> "$work/lost"
	say "connection lost at call $bad: $(sed -n "${bad}p" "$work/calls" | cut -f3 | cut -c1-300)"
	for _ in $(seq 1 120); do
		psql -X -q -At -d $db -c "SELECT 1" >/dev/null 2>&1 && break
		sleep 1
	done
	psql -X -q -At -d $db -c "SELECT 1" >/dev/null 2>&1 || { say "the server did not come back"; exit 1; }
	line=$((bad + 1))
done

echo "SELECT 'sentinel ' || pg_backend_pid();" >&7
exec 7>&-
wait "$SENTINEL_PID"
SENTINEL_PID=
now=$(q -c "SELECT pg_postmaster_start_time()")

# summary; a COPY call counts once its connection answered SELECT 1 after it
awk 'NR == FNR { if ($1 == "A") done[$2] = 1; next } done[$2]' "$work/results" "$work/copies" >> "$work/results"
answered=$(awk '$1 == "R"' "$work/results" | wc -l)
ok=$(awk '$1 == "R" && $3 == "00000"' "$work/results" | wc -l)
say "$answered calls answered: $ok without error, errors by SQLSTATE:"
awk '$1 == "R" && $3 != "00000" { n[$3]++ } END { for (s in n) printf "    %s %d\n", s, n[s] }' "$work/results" | sort
# internal errors and timeouts are not crashes, but worth a look
awk '$1 == "R" && ($3 ~ /^XX/ || $3 == "57014") { print $2, $3 }' "$work/results" | head -n 20 |
while read -r id state; do
	say "  $state at call $id: $(sed -n "${id}p" "$work/calls" | cut -f3 | cut -c1-300)"
done

failed=0
sentinels=$(grep -c '^sentinel ' "$work/sentinel.out")
if [ "$sentinels" -ne 2 ] || [ "$(grep '^sentinel ' "$work/sentinel.out" | sort -u | wc -l)" -ne 1 ]; then
	say "the sentinel session did not survive: a backend crashed and the server reinitialised"
	failed=1
fi
if [ "$started" != "$now" ]; then
	say "the postmaster restarted (started $started, now $now)"
	failed=1
fi
if [ -s "$work/lost" ]; then
	say "calls that lost the connection (reproduce with psql -d a database with hredd):"
	while read -r id; do
		echo "    $(sed -n "${id}p" "$work/calls" | cut -f3);"
	done < "$work/lost"
	failed=1
fi
[ "$failed" -eq 0 ] && say "ok: the server survived every call"
exit $failed
