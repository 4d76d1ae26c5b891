-- The board's control report (brud_case::control). Each case's control
-- facts (JSON, ControlFacts), written with its row as events are
-- recorded, so the year's report reads rows instead of replaying logs;
-- rows written before have none and are rebuilt from their logs when the
-- report is asked for. And the board's approvals of a year's report: who
-- recorded it, when (Unix ms), the hash of the report approved, the note.
ALTER TABLE cases ADD COLUMN control TEXT;
CREATE TABLE control_approvals (
  org TEXT NOT NULL,
  year INTEGER NOT NULL,
  approved_at INTEGER NOT NULL,
  approved_by TEXT NOT NULL,
  report_sha256 TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX control_approvals_org ON control_approvals (org, approved_at);
