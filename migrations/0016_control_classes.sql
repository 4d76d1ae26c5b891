-- The control report counts a year's cases by class instead of reading
-- each case's facts (brud_case::control::ControlClass): each row keeps its
-- class (JSON), whether the report names it and so reads its facts whole
-- (control_listed), and its minutes from awareness to notification (the
-- median is read from the middle of those), all written with the row as
-- events are recorded. Rows written before have no class and count as
-- named (so the report sees them): it reads the year whole while any has
-- none, and the scheduled run gives them theirs from their facts.
ALTER TABLE cases ADD COLUMN control_class TEXT;
ALTER TABLE cases ADD COLUMN control_listed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN notify_minutes INTEGER;
-- The year counted by class from the index alone.
DROP INDEX cases_org_year_control;
CREATE INDEX cases_org_year_class ON cases (org, year, control_class);
-- The cases read whole: named by the report, or without a class yet.
CREATE INDEX cases_org_year_listed ON cases (org, year, reference)
  WHERE control_listed = 1;
-- The median's window, read in order.
CREATE INDEX cases_org_year_minutes ON cases (org, year, notify_minutes)
  WHERE notify_minutes IS NOT NULL;
-- The scheduled run's question: rows with facts and no class.
CREATE INDEX cases_unclassed ON cases (report_id)
  WHERE control_class IS NULL AND control IS NOT NULL;
