-- Reports held instead of refused: a valid report that arrived beyond its
-- client's rate limit or its school's ceiling is kept here, whole, with no
-- case, no number, no mail and no webhook, until the school's DPO opens it
-- as a case (it then gets its reference, and the 72 hours run from the
-- report's time of awareness as always) or discards it. Bounded per school
-- by the Worker (HELD_MAX); beyond that the answer is 429.
CREATE TABLE held_reports (
  id TEXT PRIMARY KEY,          -- the client's report id
  org TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,    -- of the canonical report JSON
  report TEXT NOT NULL,         -- canonical report JSON
  received_ms INTEGER NOT NULL, -- when it arrived, Unix ms
  why TEXT NOT NULL CHECK (why IN ('client', 'school'))
);
CREATE INDEX held_reports_by_org ON held_reports (org, received_ms);
