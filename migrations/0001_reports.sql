-- Brud: every accepted report, its reference and its delivery state.
CREATE TABLE reports (
  id                TEXT PRIMARY KEY,                 -- client-generated UUID
  org               TEXT NOT NULL,
  year              INTEGER NOT NULL,                 -- year received, Copenhagen time
  number            INTEGER NOT NULL,                 -- 1, 2, … per org and year, no gaps
  reference         TEXT NOT NULL,                    -- e.g. ZAH-2026-0042
  body_sha256       TEXT NOT NULL,                    -- of the canonical report JSON
  report            TEXT NOT NULL,                    -- canonical report JSON
  assessment        TEXT NOT NULL,                    -- assessment JSON at receipt
  received_at       TEXT NOT NULL,                    -- RFC 3339 UTC
  payload           TEXT,                             -- webhook body, fixed at the first attempt
  status            TEXT NOT NULL DEFAULT 'pending'   -- pending | delivered | dead
                    CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts          INTEGER NOT NULL DEFAULT 0,
  last_error        TEXT,                             -- HTTP status or 'network', never content
  delivered_at      TEXT,
  UNIQUE (org, year, number)
);

CREATE INDEX reports_by_org_status ON reports (org, status, received_at);
