-- identifiers: input normalisation, canonical output, helpers, comparisons.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
SET datestyle = ISO;

-- OS ID: case, blanks, hyphenated display form, prefixes
SELECT v, v::os_id AS canonical
FROM (VALUES ('CN2019303BQ3FZP'), ('cn2019303bq3fzp'), ('  CN-2019303-BQ3FZ-P '),
             ('osid:CN2019303BQ3FZP'), ('OS ID: cn 2019303 bq3fz p'), ('XK2020100AAAAAT')) t(v);
SELECT os_id_country('BD2020021QK28YZ'), os_id_minted_on('BD2020021QK28YZ'),
       os_id_minted_on('UA2019096H785YM'), os_id_check_char('CN2019303BQ3FZ'),
       os_id_check_char('osid: cn-2019303-bq3fz');
SELECT os_id_is_valid('CN2019303BQ3FZP') AS ok, os_id_is_valid('CN2019303BQ3FZQ') AS bad_check,
       os_id_is_valid('') AS empty, try_os_id('CN2019303BQ3FZQ') IS NULL AS try_null,
       try_os_id(' cn2019303bq3fzp ') AS try_ok;

-- LEI: pre-LEIs without 00, separators, prefix
SELECT v::lei AS canonical, lei_lou(v::lei)
FROM (VALUES ('506700GE1G29325QX363'), ('5067 00ge 1g29 325q x363'), ('LEI: HWUPKR0MPOU8FGXBT394'),
             ('7LTWFZYICNSX8D621K86')) t(v);
SELECT lei_check_digits('5493001KJTIIGC8Y1V'), lei_check_digits('506700GE1G29325QX3'),
       lei_is_valid('5493001KJTIIGC8Y1V00') AS alias_00, lei_is_valid('5493001KJTIIGC8Y1V97') AS correct;

-- GLN and D-U-N-S
SELECT v::gln AS canonical, gln_gs1_prefix(v::gln)
FROM (VALUES ('0078742000008'), ('(414)5412345000013'), ('GLN 0614-141-00003-6')) t(v);
SELECT gln_check_digit('007874200000'), gln_is_valid('0078742000009');
SELECT v::duns AS canonical, duns_legacy_luhn_ok(v::duns)
FROM (VALUES ('150483782'), ('15-048-3782'), ('DUNS: 060704780'), ('150483783'), ('000000001')) t(v);

-- country: alpha-2, alpha-3, numeric, names and aliases, accents and case
SELECT v, v::country AS code, country_name(v::country), country_alpha3(v::country),
       country_numeric(v::country)
FROM (VALUES ('cn'), ('CHN'), ('156'), ('4'), ('Viet Nam'), ('TÜRKIYE'), ('Türkiye'),
             ('China, People''s Republic of'), ('Côte d’Ivoire'), ('UAE'), ('Kosovo'), ('XK'),
             ('Korea, Republic of'), ('Hong Kong SAR')) t(v);
SELECT count(*), count(numeric_code), count(DISTINCT alpha3) FROM country_list();
SELECT country_is_valid('UK') AS uk, country_is_valid('GB') AS gb, try_country('Narnia') IS NULL AS narnia,
       country_is_valid('CHN') AS chn, country_code_is_valid('CHN') AS chn_code, country_code_is_valid(' cn') AS cn_code;

-- order of the stored form equals order of the text
SELECT array_agg(v ORDER BY v) = array_agg(v ORDER BY v::text) AS os_id_order
FROM (SELECT v::os_id AS v FROM unnest(ARRAY['VN2025093077Q64','BD2020021QK28YZ','CN2019303BQ3FZP',
      'CN2021250D1DTN7','PK20190913BBJ2Y','US2020052GKF19F','GR2019098DC1P4A','MX2024211T0VH2S']) v) s;
SELECT array_agg(v ORDER BY v) = array_agg(v ORDER BY v::text COLLATE "C") AS lei_order
FROM (SELECT v::lei AS v FROM unnest(ARRAY['506700GE1G29325QX363','HWUPKR0MPOU8FGXBT394',
      'INR2EJN1ERAN0W5ZP974','7LTWFZYICNSX8D621K86','529900T8BM49AURSDO55','5493001KJTIIGC8Y1R12',
      '213800KUD8LAJWSQ9D15']) v) s;
SELECT 'CN2019303BQ3FZP'::os_id = 'cn-2019303-bq3fz-p'::os_id AS eq,
       'BD2020021QK28YZ'::os_id < 'CN2019303BQ3FZP'::os_id AS lt,
       '506700GE1G29325QX363'::lei <> 'HWUPKR0MPOU8FGXBT394'::lei AS ne,
       '0078742000008'::gln >= '0078742000008'::gln AS ge,
       '150483782'::duns > '060704780'::duns AS gt,
       'DE'::country <= 'germany'::country AS le;

-- explicit casts to and from text (and varchar); no implicit cast from text
SELECT 'CN2019303BQ3FZP'::text::os_id::text, CAST('cn' AS varchar)::country::varchar;
SELECT count(*) FROM pg_cast c JOIN pg_type t ON t.oid IN (c.castsource, c.casttarget)
WHERE t.typnamespace = 'hredd'::regnamespace AND c.castcontext <> 'e';

-- every C function of the extension is immutable, strict, parallel safe, except
-- the two country_at functions, which read the boundary table and are STABLE,
-- harmonize_batch, which runs queries and is VOLATILE, and supply_graph, which
-- reads the supplier links (STABLE, not strict: a NULL direction is refused);
-- every function commented
SELECT p.oid::regprocedure AS not_immutable_strict_safe
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'hredd') AND d.deptype = 'e'
  AND p.prolang IN (SELECT oid FROM pg_language WHERE lanname IN ('c', 'internal'))
  AND (p.provolatile <> 'i' OR NOT p.proisstrict OR p.proparallel <> 's')
ORDER BY 1;
SELECT p.oid::regprocedure AS uncommented
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'hredd') AND d.deptype = 'e'
  AND obj_description(p.oid, 'pg_proc') IS NULL
ORDER BY 1;
SELECT t.typname AS uncommented_type FROM pg_type t
WHERE t.typnamespace = 'hredd'::regnamespace AND t.typtype = 'b' AND t.typelem = 0 AND obj_description(t.oid, 'pg_type') IS NULL;

-- storage: fixed size, by value where it fits
SELECT typname, typlen, typbyval, typalign FROM pg_type
WHERE typnamespace = 'hredd'::regnamespace AND typtype = 'b' AND typelem = 0 ORDER BY typname;

-- the reason a value is rejected, without an error (for quarantine tables)
SELECT v, os_id_error(v) FROM unnest(ARRAY['CN2019303BQ3FZP', 'CN2019303BQ3FZQ', 'cn2019303bq3fz']) v;
SELECT lei_error('506700GE1G29325QX364'), gln_error('0078742000009'), duns_error('15048378A'),
       country_error('UK'), country_error('Germany');
SELECT o.oid::regoperator AS uncommented_operator FROM pg_operator o
WHERE o.oprnamespace = 'hredd'::regnamespace AND obj_description(o.oid, 'pg_operator') IS NULL;
