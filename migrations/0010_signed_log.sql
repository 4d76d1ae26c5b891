-- The log key's signatures (brud_case::chain): each event's signature of
-- the case's head at it ("key.value"), and the newest signed head kept on
-- the case (JSON), so that an event edited or removed from outside D1 is
-- named by verification even when every hash was computed again. Events
-- stored before have none and verify as unsigned.
ALTER TABLE case_events ADD COLUMN signature TEXT;
ALTER TABLE cases ADD COLUMN log_head TEXT;
