-- Feedback, second part (issue 12): the sender's rating of the answer,
-- re-routing by the coordinating office, answers a leader approves, the
-- unit's answer templates, and what is published after redaction.

-- Satisfied (1) or not (0), and why; set once, after an answer.
ALTER TABLE feedback ADD COLUMN rating BIGINT;
ALTER TABLE feedback ADD COLUMN rating_note TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback ADD COLUMN rated_at BIGINT;
-- The procedure's field (lĩnh vực, its slug) when it is about one: a
-- public filter.
ALTER TABLE feedback ADD COLUMN field TEXT NOT NULL DEFAULT '';
-- Bumped by every step: two steps taken at once cannot both land.
ALTER TABLE feedback ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
-- For a re-routing: the unit it went to.
ALTER TABLE feedback_events ADD COLUMN to_unit TEXT NOT NULL DEFAULT '';
-- An answer written for a leader to approve, and who wrote it.
ALTER TABLE feedback ADD COLUMN draft_answer TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback ADD COLUMN draft_by BIGINT;

-- Whether the unit's answers go out only once a leader approved them.
ALTER TABLE units ADD COLUMN feedback_approval BIGINT NOT NULL DEFAULT 0;

-- What a notification is about: a dossier, or a feedback (its code is in
-- dossier_code and its state in status).
ALTER TABLE notifications ADD COLUMN topic TEXT NOT NULL DEFAULT 'dossier';

-- A unit's answer templates.
CREATE TABLE feedback_templates (
    id INTEGER PRIMARY KEY,
    unit_code TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX feedback_templates_by_unit ON feedback_templates (unit_code);

-- What the public reads: the question and the answer as redacted and
-- approved for publication, never the stored originals. `seq` orders what
-- the search index has already taken.
CREATE TABLE feedback_published (
    seq INTEGER PRIMARY KEY,
    feedback_id BIGINT NOT NULL UNIQUE REFERENCES feedback (id),
    code TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    unit_name TEXT NOT NULL,
    field TEXT NOT NULL,
    field_name TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    answer TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    answered_at BIGINT NOT NULL,
    published_at BIGINT NOT NULL,
    published_by BIGINT NOT NULL
);
CREATE INDEX feedback_published_by_procedure ON feedback_published (procedure_code, published_at);
