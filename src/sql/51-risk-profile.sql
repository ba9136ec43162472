\echo Use "CREATE EXTENSION hredd" to load this file. \quit

-- 51-risk-profile.sql — the shipped profile "default", version 1, with the
-- reason for every number (docs/risk.md repeats them in a table).  Numbers
-- marked "judgement" are hredd's own call, to be reviewed by the user: the
-- law asks the company to weigh, and a profile is where it does.

-- ILAB's findings -> topics: the List of Goods names child labour, forced
-- labour, forced child labour and goods made with inputs produced with
-- forced labour (ILAB, "List of Goods Produced by Child Labor or Forced
-- Labor", 2022, methodology section).
INSERT INTO hredd.good_level_topic (level, topic, source, shipped) VALUES
    ('child labour', 'CHILD_LABOUR', 'ILAB List of Goods 2022: finding "child labor"', true),
    ('forced labour', 'FORCED_LABOUR', 'ILAB List of Goods 2022: finding "forced labor"', true),
    ('forced child labour', 'CHILD_LABOUR', 'ILAB List of Goods 2022: finding "forced child labor" is both', true),
    ('forced child labour', 'FORCED_LABOUR', 'ILAB List of Goods 2022: finding "forced child labor" is both', true),
    ('made with inputs produced with forced labour', 'FORCED_LABOUR',
     'ILAB List of Goods 2022: downstream goods made with inputs produced with forced labor', true);

INSERT INTO hredd.risk_profile (profile, version, description, combine, alpha, floor_share, evidence_scale,
                                horizon_days, default_scope, scope_workers, unknown_prior, rationale, shipped) VALUES
    ('default', 1, 'hredd''s shipped starting point for an LkSG §5 / CSDDD Art. 8-9 analysis of manufacturing suppliers',
     'noisy_or', 0.67, 0.5, 2.0, 1095, 0.5, 10000, 0.5,
     'combine noisy_or: independent signals each raise likelihood, none is averaged away (reference/risk_rollup.md §7). '
     'alpha 0.67: severity weighs twice likelihood in the priority, as ESRS 1 §45 and CSDDD Art. 9 put severity first. '
     'floor_share 0.5: clean audits can at most halve inherent likelihood — audits miss forced labour and falsified records '
     '(SLCP 2023: self-assessment answers on legal non-compliance accurate 33 % of the time). '
     'evidence_scale 2.0: one fresh, fully trusted adverse finding of severity 1 moves log-odds by 2 (0.5 -> 0.88). '
     'horizon 1095 days: three years, the usual audit cycle; older evidence no longer counts and the topic reads as a data gap. '
     'default_scope 0.5 and scope_workers 10,000: scope grows with the log of the workforce, 1 at 10,000 workers (a large '
     'garment or electronics plant); unknown workers count as medium and are flagged. unknown_prior 0.5: a facility of '
     'unknown country is as likely at risk as not, never low (judgement).', true);

-- Severity of an impact on each topic: scale (how grave for the people
-- affected) and irremediability (how hard to undo), CSDDD Art. 3(1)(b)
-- and recital 44; the numbers are judgement, ordered as the ILO's
-- fundamental conventions and the UNGP interpretive guide order gravity.
-- base_likelihood 0.15 for every topic: a facility about which no layer
-- says anything is not risk-free (judgement; about one in seven audited
-- facilities has a finding on a given topic in the public audit summaries
-- hredd could read is not a figure hredd could verify, so it is a round
-- judgement call, to be set from the user's own audit history).
INSERT INTO hredd.risk_profile_topic (profile, version, topic, scale, irremediability, base_likelihood, rationale)
SELECT 'default', 1, t.topic, t.scale, t.irr, 0.15, t.why
FROM (VALUES
    ('CHILD_LABOUR', 0.9, 0.8, 'judgement: harm to children''s health and schooling is grave and lasting (ILO C138/C182 fundamental)'),
    ('FORCED_LABOUR', 1.0, 0.8, 'judgement: loss of liberty, the gravest labour abuse (ILO C29/C105 fundamental); debts and trauma last'),
    ('FOA_CB', 0.6, 0.5, 'judgement: denies workers the means to defend every other right (ILO C87/C98 fundamental)'),
    ('DISCRIMINATION_HARASSMENT_GBV', 0.7, 0.6, 'judgement: violence and harassment harm health and livelihoods (ILO C100/C111/C190)'),
    ('OSH', 0.9, 0.9, 'judgement: injuries and deaths cannot be undone (ILO C155/C187 fundamental since 2022)'),
    ('WAGES', 0.6, 0.3, 'judgement: poverty wages harm families; back pay can remedy much of it'),
    ('WORKING_HOURS', 0.5, 0.3, 'judgement: excessive hours harm health; mostly remediable'),
    ('GRIEVANCE_REMEDY', 0.4, 0.3, 'judgement: no remedy channel hides other harms (LkSG §8, CSDDD Art. 14)'),
    ('EMPLOYMENT_RELATIONSHIP', 0.4, 0.3, 'judgement: precarious contracts remove protections; remediable'),
    ('ENV_GHG_ENERGY', 0.5, 0.7, 'judgement: emissions are cumulative and irreversible, diffuse in scale'),
    ('ENV_WATER', 0.6, 0.6, 'judgement: wastewater harms communities'' water (LkSG §2(2) Nr.9)'),
    ('ENV_CHEMICALS', 0.8, 0.8, 'judgement: persistent pollutants (Minamata, Stockholm, Basel conventions in LkSG §2(3)) harm health lastingly'),
    ('ENV_WASTE', 0.5, 0.5, 'judgement: hazardous waste harms health; partly remediable'),
    ('ENV_AIR', 0.6, 0.5, 'judgement: air pollution harms workers'' and neighbours'' health'),
    ('ENV_MANAGEMENT', 0.3, 0.3, 'judgement: missing permits and systems signal, rather than are, harm'),
    ('LAND_RIGHTS', 0.8, 0.8, 'judgement: forced eviction destroys livelihoods (LkSG §2(2) Nr.10)'),
    ('SECURITY_FORCES', 0.9, 0.9, 'judgement: violence by security forces can kill (LkSG §2(2) Nr.11)'),
    ('BUSINESS_ETHICS', 0.3, 0.2, 'judgement: corruption enables other harms; indirect'),
    ('MANAGEMENT_SYSTEM', 0.2, 0.1, 'judgement: a weak social management system is a cause, not a harm'),
    ('CATCH_ALL_HUMAN_RIGHTS', 0.7, 0.7, 'judgement: other serious violations (LkSG §2(2) Nr.12) are grave by definition')
) t(topic, scale, irr, why);

-- Which layers count, and how much.  The ILAB List of Goods is strong
-- country × good evidence but not about the facility itself: 0.8.
INSERT INTO hredd.risk_profile_layer (profile, version, kind, layer, topic, weight, rationale) VALUES
    ('default', 1, 'goods', 'ilab_tvpra_2022', 'CHILD_LABOUR', 0.8,
     'ILAB lists the good from the country for child labour: strong sector evidence, not facility-specific (judgement)'),
    ('default', 1, 'goods', 'ilab_tvpra_2022', 'FORCED_LABOUR', 0.8,
     'ILAB lists the good from the country for forced labour: strong sector evidence, not facility-specific (judgement)');

-- ILAB's Findings on the Worst Forms of Child Labor grade each assessed
-- country's efforts (33-geo-ilab-wfcl.sql): a country-wide signal about
-- government action, not about the facility or its sector: 0.5.
INSERT INTO hredd.risk_profile_layer (profile, version, kind, layer, topic, weight, rationale) VALUES
    ('default', 1, 'country', 'ilab_wfcl_2022', 'CHILD_LABOUR', 0.5,
     'ILAB grades the country''s efforts against the worst forms of child labour in 2022: country-wide, neither '
     'facility- nor sector-specific, and a grade of government action rather than of prevalence; half weight (judgement). '
     'Countries ILAB does not assess have no row and add nothing: that is no information, not low risk');

-- The World Bank's Worldwide Governance Indicators (34-geo-wgi.sql): how well
-- a country's institutions work, not what happens in its factories.  Each
-- dimension counts only for the topics whose risk it plausibly raises, below
-- the ILAB Findings' 0.5 where the link is indirect.  All judgement: WGI
-- measures perceptions of governance, never labour conditions.
INSERT INTO hredd.risk_profile_layer (profile, version, kind, layer, topic, weight, rationale)
SELECT 'default', 1, 'country', t.layer, t.topic, t.weight, t.why
FROM (VALUES
    ('wgi_voice_accountability_2023', 'FOA_CB', 0.5,
     'WGI voice and accountability (freedom of expression and association, free media): where citizens cannot '
     'organise or speak, workers can rarely form unions or bargain; a governance proxy, not a labour measure; half '
     'weight (judgement)'),
    ('wgi_rule_of_law_2023', 'FORCED_LABOUR', 0.3,
     'WGI rule of law (contract enforcement, police, courts): weak enforcement of labour law lets forced labour go '
     'unpunished; a governance proxy, not a labour measure, hence a low weight (judgement)'),
    ('wgi_rule_of_law_2023', 'CHILD_LABOUR', 0.3,
     'WGI rule of law: weak enforcement of labour law lets child labour go unpunished; a governance proxy, not a '
     'labour measure, hence a low weight (judgement)'),
    ('wgi_rule_of_law_2023', 'OSH', 0.3,
     'WGI rule of law: labour inspection and courts enforce safety law only where the rule of law holds; a governance '
     'proxy, not a labour measure, hence a low weight (judgement)'),
    ('wgi_rule_of_law_2023', 'WAGES', 0.3,
     'WGI rule of law: minimum-wage and back-pay claims are enforced only where the rule of law holds; a governance '
     'proxy, not a labour measure, hence a low weight (judgement)'),
    ('wgi_control_of_corruption_2023', 'BUSINESS_ETHICS', 0.5,
     'WGI control of corruption (petty and grand corruption, state capture) is close to the topic itself, but '
     'country-wide and perception-based, not about the facility; half weight (judgement)'),
    ('wgi_political_stability_2023', 'SECURITY_FORCES', 0.4,
     'WGI political stability and absence of violence/terrorism: where the state faces unrest and violence, '
     'security forces guarding sites are more likely to use force; a governance proxy, not a labour measure (judgement)'),
    ('wgi_political_stability_2023', 'LAND_RIGHTS', 0.3,
     'WGI political stability: conflict and unrest go with evictions and contested land; an indirect governance '
     'proxy, not a measure of land rights, hence a low weight (judgement)')
) t(layer, topic, weight, why);

-- Processing stages (hredd.stage_topic, 55-risk-data.sql from
-- data/risk/stage_topic.csv): where in the chain a topic's risks typically
-- concentrate, after the sector-risk modules of the OECD garment and
-- footwear guidance; they say nothing of the facility itself: 0.5.
INSERT INTO hredd.risk_profile_layer (profile, version, kind, layer, topic, weight, rationale)
SELECT 'default', 1, 'stage', '', t.topic, 0.5,
       'the facility''s processing stage (from its products and processing types) is where this topic''s risks typically '
       'concentrate (OECD Due Diligence Guidance for the Garment and Footwear Sector, 2017, sector-risk modules; '
       'data/risk/stage_topic.csv names the module or secondary source of each stage): typical of the stage, not '
       'observed at the facility, and the stage severities are hredd''s own numbers; half weight (judgement)'
FROM (VALUES ('CHILD_LABOUR'), ('FORCED_LABOUR'), ('FOA_CB'), ('DISCRIMINATION_HARASSMENT_GBV'), ('OSH'), ('WAGES'),
             ('WORKING_HOURS'), ('ENV_WATER'), ('ENV_CHEMICALS'), ('ENV_WASTE'), ('ENV_AIR'), ('ENV_GHG_ENERGY')) t(topic);

-- How much each kind of concrete evidence is trusted, and how fast it ages.
INSERT INTO hredd.risk_profile_evidence (profile, version, kind, reliability, half_life_days, rationale) VALUES
    ('default', 1, 'audit', 0.6, 730,
     'social audits find what is visible on the day; they miss hidden abuses (reference/risk_rollup.md §3); two-year half-life, the usual audit cycle'),
    ('default', 1, 'grievance', 0.8, 365,
     'a complaint of affected people is direct evidence (CSDDD Art. 14); its status (received 0.25, admissible 0.5, grounded 1) scales it further'),
    ('default', 1, 'media', 0.4, 365, 'press reports are unverified at first; they fade within a year'),
    ('default', 1, 'ngo_report', 0.6, 730, 'NGO investigations are researched but partial'),
    ('default', 1, 'self_assessment', 0.2, 365,
     'SLCP 2023: self-assessment answers on legal non-compliance accurate 33 % of the time'),
    ('default', 1, 'remediation', 0.6, 730, 'a verified remediation record lowers likelihood, never below the floor'),
    ('default', 1, 'certification', 0.3, 730, 'a certificate says a system exists, not that it works'),
    ('default', 1, 'worker_voice', 0.7, 365, 'anonymous worker surveys reach what audits miss');
