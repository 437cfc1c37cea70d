package dev.signet.aws.preflight;

import static dev.signet.aws.preflight.Findings.shown;
import static dev.signet.saml.SamlNames.ASSERTION_NS;
import static dev.signet.saml.SamlNames.PROTOCOL_NS;

import org.w3c.dom.Element;

/** Rules on the response envelope and on the metadata AWS holds: rules 1 to 4 of the AWS reference. */
final class ResponseRules {
    static final int MIN_ENCODED = 4;
    static final int MAX_ENCODED = 100_000;
    private static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
    static final String UPLOAD_METADATA = "Upload the current metadata to the IAM SAML provider: download it from the "
            + "application's page in Signet and run aws iam update-saml-provider --saml-provider-arn <provider ARN> "
            + "--saml-metadata-document file://metadata.xml.";

    private ResponseRules() {
    }

    static RuleResult size(PreflightInput input) {
        int length = input.samlResponseBase64() == null ? 0 : input.samlResponseBase64().length();
        String found = "The encoded response has " + length + " characters; STS AssumeRoleWithSAML accepts "
                + MIN_ENCODED + " to " + MAX_ENCODED + ".";
        if (length < MIN_ENCODED) {
            return Rule.RESPONSE_SIZE.fail(found, "Post the SAMLResponse value exactly as Signet's sign-in page sends it.");
        }
        if (length > MAX_ENCODED) {
            return Rule.RESPONSE_SIZE.fail(found, "Send fewer or shorter attributes (for example fewer roles or session "
                    + "tags) in the application's attribute mappings.");
        }
        return Rule.RESPONSE_SIZE.pass(length + " characters.");
    }

    static RuleResult iamMetadata(ProviderMetadata iam) {
        if (!iam.usable()) {
            return Rule.IAM_METADATA.fail(iam.problem(), UPLOAD_METADATA);
        }
        return Rule.IAM_METADATA.pass("Entity ID " + shown(iam.entityId()) + " with " + iam.signingCertificates().size()
                + " signing certificate(s).");
    }

    static RuleResult versionStatus(ResponseDocument doc) {
        Findings f = Rule.RESPONSE_VERSION_STATUS.findings();
        if (!doc.isResponse()) {
            return f.fail("The document is a " + shown(doc.response.getLocalName()) + ", not a samlp:Response.",
                    "Post the SAML Response that Signet's AWS application produces.").result("");
        }
        String version = Elements.attribute(doc.response, "Version");
        if (!"2.0".equals(version)) {
            f.fail("Version is " + shown(version) + ", not \"2.0\".", "Post a SAML 2.0 response.");
        }
        Element code = Elements.child(Elements.child(doc.response, PROTOCOL_NS, "Status"), PROTOCOL_NS, "StatusCode");
        String status = Elements.attribute(code, "Value");
        if (!SUCCESS.equals(status)) {
            f.fail("The status is " + shown(status) + ", not Success: AWS answers IDPRejectedClaim.",
                    "Check Signet's event log for why the sign-in was refused (for example the user has no access to "
                            + "the application).");
        }
        return f.result("SAML 2.0 response with status Success.");
    }

    static RuleResult singleAssertion(ResponseDocument doc) {
        int plain = doc.assertionCount();
        int encrypted = doc.encryptedAssertionCount();
        if (doc.assertion != null && encrypted == 0) {
            return Rule.SINGLE_ASSERTION.pass("One assertion.");
        }
        if (plain == 0 && encrypted == 1) {
            return Rule.SINGLE_ASSERTION.warn("The assertion is encrypted; the preflight checks unencrypted assertions only.",
                    "Turn assertion encryption off in the application to run the preflight, then turn it back on.");
        }
        return Rule.SINGLE_ASSERTION.fail("The response holds " + plain + " assertion(s) and " + encrypted
                        + " encrypted assertion(s); AWS needs exactly one, as a direct child of the response.",
                "Post the response exactly as Signet produced it; Signet puts one assertion in each response.");
    }

    static RuleResult destination(Inspection in) {
        String destination = Elements.attribute(in.doc().response, "Destination");
        if (destination == null) {
            return Rule.DESTINATION.pass("not sent (optional).");
        }
        if (!destination.equals(in.input().postedTo())) {
            return Rule.DESTINATION.fail("Destination is " + shown(destination) + " but the response is posted to "
                            + shown(in.input().postedTo()) + ".",
                    "Set the application's ACS URL to the AWS sign-in URL the response is posted to.");
        }
        return Rule.DESTINATION.pass("Destination is " + shown(destination) + ".");
    }

    static RuleResult issuer(Inspection in) {
        Element issuer = Elements.child(in.doc().assertion, ASSERTION_NS, "Issuer");
        String value = issuer == null ? null : issuer.getTextContent();
        Findings f = Rule.ISSUER.findings();
        if (value == null || value.isBlank()) {
            return f.fail("The assertion has no Issuer.", "Post the response exactly as Signet produced it.").result("");
        }
        if (in.iam().entityId() == null) {
            return f.fail("The IAM metadata has no entity ID to compare with (see iam-metadata).", UPLOAD_METADATA).result("");
        }
        if (!value.equals(in.iam().entityId())) {
            f.fail("Issuer not present in specified provider: the assertion's Issuer is " + shown(value)
                    + " but the IAM metadata's entityID is " + shown(in.iam().entityId()) + ".", UPLOAD_METADATA
                    + " If Signet's entity ID was changed on purpose, the new metadata carries it.");
        }
        Element responseIssuer = Elements.child(in.doc().response, ASSERTION_NS, "Issuer");
        if (responseIssuer != null && !value.equals(responseIssuer.getTextContent())) {
            f.warn("The response's Issuer " + shown(responseIssuer.getTextContent()) + " differs from the assertion's.",
                    "Post the response exactly as Signet produced it.");
        }
        return f.result("Issuer is " + shown(value) + ", the entity ID in the IAM metadata.");
    }
}
