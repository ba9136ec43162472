-- One folding module, countries in every language, stored facility values
-- that stay true (issues 12 and 13).
\set SHOW_CONTEXT never
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = hredd, public;
SET client_min_messages = warning;

-- country names as people write them in the sourcing countries
SELECT v, v::hredd.country AS code
FROM (VALUES ('Việt Nam'), ('VIỆT NAM'), ('中国'), ('Lao PDR'), ('Palestine'), ('Brasil'),
             ('España'), ('Deutschland'), ('Chinese Taipei'), ('Türkiye'), ('Российская Федерация'),
             ('ไทย'), ('Bangladesh'), ('বাংলাদেশ'), ('República Dominicana'), ('日本'), ('대한민국')) t(v);
-- a name that the translations give to two countries is refused, naming both
SELECT 'Nigeri'::hredd.country;
SELECT 'Litwiya'::hredd.country;
-- an unknown name keeps its error
SELECT 'Kampuchea Krom'::hredd.country;

-- facility() reads the country in any language too
SELECT hredd.facility('Saigon Garment', '12 Đường Lê Lợi, Quận 1', 'Việt Nam');
SELECT hredd.facility('Shenzhou Knitting', NULL, '中国') = hredd.facility('Shenzhou Knitting', NULL, 'CN') AS same;

-- the normaliser: words that mean something only in their place
SELECT hredd.normalize_address('Roi Et', 'TH') AS roi_et,
       hredd.normalize_address('Binh Duong', 'VN') AS binh_duong,
       hredd.normalize_address('12 Duong Le Loi', 'VN') AS street_after_number,
       hredd.normalize_address('Duong DT743, Binh Duong', 'VN') AS street_first,
       hredd.normalize_name('Dupont et Fils', 'FR') AS name_et_between,
       hredd.normalize_name('Y Garment', NULL) AS name_y_first;
-- an address loses a trailing country name: its own country in any language,
-- and with the country unknown only the curated names
SELECT hredd.normalize_address('KCN Song Than, Binh Duong, Việt Nam', 'VN') AS own_country,
       hredd.normalize_address('Thu Duc, Đức', NULL) AS unknown_country;

-- stored values carry the normaliser's version
SELECT hredd.facility_is_stale(hredd.facility('Alpha Textile', NULL, 'VN')) AS stale,
       hredd.facility_renormalize(hredd.facility('Alpha Textile', NULL, 'VN'))
         = hredd.facility('Alpha Textile', NULL, 'VN') AS renormalize_is_identity;
CREATE TABLE pg_temp.fac_plain (id int);
CALL hredd.facility_upgrade('pg_temp.fac_plain');
CREATE TABLE pg_temp.fac (id int PRIMARY KEY, name text, country text,
    f hredd.facility GENERATED ALWAYS AS (hredd.facility(name, NULL, country)) STORED);
CREATE INDEX ON pg_temp.fac (f);
INSERT INTO pg_temp.fac VALUES (1, 'Alpha Textile', 'Việt Nam'), (2, 'Beta Garment', 'Brasil');
SET client_min_messages = notice;
CALL hredd.facility_upgrade('pg_temp.fac');
SET client_min_messages = warning;
SELECT id, f FROM pg_temp.fac ORDER BY f;
