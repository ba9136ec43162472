#!/usr/bin/env python3
"""Write data/iso3166_names.csv: the ISO 3166-1 country names in every language
Debian's iso-codes package translates them into.

Run once by hand when iso-codes is updated (like tools/gen_wgi.py); `make regen`
reads only the CSV, so the shipped country table is reproducible from the
repository.  Needs the Debian package iso-codes (apt-get install iso-codes;
LGPL-2.1-or-later): /usr/share/iso-codes/json/iso_3166-1.json and the
translations /usr/share/locale/*/LC_MESSAGES/iso_3166-1.mo.

Rows: alpha2, lang (the locale directory's name), field (name, common_name,
official_name: which English string was translated), name.  Only
translations that differ from the English string are kept; rows are sorted.
"""
import csv
import gettext
import glob
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JSON = '/usr/share/iso-codes/json/iso_3166-1.json'
MO = '/usr/share/locale/*/LC_MESSAGES/iso_3166-1.mo'


def main():
    if not os.path.exists(JSON):
        sys.exit('%s is missing: apt-get install iso-codes' % JSON)
    entries = json.load(open(JSON, encoding='utf-8'))['3166-1']
    rows = set()
    for mo in sorted(glob.glob(MO)):
        lang = mo.split('/')[-3]
        with open(mo, 'rb') as f:
            t = gettext.GNUTranslations(f)
        for e in entries:
            for field in ('name', 'common_name', 'official_name'):
                en = e.get(field)
                if not en:
                    continue
                tr = t.gettext(en).strip()
                if tr and tr != en:
                    rows.add((e['alpha_2'], lang, field, ' '.join(tr.split())))
    version = os.popen("dpkg-query -W -f '${Version}' iso-codes 2>/dev/null").read().strip()
    path = os.path.join(ROOT, 'data/iso3166_names.csv')
    with open(path, 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['alpha2', 'lang', 'field', 'name'])
        for r in sorted(rows):
            w.writerow(r)
    print('data/iso3166_names.csv: %d names in %d languages (iso-codes %s)'
          % (len(rows), len({r[1] for r in rows}), version or 'version unknown'))


if __name__ == '__main__':
    main()
