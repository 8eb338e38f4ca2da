-- People, their sessions, and the keys behind logins.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    personal_id TEXT NOT NULL,
    full_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    account_type TEXT NOT NULL,
    loa BIGINT NOT NULL,
    tax_code TEXT,
    role TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    preferred_lang TEXT NOT NULL DEFAULT 'vi',
    notify_email BIGINT NOT NULL DEFAULT 0,
    notify_sms BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (issuer, subject)
);

-- Officers and administrators are appointed by the portal, not by the
-- identity provider: grants by personal ID, applied at each login.
CREATE TABLE role_grants (
    personal_id TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    agencies TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE user_agencies (
    user_id BIGINT NOT NULL REFERENCES users (id),
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    PRIMARY KEY (user_id, agency_id)
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    csrf TEXT NOT NULL,
    id_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    ended_at BIGINT
);

-- A login in progress: state, nonce and PKCE verifier, used once.
CREATE TABLE auth_requests (
    state TEXT PRIMARY KEY,
    nonce TEXT NOT NULL,
    verifier TEXT NOT NULL,
    return_to TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Keys that sign session cookies; the newest signs, all verify, so a new
-- key can be added without logging anyone out.
CREATE TABLE session_keys (
    kid TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- The built-in SSO stand-in's signing key, kept across restarts.
CREATE TABLE sso_keys (
    kid TEXT PRIMARY KEY,
    private_pem TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
