#!/usr/bin/env python3
"""Generate src/match/match_lists.h: the word lists facility matching compiles in.

Developer tool, not run by the build (the header is committed; `make regen`
runs it).  Phrases are written raw (UTF-8); the C normaliser folds and
tokenises them itself on first use, so the folding rules live in one place.

Sources (licences in data/README.md):
  legal forms  GLEIF ISO 20275 ELF list (abbreviations, and local or
               transliterated names of two words or more, active forms),
               cleanco terms_by_country, OpenSanctions rigour org_types
               aliases, libpostal company_types (13 languages) — all read
               from ../shared/data/matching/legal_forms/ — plus hredd's own
               data/match/legal_forms_extra.csv (TNHH, (Pvt) Ltd, San. ve
               Tic., Sdn Bhd, PT, CV, ... that those lists miss).
  name words   data/match/name_words.csv (abbreviations, spellings, stop words)
  address words data/match/address_words.csv, then rigour address forms for
               aliases the first file does not list.
"""
import csv
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hredd_c import ROOT, OUT, fold_key  # noqa: E402  (the C FoldKey, never a copy)

SRC = os.path.join(ROOT, '..', 'shared', 'data', 'matching', 'legal_forms')


def c_str(s):
    out = []
    for b in s.encode('utf-8'):
        c = chr(b)
        if 32 <= b < 127 and c not in '"\\?':
            out.append(c)
        else:
            out.append('\\%03o' % b)
    return '"' + ''.join(out) + '"'


def country_codes():
    iso = {r['alpha2'] for r in csv.DictReader(open(os.path.join(ROOT, 'data/iso3166_1.csv'), encoding='utf-8'))}
    names = {}
    for r in csv.DictReader(open(os.path.join(ROOT, 'data/iso3166_1.csv'), encoding='utf-8')):
        names[fold_key(r['name'])] = r['alpha2']
    for f in ('data/country_aliases.csv', 'data/country_aliases_extra.csv'):
        for row in csv.reader(open(os.path.join(ROOT, f), encoding='utf-8')):
            if row and row[1] in iso:
                names[fold_key(row[0])] = row[1]
    names[fold_key('Columbia')] = 'CO'       # cleanco's spelling
    names[fold_key('Bosnia / Herzegovina')] = 'BA'
    return names


def yaml_aliases(path):
    """The alias strings of rigour's org_types.yml (a list-of-maps YAML we read by hand)."""
    out = []
    for line in open(path, encoding='utf-8'):
        m = re.match(r'^\s+-\s+(.*?)\s*$', line)
        if m and not line.lstrip().startswith('- display') and not line.lstrip().startswith('- generic'):
            v = m.group(1)
            if ':' in v and not v.startswith('"'):
                continue
            out.append(v.strip('"\''))
        m = re.match(r'^\s+(?:-\s+)?(display|compare):\s*(.*?)\s*$', line)
        if m and m.group(2):
            out.append(m.group(2).strip('"\''))
    return out


def legal_forms():
    forms = set()
    for r in csv.DictReader(open(os.path.join(SRC, 'gleif_elf_iso20275_2026-02-19.csv'), encoding='utf-8')):
        if r['ELF Status ACTV/INAC'] != 'ACTV':
            continue
        cc = r['Country Code (ISO 3166-1)'].strip()
        for col in ('Abbreviations Local language', 'Abbreviations transliterated'):
            for a in r[col].split(';'):
                if a.strip():
                    forms.add((cc, a.strip()))
        for col in ('Entity Legal Form name Local name',
                    'Entity Legal Form name Transliterated name (per ISO 01-140-10)'):
            n = r[col].strip()
            words = n.split()
            if 2 <= len(words) <= 6 and '(' not in n and '/' not in n:
                forms.add((cc, n))
    names = country_codes()
    clean = json.load(open(os.path.join(SRC, 'cleanco_termdata.json'), encoding='utf-8'))
    for country, terms in clean['terms_by_country'].items():
        cc = names.get(fold_key(country))
        if cc is None:
            sys.exit('cleanco country not mapped: %s' % country)
        for t in terms:
            forms.add((cc, t))
    for a in yaml_aliases(os.path.join(SRC, 'rigour_org_types.yml')):
        if len(a) >= 2:
            forms.add(('', a))
    for f in sorted(os.listdir(os.path.join(SRC, 'libpostal_company_types'))):
        for line in open(os.path.join(SRC, 'libpostal_company_types', f), encoding='utf-8'):
            for v in line.strip().split('|'):
                if v.strip():
                    forms.add(('', v.strip()))
    for r in csv.DictReader(open(os.path.join(ROOT, 'data/match/legal_forms_extra.csv'), encoding='utf-8')):
        forms.add((r['country'].strip(), r['phrase'].strip()))
    # Drop phrases that are ordinary words in facility names everywhere.
    never = {'group', 'bank', 'trust', 'fund', 'union', 'society', 'association',
             'cooperative', 'foundation', 'institute', 'club', 'partners', 'holding',
             'holdings', 'enterprise', 'enterprises', 'industries', 'trading', 'firm',
             'factory', 'international', 'company group', 'the', 'and', 'of', 'de'}
    return sorted(f for f in forms if fold_key(f[1]) not in never and fold_key(f[1]))


WHERE = ('', 'between', 'lead')


def word_list(path):
    """(word, canonical, where) rows; where is '' (anywhere), 'between' or 'lead' (src/match/normalize.h)."""
    rows = []
    rd = csv.DictReader(open(os.path.join(ROOT, path), encoding='utf-8'))
    if rd.fieldnames != ['word', 'canonical', 'where', 'note']:
        sys.exit('%s: header %s, expected word,canonical,where,note' % (path, rd.fieldnames))
    for i, r in enumerate(rd, start=2):
        if r['where'] not in WHERE:
            sys.exit('%s:%d: where %r is not one of %s' % (path, i, r['where'], ', '.join(map(repr, WHERE))))
        rows.append((r['word'], r['canonical'], r['where']))
    return rows


def subdivision_words(name_words):
    """The names of ISO 3166-2 subdivisions that end in a word the name rules
    would drop or rewrite ("Roi Et", a Thai province: "et" is a stop word),
    each a phrase kept as it is; from data/match/subdivision_names.csv
    (iso-codes)."""
    ruled = {fold_key(w) for w, _, _ in name_words if ' ' not in fold_key(w)}
    rows, seen = [], set()
    for r in csv.DictReader(open(os.path.join(ROOT, 'data/match/subdivision_names.csv'), encoding='utf-8')):
        key = fold_key(r['name'])
        toks = key.split(' ')
        if not key or key in seen or len(toks) < 2 or len(toks) > 8 or not key.isascii():
            continue
        # only where the name ends in such a word: within a facility's name
        # more words follow, and the rule would cut the place's name short
        # ("Roi Et Garment" -> "roi garment"); a word inside the name ("Jammu
        # and Kashmir") leaves it recognisable, as records write it both ways
        if toks[-1] in ruled:
            rows.append((r['name'], r['name'], ''))
            seen.add(key)
    return rows


def address_words():
    words = word_list('data/match/address_words.csv')
    seen = {fold_key(w) for w, _, _ in words}
    key = None
    for line in open(os.path.join(SRC, 'rigour_address_forms.yml'), encoding='utf-8'):
        m = re.match(r'^  "?([^":]+)"?:\s*$', line)
        if m:
            key = m.group(1)
            continue
        m = re.match(r'^\s+-\s+(.*?)\s*(#.*)?$', line)
        if m and key:
            a = m.group(1).strip('"\'')
            if fold_key(a) and fold_key(a) not in seen and fold_key(key) not in ('no',):
                words.append((a, key, ''))
                seen.add(fold_key(a))
    return words


def main():
    out = ['/* Generated by tools/gen_match_tables.py; do not edit. */',
           '/* Raw phrases: the normaliser folds and tokenises them on first use. */', '']
    forms = legal_forms()
    out.append('/* legal forms: country ("" = any), phrase; %d entries */' % len(forms))
    out.append('static const MatchListEntry match_legal_forms[] = {')
    for cc, p in forms:
        out.append('\t{%s, %s},' % (c_str(cc), c_str(p)))
    out.append('};')
    name_words = word_list('data/match/name_words.csv')
    kept = subdivision_words(name_words)
    print('subdivision names kept as written in facility names: %d' % len(kept))
    for name, rows in (('match_name_words', name_words + kept),
                       ('match_address_words', address_words())):
        out.append('')
        out.append('/* word, canonical replacement ("" = drop), where it applies; %d entries */' % len(rows))
        out.append('static const MatchWordEntry %s[] = {' % name)
        for w, c, where in rows:
            out.append('\t{%s, %s, %s},' % (c_str(w), c_str(c), c_str(where)))
        out.append('};')
    with open(os.path.join(OUT, 'src/match/match_lists.h'), 'w', encoding='ascii') as f:
        f.write('\n'.join(out) + '\n')
    print('legal forms: %d' % len(forms))


if __name__ == '__main__':
    main()
