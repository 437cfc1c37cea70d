package dev.signet.awsemulator;

import java.time.Instant;

/** An IAM SAML provider: its ARN, the metadata document as uploaded, and what was read from it. */
record SamlProviderEntry(IamArn arn, String metadataDocument, ProviderMetadata metadata, Instant createDate) {
}
