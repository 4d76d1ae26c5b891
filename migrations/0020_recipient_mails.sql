-- The DPO's "new case" mails, capped per recipient and period
-- (brud_case::flood::RecipientCap): one row per recipient and notice, so a
-- retry of the same notice keeps the decision it had, and a DPO shared by
-- several schools counts once whichever school the case is at. A held mail
-- is named in the recipient's one summary once the period is over.
-- Staff addresses and references only, never a report's content.
CREATE TABLE recipient_mails (
  recipient TEXT NOT NULL,      -- lower-cased address
  notice_id TEXT NOT NULL,      -- the notice's outbox id
  period INTEGER NOT NULL,      -- the cap's window number (MailCap::window_of)
  org TEXT NOT NULL,
  reference TEXT NOT NULL,
  held INTEGER NOT NULL,        -- 1: not mailed, for the summary
  PRIMARY KEY (recipient, notice_id)
);
CREATE INDEX recipient_mails_by_period ON recipient_mails (recipient, period, held);
CREATE TABLE recipient_summaries (
  recipient TEXT NOT NULL,
  period INTEGER NOT NULL,
  summary_at INTEGER,           -- Unix ms, while claimed or once sent
  PRIMARY KEY (recipient, period)
);
