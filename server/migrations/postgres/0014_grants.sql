-- Grants managed by administrators (issue 11): the name typed with a grant
-- (shown until the person first signs in), an opaque reference the admin
-- page changes a grant by (the personal ID never travels in an address),
-- and when it last changed.
ALTER TABLE role_grants ADD COLUMN full_name TEXT NOT NULL DEFAULT '';
ALTER TABLE role_grants ADD COLUMN ref TEXT NOT NULL DEFAULT '';
ALTER TABLE role_grants ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
-- Filled for older rows at start (`grants::fill_references`).
CREATE INDEX role_grants_by_ref ON role_grants (ref);
