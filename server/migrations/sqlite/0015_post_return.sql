-- A result returned by post (issue 11): the postal item number the officer
-- recorded, which the applicant sees.
ALTER TABLE dossiers ADD COLUMN return_tracking TEXT NOT NULL DEFAULT '';
