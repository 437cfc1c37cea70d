package dev.signet.console;

import dev.signet.WireName;
import dev.signet.saml.DigestAlgorithm;
import dev.signet.saml.NameIdFormat;
import dev.signet.saml.SamlProvider;
import dev.signet.saml.SamlProviderInput;
import dev.signet.saml.SignatureAlgorithm;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The SAML provider form: a stored provider as form values, a submitted form as the service's input
 * (field names are the admin API's), and the fixed choices of its selects.
 */
final class SamlProviderForm {
    static final List<Option> BINDINGS = List.of(new Option("post", "HTTP-POST"), new Option("redirect", "HTTP-Redirect"));
    static final List<Option> SLO_BINDINGS = List.of(new Option("", "Not set"), new Option("redirect", "HTTP-Redirect"),
            new Option("post", "HTTP-POST"));
    static final List<Option> SIGNATURE_ALGORITHMS = options(SignatureAlgorithm.values());
    static final List<Option> DIGEST_ALGORITHMS = options(DigestAlgorithm.values());
    static final List<Option> NAME_ID_FORMATS = List.of(
            new Option(NameIdFormat.PERSISTENT.wire(), "Persistent: an opaque ID, stable per user and SP"),
            new Option(NameIdFormat.EMAIL.wire(), "E-mail address"),
            new Option(NameIdFormat.USERNAME.wire(), "Username (format unspecified)"),
            new Option(NameIdFormat.TRANSIENT.wire(), "Transient: a new random ID every time"));

    private SamlProviderForm() {
    }

    /** What the form shows for a stored provider (or the defaults of a new one). */
    static Map<String, String> values(SamlProvider p) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("spEntityId", p.spEntityId());
        v.put("acsUrl", p.acsUrls().isEmpty() ? "" : p.acsUrls().get(0));
        v.put("additionalAcsUrls", p.acsUrls().size() < 2 ? "" : String.join("\n", p.acsUrls().subList(1, p.acsUrls().size())));
        v.put("acsBinding", p.acsBinding().wire());
        v.put("issuer", p.issuer());
        v.put("keypairId", p.keypairId() == null ? "" : p.keypairId().toString());
        v.put("signAssertion", String.valueOf(p.signAssertion()));
        v.put("signResponse", String.valueOf(p.signResponse()));
        v.put("signatureAlgorithm", p.signatureAlgorithm().wire());
        v.put("digestAlgorithm", p.digestAlgorithm().wire());
        v.put("nameIdFormat", p.nameIdFormat().wire());
        v.put("notBeforeSkewSeconds", String.valueOf(p.notBeforeSkewSeconds()));
        v.put("assertionValiditySeconds", String.valueOf(p.assertionValiditySeconds()));
        v.put("sessionValiditySeconds", String.valueOf(p.sessionValiditySeconds()));
        v.put("defaultRelayState", p.defaultRelayState());
        v.put("spCertificate", p.spCertificate());
        v.put("requireSignedRequests", String.valueOf(p.requireSignedRequests()));
        v.put("sloUrl", p.sloUrl());
        v.put("sloBinding", p.sloBinding() == null ? "" : p.sloBinding().wire());
        v.put("propertyMappings", String.join("\n", p.propertyMappingIds().stream().map(UUID::toString).toList()));
        v.put("nameIdMapping", p.nameIdMappingId() == null ? "" : p.nameIdMappingId().toString());
        return v;
    }

    /**
     * The submitted settings. The next keypair of a rotation is not on this form (the Certificates
     * pages manage it), so it is left out and keeps its value; every other field is on the form.
     */
    static SamlProviderInput read(Form form) {
        return new SamlProviderInput(form.text("spEntityId"), form.text("acsUrl"), form.lines("additionalAcsUrls"),
                form.text("acsBinding"), form.text("issuer"), form.id("keypairId"), null,
                form.checkbox("signAssertion"), form.checkbox("signResponse"), form.text("signatureAlgorithm"),
                form.text("digestAlgorithm"), form.text("nameIdFormat"), form.integer("notBeforeSkewSeconds"),
                form.integer("assertionValiditySeconds"), form.integer("sessionValiditySeconds"),
                form.text("defaultRelayState"), form.text("spCertificate"), form.checkbox("requireSignedRequests"),
                form.text("sloUrl"), form.optionalText("sloBinding"), form.all("propertyMappings"), form.text("nameIdMapping"));
    }

    private static List<Option> options(WireName[] values) {
        return Arrays.stream(values).map(v -> new Option(v.wire(), v.wire())).toList();
    }
}
