-- Identifier types against real published identifiers and the reference
-- test vectors in ../shared/data (skipped cleanly when it is absent).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET search_path = public, hredd;
-- files written by the server go to the throwaway cluster's own directory
SELECT set_config('hredd_test.tmp', :'tmpdir', false) \gset

CREATE TEMP TABLE os_ids_real (v text);
CREATE TEMP TABLE lei_real (v text);
CREATE TEMP TABLE examples (scheme text, value text, expected_valid text, reason text);
-- read client-side (\copy … FROM PROGRAM, which psql runs; the path goes in an
-- environment variable, as \copy does not interpolate psql variables): the
-- server may not be able to read ../shared (a clone under root's home, 0700)
\set f_os :shared_data/identifiers/os_ids_real.txt
\set f_lei :shared_data/identifiers/lei_real.txt
\set f_ex :shared_data/identifiers/examples.csv
\set have_os `test -r :'f_os' && echo true || echo false`
\set have_lei `test -r :'f_lei' && echo true || echo false`
\set have_ex `test -r :'f_ex' && echo true || echo false`
\if :have_os
\setenv HREDD_TAP_FILE :f_os
\copy os_ids_real FROM PROGRAM 'cat "$HREDD_TAP_FILE"'
\endif
\if :have_lei
\setenv HREDD_TAP_FILE :f_lei
\copy lei_real FROM PROGRAM 'cat "$HREDD_TAP_FILE"'
\endif
\if :have_ex
\setenv HREDD_TAP_FILE :f_ex
\copy examples FROM PROGRAM 'cat "$HREDD_TAP_FILE"' (FORMAT csv, HEADER)
\endif

-- Our normalisation policy for the rows marked "policy": lower case,
-- separators and the hyphenated form are accepted; XK is accepted.
CREATE TEMP VIEW example_verdicts AS
SELECT scheme, value, reason,
       CASE WHEN expected_valid = 'policy' THEN true ELSE expected_valid::boolean END AS want,
       CASE scheme WHEN 'lei' THEN lei_is_valid(value)
                   WHEN 'gln' THEN gln_is_valid(value)
                   WHEN 'duns' THEN duns_is_valid(value)
                   WHEN 'osid' THEN os_id_is_valid(value)
                   WHEN 'iso3166_alpha2' THEN country_code_is_valid(value) END AS got
FROM examples
WHERE scheme IN ('lei', 'gln', 'duns', 'osid', 'iso3166_alpha2');

SELECT plan(10);

SELECT CASE WHEN (SELECT count(*) FROM os_ids_real) = 0
  THEN skip('../shared/data/identifiers/os_ids_real.txt not found', 3)
  ELSE collect_tap(
    is((SELECT count(*) FROM os_ids_real WHERE os_id_is_valid(v)), 5657::bigint,
       'all 5,657 real OS IDs are accepted'),
    is((SELECT count(*) FROM os_ids_real WHERE v::os_id::text = v), 5657::bigint,
       'all real OS IDs round-trip through text'),
    is((SELECT count(*)
        FROM os_ids_real r, generate_series(1, 15) pos,
             regexp_split_to_table('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', '') c
        WHERE c <> substr(r.v, pos, 1)
          AND os_id_is_valid(overlay(r.v placing c from pos for 1))), 0::bigint,
       'every single-character substitution of a real OS ID is rejected'))
  END;

SELECT CASE WHEN (SELECT count(*) FROM lei_real) = 0
  THEN skip('../shared/data/identifiers/lei_real.txt not found', 1)
  ELSE is((SELECT count(*) FROM lei_real WHERE v::lei::text = v), 100::bigint,
          'all 100 real LEIs (12 without 00 in positions 5-6) are accepted and round-trip')
  END;

SELECT CASE WHEN (SELECT count(*) FROM examples) = 0
  THEN skip('../shared/data/identifiers/examples.csv not found', 2)
  ELSE collect_tap(
    is((SELECT count(*) FROM example_verdicts), 75::bigint, 'examples.csv: 75 rows of the five typed schemes'),
    is((SELECT string_agg(scheme || ' ' || value || ' (' || reason || ')', '; ')
        FROM example_verdicts WHERE got IS DISTINCT FROM want), NULL,
       'examples.csv: every row behaves as expected_valid says'))
  END;

-- Binary COPY round-trip of every type, through a server-side file.
CREATE TEMP TABLE bin_src AS
SELECT 'CN2019303BQ3FZP'::os_id AS os, '506700GE1G29325QX363'::lei AS lei, '0078742000008'::gln AS gln,
       '060704780'::duns AS duns, 'XK'::country AS country
UNION ALL
SELECT 'UA2019096H785YM', 'HWUPKR0MPOU8FGXBT394', '4012345000009', '000000001', 'Viet Nam';
CREATE TEMP TABLE bin_dst (LIKE bin_src);
CREATE FUNCTION pg_temp.bin_file() RETURNS text LANGUAGE sql AS
  $$ SELECT current_setting('hredd_test.tmp') || '/hredd_tap_' || pg_backend_pid() || '.bin' $$;
DO $$ BEGIN
  EXECUTE format('COPY bin_src TO %L (FORMAT binary)', pg_temp.bin_file());
  EXECUTE format('COPY bin_dst FROM %L (FORMAT binary)', pg_temp.bin_file());
END $$;
SELECT results_eq('SELECT * FROM bin_dst ORDER BY os', 'SELECT * FROM bin_src ORDER BY os',
                  'binary COPY round-trips every type');

-- Binary input re-validates: an int8 that is not an OS ID, a GLN with a bad
-- check digit, 16 bytes that are not an LEI.
CREATE TEMP TABLE raw8 AS SELECT (-1)::int8 AS v;
CREATE TEMP TABLE raw_gln AS SELECT 78742000009::int8 AS v;
CREATE TEMP TABLE raw16 AS SELECT 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid AS v;
CREATE TEMP TABLE to_os (v os_id);
CREATE TEMP TABLE to_gln (v gln);
CREATE TEMP TABLE to_lei (v lei);
DO $$ BEGIN
  EXECUTE format('COPY raw8 TO %L (FORMAT binary)', pg_temp.bin_file() || '8');
  EXECUTE format('COPY raw_gln TO %L (FORMAT binary)', pg_temp.bin_file() || 'g');
  EXECUTE format('COPY raw16 TO %L (FORMAT binary)', pg_temp.bin_file() || '16');
END $$;
SELECT throws_ok(format('COPY to_os FROM %L (FORMAT binary)', pg_temp.bin_file() || '8'),
                 '22P03', 'invalid external binary value for type os_id',
                 'binary input rejects an int8 that is not an OS ID');
SELECT throws_ok(format('COPY to_gln FROM %L (FORMAT binary)', pg_temp.bin_file() || 'g'),
                 '22P03', 'invalid external binary value for type gln',
                 'binary input rejects a GLN with a wrong check digit');
SELECT throws_ok(format('COPY to_lei FROM %L (FORMAT binary)', pg_temp.bin_file() || '16'),
                 '22P03', 'invalid external binary value for type lei',
                 'binary input rejects 16 bytes that are not an LEI');

SELECT * FROM finish();
