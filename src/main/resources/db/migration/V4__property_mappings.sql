-- Property mappings: SAML attributes computed by CEL expressions, shared between providers.
-- builtin_key is set for the mappings Signet ships (read-only, refreshed on start).

CREATE TABLE property_mappings (
    id             UUID PRIMARY KEY,
    builtin_key    VARCHAR(100) UNIQUE,
    name           VARCHAR(200) NOT NULL,
    name_key       VARCHAR(200) NOT NULL UNIQUE,
    saml_name      VARCHAR(1000) NOT NULL,
    friendly_name  VARCHAR(200),
    name_format    VARCHAR(20) NOT NULL,
    expression     TEXT NOT NULL,
    description    VARCHAR(2000),
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The mappings a provider sends, in order. A mapping in use cannot be deleted (no cascade).
CREATE TABLE saml_provider_mappings (
    application_id  UUID NOT NULL REFERENCES saml_providers (application_id) ON DELETE CASCADE,
    mapping_id      UUID NOT NULL REFERENCES property_mappings (id),
    position        INTEGER NOT NULL,
    PRIMARY KEY (application_id, mapping_id)
);
CREATE INDEX saml_provider_mappings_mapping_idx ON saml_provider_mappings (mapping_id);

-- The mapping whose value is the NameID (instead of the one the NameID format implies).
ALTER TABLE saml_providers ADD COLUMN name_id_mapping_id UUID REFERENCES property_mappings (id);
