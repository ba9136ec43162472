#!/usr/bin/env python3
# Developer: writes src/sql/updates/0.1.0--0.2.0/50-risk.sql from the
# current install fragments plus the data migration.
import re
import os
ROOT=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
R=os.path.join(ROOT, 'src/sql/')
f50=open(R+'50-risk.sql').read(); f52=open(R+'52-risk-assess.sql').read()
f53=open(R+'53-risk-read.sql').read(); f90=open(R+'90-access.sql').read()
def cut(s, start, end):
    a=s.index(start); b=s.index(end, a); return s[a:b]
def through_comment(s, start, comment_prefix):
    a=s.index(start); c=s.index(comment_prefix, a); e=s.index(';\n', c)+2; return s[a:e]
out=[]
out.append('''-- 0.1.0 -> 0.2.0: the risk register.
--  * results are kept per run and facility (arrays per topic in the order of
--    risk_run.topics) in risk_run_facility; hredd.risk_result becomes a view
--    that reads them as rows (the 0.1.0 rows are moved, nothing is lost);
--  * contributions shared by a country, a country and products text, or a
--    processing stage are kept once per run (risk_contribution_shared); the
--    per-facility table is renamed risk_contribution_facility and the view
--    hredd.risk_contribution reads both;
--  * a decision refers to (run, facility) by key and to the topic by trigger.

DROP VIEW hredd.risk_register;

ALTER TABLE hredd.risk_run ADD COLUMN topics text[], ADD COLUMN topic_scale float8[],
    ADD COLUMN topic_irremediability float8[];
ALTER TABLE hredd.risk_run_facility
    ADD COLUMN products_key integer NOT NULL DEFAULT 0, ADD COLUMN scope float8,
    ADD COLUMN inherent_likelihood float8[], ADD COLUMN likelihood float8[], ADD COLUMN priority float8[],
    ADD COLUMN rank integer[], ADD COLUMN actual boolean[], ADD COLUMN confidence float8[],
    ADD COLUMN gap_bits smallint[], ADD COLUMN evidence_count integer[], ADD COLUMN evidence_shift float8[],
    ADD COLUMN upstream_priority float8[];
ALTER TABLE hredd.risk_run_facility SET (toast_tuple_target = 8160);

''')
out.append(through_comment(f50, "-- The data gaps of a result are bits", "COMMENT ON TABLE hredd.risk_gap_set")+"\n")
out.append('''-- The results of 0.1.0 runs, moved: topics in code order (as assess_risk
-- orders them), the evidence's shift unknown (0.1.0 did not keep it).
ALTER TABLE hredd.risk_run DISABLE TRIGGER risk_append_only;
UPDATE hredd.risk_run r SET topics = x.topics, topic_scale = x.scale, topic_irremediability = x.irremediability
FROM (SELECT t.run_id, array_agg(t.topic ORDER BY t.topic) AS topics, array_agg(t.scale ORDER BY t.topic) AS scale,
             array_agg(t.irremediability ORDER BY t.topic) AS irremediability
      FROM (SELECT DISTINCT ON (x.run_id, x.topic) x.run_id, x.topic, x.scale, x.irremediability
            FROM hredd.risk_result x ORDER BY x.run_id, x.topic) t
      GROUP BY t.run_id) x
WHERE x.run_id = r.run_id;
ALTER TABLE hredd.risk_run ENABLE TRIGGER risk_append_only;
UPDATE hredd.risk_run_facility f
SET scope = x.scope, inherent_likelihood = x.inherent_likelihood, likelihood = x.likelihood, priority = x.priority,
    rank = x.rank, actual = x.actual, confidence = x.confidence, gap_bits = x.gap_bits,
    evidence_count = x.evidence_count, upstream_priority = x.upstream_priority
FROM (SELECT r.run_id, r.facility_ref, max(r.scope) AS scope,
             array_agg(r.inherent_likelihood ORDER BY r.topic) AS inherent_likelihood,
             array_agg(r.likelihood ORDER BY r.topic) AS likelihood, array_agg(r.priority ORDER BY r.topic) AS priority,
             array_agg(r.rank ORDER BY r.topic) AS rank, array_agg(r.status = 'actual' ORDER BY r.topic) AS actual,
             array_agg(r.confidence ORDER BY r.topic) AS confidence,
             array_agg((SELECT g.bits FROM hredd.risk_gap_set g WHERE g.gaps = r.gaps) ORDER BY r.topic) AS gap_bits,
             array_agg(r.evidence_count ORDER BY r.topic) AS evidence_count,
             array_agg(r.upstream_priority ORDER BY r.topic) AS upstream_priority
      FROM hredd.risk_result r GROUP BY r.run_id, r.facility_ref) x
WHERE x.run_id = f.run_id AND x.facility_ref = f.facility_ref;

ALTER TABLE hredd.risk_decision DROP CONSTRAINT risk_decision_run_id_facility_ref_topic_fkey;
ALTER TABLE hredd.risk_decision ADD FOREIGN KEY (run_id, facility_ref) REFERENCES hredd.risk_run_facility;
DROP TABLE hredd.risk_result;

''')
out.append(cut(f50, "COMMENT ON TABLE hredd.risk_run_facility IS", "\n")+"\n\n")
out.append(through_comment(f50, "-- Per run, facility and topic: one row each", "COMMENT ON VIEW hredd.risk_result")+"\n")
out.append('''ALTER TABLE hredd.risk_contribution RENAME TO risk_contribution_facility;
ALTER INDEX hredd.risk_contribution_idx RENAME TO risk_contribution_facility_idx;
''')
out.append(cut(f50, "COMMENT ON TABLE hredd.risk_contribution_facility IS", "\n")+"\n\n")
out.append(cut(f50, "-- ... and those that every facility of a country", "-- ... and both read as one"))
out.append(through_comment(f50, "-- ... and both read as one", "COMMENT ON VIEW hredd.risk_contribution IS")+"\n")
out.append("SELECT pg_catalog.pg_extension_config_dump('hredd.risk_contribution_shared', '');\n")
for t in ("risk_contribution_shared","risk_run_facility"):
    out.append(f"""CREATE TRIGGER risk_append_only BEFORE UPDATE OR DELETE ON hredd.{t}
    FOR EACH ROW EXECUTE FUNCTION hredd.risk_append_only();
CREATE TRIGGER risk_append_only_truncate BEFORE TRUNCATE ON hredd.{t}
    FOR EACH STATEMENT EXECUTE FUNCTION hredd.risk_append_only();
""")
out.append("\n")
def replace_fn(s, start):
    a=s.index(start); b=s.index("\n$$;\n", a)+5
    return s[a:b].replace("CREATE FUNCTION","CREATE OR REPLACE FUNCTION",1)+"\n"
out.append("-- @install-function hredd.risk_decision_check(\n")
out.append("-- (assess_risk is brought in by 90-release.sql)\n\n")
out.append("-- (the register is created again by 60-supply.sql: it reads hredd.risk_upstream)\n")
out.append("-- (the access lists that name the new tables: 90-release.sql)\n")
open(os.path.join(ROOT, 'src/sql/updates/0.1.0--0.2.0/50-risk.sql'),'w').write("".join(out))
