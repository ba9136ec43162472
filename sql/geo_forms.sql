-- geo_forms: check_location takes the forms users keep their data in:
-- coordinates as float8, numeric, integer or text; the declared country as
-- hredd.country, text or varchar, typed columns and literals alike.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
RESET client_min_messages;
SET search_path = public, hredd;
CREATE TABLE geo_forms (
    ref text, lat_f float8, lng_f float8, lat_n numeric(9,6), lng_n numeric(9,6),
    lat_t text, lng_t text, lat_v varchar(20), lng_v varchar(20),
    c_country hredd.country, c_text text, c_varchar varchar(60)
);
INSERT INTO geo_forms VALUES
    ('ok',      10.8572, 106.93,  10.8572, 106.93,  '10.8572',  '106.93',  '10.8572',  '106.93',  'VN', 'Viet Nam', 'Vietnam'),
    ('swapped', 106.93,  10.8572, 106.93,  10.8572, '106,93',   '10,8572', '106.93',   '10.8572', 'VN', 'vn',       'VIETNAM'),
    ('outside', 13.75,   100.50,  13.75,   100.50,  ' 13.75 ',  '100.5',   '13.75',    '100.50',  'VN', 'VNM',      'Viet Nam'),
    ('missing', NULL,    106.93,  NULL,    106.93,  '',         '106.93',  NULL,       '106.93',  'VN', 'VN',       'VN');
-- every combination of column types gives the same verdicts
SELECT g.ref, f.verdict AS float_country, n.verdict AS numeric_text, t.verdict AS text_text,
       v.verdict AS varchar_varchar, tc.verdict AS text_country, fv.verdict AS float_varchar,
       f.detail = n.detail AND n.detail = t.detail AND t.detail = v.detail AND v.detail = tc.detail
           AND tc.detail = fv.detail AS same_detail
FROM geo_forms g,
     LATERAL check_location(g.lat_f, g.lng_f, g.c_country) f,
     LATERAL check_location(g.lat_n, g.lng_n, g.c_text) n,
     LATERAL check_location(g.lat_t, g.lng_t, g.c_text) t,
     LATERAL check_location(g.lat_v, g.lng_v, g.c_varchar) v,
     LATERAL check_location(g.lat_t, g.lng_t, g.c_country) tc,
     LATERAL check_location(g.lat_f, g.lng_f, g.c_varchar) fv
ORDER BY 1;
-- literals: unknown-typed, integer, numeric; two arguments
SELECT verdict, located_in FROM check_location(10.8572, 106.93, 'VN');
SELECT verdict, located_in FROM check_location(11, 107, 'VN');
SELECT verdict, located_in FROM check_location(10.8572::numeric, 106.93::numeric);
SELECT verdict, located_in FROM check_location('10.8572', '106.93');
SELECT verdict, located_in FROM check_location(10.8572::float8, 106.93::float8);
-- a declared country hredd does not know: a verdict, not an error
-- (the reason is country_error's sentence, tested with the country type)
SELECT verdict, located_in, distance_km,
       detail LIKE 'The declared country "Narnia" is unknown to hredd: the value is not %. The point lies in Vietnam.' AS says_why
FROM check_location(10.8572, 106.93, 'Narnia'::text);
SELECT verdict, located_in,
       detail LIKE 'The declared country "Narnia" is unknown to hredd: %. Latitude 0, longitude 0: a missing position written as zeros.' AS says_why
FROM check_location(0, 0, 'Narnia'::varchar);
SELECT verdict, located_in FROM check_location(10.8572, 106.93, ''::text);
SELECT verdict, located_in FROM check_location(10.8572, 106.93, NULL::text);
-- text coordinates that are not numbers
SELECT * FROM check_location('10°51''N', '106.93', 'VN');
SELECT * FROM check_location('10.8572', 'east', 'VN');
SELECT * FROM check_location('1e2', '10', NULL);
SELECT verdict FROM check_location('  ', '106.93', 'VN');
-- schema-qualified, from a path without hredd
SET search_path = public;
SELECT verdict FROM hredd.check_location(10.8572, 106.93, 'VN');
SELECT count(*) FROM geo_forms g, LATERAL hredd.check_location(g.lat_t, g.lng_t, g.c_text) c WHERE c.verdict = 'ok';
DROP TABLE geo_forms;
