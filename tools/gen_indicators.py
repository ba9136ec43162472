#!/usr/bin/env python3
"""Write src/sql/41-indicators-data.sql: the shipped taxonomy and crosswalk.

Input: data/indicators/crosswalk_draft.csv (the draft crosswalk, kept as it
is) plus the tables below (topic names, schemes, indicators, the codes that
carry data).  Run from the repository root: python3 tools/gen_indicators.py
"""
import csv
import json

DRAFT = 'data/indicators/crosswalk_draft.csv'
OUT = 'src/sql/41-indicators-data.sql'
REF = 'reference/risk_and_indicators.md'
DRAFT_SRC = 'data/indicators/crosswalk_draft.csv, compiled from the scheme texts cited in ' + REF + ' §4'

TOPICS = [
    # code, name, domain
    ('CHILD_LABOUR', 'Child labour and young workers', 'human_rights'),
    ('FORCED_LABOUR', 'Forced labour, slavery and trafficking', 'human_rights'),
    ('FOA_CB', 'Freedom of association and collective bargaining', 'human_rights'),
    ('DISCRIMINATION_HARASSMENT_GBV', 'Discrimination, harassment and gender-based violence', 'human_rights'),
    ('OSH', 'Occupational safety and health', 'human_rights'),
    ('WAGES', 'Wages and benefits', 'human_rights'),
    ('WORKING_HOURS', 'Working hours and rest', 'human_rights'),
    ('GRIEVANCE_REMEDY', 'Grievance mechanisms and remedy', 'human_rights'),
    ('EMPLOYMENT_RELATIONSHIP', 'Regular employment relationship', 'human_rights'),
    ('ENV_GHG_ENERGY', 'Energy and greenhouse-gas emissions', 'environment'),
    ('ENV_WATER', 'Water use and wastewater', 'environment'),
    ('ENV_CHEMICALS', 'Chemicals and hazardous substances', 'environment'),
    ('ENV_WASTE', 'Waste', 'environment'),
    ('ENV_AIR', 'Air emissions', 'environment'),
    ('ENV_MANAGEMENT', 'Environmental management and permits', 'environment'),
    ('LAND_RIGHTS', 'Land rights and forced eviction', 'human_rights'),
    ('SECURITY_FORCES', 'Security forces', 'human_rights'),
    ('BUSINESS_ETHICS', 'Business ethics', 'governance'),
    ('MANAGEMENT_SYSTEM', 'Social management system', 'governance'),
    ('CATCH_ALL_HUMAN_RIGHTS', 'Other serious human-rights violations', 'human_rights'),
]

SCHEMES = [
    # code, name, kind, version, url
    ('ILO', 'ILO conventions', 'convention', None, 'https://www.ilo.org/'),
    ('SLCP_CAF', 'SLCP Converged Assessment Framework', 'assessment', 'CAF 1.6/1.7',
     'https://slcp.zendesk.com/hc/en-us/articles/360011591000'),
    ('AMFORI_BSCI', 'amfori BSCI', 'audit', '2021 Code of Conduct', 'https://www.sgs.com/en-ca/services/amfori-bsci'),
    ('SMETA', 'Sedex Members Ethical Trade Audit (SMETA)', 'audit', None,
     'https://emasconsultors.com/en/sedex-smeta-2-pillars-vs-4-pillars'),
    ('ETI_BASE_CODE', 'ETI Base Code', 'code_of_conduct', '2014 working-hours revision',
     'https://www.ethicaltrade.org/resources/blog/how-eti-working-hours-base-code-clause-has-changed'),
    ('SA8000', 'SA8000', 'audit', None, 'https://www.iqnet-ltd.com/en/audit---certification/sa8000/principles'),
    ('FLA', 'Fair Labor Association Workplace Code of Conduct', 'code_of_conduct', None,
     'https://sockwellusa.com/pages/fair-labor-workplace-code-of-conduct'),
    ('RBA_8_0', 'Responsible Business Alliance Code of Conduct', 'code_of_conduct', '8.0', None),
    ('FAIR_WEAR', 'Fair Wear Code of Labour Practices', 'code_of_conduct', None,
     'https://fairwear.org/resources-and-tools/wage-ladder'),
    ('LKSG', 'German Supply Chain Due Diligence Act (LkSG) §2', 'law', None, None),
    ('CSDDD', 'EU Corporate Sustainability Due Diligence Directive (EU) 2024/1760', 'law', 'consolidated 2025-04-17',
     'https://eur-lex.europa.eu/eli/dir/2024/1760/2025-04-17'),
    ('ESRS', 'European Sustainability Reporting Standards (S1, S2, E1-E5)', 'reporting_standard', 'set 1', None),
    ('HIGG_FSLM', 'Higg Facility Social & Labor Module', 'assessment', None,
     'https://howtohigg.org/fslm-landing/higg-fslm-scoring-system-guidance/'),
    ('HIGG_FEM', 'Higg Facility Environmental Module', 'assessment', None, None),
    ('ITUC_GRI', 'ITUC Global Rights Index', 'index', None, 'https://survey.ituc-csi.org/ITUC-Global-Rights-Index.html'),
    ('US_ILAB', 'US DoL ILAB List of Goods Produced by Child Labor or Forced Labor', 'list', '2022 edition',
     'https://www.dol.gov/agencies/ilab/reports/child-labor/list-of-goods'),
    ('US_UFLPA', 'US Uyghur Forced Labor Prevention Act entity list', 'list', None, None),
    ('AQUEDUCT', 'WRI Aqueduct water risk', 'index', '4.0', 'https://www.wri.org/aqueduct/faq'),
]

HOURS_SRC = 'ETI Base Code clause 6 (2014), SA8000, FLA, RBA 8.0 A3 and the RBA VAP hour bands, as summarised in ' + REF + ' §4.1 and §5'
INDICATORS = [
    # code, topic, name, kind, unit, scale, direction, ok, limit, severe, min, max, source, verification, note
    ('hours_total_week', 'WORKING_HOURS', 'Total working hours in a week, overtime included', 'measure', 'h/week', None,
     'lower_is_better', 48, 60, 72, 0, 168, HOURS_SRC, 'secondary',
     'severity 0 at 48 h, 0.5 at the 60 h limit (48 + 12), 1 at 72 h (an RBA VAP band)'),
    ('hours_regular_week', 'WORKING_HOURS', 'Regular working hours in a week, overtime excluded', 'measure', 'h/week', None,
     'lower_is_better', 48, 48, 60, 0, 168, HOURS_SRC + '; ILO C1', 'secondary',
     'severity 0 at the 48 h limit, 1 at 60 h'),
    ('hours_overtime_week', 'WORKING_HOURS', 'Overtime hours in a week', 'measure', 'h/week', None,
     'lower_is_better', 12, 12, 24, 0, 120, HOURS_SRC, 'secondary', 'severity 0 at the 12 h limit, 1 at 24 h'),
    ('days_off_week', 'WORKING_HOURS', 'Rest days in seven days', 'measure', 'days/week', None,
     'higher_is_better', 1, 1, 0, 0, 7, HOURS_SRC + '; ILO C14', 'secondary', 'one day off in seven'),
    ('consecutive_days_worked', 'WORKING_HOURS', 'Longest run of consecutive working days', 'measure', 'days', None,
     'lower_is_better', 6, 6, 13, 0, 366, 'RBA 8.0 A3 (' + REF + ' §5)', 'secondary',
     'severity 0 at 6 days, 1 at 13 days (no day off in two weeks)'),
    ('wage_month', 'WAGES', 'Lowest regular gross wage per month for the standard week, overtime excluded', 'wage',
     'money/month', None, 'higher_is_better', None, None, None, 0, None, REF + ' §5 (wage rows)', 'secondary',
     'severity from hredd.wage_benchmark: 1 below the minimum wage, 0.5 at it, 0 at the living wage'),
    ('overtime_premium_pct', 'WAGES', 'Overtime pay as a percentage of the base rate (125 = 25 % premium)', 'measure', '%',
     None, 'higher_is_better', 125, 125, 100, 0, 1000, 'RBA VAP A4 and ETI (' + REF + ' §5)', 'secondary',
     'at least the stricter of local law or 125 %'),
    ('workers_under_15', 'CHILD_LABOUR', 'Workers found below 15 years of age', 'measure', 'count', None,
     'lower_is_better', 0, 0, 1, 0, 100000, 'ILO C138; LkSG §2(2) Nr.1', 'secondary', 'any child worker is the worst case'),
    ('id_documents_retained', 'FORCED_LABOUR', 'Employer retains identity documents of workers', 'flag', 'bool', None,
     'lower_is_better', 0, 0, 1, 0, 1, 'ETI Base Code 1.2 (' + DRAFT + ')', 'secondary', None),
    ('recruitment_fees_paid', 'FORCED_LABOUR', 'Workers paid recruitment fees', 'flag', 'bool', None,
     'lower_is_better', 0, 0, 1, 0, 1, 'RBA 8.0 A1 (' + REF + ' §4.1)', 'secondary', None),
    ('worker_representation', 'FOA_CB', 'Freely elected worker representation or a union exists', 'flag', 'bool', None,
     'higher_is_better', 1, 1, 0, 0, 1, 'ETI Base Code 2 (' + DRAFT + ')', 'secondary', None),
    ('grievance_mechanism', 'GRIEVANCE_REMEDY', 'A grievance mechanism open to workers exists', 'flag', 'bool', None,
     'higher_is_better', 1, 1, 0, 0, 1, DRAFT_SRC, 'secondary', None),
    ('fire_exits_blocked', 'OSH', 'Emergency exits locked or blocked', 'flag', 'bool', None,
     'lower_is_better', 0, 0, 1, 0, 1, 'amfori BSCI PA7: imminent risk to life (' + DRAFT + ')', 'secondary', None),
    ('lost_time_accidents_year', 'OSH', 'Lost-time accidents in a year', 'measure', 'count/year', None,
     'lower_is_better', None, None, None, 0, 100000, 'ESRS S1-14 (' + DRAFT + ')', 'secondary',
     'a count; rates per 1,000,000 hours need hours worked, which exports rarely carry'),
    ('women_share_pct', 'DISCRIMINATION_HARASSMENT_GBV', 'Share of women in the workforce', 'measure', '%', None,
     'higher_is_better', None, None, None, 0, 100, 'ESRS S1-6/S1-9 (' + REF + ' §5)', 'secondary',
     'context, not a risk by itself: no thresholds, no severity'),
    ('bsci_area_grade', None, 'amfori BSCI performance-area rating A-E, ZT', 'grade', 'grade', 'bsci',
     'lower_is_better', 0, None, 1, 0, 1, 'amfori BSCI rating bands from a secondary source (' + REF + ' §4.1, §5)',
     'unverified', 'value = 1 - band midpoint (A .07 … E .855), ZT = 1; verify the bands against the amfori System Manual'),
    ('nc_severity', None, 'Non-compliance severity of an audit finding', 'grade', 'grade', 'nc',
     'lower_is_better', 0, None, 1, 0, 1, 'SMETA NC guidance (critical to minor) as summarised in ' + REF + ' §4.1',
     'unverified', 'ordinal steps chosen by hredd: compliant 0, observation .1, minor .3, major .7, critical 1'),
    ('rba_finding', None, 'RBA VAP finding grade', 'grade', 'grade', 'rba',
     'lower_is_better', 0, None, 1, 0, 1, 'RBA VAP grades Priority/Major/Minor/OFI/Conformance (' + REF + ' §4.1)',
     'secondary', 'ordinal steps chosen by hredd: conformance 0, OFI .1, minor .3, major .7, priority 1'),
    ('higg_section_score', None, 'Higg FSLM/FEM section score 0-100', 'grade', 'grade', 'higg',
     'lower_is_better', 0, None, 1, 0, 1, 'Higg scoring guidance (' + REF + ' §4.1)', 'secondary',
     'value = 1 - score/100'),
]

# Codes of the draft that carry a grade, and which topic's row gets the indicator
# when a code has several topics.
GRADED = {
    'AMFORI_BSCI': ('bsci_area_grade', {'PA12': 'ENV_MANAGEMENT'}),
    'SMETA': ('nc_severity', {}),
    'SA8000': ('nc_severity', {'9': 'MANAGEMENT_SYSTEM'}),
    'ETI_BASE_CODE': ('nc_severity', {}),
    'FLA': ('nc_severity', {'HSE': 'OSH', 'ER': 'EMPLOYMENT_RELATIONSHIP'}),
    'FAIR_WEAR': ('nc_severity', {}),
    'RBA_8_0': ('rba_finding', {}),
    'HIGG_FSLM': ('higg_section_score', {'Sec5': 'FOA_CB'}),
    'HIGG_FEM': ('higg_section_score', {}),
}
GRADED_SKIP = {('RBA_8_0', 'B1-B8'), ('RBA_8_0', 'D1-D8'), ('RBA_8_0', 'E'), ('RBA_8_0', 'C1 / C2'),
               ('RBA_8_0', 'C3 / C6'), ('RBA_8_0', 'E (Worker Feedback, Participation & Grievance)'),
               ('HIGG_FEM', 'Water / Wastewater'), ('FAIR_WEAR', 'Complaints helpline')}

# Draft rows that join two codes with " / ": one row per code for data.
SPLITS = {('SMETA', '1 / 10A'), ('SMETA', '7 / 9'), ('SMETA', '8 / 8A'), ('SMETA', '0A / 0B'),
          ('RBA_8_0', 'C1 / C2'), ('RBA_8_0', 'C3 / C6')}

ILLUSTRATIVE = 'field code of the sample exports in data/indicators/ (illustrative: the schemes publish no export format hredd could follow)'
# scheme, code, topic, indicator, label, value_map
FIELDS = [
    ('AMFORI_BSCI', 'PA5-LOWEST-WAGE', 'WAGES', 'wage_month', 'Lowest regular monthly wage paid', None),
    ('AMFORI_BSCI', 'PA6-TOTAL-HOURS', 'WORKING_HOURS', 'hours_total_week', 'Highest total weekly hours in the sample', None),
    ('AMFORI_BSCI', 'PA6-OT-HOURS', 'WORKING_HOURS', 'hours_overtime_week', 'Highest weekly overtime in the sample', None),
    ('AMFORI_BSCI', 'PA6-DAYS-OFF', 'WORKING_HOURS', 'days_off_week', 'Rest days per week', None),
    ('AMFORI_BSCI', 'PA8-UNDER-15', 'CHILD_LABOUR', 'workers_under_15', 'Workers under 15 found', None),
    ('AMFORI_BSCI', 'PA11-ID-RETAINED', 'FORCED_LABOUR', 'id_documents_retained', 'Identity documents retained', None),
    ('AMFORI_BSCI', 'PA2-GRIEVANCE', 'GRIEVANCE_REMEDY', 'grievance_mechanism', 'Grievance mechanism in place', None),
    ('SMETA', 'WH-REGULAR', 'WORKING_HOURS', 'hours_regular_week', 'Standard hours per week', None),
    ('SMETA', 'WH-TOTAL', 'WORKING_HOURS', 'hours_total_week', 'Maximum total hours per week', None),
    ('SMETA', 'WH-CONSECUTIVE-DAYS', 'WORKING_HOURS', 'consecutive_days_worked', 'Maximum consecutive days worked', None),
    ('SMETA', 'WG-LOWEST-WAGE', 'WAGES', 'wage_month', 'Lowest wage paid (standard hours)', None),
    ('SMETA', 'WG-OT-PREMIUM', 'WAGES', 'overtime_premium_pct', 'Overtime rate as % of base rate', None),
    ('SMETA', 'FOA-WORKER-REP', 'FOA_CB', 'worker_representation', 'Worker representation',
     {'union': 1, 'elected committee': 1, 'management-appointed committee': 0, 'none': 0}),
    ('SMETA', 'HS-EXITS-BLOCKED', 'OSH', 'fire_exits_blocked', 'Emergency exits blocked or locked', None),
    ('SLCP_CAF', 'WH-TOTAL', 'WORKING_HOURS', 'hours_total_week', 'Maximum total working hours per week', None),
    ('SLCP_CAF', 'WH-OT', 'WORKING_HOURS', 'hours_overtime_week', 'Maximum overtime hours per week', None),
    ('SLCP_CAF', 'WH-DAYS-OFF', 'WORKING_HOURS', 'days_off_week', 'Rest days per week', None),
    ('SLCP_CAF', 'WB-LOWEST-WAGE', 'WAGES', 'wage_month', 'Lowest base wage', None),
    ('SLCP_CAF', 'WB-OT-PREMIUM', 'WAGES', 'overtime_premium_pct', 'Overtime rate as % of base rate', None),
    ('SLCP_CAF', 'RH-UNDER-15', 'CHILD_LABOUR', 'workers_under_15', 'Workers under 15', None),
    ('SLCP_CAF', 'RH-RECRUITMENT-FEES', 'FORCED_LABOUR', 'recruitment_fees_paid', 'Workers paid recruitment fees', None),
    ('SLCP_CAF', 'WT-ID-RETAINED', 'FORCED_LABOUR', 'id_documents_retained', 'Facility keeps original identity documents', None),
    ('SLCP_CAF', 'WI-UNION', 'FOA_CB', 'worker_representation', 'Union or elected worker committee', None),
    ('SLCP_CAF', 'WI-GRIEVANCE', 'GRIEVANCE_REMEDY', 'grievance_mechanism', 'Grievance mechanism', None),
    ('SLCP_CAF', 'HS-EXITS-BLOCKED', 'OSH', 'fire_exits_blocked', 'Emergency exits blocked', None),
    ('SLCP_CAF', 'HS-LOST-TIME-ACCIDENTS', 'OSH', 'lost_time_accidents_year', 'Lost-time accidents in the last 12 months', None),
    ('SLCP_CAF', 'PROFILE-WOMEN-PCT', 'DISCRIMINATION_HARASSMENT_GBV', 'women_share_pct', 'Share of women workers', None),
]


def q(v):
    if v is None:
        return 'NULL'
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "'{" + ','.join('"' + x.replace('"', '\\"') + '"' for x in v) + "}'"
    return "'" + str(v).replace("'", "''") + "'"


def main():
    rows = list(csv.DictReader(open(DRAFT, encoding='utf-8')))
    out = ['\\echo Use "CREATE EXTENSION hredd" to load this file. \\quit', '',
           '-- 41-indicators-data.sql — shipped taxonomy, schemes, indicators and crosswalk.',
           '-- Generated by tools/gen_indicators.py from data/indicators/crosswalk_draft.csv; do not edit.',
           '-- verification: secondary = taken from the secondary sources cited in ' + REF + ',',
           '-- not checked against the scheme\'s current official text; unverified = the draft itself',
           '-- says to verify the code or numbering; illustrative = codes of the sample exports.', '']

    refs = {t[0]: {'ILO': [], 'LKSG': [], 'ESRS': []} for t in TOPICS}
    for r in rows:
        if r['scheme'] in ('ILO', 'LKSG', 'ESRS'):
            refs[r['common_topic']][r['scheme']].append(r['scheme_code'])
    out.append('INSERT INTO hredd.topic (code, name, domain, ilo, lksg, esrs, source, verification, shipped) VALUES')
    vals = []
    for code, name, domain in TOPICS:
        rf = refs[code]
        vals.append('    (%s, %s, %s, %s, %s, %s, %s, %s, true)' % (
            q(code), q(name), q(domain), q(rf['ILO']), q(rf['LKSG']), q(rf['ESRS']),
            q('topic list and references of ' + DRAFT_SRC), q('secondary')))
    out.append(',\n'.join(vals) + ';\n')

    out.append('INSERT INTO hredd.scheme (code, name, kind, version, url, source, verification, shipped) VALUES')
    out.append(',\n'.join('    (%s, %s, %s, %s, %s, %s, %s, true)' % (
        q(c), q(n), q(k), q(v), q(u), q(REF + ' §4.1'), q('secondary')) for c, n, k, v, u in SCHEMES) + ';\n')

    out.append('INSERT INTO hredd.indicator (code, topic, name, kind, unit, grade_scale, direction, threshold_ok,')
    out.append('    threshold_limit, threshold_severe, min_value, max_value, source, verification, note, shipped) VALUES')
    out.append(',\n'.join('    (' + ', '.join(q(x) for x in ind) + ', true)' for ind in INDICATORS) + ';\n')

    cw = []
    seen = set()
    for r in rows:
        scheme, code, topic = r['scheme'], r['scheme_code'].strip(), r['common_topic']
        verify = 'verify' in r['notes']
        ver = 'unverified' if verify else 'secondary'
        ind = None
        if scheme in GRADED and (scheme, code) not in GRADED_SKIP and (scheme, code) not in SPLITS and '/' not in code.replace('Energy/GHG', ''):
            indicator, pick = GRADED[scheme]
            if code not in pick or pick[code] == topic:
                ind = indicator
        key = (scheme, code, topic)
        assert key not in seen, key
        seen.add(key)
        cw.append((scheme, code, topic, ind, r['scheme_label'], None, DRAFT_SRC, ver, r['notes'] or None))
        if (scheme, code) in SPLITS:
            for part in code.split(' / '):
                key = (scheme, part.strip(), topic)
                assert key not in seen, key
                seen.add(key)
                indicator = GRADED[scheme][0] if scheme in GRADED and scheme != 'RBA_8_0' else None
                cw.append((scheme, part.strip(), topic, indicator, r['scheme_label'], None, DRAFT_SRC, ver,
                           'one code of the draft row "%s"' % code + ('; ' + r['notes'] if r['notes'] else '')))
    for scheme, code, topic, indicator, label, vmap in FIELDS:
        key = (scheme, code, topic)
        assert key not in seen, key
        seen.add(key)
        cw.append((scheme, code, topic, indicator, label, json.dumps(vmap, ensure_ascii=False) if vmap else None,
                   ILLUSTRATIVE, 'illustrative', None))
    data_codes = [(c[0], c[1]) for c in cw if c[3]]
    assert len(data_codes) == len(set(data_codes)), 'a data code maps to two indicators'

    out.append('INSERT INTO hredd.crosswalk (scheme, scheme_code, topic, indicator, label, value_map, source,')
    out.append('    verification, note, shipped) VALUES')
    out.append(',\n'.join('    (' + ', '.join(q(x) for x in c) + ', true)' for c in cw) + ';')
    open(OUT, 'w', encoding='utf-8').write('\n'.join(out) + '\n')
    print('%s: %d topics, %d schemes, %d indicators, %d crosswalk rows (%d carry data)' % (
        OUT, len(TOPICS), len(SCHEMES), len(INDICATORS), len(cw), len(data_codes)))


if __name__ == '__main__':
    main()
