package dev.signet.aws.preflight;

import dev.signet.aws.preflight.ResponseDocument.SamlAttribute;
import java.time.Instant;
import java.util.List;

/** Everything the rules read, decoded once: the input, the time of the check, the parsed documents. */
record Inspection(PreflightInput input, Instant now, ResponseDocument doc, ProviderMetadata iam,
                  ProviderMetadata current, SignatureInspection signature, List<SamlAttribute> attributes) {

    boolean strict() {
        return input.strict();
    }
}
