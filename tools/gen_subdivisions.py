#!/usr/bin/env python3
"""Write data/match/subdivision_names.csv: the names of the ISO 3166-2
subdivisions (provinces, states, departments) of several words, as Debian's
iso-codes package has them.

Run once by hand when iso-codes is updated (like tools/gen_iso_names.py);
`make regen` reads only the CSV.  Needs the Debian package iso-codes
(apt-get install iso-codes; LGPL-2.1-or-later):
/usr/share/iso-codes/json/iso_3166-2.json.

tools/gen_match_tables.py keeps, of these, the names with a word the name
rules would drop or rewrite ("Roi Et": "et" is the French "and"), and makes
each a phrase the facility-name normaliser leaves as it is.

Rows: code (the ISO 3166-2 code), name; sorted by code.  Names written in one
word, or with brackets (the alternative names iso-codes gives there), are
left out.
"""
import csv
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JSON = '/usr/share/iso-codes/json/iso_3166-2.json'


def main():
    if not os.path.exists(JSON):
        sys.exit('%s is missing: apt-get install iso-codes' % JSON)
    rows = []
    for e in json.load(open(JSON, encoding='utf-8'))['3166-2']:
        name = e['name']
        if '[' in name or len(name.replace('-', ' ').split()) < 2:
            continue
        rows.append((e['code'], name))
    rows.sort()
    with open(os.path.join(ROOT, 'data/match/subdivision_names.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['code', 'name'])
        w.writerows(rows)
    print('subdivision names: %d' % len(rows))


if __name__ == '__main__':
    main()
