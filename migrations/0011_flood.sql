-- A flooded form (brud_case::flood). Per organisation and mail period: the
-- breach mails sent and held, and when the one summary of the held ones
-- went (Unix ms). Per organisation and hour: when the DPO was told that
-- the school's ceiling of reports was reached, so it is told once an hour.
-- A report whose mail was held names its period, for the summary.
CREATE TABLE mail_periods (
  org TEXT NOT NULL,
  period INTEGER NOT NULL,        -- the cap's window number (MailCap::window_of)
  sent INTEGER NOT NULL DEFAULT 0,
  held INTEGER NOT NULL DEFAULT 0,
  summary_at INTEGER,             -- Unix ms, once the summary was sent
  PRIMARY KEY (org, period)
);
CREATE TABLE ceiling_alerts (
  org TEXT NOT NULL,
  hour INTEGER NOT NULL,          -- Unix time / 3600
  alerted_at INTEGER NOT NULL,    -- Unix ms
  PRIMARY KEY (org, hour)
);
ALTER TABLE reports ADD COLUMN mail_held_period INTEGER;
CREATE INDEX reports_mail_held ON reports (org, mail_held_period) WHERE mail_held_period IS NOT NULL;
