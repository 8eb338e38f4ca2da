-- Dossiers taken in at the counter or from the post: an officer fills the
-- e-form for the person (`for_user`; 0 is a person's own draft), one draft
-- per officer, procedure and person.
ALTER TABLE drafts ADD COLUMN for_user BIGINT NOT NULL DEFAULT 0;
ALTER TABLE drafts ADD COLUMN channel BIGINT NOT NULL DEFAULT 2;
ALTER TABLE drafts ADD COLUMN postal_in TEXT NOT NULL DEFAULT '';
DROP INDEX drafts_one_per_procedure;
CREATE UNIQUE INDEX drafts_one_per_procedure ON drafts (user_id, procedure_code, for_user);

-- The postal item number a dossier arrived with, and the officer who
-- filed it for the person (NULL: the person filed it online).
ALTER TABLE dossiers ADD COLUMN postal_in TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN filed_by BIGINT REFERENCES users (id);

-- Each component a dossier was filed with and whether it was digitised
-- (an e-copy kept) or taken in on paper only: a national indicator.
CREATE TABLE dossier_components (
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    field TEXT NOT NULL,
    component TEXT NOT NULL,
    digitised BIGINT NOT NULL,
    PRIMARY KEY (dossier_id, field)
);
