-- The procedure catalogue: agencies as records of their own, fields, procedures.
CREATE TABLE agencies (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    level TEXT NOT NULL,
    province_code TEXT
);

CREATE TABLE fields (
    slug TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE procedures (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    field_slug TEXT NOT NULL REFERENCES fields (slug),
    levels TEXT NOT NULL,
    subjects TEXT NOT NULL,
    subject_kinds TEXT NOT NULL,
    procedure_type TEXT NOT NULL,
    decision_no TEXT NOT NULL,
    issuing_body TEXT NOT NULL,
    agency_id INTEGER NOT NULL REFERENCES agencies (id),
    competent_agency_id INTEGER REFERENCES agencies (id),
    receiving_address TEXT NOT NULL,
    channels TEXT NOT NULL,
    dossier TEXT NOT NULL,
    steps TEXT NOT NULL,
    requirements TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    results TEXT NOT NULL,
    has_detail INTEGER NOT NULL,
    national_url TEXT NOT NULL,
    source TEXT NOT NULL,
    service_level TEXT NOT NULL,
    service_level_source TEXT NOT NULL DEFAULT 'rule',
    popularity INTEGER NOT NULL DEFAULT 0,
    views INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX procedures_field ON procedures (field_slug);
CREATE INDEX procedures_agency ON procedures (agency_id);
