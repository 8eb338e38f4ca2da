-- Where a person lives, as they keep it in their profile (issue 11): the
-- 2025 province and commune codes, empty until given. It picks their
-- commune by default wherever a commune is to be chosen.
ALTER TABLE users ADD COLUMN province_code TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN commune_code TEXT NOT NULL DEFAULT '';
