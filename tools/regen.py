#!/usr/bin/env python3
"""`make regen`: rebuild every compiled-in table and generated SQL file, all or nothing.

1. Every input is checked first; a missing one (../shared/data/matching for the
   legal forms and the word-frequency corpus) stops regen before anything is
   written, saying what is missing.
2. The generators run in a staged copy of src/ (HREDD_OUT), in order, each one
   building tools/hredd_tool from the staged tree, so a later table is computed
   by C code that already has the earlier ones.
3. Only when all succeeded are the changed files copied into the tree (each by
   rename).  A failure leaves the tree as it was.

  --check        compare instead of writing; exit 1 when a committed file differs
  --data-only    with --check only: the tables made from data/ alone (fold,
                 countries, SQL data), no ../shared needed; what `make unit` runs
                 without ../shared (writing them alone could leave the match
                 tables computed with other country names: not allowed)
"""
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get('SHARED_DATA', os.path.join(ROOT, '..', 'shared', 'data'))

STEPS = [
    ('tools/gen_tables.py', ['src/common/fold_table.h', 'src/ids/country_table.h', 'src/sql/32-geo-ilab.sql',
                             'src/sql/33-geo-ilab-wfcl.sql', 'src/sql/34-geo-wgi.sql', 'src/sql/55-risk-data.sql'],
     ['data/iso3166_1.csv', 'data/country_aliases.csv', 'data/country_aliases_extra.csv', 'data/iso3166_names.csv',
      'data/risk/ilab_list_of_goods_2022ed.csv', 'data/risk/ilab_findings_wfcl_2022_country.csv',
      'data/risk/wgi_2023.csv', 'data/risk/product_good.csv', 'data/risk/processing_stage.csv',
      'data/risk/stage_topic.csv'], []),
    ('tools/gen_match_tables.py', ['src/match/match_lists.h'],
     ['data/match/legal_forms_extra.csv', 'data/match/name_words.csv', 'data/match/address_words.csv',
      'data/match/subdivision_names.csv'],
     ['matching/legal_forms']),
    ('tools/gen_match_vocab.py', ['src/match/match_vocab.h'], [],
     ['matching/osh_facilities', 'matching/osh_lists', 'matching/supplier_lists']),
]


def main():
    check = '--check' in sys.argv
    if '--data-only' in sys.argv and not check:
        sys.exit('regen: --data-only is for --check; regenerating part of the tables is not allowed')
    steps = STEPS[:1] if '--data-only' in sys.argv else STEPS
    missing = [p for _, _, ins, _ in steps for p in ins if not os.path.exists(os.path.join(ROOT, p))]
    missing += [os.path.join(SHARED, p) for _, _, _, sh in steps for p in sh
                if not os.path.exists(os.path.join(SHARED, p))]
    if missing:
        sys.exit('regen: nothing written; missing input: %s\n(the legal forms and the word-frequency corpus are '
                 'read from ../shared/data/matching)'
                 % ', '.join(missing))
    stage = tempfile.mkdtemp(prefix='hredd_regen.')
    try:
        shutil.copytree(os.path.join(ROOT, 'src'), os.path.join(stage, 'src'),
                        ignore=shutil.ignore_patterns('*.o', '*.bc', '*.so'))
        os.makedirs(os.path.join(stage, 'tools'))
        shutil.copy(os.path.join(ROOT, 'tools/hredd_tool.c'), os.path.join(stage, 'tools'))
        env = dict(os.environ, HREDD_OUT=stage)
        for script, _, _, _ in steps:
            res = subprocess.run([sys.executable, os.path.join(ROOT, script)], env=env, cwd=ROOT)
            if res.returncode != 0:
                sys.exit('regen: %s failed; nothing written' % script)
        changed = [p for _, outs, _, _ in steps for p in outs
                   if not filecmp.cmp(os.path.join(stage, p), os.path.join(ROOT, p), shallow=False)]
        if check:
            if changed:
                sys.exit('regen --check: these committed files differ from what the generators and the C code '
                         'compute now: %s (run make regen)' % ', '.join(changed))
            print('regen --check: %d generated files equal what the C code computes'
                  % sum(len(o) for _, o, _, _ in steps))
            return
        for p in changed:
            tmp = os.path.join(ROOT, p) + '.regen'
            shutil.copy(os.path.join(stage, p), tmp)
            os.replace(tmp, os.path.join(ROOT, p))
        print('regen: %s' % ('changed ' + ', '.join(changed) if changed else 'nothing changed'))
    finally:
        shutil.rmtree(stage, True)


if __name__ == '__main__':
    main()
