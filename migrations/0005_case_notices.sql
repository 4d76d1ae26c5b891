-- The case notices waiting for the organisation's endpoint (an outbox):
-- deadline reminders and obligations recorded (shared/src/case/notice.rs).
-- A notice is inserted in the same batch (one transaction) as the event
-- that causes it, so it exists exactly when its event does; it is sent
-- after the commit and retried until it is delivered or given up.
CREATE TABLE case_notices (
  id              TEXT PRIMARY KEY,     -- webhook-id: {report_id}.{sequence}
  report_id       TEXT NOT NULL,
  org             TEXT NOT NULL,
  body            TEXT NOT NULL,        -- the signed JSON; reference and deadline, no report content
  created_at      REAL NOT NULL,        -- Unix ms
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at REAL NOT NULL,        -- Unix ms
  held_until      REAL,                 -- an attempt is sending it until then
  sent_at         REAL,                 -- Unix ms, once the endpoint answered 2xx
  dead            INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT                  -- HTTP status or 'network'/'timeout', never content
);

CREATE INDEX case_notices_due ON case_notices (next_attempt_at) WHERE sent_at IS NULL AND dead = 0;
CREATE INDEX case_notices_case ON case_notices (report_id);
