-- The register's list by deadline (open cases first, each by deadline,
-- soonest first and none last, then by reference) read from an index
-- written as the list's ORDER BY is, so one school's first page reads its
-- 50 entries instead of sorting every case of the school (with 100,000
-- cases: ~150 ms of sorting per page). The newest-first order has its
-- index since 0007 (cases_org_newest).
CREATE INDEX cases_org_deadline_order
  ON cases (org, status <> 'open', deadline_at IS NULL, deadline_at, reference);

-- The year's control report reads each case's control facts (a few
-- hundred bytes of JSON) and nothing else of the row: kept in an index
-- with the school and year, it is read from the index alone instead of
-- from every row (whose summary, register and search text are kilobytes).
CREATE INDEX cases_org_year_control ON cases (org, year, control);
