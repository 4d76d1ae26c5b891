-- When the reminder of information promised to Datatilsynet in a
-- follow-up is due (brud_case::notice::follow_up_reminder_at: 09.00
-- Copenhagen time the day before the promised date), written with each
-- event like the other columns, so the scheduled run finds the few cases
-- that may need one without reading any log. Rows written before it have
-- none: the next event on such a case writes it.
ALTER TABLE cases ADD COLUMN follow_up_due_at INTEGER;     -- Unix ms

CREATE INDEX cases_follow_up_due ON cases (follow_up_due_at) WHERE follow_up_due_at IS NOT NULL;
