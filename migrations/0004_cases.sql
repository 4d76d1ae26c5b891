-- The case file: every accepted report opens a case, whose state is an
-- append-only log of events (shared/src/case). Reports are untouched.

-- The log. Rows are only ever inserted (and, at the end of the retention
-- period, deleted with their case). `event` is the event's canonical JSON,
-- the text `hash` covers: SHA-256 of the previous event's hash, a line
-- feed and `event` (shared/src/case/chain.rs). The primary key makes two
-- writers of the same next sequence number collide: the second gets 409.
CREATE TABLE case_events (
  report_id       TEXT NOT NULL,
  sequence        INTEGER NOT NULL,
  event           TEXT NOT NULL,
  hash            TEXT NOT NULL,
  -- The desk's own id for the event: a retried POST finds it and gets the
  -- stored event back instead of recording it twice.
  client_event_id TEXT,
  PRIMARY KEY (report_id, sequence)
);

CREATE UNIQUE INDEX case_events_client_event_id
  ON case_events (report_id, client_event_id) WHERE client_event_id IS NOT NULL;

-- One row per case for the register's list and exports, rewritten with
-- every event: what the log says, kept where a list of thousands of cases
-- can be read without replaying every log. Never the source of truth.
CREATE TABLE cases (
  report_id   TEXT PRIMARY KEY,
  org         TEXT NOT NULL,
  year        INTEGER NOT NULL,
  reference   TEXT NOT NULL,
  sequence    INTEGER NOT NULL,
  status      TEXT NOT NULL,          -- open | closed
  risk        TEXT NOT NULL,          -- none | risk | high
  deadline_at REAL,                   -- Unix ms; NULL without a deadline
  outstanding INTEGER NOT NULL,       -- 1: Datatilsynet must still be notified
  reminders   TEXT NOT NULL,          -- the reminders sent, space-separated
  closed_at   REAL,                   -- Unix ms while closed
  contact_erased INTEGER NOT NULL DEFAULT 0,
  search      TEXT NOT NULL,          -- lowercased text for the free-text search
  summary     TEXT NOT NULL,          -- the list row (CaseSummary JSON)
  register    TEXT NOT NULL,          -- the register row (JSON array, HEADERS order)
  UNIQUE (org, reference)
);

CREATE INDEX cases_org_list ON cases (org, status, deadline_at);
CREATE INDEX cases_org_year ON cases (org, year);
-- The scheduled handler's questions: outstanding notifications by deadline,
-- closed cases by closing time.
CREATE INDEX cases_outstanding ON cases (outstanding, deadline_at);
CREATE INDEX cases_closed ON cases (closed_at) WHERE closed_at IS NOT NULL;

-- What is left of a case deleted at the end of its retention period: that
-- it existed, when it was deleted and the last link of its chain.
CREATE TABLE deleted_cases (
  report_id  TEXT PRIMARY KEY,
  org        TEXT NOT NULL,
  reference  TEXT NOT NULL,
  deleted_at TEXT NOT NULL,
  events     INTEGER NOT NULL,
  last_hash  TEXT NOT NULL
);
