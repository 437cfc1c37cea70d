package dev.signet.aws.preflight;

/** The rules AWS applies to a SAML response, in report order; the IDs are stable (pages and API clients key on them). */
public enum Rule {
    XML_WELL_FORMED("xml-well-formed", "The response is base64 of well-formed XML without a DTD"),
    RESPONSE_SIZE("response-size", "The encoded response fits STS (4 to 100,000 characters)"),
    IAM_METADATA("iam-metadata", "The metadata AWS holds is usable"),
    RESPONSE_VERSION_STATUS("response-version-status", "A SAML 2.0 Response with status Success"),
    SINGLE_ASSERTION("single-assertion", "Exactly one assertion"),
    DESTINATION("destination", "Destination is the URL the response is posted to"),
    ISSUER("issuer", "The assertion's Issuer is the entity ID AWS knows"),
    SIGNATURE("signature", "The assertion's signature verifies with a certificate AWS holds"),
    SIGNATURE_ALGORITHM("signature-algorithm", "Signed with SHA-256 or stronger"),
    CERTIFICATE_IN_IAM_METADATA("certificate-in-iam-metadata", "The signing certificate is in the metadata AWS holds"),
    CERTIFICATE_KEY_SIZE("certificate-key-size", "The signing key is large enough"),
    NAMEID("nameid", "The subject has a NameID in an accepted format"),
    SUBJECT_CONFIRMATION("subject-confirmation", "One bearer SubjectConfirmation with NotOnOrAfter and Recipient"),
    RECIPIENT("recipient", "Recipient is the URL the response is posted to"),
    AUDIENCE("audience", "The audience is AWS"),
    TIME_WINDOW("time-window", "The assertion is valid now and redeemable within 5 minutes"),
    SESSION_NOT_ON_OR_AFTER("session-not-on-or-after", "SessionNotOnOrAfter, which caps the console session"),
    ATTRIBUTE_NAMES("attribute-names", "AWS attribute names are spelled exactly"),
    ROLE_ATTRIBUTE("role-attribute", "Role values are role and provider ARN pairs"),
    ROLE_SESSION_NAME("role-session-name", "One RoleSessionName that AWS accepts"),
    SESSION_DURATION("session-duration", "SessionDuration, when sent, is 900 to 43,200 seconds"),
    SOURCE_IDENTITY("source-identity", "SourceIdentity, when sent, is valid"),
    PRINCIPAL_TAGS("principal-tags", "Session tags are valid"),
    TRANSITIVE_TAG_KEYS("transitive-tag-keys", "Transitive tag keys name sent tags");

    private final String id;
    private final String title;

    Rule(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    RuleResult pass(String detail) {
        return new RuleResult(id, title, Status.PASS, detail, "");
    }

    RuleResult fail(String detail, String fix) {
        return new RuleResult(id, title, Status.FAIL, detail, fix);
    }

    RuleResult warn(String detail, String fix) {
        return new RuleResult(id, title, Status.WARNING, detail, fix);
    }

    /** A check that could not run because an earlier one failed. */
    RuleResult notChecked(Status status, String why) {
        return new RuleResult(id, title, status, "not checked: " + why, "");
    }

    /** Collects several findings of this rule into one result. */
    Findings findings() {
        return new Findings(this);
    }
}
