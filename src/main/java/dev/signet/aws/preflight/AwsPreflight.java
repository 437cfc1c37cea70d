package dev.signet.aws.preflight;

import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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
        run(results, Rule.RESPONSE_VERSION_STATUS, () -> ResponseRules.versionStatus(doc));
        run(results, Rule.SINGLE_ASSERTION, () -> ResponseRules.singleAssertion(doc));
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
        run(results, Rule.DESTINATION, () -> ResponseRules.destination(in));
        run(results, Rule.ISSUER, () -> ResponseRules.issuer(in));
        run(results, Rule.SIGNATURE, () -> SignatureRules.signature(in));
        run(results, Rule.SIGNATURE_ALGORITHM, () -> SignatureRules.algorithm(in));
        run(results, Rule.CERTIFICATE_IN_IAM_METADATA, () -> SignatureRules.certificateInIamMetadata(in));
        run(results, Rule.CERTIFICATE_KEY_SIZE, () -> SignatureRules.keySize(in));
        run(results, Rule.NAMEID, () -> SubjectRules.nameId(in));
        run(results, Rule.SUBJECT_CONFIRMATION, () -> SubjectRules.subjectConfirmation(in));
        run(results, Rule.RECIPIENT, () -> SubjectRules.recipient(in));
        run(results, Rule.AUDIENCE, () -> SubjectRules.audience(in));
        run(results, Rule.TIME_WINDOW, () -> SubjectRules.timeWindow(in));
        run(results, Rule.SESSION_NOT_ON_OR_AFTER, () -> SubjectRules.sessionNotOnOrAfter(in));
        run(results, Rule.ATTRIBUTE_NAMES, () -> AttributeRules.attributeNames(in.attributes()));
        run(results, Rule.ROLE_ATTRIBUTE, () -> AttributeRules.role(in));
        run(results, Rule.ROLE_SESSION_NAME, () -> AttributeRules.roleSessionName(in));
        run(results, Rule.SESSION_DURATION, () -> AttributeRules.sessionDuration(in));
        run(results, Rule.SOURCE_IDENTITY, () -> AttributeRules.sourceIdentity(in));
        run(results, Rule.PRINCIPAL_TAGS, () -> AttributeRules.principalTags(in));
        run(results, Rule.TRANSITIVE_TAG_KEYS, () -> AttributeRules.transitiveTagKeys(in));
        return report(results, Status.PASS, "");
    }

    /** Runs one rule; a rule that trips over an input nobody foresaw fails instead of losing the whole report. */
    private static void run(Map<Rule, RuleResult> results, Rule rule, Supplier<RuleResult> check) {
        try {
            results.put(rule, check.get());
        } catch (RuntimeException e) {
            results.put(rule, rule.fail("The check could not be completed on this response (" + e.getClass().getSimpleName()
                    + ").", "Post the response exactly as Signet produced it."));
        }
    }

    /** Every rule in order; those that did not run are reported as not checked, with {@code status}. */
    private static PreflightReport report(Map<Rule, RuleResult> results, Status status, String why) {
        return new PreflightReport(List.of(Rule.values()).stream()
                .map(rule -> results.getOrDefault(rule, rule.notChecked(status, why)))
                .toList());
    }
}
