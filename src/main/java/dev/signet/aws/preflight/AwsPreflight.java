package dev.signet.aws.preflight;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a SAML response Signet would post to AWS against every rule AWS applies (see
 * {@code aws-saml-rules.md}), so an admin learns what AWS would refuse, and how to fix it in Signet,
 * before a user meets an AWS error page. A pure library: no network, no state, time from the clock.
 *
 * <p>The report always lists every rule of {@link Rule}, in that order, so a page or API client can rely
 * on its shape. It never throws on bad input: when the response cannot be read (not base64, not
 * XML, a DTD) {@code xml-well-formed} fails and every rule that needs the document fails too, with the
 * detail "not checked: the response could not be read"; likewise, when there is not exactly one
 * assertion, the rules on the assertion fail with "not checked: ..." (a warning when the assertion is
 * merely encrypted). The response is parsed by Signet's hardened parser: no DTD, no external entities.
 * The signature is verified by Signet's own {@link dev.signet.saml.SignatureVerifier}, except SHA-1
 * signatures, which it refuses to verify at all.
 */
public final class AwsPreflight {
    private final Clock clock;

    public AwsPreflight(Clock clock) {
        this.clock = clock;
    }

    /** Checks one encoded response (the exact base64 SAMLResponse form value) as AWS would. */
    public PreflightReport check(PreflightInput input) {
        Map<Rule, RuleResult> results = new EnumMap<>(Rule.class);
        ProviderMetadata iam = ProviderMetadata.read(input.iamMetadataXml());
        ProviderMetadata current = input.currentMetadataXml() == null ? null : ProviderMetadata.read(input.currentMetadataXml());
        results.put(Rule.RESPONSE_SIZE, ResponseRules.size(input));
        results.put(Rule.IAM_METADATA, ResponseRules.iamMetadata(iam));

        ResponseDocument doc;
        try {
            doc = ResponseDocument.read(input.samlResponseBase64());
        } catch (ResponseDocument.Unreadable e) {
            results.put(Rule.XML_WELL_FORMED, Rule.XML_WELL_FORMED.fail(e.getMessage(),
                    "Post the SAMLResponse value exactly as Signet's sign-in page sends it."));
            return report(results, Status.FAIL, "the response could not be read");
        }
        results.put(Rule.XML_WELL_FORMED, Rule.XML_WELL_FORMED.pass("Base64 of well-formed XML, no DTD."));
        results.put(Rule.RESPONSE_VERSION_STATUS, ResponseRules.versionStatus(doc));
        results.put(Rule.SINGLE_ASSERTION, ResponseRules.singleAssertion(doc));
        if (!doc.isResponse()) {
            return report(results, Status.FAIL, "the document is not a SAML Response");
        }
        if (doc.assertion == null) {
            boolean encrypted = results.get(Rule.SINGLE_ASSERTION).status() == Status.WARNING;
            return report(results, encrypted ? Status.WARNING : Status.FAIL,
                    encrypted ? "the assertion is encrypted" : "the response has no single assertion");
        }

        Inspection in = new Inspection(input, clock.instant(), doc, iam, current,
                new SignatureInspection(doc, iam.signingCertificates(),
                        current == null ? List.of() : current.signingCertificates()),
                doc.attributes());
        results.put(Rule.DESTINATION, ResponseRules.destination(in));
        results.put(Rule.ISSUER, ResponseRules.issuer(in));
        results.put(Rule.SIGNATURE, SignatureRules.signature(in));
        results.put(Rule.SIGNATURE_ALGORITHM, SignatureRules.algorithm(in));
        results.put(Rule.CERTIFICATE_IN_IAM_METADATA, SignatureRules.certificateInIamMetadata(in));
        results.put(Rule.CERTIFICATE_KEY_SIZE, SignatureRules.keySize(in));
        results.put(Rule.NAMEID, SubjectRules.nameId(in));
        results.put(Rule.SUBJECT_CONFIRMATION, SubjectRules.subjectConfirmation(in));
        results.put(Rule.RECIPIENT, SubjectRules.recipient(in));
        results.put(Rule.AUDIENCE, SubjectRules.audience(in));
        results.put(Rule.TIME_WINDOW, SubjectRules.timeWindow(in));
        results.put(Rule.SESSION_NOT_ON_OR_AFTER, SubjectRules.sessionNotOnOrAfter(in));
        results.put(Rule.ATTRIBUTE_NAMES, AttributeRules.attributeNames(in.attributes()));
        results.put(Rule.ROLE_ATTRIBUTE, AttributeRules.role(in));
        results.put(Rule.ROLE_SESSION_NAME, AttributeRules.roleSessionName(in));
        results.put(Rule.SESSION_DURATION, AttributeRules.sessionDuration(in));
        results.put(Rule.SOURCE_IDENTITY, AttributeRules.sourceIdentity(in));
        results.put(Rule.PRINCIPAL_TAGS, AttributeRules.principalTags(in));
        results.put(Rule.TRANSITIVE_TAG_KEYS, AttributeRules.transitiveTagKeys(in));
        return report(results, Status.PASS, "");
    }

    /** Every rule in order; those that did not run are reported as not checked, with {@code status}. */
    private static PreflightReport report(Map<Rule, RuleResult> results, Status status, String why) {
        return new PreflightReport(List.of(Rule.values()).stream()
                .map(rule -> results.getOrDefault(rule, rule.notChecked(status, why)))
                .toList());
    }
}
