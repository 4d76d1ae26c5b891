-- The list's newest-first order from a column an index serves (it sorted
-- by the received time inside the summary JSON, which no index can), and
-- the reminders sent as bits (brud_shared::case::Reminder::bit: 1 the 24-hour
-- one, 2 the 6-hour one, 4 the overdue one) instead of names in a text
-- searched with instr.
ALTER TABLE cases ADD COLUMN opened_at INTEGER;            -- Unix ms, the report received
ALTER TABLE cases ADD COLUMN reminded INTEGER NOT NULL DEFAULT 0;

UPDATE cases SET opened_at =
  CAST(round((julianday(json_extract(summary, '$.opened_at')) - 2440587.5) * 86400000) AS INTEGER);
UPDATE cases SET reminded =
  (CASE WHEN instr(reminders, 'approaching24h') > 0 THEN 1 ELSE 0 END)
  | (CASE WHEN instr(reminders, 'approaching6h') > 0 THEN 2 ELSE 0 END)
  | (CASE WHEN instr(reminders, 'overdue') > 0 THEN 4 ELSE 0 END);

ALTER TABLE cases DROP COLUMN reminders;

CREATE INDEX cases_org_newest ON cases (org, opened_at DESC);
