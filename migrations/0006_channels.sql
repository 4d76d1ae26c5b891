-- Channels (webhook, mail): each is sent once per report, and one that
-- succeeded is not sent again because the other failed. A report is
-- `delivered` once every channel of its organisation has its time here.
-- Reports delivered before channels existed went by webhook.
ALTER TABLE reports ADD COLUMN webhook_sent_at TEXT;   -- RFC 3339, once the endpoint answered 2xx
ALTER TABLE reports ADD COLUMN mail_sent_at TEXT;      -- RFC 3339, once the mail was accepted for sending
UPDATE reports SET webhook_sent_at = delivered_at WHERE status = 'delivered';

-- Case notices per channel: the webhook's row keeps its id
-- ({report}.{sequence}); a reminder by mail is a row of its own
-- ({report}.{sequence}.mail), so each is sent, retried and given up apart.
ALTER TABLE case_notices ADD COLUMN channel TEXT NOT NULL DEFAULT 'webhook'
  CHECK (channel IN ('webhook', 'mail'));
