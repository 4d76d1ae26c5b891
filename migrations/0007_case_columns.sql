-- The list's newest-first order from a column (it sorted by the received
-- time parsed from each row's summary JSON), with an index for one
-- school's cases newest first (the list's query, which takes several
-- schools at once, does not use it yet: SQLite still sorts), and
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
