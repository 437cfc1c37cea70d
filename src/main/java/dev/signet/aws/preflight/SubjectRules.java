package dev.signet.aws.preflight;

import static dev.signet.aws.preflight.Findings.shown;
import static dev.signet.saml.SamlNames.ASSERTION_NS;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/** Rules on the assertion's subject, audience and validity: rules 6 to 10 of the AWS reference. */
final class SubjectRules {
    static final String AWS_AUDIENCE = "urn:amazon:webservices";
    static final String GLOBAL_SIGN_IN = "https://signin.aws.amazon.com/saml";
    /** https://signin.aws.amazon.com/saml, its regional forms, and the per-provider ACS for encrypted assertions. */
    static final Pattern SIGN_IN_URL = Pattern.compile(
            "https://([a-z0-9-]+\\.)?signin\\.aws\\.amazon\\.com/saml(/acs/[A-Za-z0-9-]+)?");
    static final String PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
    static final Set<String> NAMEID_FORMATS = Set.of(PERSISTENT,
            "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:entity",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName");
    private static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    /** "Token must be redeemed within 5 minutes of issuance". */
    static final Duration REDEEM_WITHIN = Duration.ofMinutes(5);
    /** Clock difference tolerated outside strict mode; AWS does not document its own. */
    static final Duration LENIENT_SKEW = Duration.ofMinutes(5);
    private static final String FIX_POST_AS_IS = "Post the response exactly as Signet produced it.";

    private SubjectRules() {
    }

    static RuleResult nameId(Inspection in) {
        Element nameId = Elements.child(subject(in), ASSERTION_NS, "NameID");
        Findings f = Rule.NAMEID.findings();
        if (nameId == null || nameId.getTextContent().isBlank()) {
            return f.fail("The assertion has no NameID (or an empty one): AWS answers AccessDenied.",
                    "Choose a NameID format in the application whose value every user has (persistent is recommended).")
                    .result("");
        }
        String format = Elements.attribute(nameId, "Format");
        String effective = format == null ? "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified" : format;
        if (!NAMEID_FORMATS.contains(effective)) {
            f.fail("The NameID format " + shown(format) + " is not one AWS accepts.",
                    "Choose the persistent NameID format in the application.");
        } else if (!PERSISTENT.equals(effective)) {
            f.warn("The NameID format is " + shown(effective) + "; AWS recommends persistent, because the NameID "
                    + "ends up in CloudTrail and in trust-policy conditions (saml:sub).",
                    "Choose the persistent NameID format in the application.");
        }
        return f.result("NameID " + shown(nameId.getTextContent()) + " in format " + shown(effective) + ".");
    }

    static RuleResult subjectConfirmation(Inspection in) {
        List<Element> confirmations = Elements.children(subject(in), ASSERTION_NS, "SubjectConfirmation");
        Findings f = Rule.SUBJECT_CONFIRMATION.findings();
        if (confirmations.size() != 1) {
            return f.fail("The subject has " + confirmations.size() + " SubjectConfirmation elements; AWS needs exactly one.",
                    FIX_POST_AS_IS).result("");
        }
        Element confirmation = confirmations.get(0);
        String method = Elements.attribute(confirmation, "Method");
        if (!BEARER.equals(method)) {
            f.fail("The confirmation method is " + shown(method) + ", not bearer.", FIX_POST_AS_IS);
        }
        Element data = Elements.child(confirmation, ASSERTION_NS, "SubjectConfirmationData");
        if (Elements.attribute(data, "NotOnOrAfter") == null) {
            f.fail("SubjectConfirmationData has no NotOnOrAfter.", FIX_POST_AS_IS);
        }
        if (Elements.attribute(data, "Recipient") == null) {
            f.fail("SubjectConfirmationData has no Recipient.", FIX_POST_AS_IS);
        }
        return f.result("One bearer confirmation with NotOnOrAfter and Recipient.");
    }

    static RuleResult recipient(Inspection in) {
        String recipient = Elements.attribute(confirmationData(in), "Recipient");
        if (recipient == null) {
            return Rule.RECIPIENT.fail("No Recipient is sent (see subject-confirmation).",
                    "Set the application's ACS URL to https://signin.aws.amazon.com/saml.");
        }
        if (!recipient.equals(in.input().postedTo())) {
            return Rule.RECIPIENT.fail("Recipient is " + shown(recipient) + " but the response is posted to "
                            + shown(in.input().postedTo()) + ".",
                    "Set the application's ACS URL to the AWS sign-in URL the response is posted to.");
        }
        Findings f = Rule.RECIPIENT.findings();
        if (!SIGN_IN_URL.matcher(recipient).matches()) {
            f.warn("Recipient " + shown(recipient) + " is not an AWS sign-in URL.",
                    "Set the application's ACS URL to https://signin.aws.amazon.com/saml (or a regional form).");
        }
        boolean regional = !GLOBAL_SIGN_IN.equals(recipient);
        return f.result("Recipient is " + shown(recipient) + "; the roles' trust policies test it as SAML:aud"
                + (regional ? ", so their condition must name this URL, not only " + GLOBAL_SIGN_IN + "." : "."));
    }

    static RuleResult audience(Inspection in) {
        Element conditions = Elements.child(in.doc().assertion, ASSERTION_NS, "Conditions");
        List<Element> restrictions = Elements.children(conditions, ASSERTION_NS, "AudienceRestriction");
        String fix = "Set the application's SP entity ID (audience) to " + AWS_AUDIENCE + ".";
        if (restrictions.isEmpty()) {
            return Rule.AUDIENCE.fail("The assertion has no AudienceRestriction.", fix);
        }
        List<String> seen = new ArrayList<>();
        Findings f = Rule.AUDIENCE.findings();
        // Every restriction must be met (SAML core 2.5.1.4), each by one of its audiences.
        for (Element restriction : restrictions) {
            boolean accepted = false;
            for (Element audience : Elements.children(restriction, ASSERTION_NS, "Audience")) {
                String value = audience.getTextContent().strip();
                seen.add(shown(value));
                accepted |= AWS_AUDIENCE.equals(value) || value.equals(in.input().postedTo())
                        || SIGN_IN_URL.matcher(value).matches();
            }
            if (!accepted) {
                f.fail("An AudienceRestriction does not name AWS: found " + String.join(", ", seen) + ".", fix);
            }
        }
        return f.result("Audience " + String.join(", ", seen) + ".");
    }

    static RuleResult timeWindow(Inspection in) {
        Findings f = Rule.TIME_WINDOW.findings();
        Duration skew = in.strict() ? Duration.ZERO : LENIENT_SKEW;
        Instant now = in.now();
        Element assertion = in.doc().assertion;
        Element conditions = Elements.child(assertion, ASSERTION_NS, "Conditions");
        String fixClock = "Check that the Signet server's clock is synchronised (NTP).";
        String fixFresh = "Sign in again: a response must reach AWS right after Signet issues it.";

        Instant issued = time(f, assertion, "IssueInstant", "Assertion");
        if (issued == null && Elements.attribute(assertion, "IssueInstant") == null) {
            f.fail("The assertion has no IssueInstant.", FIX_POST_AS_IS);
        }
        if (issued != null && issued.isAfter(now.plus(skew))) {
            f.fail("The assertion is issued in the future (" + issued + ", now " + now + ").", fixClock);
        }
        if (issued != null && now.isAfter(issued.plus(REDEEM_WITHIN))) {
            f.fail("Token must be redeemed within 5 minutes of issuance: issued " + issued + ", now " + now + ".", fixFresh);
        }
        for (Element e : new Element[] {conditions, confirmationData(in)}) {
            String where = e == conditions ? "Conditions" : "SubjectConfirmationData";
            Instant notBefore = time(f, e, "NotBefore", where);
            Instant notOnOrAfter = time(f, e, "NotOnOrAfter", where);
            if (notBefore != null && now.plus(skew).isBefore(notBefore)) {
                f.fail(where + " is not valid before " + notBefore + " (now " + now + ").", fixClock);
            }
            if (notOnOrAfter != null && !now.minus(skew).isBefore(notOnOrAfter)) {
                f.fail("Response has expired: " + where + " NotOnOrAfter is " + notOnOrAfter + " (now " + now + ").", fixFresh);
            }
            if (issued != null && notOnOrAfter != null && Duration.between(issued, notOnOrAfter).compareTo(REDEEM_WITHIN) > 0) {
                f.warn(where + " keeps the assertion valid for " + Duration.between(issued, notOnOrAfter).toSeconds()
                                + " seconds, but AWS refuses it 5 minutes after issuance anyway.",
                        "Set the application's assertion validity to 300 seconds or less.");
            }
        }
        return f.result("Issued " + issued + "; valid now (" + now + ") and for at most 5 minutes.");
    }

    static RuleResult sessionNotOnOrAfter(Inspection in) {
        Element statement = Elements.child(in.doc().assertion, ASSERTION_NS, "AuthnStatement");
        String value = Elements.attribute(statement, "SessionNotOnOrAfter");
        if (value == null) {
            return Rule.SESSION_NOT_ON_OR_AFTER.pass("not sent: the console session lasts SessionDuration (default one hour).");
        }
        Findings f = Rule.SESSION_NOT_ON_OR_AFTER.findings();
        Instant end = time(f, statement, "SessionNotOnOrAfter", "AuthnStatement");
        if (end != null && !end.isAfter(in.now())) {
            f.warn("SessionNotOnOrAfter " + end + " has passed: the console session would end at once.",
                    "Increase the application's session validity.");
        }
        return f.result("The AWS console session ends at the latest at " + end + ".");
    }

    private static Element subject(Inspection in) {
        return Elements.child(in.doc().assertion, ASSERTION_NS, "Subject");
    }

    private static Element confirmationData(Inspection in) {
        Element confirmation = Elements.child(subject(in), ASSERTION_NS, "SubjectConfirmation");
        return Elements.child(confirmation, ASSERTION_NS, "SubjectConfirmationData");
    }

    /** The xs:dateTime attribute, or null when absent; a value that is not a time with zone is a failure. */
    private static Instant time(Findings f, Element e, String name, String where) {
        String value = Elements.attribute(e, name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException ex) {
            f.fail(where + " " + name + " " + shown(value) + " is not a UTC time.", FIX_POST_AS_IS);
            return null;
        }
    }
}
