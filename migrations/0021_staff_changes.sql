-- The school's roster as the DPO keeps it on the desk (brud_case::roster):
-- the latest change per address, written in the batch that signs it into
-- the school's own log (its entry's sequence beside it). role NULL: removed.
-- The roster in force is config/orgs.toml's with these applied, read on
-- every desk request.
CREATE TABLE staff_changes (
  org TEXT NOT NULL,
  email TEXT NOT NULL,
  role TEXT,
  log_sequence INTEGER NOT NULL,
  PRIMARY KEY (org, email)
);
CREATE INDEX staff_changes_by_email ON staff_changes (email);
