-- One time encoding in D1: every stored time is Unix milliseconds. The
-- reports' times (received, delivered, each channel's sent) and a deleted
-- case's deletion time were RFC 3339 text beside the ms columns of the
-- other tables; they are moved to ms here (text times compared as text,
-- and two encodings to read). The Worker writes RFC 3339 only on the wire.
DROP INDEX reports_by_org_status;

ALTER TABLE reports ADD COLUMN received_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN delivered_ms INTEGER;
ALTER TABLE reports ADD COLUMN webhook_sent_ms INTEGER;
ALTER TABLE reports ADD COLUMN mail_sent_ms INTEGER;

UPDATE reports SET
  received_ms = CAST(round((julianday(received_at) - 2440587.5) * 86400000) AS INTEGER),
  delivered_ms = CAST(round((julianday(delivered_at) - 2440587.5) * 86400000) AS INTEGER),
  webhook_sent_ms = CAST(round((julianday(webhook_sent_at) - 2440587.5) * 86400000) AS INTEGER),
  mail_sent_ms = CAST(round((julianday(mail_sent_at) - 2440587.5) * 86400000) AS INTEGER);

ALTER TABLE reports DROP COLUMN received_at;
ALTER TABLE reports DROP COLUMN delivered_at;
ALTER TABLE reports DROP COLUMN webhook_sent_at;
ALTER TABLE reports DROP COLUMN mail_sent_at;
ALTER TABLE reports RENAME COLUMN received_ms TO received_at;
ALTER TABLE reports RENAME COLUMN delivered_ms TO delivered_at;
ALTER TABLE reports RENAME COLUMN webhook_sent_ms TO webhook_sent_at;
ALTER TABLE reports RENAME COLUMN mail_sent_ms TO mail_sent_at;

CREATE INDEX reports_by_org_status ON reports (org, status, received_at);

ALTER TABLE deleted_cases ADD COLUMN deleted_ms INTEGER NOT NULL DEFAULT 0;
UPDATE deleted_cases SET
  deleted_ms = CAST(round((julianday(deleted_at) - 2440587.5) * 86400000) AS INTEGER);
ALTER TABLE deleted_cases DROP COLUMN deleted_at;
ALTER TABLE deleted_cases RENAME COLUMN deleted_ms TO deleted_at;
