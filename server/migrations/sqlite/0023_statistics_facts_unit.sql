-- The unit each dossier was counted at, so the dossiers behind a unit's
-- figure are read by that unit (a dossier moved since is listed where the
-- figures counted it until the next catch-up).
ALTER TABLE statistics_facts ADD COLUMN unit_code TEXT NOT NULL DEFAULT '';
CREATE INDEX statistics_facts_by_unit ON statistics_facts (unit_code);
