-- What the coordinator of a Citus cluster copies to its workers: fitted
-- match models (23-matching-citus.sql) and user risk layers
-- (35-geo-citus.sql), on one node: where Citus is not installed there are no
-- workers, so the checks and the copies find nothing to do, and
-- match_calibrate and match_table work as before.  The cluster itself is
-- test/citus/citus.sh.
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
DROP SCHEMA IF EXISTS mcz CASCADE;
CREATE SCHEMA mcz;
RESET client_min_messages;
\set SHOW_CONTEXT never
SET search_path = mcz, hredd, public;

SELECT hredd.citus_coordinator();
INSERT INTO hredd.match_model (name, coefficients, terms, train_pairs, heldout_pairs, reliability, source)
SELECT 'mcz_model', match_default_coefficients(), match_model_terms(), 0, 0, '[]', 'match_citus';
SELECT count(*) FROM hredd.match_model_on_workers('mcz_model');
SELECT count(*) FROM hredd.match_model_on_workers('default');
SELECT count(*) FROM hredd.match_model_sync('mcz_model');
SELECT count(*) FROM hredd.match_model_sync();
SELECT count(*) FROM hredd.match_model_sync('default');
-- errors: a model that does not exist, a NULL
SELECT * FROM hredd.match_model_on_workers('mcz_nope');
SELECT * FROM hredd.match_model_sync('mcz_nope');
SELECT count(*) FROM hredd.match_model_on_workers(NULL);

-- match_table under the model against a local table: no Citus check
CREATE TABLE reg (id int PRIMARY KEY, fac hredd.facility);
INSERT INTO reg VALUES (1, facility('Apex Knit Ltd', 'Plot 4, Ashulia', 'BD')),
                       (2, facility('Blue Denim Co', 'Road 7, Gazipur', 'BD'));
CREATE TABLE src (ref text PRIMARY KEY, fac hredd.facility);
INSERT INTO src VALUES ('a', facility('Apex Knit Limited', 'Plot 4 Ashulia', 'BD'));
CREATE TABLE res (source_key text, target_key int, score float8, rank int, PRIMARY KEY (source_key, target_key));
SET hredd.match_model = 'mcz_model';
SET client_min_messages = warning;
CALL match_table('src', 'ref', 'fac', 'reg', 'id', 'fac', 'res');
RESET client_min_messages;
SELECT source_key, target_key, rank FROM res;
SELECT model FROM hredd.match_run WHERE result = 'res'::regclass;
RESET hredd.match_model;

DELETE FROM hredd.match_model WHERE name = 'mcz_model';
DELETE FROM hredd.match_run WHERE result = 'res'::regclass;

-- risk layers: nothing to copy to, but the layers named must exist
INSERT INTO risk_layer (name, theme, scale, source, licence) VALUES ('mcz-layer', 'test', 'zone', 'test', 'none');
INSERT INTO risk_zone (layer, name, severity, geom)
VALUES ('mcz-layer', 'box', 0.5, ST_Multi(ST_MakeEnvelope(89.0, 22.0, 90.0, 24.0, 4326)));
SELECT count(*) FROM hredd.risk_layer_on_workers();
SELECT count(*) FROM hredd.risk_layer_sync();
SELECT count(*) FROM hredd.risk_layer_sync(ARRAY['mcz-layer']);
SELECT * FROM hredd.risk_layer_sync(ARRAY['mcz-layer', 'mcz-nope']);
SELECT * FROM hredd.risk_layer_on_workers(ARRAY['mcz-nope']);
-- the digest the workers' copies are compared by: it changes with a zone,
-- a country-level risk, the layer row; NULL for a layer that does not exist
CREATE TEMP TABLE d (step text, digest text);
INSERT INTO d SELECT 'loaded', risk_layer_digest('mcz-layer');
UPDATE risk_zone SET severity = 0.6 WHERE layer = 'mcz-layer';
INSERT INTO d SELECT 'severity', risk_layer_digest('mcz-layer');
INSERT INTO country_risk (layer, country, severity) VALUES ('mcz-layer', 'BD', 0.3);
INSERT INTO d SELECT 'country risk', risk_layer_digest('mcz-layer');
UPDATE risk_layer SET edition = '2' WHERE name = 'mcz-layer';
INSERT INTO d SELECT 'edition', risk_layer_digest('mcz-layer');
UPDATE risk_layer SET loaded_at = loaded_at - interval '1 day' WHERE name = 'mcz-layer';
INSERT INTO d SELECT 'loaded_at (not in the digest)', risk_layer_digest('mcz-layer');
SELECT step, length(digest), count(*) OVER (PARTITION BY digest) AS same_digest FROM d ORDER BY step;
SELECT risk_layer_digest('mcz-nope') IS NULL AS no_layer;
DELETE FROM risk_layer WHERE name = 'mcz-layer';
SET client_min_messages = warning;
DROP SCHEMA mcz CASCADE;
