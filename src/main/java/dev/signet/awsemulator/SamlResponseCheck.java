package dev.signet.awsemulator;

import static dev.signet.awsemulator.EmulatorXml.SAML;
import static dev.signet.awsemulator.EmulatorXml.SAMLP;
import static dev.signet.awsemulator.EmulatorXml.attribute;
import static dev.signet.awsemulator.EmulatorXml.child;
import static dev.signet.awsemulator.EmulatorXml.children;
import static dev.signet.awsemulator.EmulatorXml.text;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The rules of aws-saml-rules.md as a sequence of named steps, in the order of that file. {@link #parse}
 * runs the steps that need no IAM provider; {@link #check} the ones against the provider the Role
 * values name. Every claim is read from the one Assertion whose signature was verified.
 */
final class SamlResponseCheck {
    static final String ATTRIBUTE_PREFIX = "https://aws.amazon.com/SAML/Attributes/";
    static final String AUDIENCE = "urn:amazon:webservices";
    static final Duration REDEEM_WITHIN = Duration.ofMinutes(5);
    static final int MIN_SESSION = 900;
    static final int MAX_SESSION = 43_200;
    private static final Pattern SESSION_NAME = Pattern.compile("[a-zA-Z_0-9+=,.@-]{2,64}");
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    private static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}");
    private static final int MAX_TAGS = 50;
    private static final String SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
    private static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    private static final Set<String> NAMEID_FORMATS = Set.of(
            "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos",
            "urn:oasis:names:tc:SAML:2.0:nameid-format:entity",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName",
            "urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName");

    private final AwsEmulatorOptions options;

    SamlResponseCheck(AwsEmulatorOptions options) {
        this.options = options;
    }

    // ---- steps without a provider -------------------------------------------------------------

    /** Rules 1 to 3, then the Role values (unverified: they only name the provider to check against). */
    ParsedResponse parse(String base64) {
        Element response = wellFormedResponse(base64);
        requireSuccessStatus(response);
        Element assertion = theOneAssertion(response);
        requireDestination(response);
        String id = attribute(assertion, "ID");
        if (id == null || id.isBlank()) {
            throw invalid("Invalid SAML response", "the Assertion has no ID");
        }
        return new ParsedResponse(base64, response, assertion, id, rolePairs(assertion));
    }

    private static Element wellFormedResponse(String base64) {
        byte[] xml;
        try {
            xml = Base64.getMimeDecoder().decode(base64 == null ? "" : base64.trim());
        } catch (IllegalArgumentException e) {
            throw invalid("Invalid SAML response", "the SAML response is not valid base64");
        }
        Document doc;
        try {
            doc = EmulatorXml.parse(xml);
        } catch (EmulatorXml.UnreadableXml e) {
            throw invalid("Invalid SAML response", e.getMessage());
        }
        Element root = doc.getDocumentElement();
        if (!SAMLP.equals(root.getNamespaceURI()) || !"Response".equals(root.getLocalName())) {
            throw invalid("Invalid SAML response", "the root element is not samlp:Response");
        }
        if (!"2.0".equals(attribute(root, "Version"))) {
            throw invalid("Invalid SAML response", "the Response Version is not 2.0");
        }
        return root;
    }

    private static void requireSuccessStatus(Element response) {
        Element status = child(response, SAMLP, "Status");
        Element code = status == null ? null : child(status, SAMLP, "StatusCode");
        String value = code == null ? null : attribute(code, "Value");
        if (!SUCCESS.equals(value)) {
            throw AwsError.IDP_REJECTED_CLAIM.with("The identity provider did not answer with a Success status",
                    "StatusCode is " + value);
        }
    }

    /** Exactly one Assertion in the whole document, a direct child of the Response: no second one to read claims from. */
    private static Element theOneAssertion(Element response) {
        Document doc = response.getOwnerDocument();
        if (EmulatorXml.countAnywhere(doc, SAML, "EncryptedAssertion") > 0) {
            throw invalid("Invalid SAML response", "encrypted assertions are not supported by the emulator");
        }
        int count = EmulatorXml.countAnywhere(doc, SAML, "Assertion");
        List<Element> direct = children(response, SAML, "Assertion");
        if (count != 1 || direct.size() != 1) {
            throw invalid("Invalid SAML response", "the response must contain exactly one Assertion, found " + count);
        }
        return direct.get(0);
    }

    private void requireDestination(Element response) {
        String destination = attribute(response, "Destination");
        if (destination != null && !options.isSigninUrl(destination)) {
            throw invalid("Invalid SAML response", "Destination " + destination + " is not this sign-in URL " + options.signinUrls());
        }
    }

    private static List<RolePair> rolePairs(Element assertion) {
        List<String> values = attributeValues(assertion, ATTRIBUTE_PREFIX + "Role");
        if (values.isEmpty()) {
            throw invalid("Role attribute is required in AuthnResponse");
        }
        List<RolePair> pairs = new ArrayList<>();
        for (String v : values) {
            RolePair pair = RolePair.parse(v).orElseThrow(() -> invalid("Invalid role in AuthnResponse",
                    "a Role value must be 'roleArn,providerArn', not '" + v + "'"));
            if (!pairs.contains(pair)) {
                pairs.add(pair);
            }
        }
        return pairs;
    }

    // ---- steps against the provider ------------------------------------------------------------

    /** Rules 4 to 10 and the attribute rules, against {@code provider}. */
    CheckedAssertion check(ParsedResponse parsed, SamlProviderEntry provider, Instant now) {
        Element assertion = parsed.assertion();
        String issuer = requireIssuer(assertion, provider);
        requireSignature(parsed, provider);
        Element subject = child(assertion, SAML, "Subject");
        Element nameId = requireNameId(subject);
        Element confirmationData = requireBearerConfirmation(subject);
        String recipient = attribute(confirmationData, "Recipient");
        Element conditions = requireAudience(assertion);
        Instant usableUntil = requireTimely(assertion, conditions, confirmationData, now);
        Instant sessionNotOnOrAfter = sessionNotOnOrAfter(assertion);
        String sessionName = roleSessionName(assertion);
        Integer sessionDuration = sessionDuration(assertion);
        String sourceIdentity = sourceIdentity(assertion);
        Map<String, String> tags = principalTags(assertion);
        List<String> transitive = transitiveTagKeys(assertion, tags);
        return new CheckedAssertion(parsed, provider, issuer, text(nameId), attribute(nameId, "Format"), recipient,
                sessionName, sessionDuration, sourceIdentity, tags, transitive, sessionNotOnOrAfter, usableUntil);
    }

    private static String requireIssuer(Element assertion, SamlProviderEntry provider) {
        Element issuer = child(assertion, SAML, "Issuer");
        String value = issuer == null ? "" : text(issuer);
        if (!value.equals(provider.metadata().entityId())) {
            throw invalid("Issuer not present in specified provider",
                    "Issuer '" + value + "' is not the entityID '" + provider.metadata().entityId() + "' of " + provider.arn());
        }
        return value;
    }

    /**
     * The Assertion must be signed; in lenient mode a signed Response around it is enough (unconfirmed
     * whether AWS accepts that). Every signature present must verify.
     */
    private void requireSignature(ParsedResponse parsed, SamlProviderEntry provider) {
        boolean lenient = !options.strict();
        boolean assertionSigned = AssertionSignature.isSigned(parsed.assertion());
        boolean responseSigned = AssertionSignature.isSigned(parsed.response());
        if (!assertionSigned && !(lenient && responseSigned)) {
            throw AwsError.INVALID_IDENTITY_TOKEN.with("Response signature invalid",
                    options.strict() ? "the Assertion is not signed (strict mode)" : "neither the Assertion nor the Response is signed");
        }
        List<java.security.cert.X509Certificate> certificates = provider.metadata().signingCertificates();
        if (assertionSigned) {
            AssertionSignature.verify(parsed.assertion(), certificates, lenient);
        }
        if (responseSigned) {
            AssertionSignature.verify(parsed.response(), certificates, lenient);
        }
    }

    private static Element requireNameId(Element subject) {
        Element nameId = subject == null ? null : child(subject, SAML, "NameID");
        if (nameId == null || text(nameId).isEmpty()) {
            throw AwsError.ACCESS_DENIED.with("NameID is required in AuthnResponse",
                    "the Assertion's Subject has no NameID, or it is empty");
        }
        String format = attribute(nameId, "Format");
        if (format != null && !NAMEID_FORMATS.contains(format)) {
            throw invalid("Invalid NameID format in AuthnResponse", "NameID Format " + format + " is not one AWS accepts");
        }
        return nameId;
    }

    private Element requireBearerConfirmation(Element subject) {
        List<Element> confirmations = children(subject, SAML, "SubjectConfirmation");
        if (confirmations.size() != 1 || !BEARER.equals(attribute(confirmations.get(0), "Method"))) {
            throw invalid("Invalid SubjectConfirmation in AuthnResponse",
                    "the Subject needs exactly one SubjectConfirmation, with Method bearer; found " + confirmations.size());
        }
        Element data = child(confirmations.get(0), SAML, "SubjectConfirmationData");
        if (data == null || attribute(data, "NotOnOrAfter") == null || attribute(data, "Recipient") == null) {
            throw invalid("Invalid SubjectConfirmation in AuthnResponse",
                    "SubjectConfirmationData needs both NotOnOrAfter and Recipient");
        }
        String recipient = attribute(data, "Recipient");
        if (!options.isSigninUrl(recipient)) {
            throw invalid("Invalid Recipient in AuthnResponse",
                    "Recipient " + recipient + " is not this sign-in URL " + options.signinUrls());
        }
        return data;
    }

    private Element requireAudience(Element assertion) {
        Element conditions = child(assertion, SAML, "Conditions");
        List<String> audiences = new ArrayList<>();
        if (conditions != null) {
            for (Element restriction : children(conditions, SAML, "AudienceRestriction")) {
                children(restriction, SAML, "Audience").forEach(a -> audiences.add(text(a)));
            }
        }
        boolean ours = audiences.stream().anyMatch(a -> a.equals(AUDIENCE) || options.isSigninUrl(a));
        if (!ours) {
            throw invalid("Invalid Audience in AuthnResponse",
                    "AudienceRestriction must name " + AUDIENCE + ", found " + audiences);
        }
        return conditions;
    }

    /** Rule 9; returns until when the assertion can be used at all (how long replay protection must remember it). */
    private Instant requireTimely(Element assertion, Element conditions, Element confirmationData, Instant now) {
        Duration skew = options.clockSkew();
        Instant issued = instant(attribute(assertion, "IssueInstant"), "IssueInstant");
        if (issued == null) {
            throw invalid("Invalid SAML response", "the Assertion has no IssueInstant");
        }
        Instant notBefore = instant(attribute(conditions, "NotBefore"), "NotBefore");
        Instant conditionsEnd = instant(attribute(conditions, "NotOnOrAfter"), "NotOnOrAfter");
        Instant confirmationEnd = instant(attribute(confirmationData, "NotOnOrAfter"), "NotOnOrAfter");
        Instant confirmationStart = instant(attribute(confirmationData, "NotBefore"), "NotBefore");
        for (Instant start : new Instant[] {notBefore, confirmationStart}) {
            if (start != null && now.plus(skew).isBefore(start)) {
                throw AwsError.EXPIRED_TOKEN.with("Response has expired", "NotBefore " + start + " is after now (" + now + ")");
            }
        }
        for (Instant end : new Instant[] {conditionsEnd, confirmationEnd}) {
            if (end != null && !now.minus(skew).isBefore(end)) {
                throw AwsError.EXPIRED_TOKEN.with("Response has expired", "NotOnOrAfter " + end + " has passed (now " + now + ")");
            }
        }
        Instant redeemBy = issued.plus(REDEEM_WITHIN);
        if (now.minus(skew).isAfter(redeemBy)) {
            throw AwsError.EXPIRED_TOKEN.with("Token must be redeemed within 5 minutes of issuance",
                    "IssueInstant " + issued + " is more than 5 minutes before now (" + now + ")");
        }
        Instant until = redeemBy;
        for (Instant end : new Instant[] {conditionsEnd, confirmationEnd}) {
            if (end != null && end.isAfter(until)) {
                until = end;
            }
        }
        return until.plus(skew);
    }

    private static Instant sessionNotOnOrAfter(Element assertion) {
        Element authn = child(assertion, SAML, "AuthnStatement");
        return authn == null ? null : instant(attribute(authn, "SessionNotOnOrAfter"), "SessionNotOnOrAfter");
    }

    private static String roleSessionName(Element assertion) {
        List<String> values = attributeValues(assertion, ATTRIBUTE_PREFIX + "RoleSessionName");
        if (values.isEmpty()) {
            throw invalid("RoleSessionName is required in AuthnResponse");
        }
        if (values.size() != 1 || !SESSION_NAME.matcher(values.get(0)).matches()) {
            throw invalid("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}",
                    values.size() == 1 ? "got '" + values.get(0) + "'" : "got " + values.size() + " values");
        }
        return values.get(0);
    }

    private static Integer sessionDuration(Element assertion) {
        List<String> values = attributeValues(assertion, ATTRIBUTE_PREFIX + "SessionDuration");
        if (values.isEmpty()) {
            return null;
        }
        String message = "SessionDuration in AuthnResponse must be an integer between " + MIN_SESSION + " and " + MAX_SESSION;
        if (values.size() != 1) {
            throw invalid(message, "got " + values.size() + " values");
        }
        try {
            int seconds = Integer.parseInt(values.get(0));
            if (seconds < MIN_SESSION || seconds > MAX_SESSION) {
                throw invalid(message, "got " + seconds);
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw invalid(message, "got '" + values.get(0) + "'");
        }
    }

    private static String sourceIdentity(Element assertion) {
        List<String> values = attributeValues(assertion, ATTRIBUTE_PREFIX + "SourceIdentity");
        if (values.isEmpty()) {
            return null;
        }
        String message = "SourceIdentity in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64} and must not start with aws:";
        if (values.size() != 1 || !SESSION_NAME.matcher(values.get(0)).matches()
                || values.get(0).toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw invalid(message, values.size() == 1 ? "got '" + values.get(0) + "'" : "got " + values.size() + " values");
        }
        return values.get(0);
    }

    private static Map<String, String> principalTags(Element assertion) {
        String prefix = ATTRIBUTE_PREFIX + "PrincipalTag:";
        Map<String, String> tags = new LinkedHashMap<>();
        Set<String> lowerKeys = new java.util.HashSet<>();
        for (Element attribute : attributes(assertion)) {
            String name = attribute(attribute, "Name");
            if (name == null || !name.startsWith(prefix)) {
                continue;
            }
            String key = name.substring(prefix.length());
            List<String> values = values(attribute);
            if (!TAG_KEY.matcher(key).matches() || key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw invalid("Invalid PrincipalTag in AuthnResponse", "tag key '" + key + "' is not allowed");
            }
            if (values.size() != 1 || !TAG_VALUE.matcher(values.get(0)).matches()) {
                throw invalid("Invalid PrincipalTag in AuthnResponse", "tag " + key + " needs exactly one value of allowed characters");
            }
            if (!lowerKeys.add(key.toLowerCase(Locale.ROOT))) {
                throw invalid("Invalid PrincipalTag in AuthnResponse", "tag keys are case-insensitive; " + key + " appears twice");
            }
            tags.put(key, values.get(0));
        }
        if (tags.size() > MAX_TAGS) {
            throw invalid("Invalid PrincipalTag in AuthnResponse", "more than " + MAX_TAGS + " tags");
        }
        return tags;
    }

    private static List<String> transitiveTagKeys(Element assertion, Map<String, String> tags) {
        List<String> keys = attributeValues(assertion, ATTRIBUTE_PREFIX + "TransitiveTagKeys");
        if (keys.size() > MAX_TAGS) {
            throw invalid("Invalid TransitiveTagKeys in AuthnResponse", "more than " + MAX_TAGS + " keys");
        }
        for (String key : keys) {
            if (tags.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(key))) {
                throw invalid("Invalid TransitiveTagKeys in AuthnResponse", key + " names no PrincipalTag");
            }
        }
        return keys;
    }

    // ---- reading -------------------------------------------------------------------------------

    private static List<Element> attributes(Element assertion) {
        List<Element> found = new ArrayList<>();
        for (Element statement : children(assertion, SAML, "AttributeStatement")) {
            found.addAll(children(statement, SAML, "Attribute"));
        }
        return found;
    }

    /** Every value of the attributes with exactly that (case-sensitive) name. */
    private static List<String> attributeValues(Element assertion, String name) {
        List<String> values = new ArrayList<>();
        for (Element attribute : attributes(assertion)) {
            if (name.equals(attribute(attribute, "Name"))) {
                values.addAll(values(attribute));
            }
        }
        return values;
    }

    private static List<String> values(Element attribute) {
        return children(attribute, SAML, "AttributeValue").stream().map(EmulatorXml::text).toList();
    }

    private static Instant instant(String value, String what) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw invalid("Invalid SAML response", what + " '" + value + "' is not an xs:dateTime");
        }
    }

    private static AwsException invalid(String message) {
        return AwsError.INVALID_IDENTITY_TOKEN.with(message);
    }

    private static AwsException invalid(String message, String detail) {
        return AwsError.INVALID_IDENTITY_TOKEN.with(message, detail);
    }
}
