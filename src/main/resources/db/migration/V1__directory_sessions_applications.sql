-- Signet schema v1. Portable SQL: runs on PostgreSQL and on H2 in PostgreSQL mode.
-- Times are TIMESTAMP WITH TIME ZONE in UTC; IDs are UUIDs so that several nodes can create rows.

CREATE TABLE instance_state (
    state_key   VARCHAR(100) PRIMARY KEY,
    state_value VARCHAR(4000) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE users (
    id             UUID PRIMARY KEY,
    username       VARCHAR(150) NOT NULL,
    -- lower-cased username: case-insensitive uniqueness without expression indexes (H2 has none)
    username_key   VARCHAR(150) NOT NULL,
    email          VARCHAR(320),
    display_name   VARCHAR(200),
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    is_admin       BOOLEAN NOT NULL DEFAULT FALSE,
    attributes     TEXT NOT NULL DEFAULT '{}',
    password_hash  VARCHAR(512),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_login_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT users_username_key_unique UNIQUE (username_key)
);

CREATE TABLE user_groups (
    id          UUID PRIMARY KEY,
    name        VARCHAR(150) NOT NULL,
    name_key    VARCHAR(150) NOT NULL,
    attributes  TEXT NOT NULL DEFAULT '{}',
    parent_id   UUID REFERENCES user_groups (id) ON DELETE SET NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT user_groups_name_key_unique UNIQUE (name_key)
);

CREATE TABLE group_members (
    group_id   UUID NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    user_id    UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user_idx ON group_members (user_id);

CREATE TABLE applications (
    id           UUID PRIMARY KEY,
    slug         VARCHAR(64) NOT NULL,
    name         VARCHAR(200) NOT NULL,
    description  VARCHAR(2000),
    icon_url     VARCHAR(2000),
    launch_url   VARCHAR(2000),
    access_mode  VARCHAR(20) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT applications_slug_unique UNIQUE (slug)
);

CREATE TABLE application_groups (
    application_id UUID NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    group_id       UUID NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    PRIMARY KEY (application_id, group_id)
);

-- SSO sessions. The cookie carries a random token; only its SHA-256 is stored,
-- so a copy of the database does not hand out live sessions.
CREATE TABLE sso_sessions (
    id              UUID PRIMARY KEY,
    token_hash      VARCHAR(64) NOT NULL,
    user_id         UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    auth_instant    TIMESTAMP WITH TIME ZONE NOT NULL,
    auth_method     VARCHAR(50) NOT NULL,
    client_address  VARCHAR(100),
    user_agent      VARCHAR(500),
    CONSTRAINT sso_sessions_token_unique UNIQUE (token_hash)
);
CREATE INDEX sso_sessions_user_idx ON sso_sessions (user_id);
CREATE INDEX sso_sessions_expiry_idx ON sso_sessions (expires_at);

CREATE TABLE api_tokens (
    id            UUID PRIMARY KEY,
    name          VARCHAR(100) NOT NULL,
    token_hash    VARCHAR(64) NOT NULL,
    user_id       UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_tokens_token_unique UNIQUE (token_hash)
);

-- One row per failed login, keyed by "user:<name>" and "addr:<ip>"; counted over a sliding window.
CREATE TABLE login_failures (
    id            UUID PRIMARY KEY,
    throttle_key  VARCHAR(200) NOT NULL,
    failed_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX login_failures_key_idx ON login_failures (throttle_key, failed_at);

CREATE TABLE audit_events (
    id              UUID PRIMARY KEY,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    event_type      VARCHAR(60) NOT NULL,
    outcome         VARCHAR(20) NOT NULL,
    actor_user_id   UUID,
    actor_username  VARCHAR(150),
    subject_user_id UUID,
    subject_username VARCHAR(150),
    client_address  VARCHAR(100),
    user_agent      VARCHAR(500),
    request_id      VARCHAR(64),
    detail          TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_events_time_idx ON audit_events (occurred_at);
CREATE INDEX audit_events_subject_idx ON audit_events (subject_user_id);
CREATE INDEX audit_events_type_idx ON audit_events (event_type, occurred_at);
