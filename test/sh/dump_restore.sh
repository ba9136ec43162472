#!/usr/bin/env bash
# pg_dump and restore (custom and plain format) of a table with every
# identifier type, a generated column, a CHECK constraint and an expression
# index that call hredd functions: the restored data must be identical.
set -euo pipefail
cd "$(dirname "$0")/../.."
q() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

q -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS hredd_dump_src" \
  -c "DROP DATABASE IF EXISTS hredd_dump_c" -c "DROP DATABASE IF EXISTS hredd_dump_p"
q -c "CREATE DATABASE hredd_dump_src" -c "CREATE DATABASE hredd_dump_c" -c "CREATE DATABASE hredd_dump_p"
q -d hredd_dump_src <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION hredd CASCADE;
CREATE TABLE supplier (
    id int PRIMARY KEY,
    os hredd.os_id,
    lei hredd.lei,
    gln hredd.gln,
    duns hredd.duns,
    country hredd.country,
    raw_os text CHECK (raw_os IS NULL OR hredd.os_id_is_valid(raw_os)),
    os_country hredd.country GENERATED ALWAYS AS (hredd.os_id_country(os)) STORED
);
CREATE INDEX ON supplier (hredd.os_id_minted_on(os));
CREATE INDEX ON supplier USING hash (lei);
CREATE INDEX ON supplier USING brin (gln);
INSERT INTO supplier (id, os, lei, gln, duns, country, raw_os) VALUES
  (1, 'CN2019303BQ3FZP', '506700GE1G29325QX363', '0078742000008', '060704780', 'China', 'cn-2019303-bq3fz-p'),
  (2, 'BD2020021QK28YZ', 'HWUPKR0MPOU8FGXBT394', '5412345000013', '000000001', 'Bangladesh', NULL),
  (3, 'XK2020100AAAAAT', NULL, NULL, '150483783', 'XK', 'XK2020100AAAAAT'),
  (4, NULL, NULL, NULL, NULL, NULL, NULL);
-- user rows in the extension's configuration tables
INSERT INTO hredd.risk_layer (name, theme, scale, source, licence)
VALUES ('user_zones', 'water', 'zone', 'test', 'CC0'), ('user_index', 'rights', 'country', 'test', 'CC0');
INSERT INTO hredd.risk_zone (layer, name, severity, geom)
SELECT 'user_zones', 'ring ' || i, i / 10.0, ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(90 + i, 23), 4326), 0.5, 200))
FROM generate_series(1, 3) i;
INSERT INTO hredd.country_risk (layer, country, severity) VALUES ('user_index', 'BD', 0.8), ('user_index', 'VN', 0.6);
-- facilities: a generated column (normalised on restore, unchanged), a stored
-- value typed as text, GIN and GiST indexes, and a match_table run record
CREATE TABLE site (
    id int PRIMARY KEY, name text, address text, country text, lat float8, lng float8,
    fac hredd.facility GENERATED ALWAYS AS (hredd.facility(name, address, country, lat, lng)) STORED,
    typed hredd.facility
);
INSERT INTO site (id, name, address, country, lat, lng, typed) VALUES
  (1, 'ZHEJIANG ZHENGHAO GARMENT CO., LTD.', 'No. 8 Shuangbao West Road', 'China', 27.96542, 120.65768,
   '("zhenghao garment","8 shuangbao w rd",CN,27.96542,120.65768)'),
  (2, 'Công ty TNHH May Mặc Hòa Bình', 'KCN Tân Tạo', 'VN', NULL, NULL, '("garment hoa binh",,VN,,)'),
  (3, 'Pungkook Saigon II', NULL, NULL, 10.1234567890123, 106.987654321, NULL);
CREATE INDEX ON site USING gin (fac);
CREATE INDEX ON site USING gist (typed);
-- a finished match_table run: a restored database must not repeat it
CREATE TABLE site_match (source_key int, target_key int, score float8, rank int, PRIMARY KEY (source_key, target_key));
CALL hredd.match_table('site', 'id', 'fac', 'site', 'id', 'fac', 'site_match');
SQL
snapshot() {
	q -d "$1" -c "SELECT md5(string_agg(s::text, ';' ORDER BY id)) FROM supplier s" \
	  -c "SELECT md5(string_agg(l::text, ';' ORDER BY name)) FROM hredd.risk_layer l WHERE NOT shipped" \
	  -c "SELECT md5(string_agg(z::text, ';' ORDER BY zone_id)) FROM hredd.risk_zone z" \
	  -c "SELECT count(*), md5(string_agg(ST_AsEWKB(p.geom)::text, ';' ORDER BY p.zone_id, ST_AsEWKB(p.geom)::text)) FROM hredd.risk_zone_part p" \
	  -c "SELECT count(*), md5(string_agg(r::text, ';' ORDER BY layer, country, subject, level)) FROM hredd.country_risk r" \
	  -c "SELECT md5(string_agg(s::text, ';' ORDER BY id)) FROM site s" \
	  -c "SELECT count(*) FROM site WHERE fac OPERATOR(hredd.%) hredd.facility('Zhenghao Garments Ltd', NULL, 'CN')" \
	  -c "SELECT string_agg(concat_ws('|', source, target, result, run_by, last_key, rows_done, matches, finished_at IS NOT NULL), ';') FROM hredd.match_run"
}
want=$(snapshot hredd_dump_src)

# facility in binary COPY: send, then recv (which validates and normalises again)
q -d hredd_dump_src -c "\copy (SELECT id, fac, typed FROM site) TO '$work/site.bin' (FORMAT binary)"
q -d hredd_dump_src -c "CREATE TABLE site_bin (id int, fac hredd.facility, typed hredd.facility)" \
  -c "\copy site_bin FROM '$work/site.bin' (FORMAT binary)"
bin=$(q -d hredd_dump_src -c "SELECT count(*) FROM site s JOIN site_bin b USING (id)
       WHERE s.fac OPERATOR(hredd.=) b.fac AND coalesce(s.typed OPERATOR(hredd.=) b.typed, s.typed IS NULL AND b.typed IS NULL)" \
       -c "SELECT count(*) FROM site")
[ "$bin" = "3
3" ] || { echo "dump_restore: binary COPY of facility changed values: $bin"; exit 1; }
# a binary value with an unknown country ("ZZ") is refused (22P03)
printf 'PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0\0\001\0\0\0\016ZZ\0\0\0\0\003abc\0\0\0\0\377\377' > "$work/bad.bin"
bad=$(q -d hredd_dump_src -c "CREATE TEMP TABLE b (f hredd.facility)" -c "\copy b FROM '$work/bad.bin' (FORMAT binary)" 2>&1 || true)
grep -q 'ERROR:  invalid external binary value for type facility' <<<"$bad" ||
	{ echo "dump_restore: a bad binary facility was not refused as expected: $bad"; exit 1; }
q -d hredd_dump_src -c "DROP TABLE site_bin"
echo "dump_restore: facility binary COPY round-trips 3 rows; a bad binary value is refused: $(grep -o 'ERROR:.*' <<<"$bad" | head -1)"

pg_dump -Fc -d hredd_dump_src -f "$work/dump.custom"
pg_restore --exit-on-error -d hredd_dump_c "$work/dump.custom"
pg_dump -Fp -d hredd_dump_src -f "$work/dump.sql"
q -d hredd_dump_p -f "$work/dump.sql" >/dev/null

for db in hredd_dump_c hredd_dump_p; do
	got=$(snapshot $db)
	[ "$got" = "$want" ] || { echo "dump_restore: $db differs from the source"; exit 1; }
	# constraints and generated columns still work after restore
	# the next zone id does not collide with a restored one
	q -d $db -c "INSERT INTO hredd.risk_zone (layer, name, severity, geom) VALUES ('user_zones', 'new', 0.1, ST_Multi(ST_MakeEnvelope(0, 0, 1, 1, 4326)))"
	q -d $db -c "INSERT INTO supplier (id, os) VALUES (5, 'PK20190913BBJ2Y')"
	[ "$(q -d $db -c "SELECT os_country FROM supplier WHERE id = 5")" = "PK" ] \
		|| { echo "dump_restore: generated column broken in $db"; exit 1; }
	# the finished run is known as finished
	again=$(q -d $db -c "CALL hredd.match_table('site', 'id', 'fac', 'site', 'id', 'fac', 'site_match')" 2>&1)
	grep -q 'is already complete' <<<"$again" || { echo "dump_restore: $db repeats a finished match run: $again"; exit 1; }
	if q -d $db -c "INSERT INTO supplier (id, raw_os) VALUES (6, 'CN2019303BQ3FZQ')" 2>/dev/null; then
		echo "dump_restore: CHECK constraint lost in $db"; exit 1
	fi
done
q -c "DROP DATABASE hredd_dump_src" -c "DROP DATABASE hredd_dump_c" -c "DROP DATABASE hredd_dump_p"
echo "dump_restore: custom and plain dumps restore identical data (identifiers, user layers, zones, their subdivided copy, country risks, match runs); constraints and generated columns work; a finished match run is not repeated"
