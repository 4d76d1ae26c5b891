-- A random salt per report for the reporter's contact hash in the case's
-- opening event (brud_case::contact_hash: HMAC-SHA256 keyed by it), so
-- nobody can confirm who reported by hashing staff names; retention erases
-- it with the contact. Reports stored before it have none: their cases
-- keep the plain hash they were opened with.
ALTER TABLE reports ADD COLUMN contact_salt TEXT;
