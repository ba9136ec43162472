-- identifier_errors: every class of bad input, with its exact message.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
\set VERBOSITY default

-- os_id
SELECT 'CN2019303BQ3FZQ'::os_id;            -- wrong check character
SELECT 'US2019303BQ3FZP'::os_id;            -- country changed, check not updated
SELECT 'CN2019303BQ3FZ'::os_id;             -- 14 characters
SELECT 'CN2019303BQ3FZPX'::os_id;           -- 16 characters
SELECT 'CN2019303BQ3IZP'::os_id;            -- I is not Crockford
SELECT 'CN2021250D1DTU7'::os_id;            -- U is not Crockford
SELECT 'CN2019303BQ3F/P'::os_id;            -- forbidden character
SELECT 'CN2019303BQ3FéP'::os_id;            -- non-ASCII character, reported whole
SELECT 'C12019303BQ3FZP'::os_id;            -- digit in the country part
SELECT 'CN20193O3BQ3FZP'::os_id;            -- letter in the date part
SELECT 'XX0000000000000'::os_id;            -- not a country
SELECT 'UK2019303BQ3FZP'::os_id;            -- reserved code
SELECT 'CN2019366BQ3FZP'::os_id;            -- no day 366 in 2019
SELECT 'CN2019000BQ3FZP'::os_id;            -- no day 0
SELECT 'CN1999303BQ3FZP'::os_id;            -- before OS IDs existed
SELECT ''::os_id;                           -- empty
SELECT ' - '::os_id;                        -- only separators
SELECT os_id_check_char('CN2019303BQ3F');   -- 13 characters
SELECT os_id_check_char('XX2019303BQ3FZ');  -- bad country in the rest
SELECT repeat('A', 300)::os_id;             -- long input is clipped in the message

-- lei
SELECT '506700GE1G29325QX364'::lei;         -- wrong check digit
SELECT '506700GE1G29325QX336'::lei;         -- transposed check digits
SELECT '5493001KJTIIGC8Y1V00'::lei;         -- alias 00
SELECT '506700GE1G29325QX300'::lei;         -- impossible 00
SELECT '506700GE1G29325QX36'::lei;          -- 19 characters
SELECT '506700GE1G29325QX3633'::lei;        -- 21 characters
SELECT '506700GE1G29325QX3A3'::lei;         -- letter in check position
SELECT '506700GE1G29325Q'::lei;             -- 16 characters
SELECT '506700GE1G29325Q_363'::lei;         -- forbidden character
SELECT lei_check_digits('506700GE1G29325QX363');

-- gln
SELECT '0078742000009'::gln;
SELECT '0078742000080'::gln;
SELECT '007874200000'::gln;
SELECT '00787420000080'::gln;
SELECT '0078742OOO008'::gln;
SELECT gln_check_digit('0078742000008');

-- duns
SELECT '15048378'::duns;
SELECT '1504837820'::duns;
SELECT '15048378A'::duns;
SELECT '150483782-0001'::duns;

-- country
SELECT 'UK'::country;
SELECT 'EL'::country;
SELECT 'ZZ'::country;
SELECT 'QZ'::country;
SELECT 'C1'::country;
SELECT 'Narnia'::country;
SELECT '999'::country;
SELECT ''::country;
SELECT 'XKK'::country;
