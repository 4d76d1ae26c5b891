-- The register's list by deadline (open cases first, each by deadline,
-- soonest first and none last, then by reference) read from an index
-- written as the list's ORDER BY is, so one school's first page reads its
-- 50 entries instead of sorting every case of the school (with 100,000
-- cases: ~150 ms of sorting per page). The newest-first order has its
-- index since 0007 (cases_org_newest).
CREATE INDEX cases_org_deadline_order
  ON cases (org, status <> 'open', deadline_at IS NULL, deadline_at, reference);
