-- The personal document store: files kept once by content (SHA-256), and
-- each person's documents pointing at them.
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    size BIGINT NOT NULL,
    media_type TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    sha256 TEXT NOT NULL REFERENCES blobs (sha256),
    -- What the document is, matched to dossier component names where possible.
    kind TEXT NOT NULL DEFAULT '',
    file_name TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, sha256)
);
CREATE INDEX documents_by_user ON documents (user_id, created_at);

-- Which documents a dossier was submitted with, for which component.
CREATE TABLE dossier_documents (
    dossier_id BIGINT NOT NULL REFERENCES dossiers (id),
    field TEXT NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents (id),
    component TEXT NOT NULL,
    PRIMARY KEY (dossier_id, field)
);
CREATE INDEX dossier_documents_by_document ON dossier_documents (document_id);
