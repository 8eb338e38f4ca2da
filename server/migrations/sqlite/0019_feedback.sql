-- Feedback and petitions (phản ánh, kiến nghị; issue 12): what a signed-in
-- person sent, the unit it was routed to, its state and the day its answer
-- is due, and every step as an event.
CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    dossier_id BIGINT REFERENCES dossiers (id),
    procedure_code TEXT,
    unit_code TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    state BIGINT NOT NULL,
    publish BIGINT NOT NULL,
    received_at BIGINT NOT NULL,
    due_date TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    info_asked BIGINT NOT NULL DEFAULT 0,
    reopened BIGINT NOT NULL DEFAULT 0,
    -- The unit's answer, when it was given, and why one was not taken up.
    answer TEXT NOT NULL DEFAULT '',
    answered_at BIGINT,
    refusal TEXT NOT NULL DEFAULT '',
    duplicate_of TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    UNIQUE (user_id, idempotency_key)
);
CREATE INDEX feedback_by_unit ON feedback (unit_code, state);
CREATE INDEX feedback_by_user ON feedback (user_id, received_at);

CREATE TABLE feedback_events (
    id INTEGER PRIMARY KEY,
    feedback_id BIGINT NOT NULL REFERENCES feedback (id),
    at BIGINT NOT NULL,
    from_state BIGINT,
    state BIGINT NOT NULL,
    action TEXT NOT NULL,
    actor_user_id BIGINT,
    actor_unit TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX feedback_events_by_feedback ON feedback_events (feedback_id, at);

-- Documents of the sender's store sent with it.
CREATE TABLE feedback_attachments (
    feedback_id BIGINT NOT NULL REFERENCES feedback (id),
    document_id TEXT NOT NULL REFERENCES documents (id),
    PRIMARY KEY (feedback_id, document_id)
);
