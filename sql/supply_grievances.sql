-- supply_grievances: grievances as data — a helpline's export mapped to
-- hredd.evidence (case, channel, received/admissible/grounded/resolved,
-- topic, dates, workers concerned, anonymous), its bad rows rejected with
-- their reasons, and the statuses a platform writes read by
-- hredd.grievance_status.
CREATE EXTENSION IF NOT EXISTS hredd CASCADE;
SET search_path = public, hredd;
\set VERBOSITY default

-- the statuses platforms write
SELECT w, grievance_status(w)
FROM unnest(ARRAY['Open', 'NEW', ' Under investigation ', 'in-progress', 'Substantiated', 'Partially substantiated',
                  'Unsubstantiated', 'Not upheld', 'Closed - resolved', 'Remediated', 'grounded', 'not_grounded', NULL]) w;
SELECT grievance_status('Closed');
SELECT grievance_status('');

-- a helpline's export as it comes (every field text)
CREATE TABLE grv_export (case_id text, date_received text, incident_date text, channel text, factory_id text,
                         category text, status text, resolved_date text, workers_affected text, anonymous text,
                         summary text);
INSERT INTO grv_export VALUES
  ('HL-0001', '2025-03-04', '2025-03-01', 'Hotline',  'F-101', 'Wages & benefits', 'Substantiated', NULL, '35', 'Y',
   'overtime unpaid for February'),
  ('HL-0002', '2025-03-10', '2025-03-09', 'WhatsApp', 'F-101', 'Harassment', 'Under investigation', NULL, '1', 'N',
   'verbal abuse by a line supervisor'),
  ('HL-0003', '2025-01-15', '2025-01-15', 'In person', 'F-202', 'Health & safety', 'Closed - resolved', '2025-02-20', '120', 'no',
   'blocked fire exit'),
  ('HL-0004', '2025-04-02', '2025-04-01', 'SMS', 'F-202', 'Working hours', 'Unfounded', '2025-04-20', NULL, 'yes',
   'Sunday work claimed'),
  -- bad rows: each rejected with its reason, none dropped
  ('HL-0005', '2025-04-05', '2025-04-06', 'Hotline', 'F-101', 'Wages & benefits', 'Open', NULL, '3', 'Y',
   'received before the incident'),
  ('HL-0006', '2025-04-05', '2025-04-01', 'Hotline', 'F-101', 'Wages & benefits', 'Closed - resolved', '2025-03-30', '3', 'Y',
   'resolved before it was received'),
  ('HL-0007', '2025-04-05', '2025-04-01', 'Hotline', 'F-101', 'Wages & benefits', 'Open', NULL, '-4', 'Y',
   'a negative count'),
  ('HL-0008', '2025-04-05', '2025-04-01', 'Hotline', 'F-101', 'Wages & benefits', 'Open', NULL, 'about 40', 'Y',
   'workers not a number'),
  ('HL-0009', '2025-04-05', '2025-04-01', 'Hotline', 'F-101', 'Wages & benefits', 'Open', NULL, '2', 'maybe',
   'anonymous neither yes nor no'),
  ('HL-0010', '2025-04-05', '2025-04-01', 'Hotline', 'F-101', 'Canteen food', 'Open', NULL, '2', 'N',
   'a category no topic stands for'),
  ('HL-0011', '2025-04-05', '2025-04-31', 'Hotline', 'F-101', 'Wages & benefits', 'Open', NULL, '2', 'N',
   'no such day'),
  ('HL-0012', '2099-04-05', '2025-04-01', 'Hotline', 'F-101', 'Wages & benefits', 'Open', NULL, '2', 'N',
   'received in the future'),
  ('HL-0001', '2025-03-04', '2025-03-01', 'Hotline',  'F-101', 'Wages & benefits', 'Substantiated', NULL, '35', 'Y',
   'the first case again');

-- the mapping: the platform's words to hredd's (the category to a topic
-- code: a table of the user's, here inline)
CREATE TABLE grv_topic (category text PRIMARY KEY, topic text);
INSERT INTO grv_topic VALUES ('Wages & benefits', 'WAGES'), ('Harassment', 'DISCRIMINATION_HARASSMENT_GBV'),
                             ('Health & safety', 'OSH'), ('Working hours', 'WORKING_HOURS');
CREATE VIEW grv_evidence AS
SELECT x.factory_id AS facility_ref, coalesce(t.topic, 'unmapped: ' || x.category) AS topic, 'grievance' AS kind,
       grievance_status(x.status) AS status, x.incident_date AS observed_on, x.date_received AS received_on,
       x.resolved_date AS resolved_on, x.case_id AS case_ref, lower(x.channel) AS channel,
       x.workers_affected AS workers_concerned, x.anonymous, 'helpline export 2025-04' AS source,
       x.summary AS detail, '2025-05-01 12:00+00' AS reported_at
FROM grv_export x LEFT JOIN grv_topic t ON t.category = x.category;

SELECT * FROM load_evidence('grv_evidence');
SELECT case_ref, facility_ref, topic, status, observed_on, received_on, resolved_on, channel, workers_concerned, anonymous
FROM evidence WHERE source = 'helpline export 2025-04' ORDER BY case_ref;
-- (the evidence id depends on the tests before)
SELECT raw->>'case_ref' AS case_ref, reason, regexp_replace(detail, 'evidence [0-9]+$', 'evidence N') AS detail
FROM evidence_rejected WHERE source = 'public.grv_evidence'
ORDER BY raw->>'case_ref', rejected_id;

-- a direct write: a blank channel is no channel
INSERT INTO evidence (facility_ref, topic, kind, status, observed_on, source, case_ref, channel, received_on,
                      workers_concerned, anonymous)
VALUES ('F-303', 'FORCED_LABOUR', 'grievance', 'grounded', '2025-05-01', 'helpline direct', 'HL-0100', ' ', '2025-05-02', 12, true)
RETURNING case_ref, channel IS NULL AS blank_channel_is_null, workers_concerned, anonymous;

-- the same checks on a direct write, with their exact messages
INSERT INTO evidence (facility_ref, topic, kind, observed_on, source, workers_concerned)
VALUES ('F-1', 'WAGES', 'grievance', '2025-01-01', 'x', -1);
INSERT INTO evidence (facility_ref, topic, kind, observed_on, source, received_on)
VALUES ('F-1', 'WAGES', 'grievance', '2025-01-10', 'x', '2025-01-09');
INSERT INTO evidence (facility_ref, topic, kind, observed_on, source, received_on, resolved_on)
VALUES ('F-1', 'WAGES', 'grievance', '2025-01-10', 'x', '2025-01-12', '2025-01-11');
INSERT INTO evidence (facility_ref, topic, kind, observed_on, source, resolved_on)
VALUES ('F-1', 'WAGES', 'grievance', '2025-01-10', 'x', '2025-01-09');
INSERT INTO evidence (facility_ref, topic, kind, observed_on, source, received_on, reported_at)
VALUES ('F-1', 'WAGES', 'grievance', '2025-01-10', 'x', '2025-02-01', '2025-01-20');
-- the case's progress is an update of its row, checked the same way
UPDATE evidence SET status = 'resolved', resolved_on = '2025-03-28' WHERE source = 'helpline export 2025-04' AND case_ref = 'HL-0001'
RETURNING case_ref, status, resolved_on;
UPDATE evidence SET resolved_on = '2025-02-01' WHERE source = 'helpline export 2025-04' AND case_ref = 'HL-0001';
-- (later tests in the same database read no grievance of this one)
DELETE FROM evidence WHERE source IN ('helpline export 2025-04', 'helpline direct');
