-- The facts counted before 0023: the unit their dossier is at.
UPDATE statistics_facts SET unit_code = COALESCE((SELECT d.unit_code FROM dossiers d WHERE d.id = statistics_facts.dossier_id), '');
-- The statistics' catch-up reads the ratings changed since it last looked.
CREATE INDEX ratings_by_change ON ratings (updated_at);
