-- E-forms, drafts and dossiers.

-- Every version of every e-form ever offered: a dossier points at the one
-- it was filled with, so a later change never rewrites what was declared.
CREATE TABLE form_versions (
    procedure_code TEXT NOT NULL,
    version BIGINT NOT NULL,
    definition TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (procedure_code, version)
);

-- A person's unfinished e-form; removed DRAFT_DAYS after its last change.
CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    procedure_code TEXT NOT NULL,
    form_version BIGINT NOT NULL,
    answers TEXT NOT NULL,
    section TEXT NOT NULL DEFAULT '',
    revision BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX drafts_by_user ON drafts (user_id, updated_at);

CREATE TABLE dossiers (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL,
    agency_id BIGINT,
    agency_name TEXT NOT NULL,
    form_version BIGINT NOT NULL,
    answers TEXT NOT NULL,
    applicant_name TEXT NOT NULL,
    -- DOMAIN.md status codes: 1 submitted ... 10 result returned.
    status BIGINT NOT NULL,
    -- 1 in person, 2 online, 3 by post.
    channel BIGINT NOT NULL,
    delivery TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    due_date TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    UNIQUE (user_id, idempotency_key)
);
CREATE INDEX dossiers_by_user ON dossiers (user_id, received_at);

-- Each step of a dossier: who, when, what, note.
CREATE TABLE dossier_events (
    id INTEGER PRIMARY KEY,
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    at BIGINT NOT NULL,
    status BIGINT NOT NULL,
    action TEXT NOT NULL,
    actor_user_id BIGINT,
    actor_unit TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX dossier_events_by_dossier ON dossier_events (dossier_id, at);

-- The daily sequence in dossier codes (prefix-YYMMDD-NNNN).
CREATE TABLE dossier_sequences (
    prefix TEXT NOT NULL,
    day TEXT NOT NULL,
    last BIGINT NOT NULL,
    PRIMARY KEY (prefix, day)
);
