-- ids_load_setup.sql — set-up for test/bench/ids_load.sh (not timed).
--
-- Run by psql in a fresh database with the variable :datadir set to a
-- directory the server can write.  Creates schema bench with
--   * PL/pgSQL validators implementing the same rules as the C input
--     functions, on canonical text (no separators, prefixes or lower case),
--   * one empty table per type and variant (autovacuum off, so that it does
--     not run during a timed load),
--   * five files of one million valid canonical values each, generated
--     deterministically from hashes of the row number.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

CREATE SCHEMA bench;

-- ------------------------------------------------------------ validators
-- The country list is frozen into each validator as a constant array, as a
-- hand-written validator would have it.
DO $do$
DECLARE
    codes text := (SELECT array_agg(code::text ORDER BY code::text)::text FROM hredd.country_list());
BEGIN
    EXECUTE format($f$
CREATE FUNCTION bench.country_ok(s text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $b$
DECLARE
    codes constant text[] := %L;
BEGIN
    RETURN s = ANY (codes);
END
$b$$f$, codes);

    EXECUTE format($f$
CREATE FUNCTION bench.os_id_ok(s text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $b$
DECLARE
    codes constant text[] := %L;
    crockford constant text := '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    yr int;
    dy int;
    days int;
    total int;
BEGIN
    IF s !~ '^[A-Z]{2}[0-9]{7}[0-9A-HJKMNP-TV-Z]{6}$' THEN
        RETURN false;
    END IF;
    IF NOT (substr(s, 1, 2) = ANY (codes)) THEN
        RETURN false;
    END IF;
    yr := substr(s, 3, 4)::int;
    dy := substr(s, 7, 3)::int;
    days := CASE WHEN (yr %% 4 = 0 AND yr %% 100 <> 0) OR yr %% 400 = 0 THEN 366 ELSE 365 END;
    IF yr < 2000 OR dy < 1 OR dy > days THEN
        RETURN false;
    END IF;
    total := ascii(substr(s, 1, 1)) + ascii(substr(s, 2, 1));
    FOR i IN 3..14 LOOP
        total := total + strpos(crockford, substr(s, i, 1)) - 1;
    END LOOP;
    RETURN substr(s, 15, 1) = substr(crockford, total %% 32 + 1, 1);
END
$b$$f$, codes);
END
$do$;

-- ISO 17442: 18 alphanumerics, then ISO/IEC 7064 MOD 97-10 check digits.
CREATE FUNCTION bench.lei_ok(s text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $b$
DECLARE
    alnum constant text := '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    r int := 0;
    v int;
BEGIN
    IF s !~ '^[0-9A-Z]{18}[0-9]{2}$' THEN
        RETURN false;
    END IF;
    FOR i IN 1..18 LOOP
        v := strpos(alnum, substr(s, i, 1)) - 1;
        IF v < 10 THEN
            r := (r * 10 + v) % 97;
        ELSE
            r := (r * 100 + v) % 97;
        END IF;
    END LOOP;
    RETURN substr(s, 19, 2)::int = 98 - (r * 100) % 97;
END
$b$;

-- GS1: 13 digits, the last a mod-10 check digit, weights 3,1 from the right.
CREATE FUNCTION bench.gln_ok(s text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $b$
DECLARE
    total int := 0;
BEGIN
    IF s !~ '^[0-9]{13}$' THEN
        RETURN false;
    END IF;
    FOR i IN 1..12 LOOP
        total := total + (ascii(substr(s, i, 1)) - 48) * CASE WHEN i % 2 = 0 THEN 3 ELSE 1 END;
    END LOOP;
    RETURN ascii(substr(s, 13, 1)) - 48 = (10 - total % 10) % 10;
END
$b$;

-- D-U-N-S: nine digits, no check digit.
CREATE FUNCTION bench.duns_ok(s text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $b$
BEGIN
    RETURN s ~ '^[0-9]{9}$';
END
$b$;

-- ------------------------------------------------------------ tables
DO $do$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['os_id', 'lei', 'gln', 'duns', 'country'] LOOP
        EXECUTE format('CREATE TABLE bench.%I (v hredd.%I) WITH (autovacuum_enabled = off)',
                       t || '_hredd', t);
        EXECUTE format('CREATE TABLE bench.%I (v text) WITH (autovacuum_enabled = off)',
                       t || '_text');
        EXECUTE format('CREATE TABLE bench.%I (v text CHECK (bench.%I(v))) WITH (autovacuum_enabled = off)',
                       t || '_plpgsql', t || '_ok');
    END LOOP;
END
$do$;
CREATE TABLE bench.gln_ean13 (v public.ean13) WITH (autovacuum_enabled = off);

-- ------------------------------------------------------------ data files
-- One character of an alphabet, picked by one byte of a hash.
CREATE FUNCTION bench.pick(alphabet text, b bytea, k int) RETURNS text
LANGUAGE sql IMMUTABLE STRICT
RETURN substr(alphabet, 1 + get_byte(b, k) % length(alphabet), 1);

CREATE VIEW bench.countries AS
    SELECT array_agg(code::text ORDER BY code::text) AS a, count(*)::int AS n
    FROM hredd.country_list();

\set f :datadir '/country.txt'
COPY (SELECT c.a[1 + (i % c.n)]
      FROM generate_series(0, :rows - 1) AS i, bench.countries AS c) TO :'f';

-- OS ID: country, year 2000-2024, day 1-365, five Crockford symbols, check.
\set f :datadir '/os_id.txt'
COPY (SELECT p || hredd.os_id_check_char(p)
      FROM (SELECT c.a[1 + ((h & 255) % c.n)::int]
                   || (2000 + ((h >> 8) & 1023) % 25)::text
                   || lpad((1 + ((h >> 18) & 1023) % 365)::text, 3, '0')
                   || bench.pick('0123456789ABCDEFGHJKMNPQRSTVWXYZ', b, 0)
                   || bench.pick('0123456789ABCDEFGHJKMNPQRSTVWXYZ', b, 1)
                   || bench.pick('0123456789ABCDEFGHJKMNPQRSTVWXYZ', b, 2)
                   || bench.pick('0123456789ABCDEFGHJKMNPQRSTVWXYZ', b, 3)
                   || bench.pick('0123456789ABCDEFGHJKMNPQRSTVWXYZ', b, 4) AS p
            FROM generate_series(0, :rows - 1) AS i,
                 LATERAL (SELECT hashint8extended(i, 1) AS h,
                                 decode(md5('os_id' || i), 'hex') AS b) AS x,
                 bench.countries AS c) AS s) TO :'f';

-- LEI: four-character LOU prefix, "00", twelve characters, check digits.
\set f :datadir '/lei.txt'
\set A '''0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'''
COPY (SELECT p || hredd.lei_check_digits(p)
      FROM (SELECT bench.pick(:A, b, 0) || bench.pick(:A, b, 1)
                   || bench.pick(:A, b, 2) || bench.pick(:A, b, 3) || '00'
                   || bench.pick(:A, b, 4) || bench.pick(:A, b, 5)
                   || bench.pick(:A, b, 6) || bench.pick(:A, b, 7)
                   || bench.pick(:A, b, 8) || bench.pick(:A, b, 9)
                   || bench.pick(:A, b, 10) || bench.pick(:A, b, 11)
                   || bench.pick(:A, b, 12) || bench.pick(:A, b, 13)
                   || bench.pick(:A, b, 14) || bench.pick(:A, b, 15) AS p
            FROM generate_series(0, :rows - 1) AS i,
                 LATERAL (SELECT decode(md5('lei' || i), 'hex') AS b) AS x) AS s) TO :'f';

-- GLN: twelve digits and the GS1 check digit.
\set f :datadir '/gln.txt'
COPY (SELECT p || hredd.gln_check_digit(p)::text
      FROM (SELECT lpad(((hashint8extended(i, 3) & 9223372036854775807) % 1000000000000)::text,
                        12, '0') AS p
            FROM generate_series(0, :rows - 1) AS i) AS s) TO :'f';

-- D-U-N-S: nine digits.
\set f :datadir '/duns.txt'
COPY (SELECT lpad(((hashint8extended(i, 4) & 9223372036854775807) % 1000000000)::text, 9, '0')
      FROM generate_series(0, :rows - 1) AS i) TO :'f';
