-- AWS applications: the settings the AWS preset adds to a SAML application, and its role mapping.

CREATE TABLE aws_applications (
    application_id        UUID PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    -- null: the global sign-in endpoint https://signin.aws.amazon.com/saml
    region                VARCHAR(30),
    partition_name        VARCHAR(20) NOT NULL,
    session_duration      INTEGER NOT NULL,
    -- the IAM SAML provider name used by rules that name none
    provider_name         VARCHAR(128) NOT NULL,
    -- JSON object: session tag key -> user attribute it comes from
    principal_tags        TEXT NOT NULL DEFAULT '{}',
    source_identity       BOOLEAN NOT NULL DEFAULT FALSE,
    -- the IdP metadata as last uploaded to AWS (recorded by the admin), to detect a rotation AWS has not seen
    iam_metadata          TEXT,
    iam_metadata_recorded_at TIMESTAMP WITH TIME ZONE,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);

-- group -> (account, role, IAM SAML provider): members of the group may assume the role.
CREATE TABLE aws_role_rules (
    application_id  UUID NOT NULL REFERENCES aws_applications (application_id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    group_id        UUID NOT NULL REFERENCES user_groups (id) ON DELETE CASCADE,
    account_id      VARCHAR(12) NOT NULL,
    role_path       VARCHAR(512) NOT NULL,
    role_name       VARCHAR(64) NOT NULL,
    provider_name   VARCHAR(128) NOT NULL,
    PRIMARY KEY (application_id, position)
);
CREATE INDEX aws_role_rules_group_idx ON aws_role_rules (group_id);
