#!/usr/bin/env python3
"""Writes src/sql/updates/0.1.0--0.2.0/60-supply.sql from the install fragments
(issue 14's objects: the new fragments 11-identifiers-sourcing.sql,
52-risk-upstream.sql, 60-supply.sql, 61-supply-osh.sql and 62-supply-audits.sql
by -- @install-fragment, and the two views of 53-risk-read.sql that read them),
so the upgrade part says exactly what the fragments say.
Run from the checkout after changing any of them: python3 tools/gen_upgrade_supply.py"""



def block(text, start, end_marker, replace_from, replace_to):
    i = text.index(start)
    j = text.index(end_marker, i)
    k = text.index('\n', j)
    return text[i:k + 1].replace(replace_from, replace_to, 1)


read = open('src/sql/53-risk-read.sql').read()
risk = open('src/sql/50-risk.sql').read()


def line(text, start):
    i = text.index(start)
    return text[i:text.index('\n', i) + 1]


# the grievance columns appended to hredd.evidence (the install's last columns)
ev_table = block(risk, 'CREATE TABLE hredd.evidence (', ');', '', '')
ev_cols = ev_table[ev_table.index('-- grievances as platforms keep them'):].split('\n')[1:]
ev_cols = [c.strip().rstrip(',') for c in ev_cols if c.strip() and not c.startswith(')')]
evidence = ('ALTER TABLE hredd.evidence\n' + ',\n'.join('    ADD COLUMN ' + c for c in ev_cols) + ';\n'
            + line(risk, 'COMMENT ON TABLE hredd.evidence IS')
            + line(risk, 'CREATE UNIQUE INDEX evidence_case_idx')
            + '-- @install-function hredd.evidence_check(\n'
            + '-- @install-function hredd.grievance_status(\n'
            + '-- @install-function hredd.load_evidence(\n'
            # consolidated audits in the register (52-risk-assess.sql, 53-risk-read.sql)
            + 'ALTER TABLE hredd.risk_run_facility ADD COLUMN audit_consensus text[];\n'
            + '-- @install-function hredd.assess_risk(\n'
            + '-- @install-function hredd.risk_explain(\n')
acc = open('src/sql/90-access.sql').read()


def view(name):
    return block(read, 'CREATE VIEW hredd.%s AS' % name, 'COMMENT ON VIEW hredd.%s' % name,
                 'CREATE VIEW', 'CREATE OR REPLACE VIEW')


def func(name):
    return block(acc, 'CREATE FUNCTION hredd.%s(' % name, 'COMMENT ON FUNCTION hredd.%s(' % name,
                 'CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION')


out = '''-- hredd 0.2.0, issue 14 (supply chains across tiers), the part built on
-- branch supply: the company-number types of the sourcing countries
-- (src/sql/11-identifiers-sourcing.sql), the upstream-risk tables
-- (52-risk-upstream.sql) and the register and trigger views that read them
-- (53-risk-read.sql), supplier links and upstream risk (60-supply.sql), Open
-- Supply Hub downloads and SC-DEX (61-supply-osh.sql), consolidated audits
-- (62-supply-audits.sql), the grievance fields of hredd.evidence and the
-- intake that reads them (50-risk.sql), consolidated audits in assess_risk,
-- risk_explain and the register (52-risk-assess.sql, 53-risk-read.sql), and the access lists (90-access.sql): the same statements as the fragments,
-- the views and access functions as CREATE OR REPLACE.
--
-- Written by tools/gen_upgrade_supply.py from the fragments: run it again
-- after changing the views of 53-risk-read.sql or the lists of 90-access.sql
-- (this part runs after the risk parts, so its views are the ones that stay).

-- ================================================================ 11-identifiers-sourcing.sql
-- @install-fragment src/sql/11-identifiers-sourcing.sql
-- ================================================================ 52-risk-upstream.sql
-- @install-fragment src/sql/52-risk-upstream.sql
-- ================================================================ 50-risk.sql (grievances as evidence)
''' + evidence + '''-- ================================================================ 53-risk-read.sql (views)
''' + view('risk_register') + '\n' + view('risk_triggers') + '''
-- ================================================================ 60-supply.sql
-- @install-fragment src/sql/60-supply.sql
-- ================================================================ 61-supply-osh.sql
-- @install-fragment src/sql/61-supply-osh.sql
-- ================================================================ 62-supply-audits.sql
-- @install-fragment src/sql/62-supply-audits.sql
-- ================================================================ 90-access.sql
-- (the access lists themselves: 90-release.sql, from 90-access.sql)

DO $access$
DECLARE
    r regprocedure;
BEGIN
    FOREACH r IN ARRAY ARRAY['hredd.load_supply_links(regclass, name, name, text, name, name, name, name, name, name, name, text, regclass, name)',
                             'hredd.risk_upstream(bigint)', 'hredd.supply_link_check()',
                             'hredd.load_osh_download(regclass, text)', 'hredd.load_osh_file(text, text)',
                             'hredd.load_scdex(jsonb, text)',
                             'hredd.osh_store(text, regclass)', 'hredd.osh_store_notes(text, regclass)',
                             'hredd.osh_load_direct(text, regclass, text, text)',
                             'hredd.osh_write_new(text, text, regclass)', 'hredd.osh_write_file(text, text, regclass)',
                             'hredd.osh_file_header(text)', 'hredd.osh_stage_create()',
                             'hredd.osh_report_add(text, text, jsonb, text, text, text)']::regprocedure[] LOOP
        EXECUTE pg_catalog.format('REVOKE EXECUTE ON ROUTINE %s FROM PUBLIC', r);
    END LOOP;
END
$access$;
SELECT hredd.reapply_access();
'''
open('src/sql/updates/0.1.0--0.2.0/60-supply.sql', 'w').write(out)
