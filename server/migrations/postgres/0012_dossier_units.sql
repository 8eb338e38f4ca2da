-- A dossier's units (issue 11): the unit that took it in (the commune's
-- People's Committee, the province's service centre) and the unit that
-- handles it now, with its name as it was then. Empty for dossiers filed
-- before units existed: those stay with their catalogue agency.
ALTER TABLE dossiers ADD COLUMN receiving_unit TEXT;
ALTER TABLE dossiers ADD COLUMN unit_code TEXT;
ALTER TABLE dossiers ADD COLUMN unit_name TEXT NOT NULL DEFAULT '';
CREATE INDEX dossiers_by_unit ON dossiers (unit_code, status, due_date);
CREATE INDEX dossiers_by_receiving_unit ON dossiers (receiving_unit, status, due_date);

-- Officers' grants to units, with their role there: receiving (one-stop
-- counter), specialist, leader (signs), unit administrator.
CREATE TABLE unit_grants (
    user_id BIGINT NOT NULL REFERENCES users (id),
    unit_code TEXT NOT NULL REFERENCES units (code),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, unit_code, role)
);

-- The unit grants of a person by personal ID, applied at each sign-in
-- (JSON: [{"unit": "X00004", "role": "receiving"}]).
ALTER TABLE role_grants ADD COLUMN units TEXT NOT NULL DEFAULT '[]';
