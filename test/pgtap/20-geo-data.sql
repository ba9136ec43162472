-- check_location on real supplier lists in ../shared/data (skipped without it).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET search_path = public, hredd;

CREATE TEMP TABLE nike (contractor_id text, code text, address text, workers text, workers_line text,
  workers_female text, workers_migrant text, lat text, lon text, name text, city text, state text,
  postal_code text, average_worker_age text, subcons text, sms_rating text, last_audit_date text,
  supplier_name text, factory_tier text, product_type text, brand text, special_events text,
  country text, region text);
CREATE TEMP TABLE osh_fac (os_id text, name text, address text, country_code text, lat text, lng text,
  has_approved_claim text, is_closed text);
-- read client-side (\copy … FROM PROGRAM, which psql runs; the path goes in an
-- environment variable, as \copy does not interpolate psql variables): the
-- server may not be able to read ../shared
\set f_nike :shared_data/matching/supplier_lists/nike_2019_manufacturing_map.csv
\set f_osh :shared_data/matching/osh_facilities/adidas_contributor127_2022-10.csv
\set have_nike `test -r :'f_nike' && echo true || echo false`
\set have_osh `test -r :'f_osh' && echo true || echo false`
\if :have_nike
\setenv HREDD_TAP_FILE :f_nike
\copy nike FROM PROGRAM 'cat "$HREDD_TAP_FILE"' (FORMAT csv, HEADER)
\endif
\if :have_osh
\setenv HREDD_TAP_FILE :f_osh
\copy osh_fac FROM PROGRAM 'cat "$HREDD_TAP_FILE"' (FORMAT csv, HEADER)
\endif
CREATE TEMP TABLE nike_checked AS
SELECT n.name, c.* FROM nike n,
  LATERAL check_location(nullif(n.lat, '')::float8, nullif(n.lon, '')::float8, try_country(n.country)) c;

SELECT plan(5);
SELECT CASE WHEN (SELECT count(*) FROM nike) = 0
  THEN skip('../shared/data/matching/supplier_lists/nike_2019_manufacturing_map.csv not found', 3)
  ELSE collect_tap(
    is((SELECT count(*) FROM nike_checked), (SELECT count(*) FROM nike), 'every Nike 2019 row gets exactly one verdict'),
    is((SELECT string_agg(name || ' ' || located_in, ', ') FROM nike_checked WHERE verdict = 'lat/lng swapped'),
       'A. FIRST VINA CO. LTD. VN', 'the Nike 2019 list''s swapped row is found, and only it'),
    ok((SELECT count(*) FILTER (WHERE verdict = 'ok') FROM nike_checked) >= 590,
       'the rest of the Nike 2019 list is almost all plausible'))
  END;
SELECT CASE WHEN (SELECT count(*) FROM osh_fac) = 0
  THEN skip('../shared/data/matching/osh_facilities/adidas_contributor127_2022-10.csv not found', 1)
  ELSE is((SELECT count(*) FROM osh_fac f, LATERAL check_location(f.lat::float8, f.lng::float8, try_country(f.country_code)) c
           WHERE c.verdict <> 'ok'), 0::bigint,
          'all 589 geocoded Open Supply Hub facilities of adidas pass')
  END;
SELECT is((SELECT verdict FROM check_location(10.8572, 106.93, 'VN')), 'ok', 'the swapped row, swapped back, is ok');
SELECT * FROM finish();
