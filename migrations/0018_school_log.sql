-- The school's own signed log (brud_case::school_log): what is decided for
-- the school rather than one case, today the board's approval of a year's
-- control report. Each entry's canonical JSON, its link and the log key's
-- signature of the school's head at it, as a case's events are kept.
CREATE TABLE school_log (
  org TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  entry TEXT NOT NULL,
  hash TEXT NOT NULL,
  signature TEXT,
  PRIMARY KEY (org, sequence)
);
-- An approval keeps the report exactly as approved (its JSON, whose SHA-256
-- is the approval's) and its entry in the school's log. Approvals recorded
-- before keep only the hash.
ALTER TABLE control_approvals ADD COLUMN report TEXT;
ALTER TABLE control_approvals ADD COLUMN log_sequence INTEGER;
-- The control facts now name the decisions that go against a case's own
-- assessment, and a processor's clock: every row's facts are made again
-- from its log. Until the scheduled run has made a year's, its report is
-- made from the logs (as for rows from before facts were kept).
UPDATE cases SET control = NULL, control_class = NULL, control_listed = 1;
CREATE INDEX cases_without_facts ON cases (report_id) WHERE control IS NULL;
