-- Officers' processing, tracking, notifications and ratings.

-- What the state machine and the clock need to know of each dossier.
ALTER TABLE dossiers ADD COLUMN limit_days BIGINT NOT NULL DEFAULT 15;
ALTER TABLE dossiers ADD COLUMN limit_calendar BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN original_due_date TEXT NOT NULL DEFAULT '';
ALTER TABLE dossiers ADD COLUMN supplement_used BIGINT NOT NULL DEFAULT 0;
ALTER TABLE dossiers ADD COLUMN supplement_items TEXT NOT NULL DEFAULT '[]';
ALTER TABLE dossiers ADD COLUMN supplement_asked_at BIGINT;
ALTER TABLE dossiers ADD COLUMN resume_status BIGINT;
-- The officer handling the dossier now.
ALTER TABLE dossiers ADD COLUMN handler_user_id BIGINT;
ALTER TABLE dossiers ADD COLUMN handler_name TEXT NOT NULL DEFAULT '';
-- When the result was ready (status 9), for the on-time decision.
ALTER TABLE dossiers ADD COLUMN ready_at BIGINT;
ALTER TABLE dossiers ADD COLUMN result_document_id TEXT;
ALTER TABLE dossiers ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX dossiers_by_agency ON dossiers (agency_id, status, due_date);

ALTER TABLE dossier_events ADD COLUMN from_status BIGINT;
ALTER TABLE dossier_events ADD COLUMN actor_name TEXT NOT NULL DEFAULT '';
ALTER TABLE dossier_events ADD COLUMN details TEXT NOT NULL DEFAULT '';

-- A result file an officer has uploaded for a dossier, attached to the
-- applicant's document store when the dossier is finished.
CREATE TABLE result_uploads (
    dossier_id BIGINT PRIMARY KEY REFERENCES dossiers (id),
    sha256 TEXT NOT NULL REFERENCES blobs (sha256),
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    uploaded_by BIGINT NOT NULL,
    at BIGINT NOT NULL
);

-- Every officer action, for administrators.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_user_id BIGINT NOT NULL,
    actor_name TEXT NOT NULL,
    agency_id BIGINT,
    action TEXT NOT NULL,
    dossier_code TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log (at);

-- In-app notifications: the badge and the list.
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    dossier_code TEXT NOT NULL,
    status BIGINT NOT NULL,
    action TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_by_user ON notifications (user_id, created_at);

-- Mail waiting to go: written in the same transaction as the change it
-- reports, worked by a background task, so nothing is lost and nothing is
-- sent twice.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    sent_at BIGINT,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);

-- Satisfaction with the service, once per dossier, changeable for a while.
CREATE TABLE ratings (
    dossier_id BIGINT PRIMARY KEY REFERENCES dossiers (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    agency_id BIGINT,
    procedure_code TEXT NOT NULL,
    overall BIGINT NOT NULL,
    convenience BIGINT,
    punctuality BIGINT,
    attitude BIGINT,
    contacts BIGINT,
    clarity BIGINT,
    comment TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX ratings_by_agency ON ratings (agency_id);

-- The one-question rating of the online form, right after submission.
CREATE TABLE form_ratings (
    dossier_id BIGINT PRIMARY KEY REFERENCES dossiers (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    procedure_code TEXT NOT NULL,
    score BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
