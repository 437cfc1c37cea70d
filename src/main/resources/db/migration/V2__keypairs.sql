-- Signing keypairs. The private key is stored encrypted (AES-256-GCM under the instance
-- key-encryption key, the keypair ID as associated data); the certificate is public.
CREATE TABLE keypairs (
    id                  UUID PRIMARY KEY,
    name                VARCHAR(150) NOT NULL,
    key_type            VARCHAR(20) NOT NULL,
    certificate_pem     TEXT NOT NULL,
    fingerprint_sha256  VARCHAR(95) NOT NULL,
    not_before          TIMESTAMP WITH TIME ZONE NOT NULL,
    not_after           TIMESTAMP WITH TIME ZONE NOT NULL,
    private_key_sealed  TEXT NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT keypairs_name_unique UNIQUE (name)
);
