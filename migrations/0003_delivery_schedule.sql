-- When the next delivery attempt of a pending report is due, and until when
-- an attempt under way holds the report (Unix milliseconds). The scheduled
-- sweep queues again what is overdue and not held, so a report stored but
-- never queued, or a retry the queue lost, is delivered without the client's
-- help; the hold keeps a sweep and a queue message from sending the same
-- report at the same time. Rows from before count as due now and not held.
ALTER TABLE reports ADD COLUMN next_attempt_at INTEGER;
ALTER TABLE reports ADD COLUMN held_until INTEGER;

CREATE INDEX reports_pending_due ON reports (status, next_attempt_at);
