-- The list reads its order and "overdue" from columns the domain writes
-- with each event (brud_case::summary::CaseSummary: deadline_group,
-- overdue_from, number), not decided again in SQL; each order has an
-- index that holds all of it, so SQLite reads a page in order whatever
-- its planner makes of a bound LIMIT. `outstanding` is gone: the domain's
-- `overdue_from` (the deadline while a notification is owed) says it.
--
-- The register's row becomes an object keyed by the file's own headers
-- (brud_case::register::RegisterRow) without "Fristen", the deadline's
-- state, which depends on the time of reading.

ALTER TABLE cases ADD COLUMN deadline_group INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN overdue_from INTEGER;
ALTER TABLE cases ADD COLUMN number INTEGER NOT NULL DEFAULT 0;

UPDATE cases SET
  deadline_group = (CASE WHEN status = 'open' THEN 0 ELSE 2 END)
                   + (CASE WHEN deadline_at IS NULL THEN 1 ELSE 0 END),
  overdue_from = CASE WHEN outstanding = 1 THEN deadline_at END,
  number = COALESCE((SELECT number FROM reports WHERE reports.id = cases.report_id), 0);

UPDATE cases SET register = json_object(
  'Journalnummer', COALESCE(json_extract(register, '$[0]'), ''),
  'Modtaget', COALESCE(json_extract(register, '$[1]'), ''),
  'Status', COALESCE(json_extract(register, '$[2]'), ''),
  'Hændelse', COALESCE(json_extract(register, '$[3]'), ''),
  'Hvad skete der', COALESCE(json_extract(register, '$[4]'), ''),
  'Årsag', COALESCE(json_extract(register, '$[5]'), ''),
  'Berørte', COALESCE(json_extract(register, '$[6]'), ''),
  'Antal personer', COALESCE(json_extract(register, '$[7]'), ''),
  'Antal registreringer', COALESCE(json_extract(register, '$[8]'), ''),
  'Oplysninger', COALESCE(json_extract(register, '$[9]'), ''),
  'Sandsynlige konsekvenser', COALESCE(json_extract(register, '$[10]'), ''),
  'Risiko', COALESCE(json_extract(register, '$[11]'), ''),
  'Beregnet risiko', COALESCE(json_extract(register, '$[12]'), ''),
  'Tiltag', COALESCE(json_extract(register, '$[13]'), ''),
  'Forebyggelse', COALESCE(json_extract(register, '$[14]'), ''),
  'DPO', COALESCE(json_extract(register, '$[15]'), ''),
  'Frist for anmeldelse', COALESCE(json_extract(register, '$[16]'), ''),
  'Anmeldt til Datatilsynet', COALESCE(json_extract(register, '$[18]'), ''),
  'Datatilsynets journalnummer', COALESCE(json_extract(register, '$[19]'), ''),
  'Begrundelse for forsinkelse', COALESCE(json_extract(register, '$[20]'), ''),
  'Begrundelse for ikke at anmelde', COALESCE(json_extract(register, '$[21]'), ''),
  'De berørte', COALESCE(json_extract(register, '$[22]'), ''),
  'Anmeldelsens omfang', COALESCE(json_extract(register, '$[23]'), ''),
  'Afvist', COALESCE(json_extract(register, '$[24]'), '')
) WHERE json_type(register) = 'array';

DROP INDEX cases_org_deadline_order;
CREATE INDEX cases_org_deadline_group ON cases (org, deadline_group, deadline_at, reference);
DROP INDEX cases_org_newest;
CREATE INDEX cases_org_newest_number ON cases (org, opened_at DESC, number DESC);
DROP INDEX cases_outstanding;
CREATE INDEX cases_overdue_from ON cases (overdue_from) WHERE overdue_from IS NOT NULL;
ALTER TABLE cases DROP COLUMN outstanding;

-- A school's deliveries newest first, of every status (the DPO's view
-- without a filter), in order from an index too.
CREATE INDEX reports_by_org_received ON reports (org, received_at);
