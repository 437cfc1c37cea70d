-- SAML providers (one per application), the replay cache for AuthnRequest and LogoutRequest IDs,
-- and the SPs each SSO session has signed in to (for single logout).

CREATE TABLE saml_providers (
    application_id           UUID PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    sp_entity_id             VARCHAR(1000) NOT NULL,
    -- JSON list of registered ACS URLs; the first one is the default
    acs_urls                 TEXT NOT NULL,
    acs_binding              VARCHAR(20) NOT NULL,
    issuer                   VARCHAR(1000),
    keypair_id               UUID NOT NULL REFERENCES keypairs (id),
    next_keypair_id          UUID REFERENCES keypairs (id),
    sign_assertion           BOOLEAN NOT NULL,
    sign_response            BOOLEAN NOT NULL,
    signature_algorithm      VARCHAR(30) NOT NULL,
    digest_algorithm         VARCHAR(20) NOT NULL,
    name_id_format           VARCHAR(20) NOT NULL,
    not_before_skew_seconds  INTEGER NOT NULL,
    assertion_validity_seconds INTEGER NOT NULL,
    session_validity_seconds INTEGER NOT NULL,
    default_relay_state      VARCHAR(80),
    sp_certificate_pem       TEXT,
    require_signed_requests  BOOLEAN NOT NULL,
    slo_url                  VARCHAR(2000),
    slo_binding              VARCHAR(20),
    attribute_mappings       TEXT NOT NULL DEFAULT '[]',
    created_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at               TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX saml_providers_keypair_idx ON saml_providers (keypair_id);

-- AuthnRequest/LogoutRequest IDs seen, until they could no longer be accepted: a replay is refused.
-- The key is a SHA-256 over the SP entity ID and the request ID, so its length is bounded.
CREATE TABLE saml_seen_requests (
    request_key  VARCHAR(64) PRIMARY KEY,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX saml_seen_requests_expiry_idx ON saml_seen_requests (expires_at);

-- Which SPs a session has sent assertions to, with what NameID and SessionIndex (for single logout).
-- No foreign key to sso_sessions: the rows must outlive the session while logout propagates.
CREATE TABLE saml_session_participants (
    session_id      UUID NOT NULL,
    application_id  UUID NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    name_id         VARCHAR(1000) NOT NULL,
    name_id_format  VARCHAR(200) NOT NULL,
    session_index   VARCHAR(100) NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (session_id, application_id)
);
CREATE INDEX saml_session_participants_expiry_idx ON saml_session_participants (expires_at);
