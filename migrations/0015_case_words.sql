-- The register's free-text search reads the cases with a word beginning
-- with what was typed (its longest word) from an index of words, instead
-- of every case's text: with 100,000 cases a search read 100,000 texts
-- (~300 ms). The words are the domain's (`brud_case::summary::search_words`),
-- written in the same transaction as the case's row. A case written before
-- this migration has `words_kept = 0` until the scheduled run (or its next
-- event) keeps its words; until then the search reads its text as before.
CREATE TABLE case_words (
  word      TEXT NOT NULL,
  report_id TEXT NOT NULL,
  PRIMARY KEY (word, report_id)
) WITHOUT ROWID;

CREATE INDEX case_words_by_case ON case_words (report_id);

ALTER TABLE cases ADD COLUMN words_kept INTEGER NOT NULL DEFAULT 0;

CREATE INDEX cases_words_missing ON cases (org) WHERE words_kept = 0;
