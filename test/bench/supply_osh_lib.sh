# supply_osh_lib.sh — sourced by the Open Supply Hub load benches
# (supply_osh_load.sh, supply_osh_load_ab.sh).
#
# q SQL [DB]: one statement in DB (default $DB), its result unaligned.
# timed SQL [DB]: the statements' \timing in seconds, summed.
# median N...: the median of the numbers.
# osh_cols: the download's columns, all text.
# osh_dump DB: the registry's rows (loaded_at aside) and the report's, in a
# fixed order, for comparing two loads.
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "${2:-$DB}" -c "$1"; }
timed() {
	psql -X -q -v ON_ERROR_STOP=1 -d "${2:-$DB}" <<-EOF | awk '/^Time: / { s += $2 } END { printf "%.3f\n", s / 1000 }'
		$1
	EOF
}
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
osh_cols="os_id text, contribution_date text, name text, address text, country_code text, country_name text, lat text,
          lng text, sector text, contributor text, number_of_workers text, parent_company text,
          processing_type_facility_type_raw text, facility_type text, processing_type text, product_type text,
          is_closed text"
osh_dump() {
	q "COPY (SELECT os_id, name, address, country, lat, lng, facility, sectors, product_types, processing_types,
	                facility_types, workers_min, workers_max, parent_companies, contributors, claim_status,
	                is_closed, source FROM hredd.osh_location ORDER BY os_id) TO STDOUT" "$1"
	q "COPY (SELECT source, row_ref, record, status, reason, detail FROM hredd.osh_report
	         ORDER BY source, row_ref, reason) TO STDOUT" "$1"
}

# supply_osh_csv FILE ROWS: the download's CSV, deterministic: ROWS
# records in the layout of an Open Supply Hub facility download (valid OS
# IDs of the shared examples' form, names, addresses, country codes,
# coordinates, |-joined sectors, product and processing types, worker bands,
# parent companies; every 100th record with a broken OS ID check character,
# every 50th with an empty multi-value item) to FILE, which the server
# writes (COPY TO), from the database $DB (where hredd is installed).
supply_osh_csv() {
	# OS IDs: country, a day of 2020, a random part from i, and the check character
	q "CREATE TABLE gen AS
	   SELECT i, c, left(id14 || hredd.os_id_check_char(id14), 15) AS os_id
	   FROM (SELECT i, (ARRAY['CN','BD','VN','IN','TR','PK','KH','ID'])[1 + i % 8] AS c FROM generate_series(1, $2) i) s,
	        LATERAL (SELECT c || '2020' || lpad((1 + i % 365)::text, 3, '0')
	                 || (SELECT string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 1 + ((i / (32 ^ k)::bigint) % 32)::int, 1), '' ORDER BY k DESC)
	                     FROM generate_series(0, 4) k) AS id14) x"
	q "COPY (SELECT CASE WHEN i % 100 = 0 THEN left(os_id, 14) || CASE WHEN right(os_id, 1) = 'A' THEN 'B' ELSE 'A' END ELSE os_id END AS os_id,
	                '2022-10-01' AS contribution_date, format('Factory %s Co., Ltd.', i) AS name,
	                format('No %s Industrial Road, Zone %s', i % 997, i % 89) AS address,
	                c AS country_code, NULL AS country_name, (10 + (i % 2000) / 100.0)::text AS lat, (90 + (i % 3000) / 100.0)::text AS lng,
	                CASE WHEN i % 50 = 0 THEN 'Apparel||Textiles' ELSE 'Apparel|Textiles' END AS sector, 'Brand A|Brand B' AS contributor,
	                (ARRAY['<1000', '1001-5000', '250', '5001-10000'])[1 + i % 4] AS number_of_workers,
	                format('Group %s', i % 500) AS parent_company,
	                'Dyeing' AS processing_type_facility_type_raw, 'Textile or Material Production' AS facility_type,
	                'Dyeing|Printing' AS processing_type, 'Fabric|Yarn' AS product_type, 'False' AS is_closed
	         FROM gen) TO '$1' CSV HEADER"
	q "DROP TABLE gen"
}
