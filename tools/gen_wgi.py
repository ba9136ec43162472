#!/usr/bin/env python3
"""Write data/risk/wgi_2023.csv from the World Bank WGI rows as published.

Developer tool, run once: its input is not in the repository.  The input is
a CSV with the header and rows of `worldbank_wgi_from_web_2025.csv` of the
public repository OHI-Science/ohiprep_v2025 (globalprep/prs_res_wgi/v2025/raw,
blob f20b595f), which OHI saved from the World Bank's DataBank download of
the Worldwide Governance Indicators (series VA.EST, PV.EST, GE.EST, RQ.EST,
RL.EST, CC.EST: the estimates, about -2.5..2.5).  The file has one row per
economy and year, 1996-2023, countries and territories only (no regional
aggregates), "NA" where there is no estimate.  Only the rows this script
needs were copied out of it, verbatim: each economy's 2023 row and, where a
2023 estimate is NA, the row of the latest year that has one.

    python3 tools/gen_wgi.py /tmp/wgi_scratch/wgi_web_2025_lines_used.csv

Output: one row per economy, ISO 3166-1 alpha-3 as the World Bank gives it,
alpha-2 from data/iso3166_1.csv (empty where ISO has no code: Netherlands
Antilles), and per dimension the latest estimate and its year.  The source
has no percentile ranks and no standard errors, so the CSV has none either.
Which values count (age, ISO code) is decided by tools/gen_tables.py, which
turns this CSV into src/sql/34-geo-wgi.sql.
"""
import csv
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EDITION = 2023
# source column -> CSV column, in the order the World Bank lists the dimensions
DIMENSIONS = [('VA.EST', 'voice_accountability'), ('PV.EST', 'political_stability'),
              ('GE.EST', 'government_effectiveness'), ('RQ.EST', 'regulatory_quality'),
              ('RL.EST', 'rule_of_law'), ('CC.EST', 'control_of_corruption')]
SOURCE_COLUMNS = ['country', 'iso3c', 'year', 'CC.EST', 'GE.EST', 'PV.EST', 'RQ.EST', 'RL.EST', 'VA.EST']
OUT = 'data/risk/wgi_%d.csv' % EDITION


def main(path):
    iso = {r['alpha3']: r['alpha2'] for r in csv.DictReader(open(os.path.join(ROOT, 'data/iso3166_1.csv'),
                                                                 encoding='utf-8'))}
    with open(path, encoding='utf-8', newline='') as f:
        rd = csv.DictReader(f)
        if rd.fieldnames != SOURCE_COLUMNS:
            sys.exit('%s: header %s, expected %s' % (path, rd.fieldnames, SOURCE_COLUMNS))
        rows = list(rd)
    economies = {}
    for n, r in enumerate(rows, start=2):
        year = int(r['year'])
        if not 1996 <= year <= EDITION:
            sys.exit('%s:%d: year %d' % (path, n, year))
        e = economies.setdefault(r['iso3c'], {'name': r['country'], 'latest': {}})
        if e['name'] != r['country']:
            sys.exit('%s:%d: %s is %r and %r' % (path, n, r['iso3c'], e['name'], r['country']))
        for col, dim in DIMENSIONS:
            if r[col] == 'NA':
                continue
            x = float(r[col])
            if not -3.5 < x < 3.5:
                sys.exit('%s:%d: %s %s = %s is off the WGI scale' % (path, n, r['iso3c'], col, r[col]))
            if dim not in e['latest'] or e['latest'][dim][0] < year:
                e['latest'][dim] = (year, r[col])
    if not all(any(int(r['year']) == EDITION for r in rows if r['iso3c'] == k) for k in economies):
        sys.exit('%s: an economy has no %d row' % (path, EDITION))
    header = ['iso3', 'iso2', 'name'] + [c for _, d in DIMENSIONS for c in (d, d + '_year')]
    out = []
    for iso3 in sorted(economies, key=lambda k: economies[k]['name']):
        e = economies[iso3]
        row = [iso3, iso.get(iso3, ''), e['name']]
        for _, d in DIMENSIONS:
            y, v = e['latest'].get(d, ('', ''))
            row += [v, str(y)]
        out.append(row)
    with open(os.path.join(ROOT, OUT), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        w.writerows(out)
    older = sum(1 for e in economies.values() for y, _ in e['latest'].values() if y < EDITION)
    print('%s: %d economies (%d without an ISO code), %d estimates from a year before %d'
          % (OUT, len(out), sum(1 for r in out if not r[1]), older, EDITION))


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
