-- The identifier and facility types as DESIGN.md promises them: present,
-- I/O and casts, fixed-size storage, helpers, forgiving about form and
-- strict about content (SQLSTATE 22P02 naming the type and the value).
-- Needs nothing but the extension (no ../shared).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
SET search_path = public;   -- pgTAP's schema; hredd's names are written hredd.<name>
BEGIN;
SELECT * FROM no_plan();

SELECT has_type('hredd', t, 'type hredd.' || t) FROM unnest(ARRAY['os_id', 'lei', 'gln', 'duns', 'country', 'facility']) t;
SELECT has_cast('text', 'hredd.' || t, 'cast text -> hredd.' || t) FROM unnest(ARRAY['os_id', 'lei', 'gln', 'duns', 'country']) t;
SELECT has_cast('hredd.' || t, 'text', 'cast hredd.' || t || ' -> text') FROM unnest(ARRAY['os_id', 'lei', 'gln', 'duns', 'country']) t;

-- fixed size, binary I/O, every helper immutable, strict and parallel safe
SELECT ok(typlen > 0, format('%s is fixed-size (%s bytes)', oid::regtype, typlen))
FROM pg_type WHERE oid IN ('hredd.os_id'::regtype, 'hredd.lei'::regtype, 'hredd.gln'::regtype,
                           'hredd.duns'::regtype, 'hredd.country'::regtype);
SELECT ok(typreceive <> 0 AND typsend <> 0, format('%s has binary I/O', oid::regtype))
FROM pg_type WHERE oid IN ('hredd.os_id'::regtype, 'hredd.lei'::regtype, 'hredd.gln'::regtype,
                           'hredd.duns'::regtype, 'hredd.country'::regtype, 'hredd.facility'::regtype);
SELECT has_function('hredd', t || '_is_valid', ARRAY['text'], format('hredd.%s_is_valid(text)', t))
FROM unnest(ARRAY['os_id', 'lei', 'gln', 'duns', 'country']) t;
SELECT has_function('hredd', 'try_' || t, ARRAY['text'], format('hredd.try_%s(text)', t))
FROM unnest(ARRAY['os_id', 'lei', 'gln', 'duns', 'country']) t;
SELECT is(p.provolatile::text || p.proisstrict::text || p.proparallel::text, 'itrues',
          format('%s is IMMUTABLE STRICT PARALLEL SAFE', p.oid::regprocedure))
FROM pg_proc p
WHERE p.pronamespace = 'hredd'::regnamespace
  AND (p.proname ~ '^(os_id|lei|gln|duns|country)_is_valid$' OR p.proname ~ '^try_(os_id|lei|gln|duns|country)$'
       OR p.proname IN ('os_id_country', 'os_id_minted_on', 'country_name'));
SELECT is(pg_get_function_result('hredd.os_id_country(hredd.os_id)'::regprocedure), 'hredd.country', 'os_id_country returns a country');
SELECT is(pg_get_function_result('hredd.os_id_minted_on(hredd.os_id)'::regprocedure), 'date', 'os_id_minted_on returns a date');

-- forgiving about form
SELECT is(('osid: cn-2019303-bq3fz-p'::hredd.os_id)::text, 'CN2019303BQ3FZP', 'os_id: prefix, case and hyphens normalised');
SELECT is((' 5067 00ge 1g29 325q x363 '::hredd.lei)::text, '506700GE1G29325QX363', 'lei: blanks and case normalised');
SELECT is(('China, People''s Republic of'::hredd.country)::text, 'CN', 'country: a name with a comma');
SELECT is(('bangladesh'::hredd.country)::text, 'BD', 'country: a name in lower case');
SELECT is(('VNM'::hredd.country)::text, 'VN', 'country: alpha-3');
SELECT is(('704'::hredd.country)::text, 'VN', 'country: numeric code');
SELECT is(('XK'::hredd.country)::text, 'XK', 'country: XK (Kosovo) is accepted');
SELECT is(hredd.os_id_country('CN2019303BQ3FZP')::text, 'CN', 'os_id_country');
SELECT is(hredd.os_id_minted_on('CN2019303BQ3FZP'), '2019-10-30'::date, 'os_id_minted_on: day 303 of 2019');

-- strict about content: exact SQLSTATE and message
SELECT throws_ok($$SELECT 'CN2019303BQ3FZQ'::hredd.os_id$$, '22P02',
                 'invalid input syntax for type os_id: "CN2019303BQ3FZQ"', 'os_id: wrong check character');
SELECT throws_ok($$SELECT 'Narnia'::hredd.country$$, '22P02',
                 'invalid input syntax for type country: "Narnia"', 'country: unknown name');
SELECT throws_ok($$SELECT '506700GE1G29325QX364'::hredd.lei$$, '22P02',
                 'invalid input syntax for type lei: "506700GE1G29325QX364"', 'lei: wrong check digits');
SELECT is(hredd.try_os_id('CN2019303BQ3FZQ')::text, NULL, 'try_os_id: NULL instead of an error');
SELECT is(hredd.try_country('Narnia')::text, NULL, 'try_country: NULL instead of an error');
SELECT is(hredd.os_id_is_valid('CN2019303BQ3FZQ'), false, 'os_id_is_valid: false for a wrong check character');
SELECT is(hredd.lei_is_valid('506700GE1G29325QX363'), true, 'lei_is_valid: true for a valid LEI');
SELECT is(hredd.os_id_error('CN2019303BQ3FZQ'), 'The check character is "Q" but "P" was expected.', 'os_id_error: the DETAIL');

-- order of the binary form = order of the text form
SELECT is((SELECT array_agg(v ORDER BY v::hredd.country)::text[] FROM unnest(ARRAY['VN', 'BD', 'CN', 'DE', 'XK', 'AF', 'ZW']) v),
          (SELECT array_agg(v ORDER BY v COLLATE "C") FROM unnest(ARRAY['VN', 'BD', 'CN', 'DE', 'XK', 'AF', 'ZW']) v),
          'country sorts as its text form');

-- facility: built by hredd.facility(...), its text form restores it
SELECT is(pg_get_function_arguments('hredd.facility(text, text, text, float8, float8)'::regprocedure),
          'name text, address text, country text, lat double precision DEFAULT NULL::double precision, lng double precision DEFAULT NULL::double precision',
          'hredd.facility(name, address, country, lat, lng) as DESIGN.md says');
SELECT ok(hredd.facility('Pungkook Saigon II', 'Tan Tao', 'VN', 10.75, 106.6)::text::hredd.facility
              OPERATOR(hredd.=) hredd.facility('Pungkook Saigon II', 'Tan Tao', 'VN', 10.75, 106.6),
          'facility: the text form restores the value');

SELECT * FROM finish();
ROLLBACK;
