-- A match model estimated without labels (match_estimate: EM, the
-- Fellegi-Sunter model as Splink fits it, turned into the logistic model).
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
SET extra_float_digits = 0;

-- a synthetic supplier list: 400 facilities (two made-up words out of 20 and
-- 23, so that many names share one; a kind of plant; a numbered road in one
-- of five towns), a third of them listed twice
-- as people write them (a word cut short, "Ltd", "Rd"), every 20th with
-- a second unit elsewhere (a group's other plant: not the same facility)
CREATE TABLE est_sup (id int PRIMARY KEY, base int, fac hredd.facility);
CREATE FUNCTION pg_temp.w(k text) RETURNS text LANGUAGE sql IMMUTABLE AS
  $$ SELECT initcap(left(translate(md5(k), '0123456789', 'ghijklmnop'), 7)) $$;
INSERT INTO est_sup
SELECT i, i, facility(pg_temp.w('a' || i % 20) || ' ' || pg_temp.w('b' || i * 7 % 23) || ' Garment',
                      (i % 97 + 1) || ' ' || pg_temp.w('c' || i) || ' Road, ' || (ARRAY['Gazipur', 'Savar', 'Tongi', 'Ashulia', 'Narayanganj'])[i % 5 + 1],
                      'BD')
  FROM generate_series(1, 400) i;
INSERT INTO est_sup
SELECT 1000 + i, i, facility(pg_temp.w('a' || i % 20) || ' ' || left(pg_temp.w('b' || i * 7 % 23), 6) || ' Garments Ltd',
                             (i % 97 + 1) || ' ' || pg_temp.w('c' || i) || ' Rd, ' || (ARRAY['Gazipur', 'Savar', 'Tongi', 'Ashulia', 'Narayanganj'])[i % 5 + 1],
                             'BD')
  FROM generate_series(3, 400, 3) i;
INSERT INTO est_sup
SELECT 2000 + i, -i, facility(pg_temp.w('a' || i % 20) || ' ' || pg_temp.w('b' || i * 7 % 23) || ' Garment Unit 2',
                              (i % 89 + 3) || ' ' || pg_temp.w('d' || i) || ' Road, ' || (ARRAY['Gazipur', 'Savar', 'Tongi', 'Ashulia', 'Narayanganj'])[(i + 2) % 5 + 1],
                              'BD')
  FROM generate_series(20, 400, 20) i;
-- and every 25th a namesake in another town (a chain's other site)
INSERT INTO est_sup
SELECT 3000 + i, -1000 - i, facility(pg_temp.w('a' || i % 20) || ' ' || pg_temp.w('b' || i * 7 % 23) || ' Garment',
                                     (i % 83 + 5) || ' ' || pg_temp.w('e' || i) || ' Road, ' || (ARRAY['Gazipur', 'Savar', 'Tongi', 'Ashulia', 'Narayanganj'])[(i + 3) % 5 + 1],
                                     'BD')
  FROM generate_series(25, 400, 25) i;
SELECT count(*) AS rows, count(DISTINCT base) AS facilities FROM est_sup;

-- deduplication of the list against itself: the candidates, m and u per
-- level (a low threshold: the default model already tells these names apart,
-- and EM needs the pairs that are not the same among its candidates)
SELECT model, comparison, level, pairs, round(m::numeric, 2) AS m, round(u::numeric, 2) AS u,
       round(u_random::numeric, 2) AS u_random, round(match_weight::numeric, 1) AS weight,
       round(lambda::numeric, 2) AS lambda, candidate_pairs, converged
  FROM match_estimate('est', 'est_sup', 'fac', sample_rows => 1000, threshold => 0.02);
-- stored as match_calibrate stores a model (no held-out pairs: no labels)
SELECT name, train_pairs, heldout_pairs, "precision" IS NULL AS no_precision, reliability, source,
       terms = match_model_terms() AS terms_ok, cardinality(coefficients) AS coefficients
  FROM hredd.match_model WHERE name = 'est';
SELECT count(*) AS reliability_rows FROM match_model_reliability('est');
-- what it learnt: exact names and a shared address count for, other numbers against
SELECT t AS term, round(c::numeric, 1) AS coefficient
  FROM unnest(match_model_terms(), (SELECT coefficients FROM hredd.match_model WHERE name = 'est')) u(t, c)
 WHERE t IN ('intercept', 'name_words', 'address_below', 'name_numbers_conflict');

-- judged against the truth the generator knows (never shown to the EM):
-- every pair of rows whose names share a word
CREATE TABLE est_pairs AS
SELECT a.fac AS fa, b.fac AS fb, a.base = b.base AS same
  FROM est_sup a JOIN est_sup b ON a.id < b.id
 WHERE split_part(facility_name(a.fac), ' ', 1) = split_part(facility_name(b.fac), ' ', 1);
SELECT m AS model, count(*) FILTER (WHERE same AND s >= 0.5) AS tp, count(*) FILTER (WHERE NOT same AND s >= 0.5) AS fp,
       count(*) FILTER (WHERE same AND s < 0.5) AS fn
  FROM est_pairs, LATERAL (VALUES ('default', match_score(fa, fb)), ('est', match_score(fa, fb, 'est'))) v(m, s)
 GROUP BY 1 ORDER BY 1;
-- the operators follow the estimated model like any other
SET hredd.match_model = 'est';
SELECT count(*) AS similar_under_est FROM est_pairs WHERE fa % fb;
RESET hredd.match_model;
-- the settings the search used are this call's only
SELECT current_setting('hredd.match_threshold') AS threshold_after;

-- a re-run samples alike and gives the same model; another sample refits it
CREATE TABLE est_before AS SELECT coefficients, created_at FROM hredd.match_model WHERE name = 'est';
SELECT count(*) FROM match_estimate('est', 'est_sup', 'fac', sample_rows => 1000, threshold => 0.02);
SELECT m.coefficients = b.coefficients AS same_fit FROM hredd.match_model m, est_before b WHERE m.name = 'est';
SELECT count(*) FROM match_estimate('est', 'est_sup', 'fac', sample_rows => 300, top_k => 3, threshold => 0.02);
SELECT m.coefficients = b.coefficients AS same_fit, m.train_pairs FROM hredd.match_model m, est_before b WHERE m.name = 'est';

-- two tables: the second listing of each facility against the registry
CREATE TABLE est_src AS SELECT id, fac FROM est_sup WHERE id >= 1000;
CREATE TABLE est_reg AS SELECT id, fac FROM est_sup WHERE id < 1000;
SELECT count(*) AS levels, min(candidate_pairs) AS candidate_pairs, bool_and(converged) AS converged,
       round(min(lambda)::numeric, 2) AS lambda
  FROM match_estimate('est2', 'est_src', 'fac', 'est_reg', 'fac', top_k => 3, threshold => 0.02);

-- u held at the random pairs' frequencies (Splink's way): random pairs almost
-- never have names alike, so nearly every candidate lands in the match class
SELECT count(*) AS levels, bool_and(converged) AS converged, round(min(lambda)::numeric, 2) AS lambda
  FROM match_estimate('est_fixu', 'est_sup', 'fac', threshold => 0.02, fix_u => true);

-- bad input: exact messages and SQLSTATEs (at the default threshold the
-- candidates are all but the duplicates alone: EM cannot split them)
CREATE FUNCTION pg_temp.err(q text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;
CREATE VIEW est_view AS SELECT * FROM est_sup;
CREATE TABLE est_tiny AS SELECT * FROM est_sup WHERE id <= 5;
CREATE TABLE est_text (id int, fac text);
SELECT pg_temp.err(q) FROM (VALUES
  ($$SELECT * FROM match_estimate(NULL, 'est_sup', 'fac')$$),
  ($$SELECT * FROM match_estimate('default', 'est_sup', 'fac')$$),
  ($$SELECT * FROM match_estimate('bad name', 'est_sup', 'fac')$$),
  ($$SELECT * FROM match_estimate('m', 'est_sup', 'nope')$$),
  ($$SELECT * FROM match_estimate('m', 'est_text', 'fac')$$),
  ($$SELECT * FROM match_estimate('m', 'est_sup', 'fac', 'est_reg', 'nope')$$),
  ($$SELECT * FROM match_estimate('m', 'est_sup', 'fac', 'est_reg')$$),
  ($$SELECT * FROM match_estimate('m', 'est_view', 'fac')$$),
  ($$SELECT * FROM match_estimate('m', 'est_sup', 'fac', sample_rows => 5)$$),
  ($$SELECT * FROM match_estimate('m', 'est_sup', 'fac', top_k => 0)$$),
  ($$SELECT * FROM match_estimate('m', 'est_sup', 'fac', threshold => 1)$$),
  ($$SELECT * FROM match_estimate('m', 'est_sup', 'fac', threshold => 'NaN')$$),
  ($$SELECT * FROM match_estimate('m', 'est_sup', 'fac', random_pairs => -1)$$),
  ($$SELECT * FROM match_estimate('m', 'est_sup', 'fac', random_pairs => 0, fix_u => true)$$),
  ($$SELECT * FROM match_estimate('m', 'est_sup', 'fac', max_iterations => 0)$$),
  ($$SELECT * FROM match_estimate('m', 'est_sup', 'fac', penalty => -1)$$),
  ($$SELECT * FROM match_estimate('m', 'est_tiny', 'fac')$$),
  ($$SELECT * FROM match_estimate('m', 'est_sup', 'fac', threshold => 0.02, max_iterations => 2)$$),
  ($$SELECT * FROM match_estimate('m', 'est_sup', 'fac')$$),
  ($$SELECT match_em('{1,2,3}', '{}', false, 10, 1e-4, 1)$$),
  ($$SELECT match_em(array_fill(0.5::float8, ARRAY[3, 14]), '{}', false, 10, 1e-4, 1)$$),
  ($$SELECT match_em(array_fill(NULL::float8, ARRAY[20, 14]), '{}', false, 10, 1e-4, 1)$$),
  ($$SELECT match_em(array_fill('Infinity'::float8, ARRAY[20, 14]), '{}', false, 10, 1e-4, 1)$$),
  ($$SELECT match_em(array_fill(0.5::float8, ARRAY[20, 14]), '{}', true, 10, 1e-4, 1)$$),
  ($$SELECT match_em(array_fill(0.5::float8, ARRAY[20, 14]), '{}', false, 0, 1e-4, 1)$$),
  ($$SELECT match_em(array_fill(0.5::float8, ARRAY[20, 14]), '{}', false, 10, 'NaN', 1)$$),
  ($$SELECT match_em(array_fill(0.5::float8, ARRAY[20, 14]), '{}', false, 10, 1e-4, 'Infinity')$$),
  ($$SELECT match_em(array_fill(0.5::float8, ARRAY[20, 14]), '{1,2}', false, 10, 1e-4, 1)$$)) q(q);
-- nothing was stored by the calls that failed
SELECT name FROM hredd.match_model WHERE name LIKE 'est%' OR name = 'm' ORDER BY 1;
