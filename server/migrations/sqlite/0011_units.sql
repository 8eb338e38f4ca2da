-- The province's concrete units (issue 11): the People's Committee of each
-- commune, ward and special zone, the provincial People's Committee, its
-- public-administration service centre and its departments. A unit is
-- never deleted: a rename or merge ends it (valid_to, merged_into) and
-- its history stays under the old name.
CREATE TABLE units (
    code TEXT PRIMARY KEY,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    -- commune | province | centre | department
    level TEXT NOT NULL,
    parent_code TEXT,
    -- For a commune's People's Committee: the 2025 commune it governs.
    commune_code TEXT,
    address TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    hours TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    merged_into TEXT
);
CREATE INDEX units_by_commune ON units (commune_code);

-- Which units receive and which process a procedure, where an
-- administrator corrected the rule (a catalogue agency is a role: "Ủy ban
-- nhân dân cấp xã" is every commune unit). A procedure with rows here is
-- served by exactly these units.
CREATE TABLE procedure_units (
    procedure_code TEXT NOT NULL,
    unit_code TEXT NOT NULL REFERENCES units (code),
    receives BIGINT NOT NULL,
    processes BIGINT NOT NULL,
    PRIMARY KEY (procedure_code, unit_code)
);
