-- A unit's rule for what its counter takes in (issue 11): 1 hands each
-- accepted dossier to the unit's specialist with the fewest open ones.
ALTER TABLE units ADD COLUMN auto_assign BIGINT NOT NULL DEFAULT 0;
