-- The officers' queues are filtered, counted and paged in SQL. Searching by
-- name "with or without tones" needs the folded text in a column
-- (app::text::fold of the code and the applicant's name); rows written
-- before this column are filled by the server at start.
ALTER TABLE dossiers ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
CREATE INDEX dossiers_agency_due ON dossiers (agency_id, due_date, code);
