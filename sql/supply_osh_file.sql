-- supply_osh_file: an Open Supply Hub download loaded from its CSV file on
-- the server (hredd.load_osh_file): read by parallel workers in blocks, the
-- same registry and report as COPY into a table + load_osh_download, report
-- rows naming records by line; bad files refused with the line that is bad.
-- The files are written by the server into its own data directory (nothing
-- of the checkout is read); their paths are shown as <datadir>.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
\set VERBOSITY default
-- (the loads' NOTICE names the file: the counts are in their results)
SET client_min_messages = warning;
TRUNCATE osh_location, osh_report;
SELECT set_config('hredd_regress.datadir', current_setting('data_directory'), false) IS NOT NULL AS datadir_set;

-- a file of exactly these bytes, in the data directory; its path
CREATE FUNCTION pg_temp.put(name text, content bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    path text := current_setting('hredd_regress.datadir') || '/hredd_regress_' || name;
    lo oid := lo_from_bytea(0, content);
BEGIN
    PERFORM lo_export(lo, path);
    PERFORM lo_unlink(lo);
    RETURN path;
END $$;
CREATE FUNCTION pg_temp.put(name text, content text) RETURNS text LANGUAGE sql AS
$$ SELECT pg_temp.put(name, convert_to(content, 'UTF8')) $$;
-- a statement's error (SQLSTATE and message), the data directory masked
CREATE FUNCTION pg_temp.try(sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE sql;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE || ': ' || replace(SQLERRM, current_setting('hredd_regress.datadir'), '<datadir>');
END $$;

-- 1. A small download as spreadsheets write it: a byte order mark, quoted
-- fields with commas, doubled quotes and a newline, CRLF, empty lines, the
-- claim as has_approved_claim, the country by name.
SELECT pg_temp.put('small.csv', '\xefbbbf'::bytea || convert_to(
'os_id,name,address,country_name,lat,lng,sector,product_type,number_of_workers,has_approved_claim,is_closed,contributor' || E'\n' ||
'CN2019303BQ3FZP,Good Mill,"No 1 Road, Shaoxing",China,30.0,120.5,Apparel|Textiles,"Fabric||",1001-5000,True,False,"Brand ""A""|Brand B"' || E'\r\n' ||
'CN2019303BQ3FZQ,Bad check,x,China,,,,,,,,' || E'\n' ||
E'\n' ||
'BD2020021QK28YZ,"Lat only' || E'\n' || '(two lines)",x,Bangladesh,23.7,,,,about 500,,maybe,' || E'\n' ||
'VN2025093077Q64,VN factory,Hanoi,Viet Nam,21.0,105.8,Apparel," Shirts | Trousers ",<1000,no,True,' || E'\n' ||
'PK20190913BBJ2Y,"",x,Pakistan,,,,,,,,', 'UTF8')) IS NOT NULL AS written;
SELECT * FROM load_osh_file(current_setting('hredd_regress.datadir') || '/hredd_regress_small.csv', 'small');
SELECT row_ref, status, reason, detail FROM osh_report ORDER BY report_id;
SELECT record FROM osh_report WHERE row_ref = 'line 5';
SELECT os_id, name, address, country, lat, lng, sectors, product_types, workers_min, workers_max, claim_status, is_closed,
       contributors, facility IS NOT NULL AS fac, source
FROM osh_location ORDER BY os_id;
-- the same file copied into a table and loaded from there: the same registry and report (row_ref aside)
CREATE TEMP TABLE via_file AS SELECT os_id, name, address, country, lat, lng, facility, sectors, product_types,
    processing_types, facility_types, workers_min, workers_max, parent_companies, contributors, claim_status, is_closed
FROM osh_location;
CREATE TEMP TABLE via_file_report AS SELECT record, status, reason, detail FROM osh_report;
TRUNCATE osh_location, osh_report;
CREATE TABLE small_dl (os_id text, name text, address text, country_name text, lat text, lng text, sector text,
    product_type text, number_of_workers text, has_approved_claim text, is_closed text, contributor text);
-- (COPY refuses an empty line: the file without it)
SELECT pg_temp.put('small_copy.csv', replace(replace(convert_from(pg_read_binary_file(
    current_setting('hredd_regress.datadir') || '/hredd_regress_small.csv'), 'UTF8'), E'\n\n', E'\n'), E'\r\n', E'\n')) IS NOT NULL AS written;
DO $$ BEGIN EXECUTE format('COPY small_dl FROM %L (FORMAT csv, HEADER)',
    current_setting('hredd_regress.datadir') || '/hredd_regress_small_copy.csv'); END $$;
SELECT * FROM load_osh_download('small_dl', 'small');
SELECT (SELECT count(*) FROM (TABLE via_file EXCEPT ALL
         SELECT os_id, name, address, country, lat, lng, facility, sectors, product_types, processing_types,
                facility_types, workers_min, workers_max, parent_companies, contributors, claim_status, is_closed
         FROM osh_location) d) AS registry_apart,
       (SELECT count(*) FROM (SELECT os_id FROM osh_location EXCEPT ALL SELECT os_id FROM via_file) d) AS registry_extra,
       (SELECT count(*) FROM (TABLE via_file_report EXCEPT ALL SELECT record, status, reason, detail FROM osh_report) d)
           AS report_apart,
       (SELECT count(*) FROM osh_report) - (SELECT count(*) FROM via_file_report) AS report_extra;

-- 2. Many blocks, read by parallel workers: 400 records (about 130 kB:
-- blocks of 4 kB), quoted multi-line addresses across block ends, a quoted
-- field longer than 25 blocks (blocks that start inside it have no record
-- of their own), doubled quotes, CRLF, empty lines; every record's line in
-- its column "note".
TRUNCATE osh_location, osh_report;
CREATE TABLE big_rec AS
WITH r AS (
    SELECT i, left(id14 || hredd.os_id_check_char(id14), 15) AS good_id,
           CASE WHEN i % 7 = 0 THEN format('Mill "%s" Ltd', i) ELSE format('Mill %s', i) END AS name,
           CASE WHEN i % 5 = 0 THEN format(E'Road %s\nBlock %s', i, i % 9)
                WHEN i % 11 = 0 THEN format('Unit, %s', i) ELSE format('Road %s', i) END AS address,
           (ARRAY['CN', 'BD', 'VN'])[1 + i % 3] AS country_code,
           CASE WHEN i % 13 = 0 THEN '95' ELSE (10 + i % 50)::text END AS lat, (90 + i % 30)::text AS lng,
           -- (record 200: a quoted field of 100 kB and 12,500 lines, over some 25 blocks)
           CASE WHEN i = 200 THEN repeat(E'Apparel\n', 12500)
                WHEN i % 4 = 0 THEN 'Apparel||Textiles' ELSE 'Apparel' END AS sector,
           CASE WHEN i % 17 = 0 THEN 'perhaps' ELSE 'False' END AS is_closed,
           CASE WHEN i % 6 = 0 THEN E'\r\n' ELSE E'\n' END AS eol,
           CASE WHEN i % 10 = 0 THEN E'\n' ELSE '' END AS blank
    FROM generate_series(1, 400) i,
         LATERAL (SELECT (ARRAY['CN', 'BD', 'VN'])[1 + i % 3] || '2020' || lpad((1 + i % 365)::text, 3, '0')
                         || lpad(upper(to_hex(i * 7919 % 1048576)), 5, '0') AS id14) x
), l AS (
    SELECT *, CASE WHEN i % 9 = 0 THEN left(good_id, 14) || CASE WHEN right(good_id, 1) = 'A' THEN 'B' ELSE 'A' END
              ELSE good_id END AS os_id,
           -- the line a record starts on: after the header (line 1) and every record before it
           2 + coalesce(sum(1 + length(address || sector) - length(replace(address || sector, E'\n', '')) + length(blank))
                        OVER (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS line
    FROM r
)
SELECT i, os_id, name, address, country_code, lat, lng, sector, is_closed, line::text AS note, eol,
       concat_ws(',', os_id, '"' || replace(name, '"', '""') || '"',
                 CASE WHEN address ~ E'[,\n]' THEN '"' || address || '"' ELSE address END,
                 country_code, lat, lng, CASE WHEN sector ~ E'\n' THEN '"' || sector || '"' ELSE sector END,
                 is_closed, line) || eol || blank AS rec
FROM l;
SELECT pg_temp.put('big.csv', 'os_id,name,address,country_code,lat,lng,sector,is_closed,note' || E'\n' ||
                   string_agg(rec, '' ORDER BY i)) IS NOT NULL AS written,
       sum(octet_length(rec)) / 4096 >= 30 AS "thirty blocks or more"
FROM big_rec;
SELECT * FROM load_osh_file(current_setting('hredd_regress.datadir') || '/hredd_regress_big.csv', 'big');
-- every report row names its record's first line
SELECT count(*) AS reported, count(*) FILTER (WHERE row_ref = 'line ' || (record->>'note')) AS "on its line"
FROM osh_report;
SELECT row_ref, reason, detail FROM osh_report ORDER BY report_id LIMIT 8;
CREATE TEMP TABLE big_file AS SELECT os_id, name, address, country, lat, lng, facility, sectors, is_closed FROM osh_location;
CREATE TEMP TABLE big_file_report AS SELECT record, status, reason, detail FROM osh_report;
-- the same records from a table: the same registry and report
TRUNCATE osh_location, osh_report;
CREATE TABLE big_dl AS SELECT os_id, name, address, country_code, lat, lng, sector, is_closed, note FROM big_rec ORDER BY i;
SELECT * FROM load_osh_download('big_dl', 'big');
SELECT (SELECT count(*) FROM (TABLE big_file EXCEPT ALL
         SELECT os_id, name, address, country, lat, lng, facility, sectors, is_closed FROM osh_location) d) AS registry_apart,
       (SELECT count(*) FROM osh_location) - (SELECT count(*) FROM big_file) AS registry_extra,
       (SELECT count(*) FROM (TABLE big_file_report EXCEPT ALL SELECT record, status, reason, detail FROM osh_report) d)
           AS report_apart,
       (SELECT count(*) FROM osh_report) - (SELECT count(*) FROM big_file_report) AS report_extra;
-- read by this process alone: the same again
TRUNCATE osh_location, osh_report;
SET max_parallel_workers_per_gather = 0;
SELECT * FROM load_osh_file(current_setting('hredd_regress.datadir') || '/hredd_regress_big.csv', 'big');
RESET max_parallel_workers_per_gather;
SELECT (SELECT count(*) FROM (TABLE big_file EXCEPT ALL
         SELECT os_id, name, address, country, lat, lng, facility, sectors, is_closed FROM osh_location) d) AS registry_apart,
       (SELECT count(*) FROM (TABLE big_file_report EXCEPT ALL SELECT record, status, reason, detail FROM osh_report) d)
           AS report_apart;

-- 3. A later load: the same file changes nothing (no row written); a file
-- with names changed replaces those rows.
CREATE TEMP TABLE before_xmin AS SELECT os_id, xmin::text AS x FROM osh_location;
SELECT * FROM load_osh_file(current_setting('hredd_regress.datadir') || '/hredd_regress_big.csv', 'big');
SELECT count(*) AS rows_rewritten FROM osh_location o JOIN before_xmin b USING (os_id) WHERE o.xmin::text <> b.x;
SELECT pg_temp.put('big2.csv', 'os_id,name,address,country_code,lat,lng,sector,is_closed,note' || E'\n' ||
                   string_agg(CASE WHEN i % 20 = 1 THEN replace(rec, 'Mill ', 'Mills ') ELSE rec END, '' ORDER BY i))
    IS NOT NULL AS written
FROM big_rec;
SELECT * FROM load_osh_file(current_setting('hredd_regress.datadir') || '/hredd_regress_big2.csv', 'big2');
SELECT count(*) FILTER (WHERE name LIKE 'Mills %') AS renamed, count(*) FILTER (WHERE source = 'big2') AS from_big2
FROM osh_location;

-- 4. An OS ID twice: the file is copied into a temporary table and loaded
-- from there (as load_osh_download loads a table with one)
TRUNCATE osh_location, osh_report;
SELECT pg_temp.put('twice.csv', E'os_id,name,country_code\nCN2019303BQ3FZP,One,CN\nCN2019303BQ3FZP,Other,CN\nCN2019303BQ3FZP,One,CN\n')
    IS NOT NULL AS written;
SELECT * FROM load_osh_file(current_setting('hredd_regress.datadir') || '/hredd_regress_twice.csv');
SELECT os_id, name FROM osh_location;
SELECT reason, detail FROM osh_report;

-- 5. Bad files, refused with the line that is bad
SELECT pg_temp.try($$SELECT load_osh_file(NULL)$$);
SELECT pg_temp.try(format('SELECT load_osh_file(%L)', current_setting('hredd_regress.datadir') || '/hredd_regress_none.csv'));
SELECT pg_temp.try(format('SELECT load_osh_file(%L)', current_setting('hredd_regress.datadir')));
SELECT pg_temp.try(format('SELECT load_osh_file(%L)', pg_temp.put('empty.csv', '')));
SELECT pg_temp.try(format('SELECT load_osh_file(%L)', pg_temp.put('blank.csv', E'\nos_id\n')));
SELECT pg_temp.try(format('SELECT load_osh_file(%L)', pg_temp.put('noid.csv', E'id,name\nx,y\n')));
SELECT pg_temp.try(format('SELECT load_osh_file(%L)', pg_temp.put('twicecol.csv', E'os_id,name,name\nx,y,z\n')));
SELECT pg_temp.try(format('SELECT load_osh_file(%L)', pg_temp.put('noname.csv', E'os_id,,name\nx,y,z\n')));
SELECT pg_temp.try(format('SELECT load_osh_file(%L)', pg_temp.put('fields.csv', E'os_id,name,country\nCN2019303BQ3FZP,A,CN\n"x\ny",B\n')));
SELECT pg_temp.try(format('SELECT load_osh_file(%L)', pg_temp.put('quote.csv', E'os_id,name\nCN2019303BQ3FZP,A\nx,"open\n')));
SELECT pg_temp.try(format('SELECT load_osh_file(%L)', pg_temp.put('header.csv', E'os_id,"name\n')));
SELECT pg_temp.try(format('SELECT load_osh_file(%L)', pg_temp.put('wide.csv', 'os_id' || repeat(',c', 1600) || E'\n')));
SELECT pg_temp.try(format('SELECT load_osh_file(%L)', pg_temp.put('utf8.csv', '\x6f735f69642c6e616d650a782c79ff0a'::bytea)));
SELECT pg_temp.try(format('SELECT load_osh_file(%L)', pg_temp.put('nul.csv', '\x6f735f69642c6e616d650a782c00790a'::bytea)));
-- a bad line deep in a file of many blocks (read by a worker): its line
SELECT pg_temp.try(format('SELECT load_osh_file(%L)', pg_temp.put('bigbad.csv',
    (SELECT 'os_id,name,address,country_code,lat,lng,sector,is_closed,note' || E'\n' ||
            string_agg(CASE WHEN i = 350 THEN 'x,y' || eol ELSE rec END, '' ORDER BY i) FROM big_rec))));
SELECT note AS "line of record 350" FROM big_rec WHERE i = 350;
SELECT count(*) AS "rows after the errors" FROM osh_location;
-- without the privileges of pg_read_server_files
CREATE ROLE regress_hredd_osh_file;
GRANT USAGE ON SCHEMA hredd TO regress_hredd_osh_file;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA hredd TO regress_hredd_osh_file;
SET ROLE regress_hredd_osh_file;
SELECT pg_temp.try(format('SELECT hredd.load_osh_file(%L)', current_setting('hredd_regress.datadir') || '/hredd_regress_big.csv'));
RESET ROLE;
DROP OWNED BY regress_hredd_osh_file;
DROP ROLE regress_hredd_osh_file;

DROP TABLE small_dl, big_rec, big_dl;
TRUNCATE osh_location, osh_report;
