-- The DPO's alert that reports are held waiting on the desk: sent when a
-- school's report is held, at most once an hour per school (the first
-- held report of the hour sends it). A row per school and hour it went.
CREATE TABLE held_alerts (
  org TEXT NOT NULL,
  hour INTEGER NOT NULL,          -- Unix time / 3600
  alerted_at INTEGER NOT NULL,    -- Unix ms
  PRIMARY KEY (org, hour)
);
