-- Whether the delivery job was handed to the queue. A report stored but not
-- queued (the queue send failed after the insert) is queued again when the
-- client resubmits it. Rows from before this column count as not queued,
-- which at worst queues them once more; delivered ones are skipped.
ALTER TABLE reports ADD COLUMN queued INTEGER NOT NULL DEFAULT 0;
