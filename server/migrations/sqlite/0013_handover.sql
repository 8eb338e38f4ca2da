-- Hand-overs inside the agency (issue 11): the role the officer holding a
-- dossier has in its unit, so "who handles it now" reads as a role where
-- names are hidden; and the unit and role an officer acted in, on every
-- audit entry, so an applicant can see which unit opened their dossier.
ALTER TABLE dossiers ADD COLUMN handler_role TEXT NOT NULL DEFAULT '';
CREATE INDEX dossiers_by_handler ON dossiers (handler_user_id, status);
ALTER TABLE audit_log ADD COLUMN unit_code TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN role TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_by_dossier ON audit_log (dossier_code, at);
