-- A user's data made under the oldest release, before ALTER EXTENSION UPDATE:
-- a supplier table with hredd columns, generated columns and indexes of every
-- access method hredd supports, and the user's own rows in hredd's tables
-- (a risk layer with zones and country rows, a topic, exchange rates, wages).
SET client_min_messages = warning;
SET search_path = public, hredd;
CREATE TABLE public.up_supplier (
    id       int PRIMARY KEY,
    name     text NOT NULL,
    address  text,
    country  hredd.country,
    os_id    hredd.os_id,
    lat      float8,
    lng      float8,
    facility hredd.facility GENERATED ALWAYS AS (hredd.facility(name, address, country::text, lat, lng)) STORED,
    name_key text GENERATED ALWAYS AS (hredd.normalize_name(name, country::text)) STORED
);
INSERT INTO public.up_supplier (id, name, address, country, os_id, lat, lng)
SELECT i,
       (ARRAY['Zhejiang Zhenghao Garment Co., Ltd.', 'Pungkook Saigon II', 'Dhaka Knit Composite Ltd',
              'PT Sinar Tekstil Abadi', 'Phnom Penh Apparel Co', 'Anatolia Denim Sanayi A.S.',
              'Tiruppur Cotton Mills Pvt Ltd', 'Lahore Leather Works'])[1 + i % 8] || ' ' || (i / 8),
       (i % 97) || ' Industrial Road, Zone ' || (i % 13),
       (ARRAY['CN', 'VN', 'BD', 'ID', 'KH', 'TR', 'IN', 'PK'])[1 + i % 8]::hredd.country,
       (SELECT hredd.try_os_id(o) FROM unnest(string_to_array('A B C D E F G H J K L M N P Q R S T U V W X Y Z 0 1 2 3 4 5 6 7 8 9', ' ')) c,
               format('%s2019%sBQ3FZ%s', (ARRAY['CN', 'VN', 'BD', 'ID', 'KH', 'TR', 'IN', 'PK'])[1 + i % 8],
                      lpad((1 + i % 365)::text, 3, '0'), c) o
        WHERE hredd.os_id_is_valid(o) LIMIT 1),
       CASE WHEN i % 5 <> 0 THEN 10 + (i % 30) * 0.5 END,
       CASE WHEN i % 5 <> 0 THEN 70 + (i % 40) * 0.75 END
FROM generate_series(1, 2000) i;
UPDATE public.up_supplier SET os_id = NULL WHERE id > 365 * 8;
CREATE INDEX up_supplier_os_id ON public.up_supplier (os_id);
CREATE INDEX up_supplier_country ON public.up_supplier (country, os_id);
CREATE INDEX up_supplier_country_hash ON public.up_supplier USING hash (country);
CREATE INDEX up_supplier_os_id_brin ON public.up_supplier USING brin (os_id);
CREATE INDEX up_supplier_gin ON public.up_supplier USING gin (facility);
CREATE INDEX up_supplier_gist ON public.up_supplier USING gist (facility);
CREATE INDEX up_supplier_name_key ON public.up_supplier (name_key);
ANALYZE public.up_supplier;

-- the user's rows in hredd's own tables
INSERT INTO hredd.risk_layer (name, theme, scale, source, licence)
VALUES ('user.floods', 'environment', 'zone', 'own survey', 'internal'),
       ('user.index', 'human_rights', 'country', 'own index', 'internal');
INSERT INTO hredd.risk_zone (layer, name, country, severity, geom)
SELECT 'user.floods', 'zone ' || i, 'BD', 0.1 * i,
       ST_Multi(ST_MakeEnvelope(89 + i * 0.1, 23, 89.05 + i * 0.1, 23.05, 4326))
FROM generate_series(1, 5) i;
INSERT INTO hredd.country_risk (layer, country, severity) VALUES ('user.index', 'BD', 0.7), ('user.index', 'VN', 0.4);
INSERT INTO hredd.topic (code, name, domain, source) VALUES ('USER_TOPIC', 'a topic of our own', 'governance', 'us');
INSERT INTO hredd.exchange_rate VALUES ('BDT', '2024-01-01', 110, 'own'), ('VND', '2024-01-01', 24000, 'own');
INSERT INTO hredd.wage_benchmark (country, kind, valid_from, amount_month, currency, source)
VALUES ('BD', 'minimum', '2023-12-01', 12500, 'BDT', 'own');
