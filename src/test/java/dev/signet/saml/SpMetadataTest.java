package dev.signet.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.errors.InvalidInputException;
import dev.signet.errors.InvalidInputException.FieldError;
import dev.signet.keys.Certificates;
import dev.signet.saml.SpMetadata.AssertionConsumerService;
import dev.signet.saml.SpMetadata.SingleLogoutService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SpMetadataTest {
    static final String POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
    static final String REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

    @Test
    void aws_metadata_gives_entity_acs_signing_certificate_and_formats() {
        SpMetadata aws = SpMetadata.parse(fixture("aws.xml"), null);

        assertThat(aws.entityId()).isEqualTo("urn:amazon:webservices");
        assertThat(aws.assertionConsumerServices())
                .containsExactly(new AssertionConsumerService("https://signin.aws.amazon.com/saml", POST, 1, true));
        assertThat(aws.defaultAcs().location()).isEqualTo("https://signin.aws.amazon.com/saml");
        assertThat(aws.signingCertificates()).as("the encryption key is not a signing key").containsExactly(certificate("rsa-cert.pem"));
        assertThat(aws.nameIdFormats()).containsExactly(SamlResponseSpec.NAMEID_TRANSIENT, SamlResponseSpec.NAMEID_PERSISTENT);
        assertThat(aws.wantAssertionsSigned()).isTrue();
        assertThat(aws.authnRequestsSigned()).isFalse();
        assertThat(aws.singleLogout()).isNull();
        assertThat(SpMetadata.entityIds(fixture("aws.xml"))).containsExactly("urn:amazon:webservices");
    }

    @Test
    void keycloak_client_keeps_post_and_redirect_acs_and_prefers_redirect_logout() {
        SpMetadata wiki = SpMetadata.parse(fixture("keycloak-client.xml"), null);

        assertThat(wiki.entityId()).isEqualTo("https://wiki.example.com/saml/metadata");
        assertThat(wiki.assertionConsumerServices()).as("Artifact and PAOS are left out").containsExactly(
                new AssertionConsumerService("https://wiki.example.com/saml/acs", POST, 1, null),
                new AssertionConsumerService("https://wiki.example.com/saml/acs/redirect", REDIRECT, 2, null));
        assertThat(wiki.defaultAcs().location()).isEqualTo("https://wiki.example.com/saml/acs");
        assertThat(wiki.signingCertificates()).as("a KeyDescriptor without use serves signing; line breaks are tolerated")
                .containsExactly(certificate("ec-cert.pem"));
        assertThat(wiki.nameIdFormats()).containsExactly(SamlResponseSpec.NAMEID_EMAIL, SamlResponseSpec.NAMEID_PERSISTENT);
        assertThat(wiki.wantAssertionsSigned()).isFalse();
        assertThat(wiki.authnRequestsSigned()).isTrue();
        assertThat(wiki.singleLogout()).isEqualTo(new SingleLogoutService("https://wiki.example.com/saml/slo/redirect", REDIRECT));
    }

    @Test
    void post_logout_is_taken_when_there_is_no_redirect_one() {
        SpMetadata sp = SpMetadata.parse(sp("""
                <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="https://sp.example.com/slo/soap"/>
                <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.example.com/slo"/>
                """ + POST_ACS), null);
        assertThat(sp.singleLogout()).isEqualTo(new SingleLogoutService("https://sp.example.com/slo", POST));
    }

    @Test
    void default_acs_follows_the_metadata_spec_order() {
        assertThat(defaultOf("""
                <md:AssertionConsumerService Binding="%s" Location="https://sp.example.com/a" index="0"/>
                <md:AssertionConsumerService Binding="%s" Location="https://sp.example.com/b" index="1" isDefault="true"/>
                """)).as("isDefault=true wins").isEqualTo("https://sp.example.com/b");
        assertThat(defaultOf("""
                <md:AssertionConsumerService Binding="%s" Location="https://sp.example.com/a" index="0" isDefault="false"/>
                <md:AssertionConsumerService Binding="%s" Location="https://sp.example.com/b" index="1"/>
                """)).as("else the first without isDefault=false").isEqualTo("https://sp.example.com/b");
        assertThat(defaultOf("""
                <md:AssertionConsumerService Binding="%s" Location="https://sp.example.com/a" index="0" isDefault="false"/>
                <md:AssertionConsumerService Binding="%s" Location="https://sp.example.com/b" index="1" isDefault="0"/>
                """)).as("else the first").isEqualTo("https://sp.example.com/a");
        assertThat(defaultOf("""
                <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact" Location="https://sp.example.com/art" index="0" isDefault="true"/>
                <md:AssertionConsumerService Binding="%s" Location="https://sp.example.com/a" index="1" isDefault="false"/>
                <md:AssertionConsumerService Binding="%s" Location="https://sp.example.com/b" index="2" isDefault="false"/>
                """)).as("an Artifact default does not count").isEqualTo("https://sp.example.com/a");
    }

    @Test
    void entities_descriptor_with_two_sps_lists_them_and_asks_for_a_choice() {
        byte[] xml = fixture("two-sps.xml");
        assertThat(SpMetadata.entityIds(xml)).as("the IdP in the nested group is not offered")
                .containsExactly("https://grafana.example.org/saml/metadata", "https://sp.partner.example.net/shibboleth");
        assertInvalid(() -> SpMetadata.parse(xml, null), "The metadata describes 2 entities "
                + "(https://grafana.example.org/saml/metadata, https://sp.partner.example.net/shibboleth); choose one.");

        SpMetadata partner = SpMetadata.parse(xml, "https://sp.partner.example.net/shibboleth");
        assertThat(partner.entityId()).isEqualTo("https://sp.partner.example.net/shibboleth");
        assertThat(partner.defaultAcs()).isEqualTo(
                new AssertionConsumerService("https://sp.partner.example.net/Shibboleth.sso/SAML2/POST", POST, 1, null));
        assertThat(partner.nameIdFormats()).containsExactly(SamlResponseSpec.NAMEID_TRANSIENT);
        assertThat(partner.signingCertificates()).isEmpty();

        SpMetadata grafana = SpMetadata.parse(xml, "https://grafana.example.org/saml/metadata");
        assertThat(grafana.authnRequestsSigned()).as("xs:boolean 1").isTrue();

        assertInvalid(() -> SpMetadata.parse(xml, "https://idp.partner.example.net/idp/shibboleth"),
                "The metadata has no service provider with entity ID https://idp.partner.example.net/idp/shibboleth; it describes "
                        + "https://grafana.example.org/saml/metadata, https://sp.partner.example.net/shibboleth.");
    }

    @Test
    void a_chosen_entity_must_match_a_single_entity_descriptor_too() {
        assertThat(SpMetadata.parse(fixture("aws.xml"), "urn:amazon:webservices").entityId()).isEqualTo("urn:amazon:webservices");
        assertInvalid(() -> SpMetadata.parse(fixture("aws.xml"), "https://other.example.com"),
                "The metadata has no service provider with entity ID https://other.example.com; it describes urn:amazon:webservices.");
    }

    @Test
    void doctype_is_refused_before_any_entity_is_expanded() {
        assertInvalid(() -> SpMetadata.parse(fixture("doctype.xml"), null), "Metadata with a DTD (DOCTYPE) is not accepted.");
        assertInvalid(() -> SpMetadata.entityIds(fixture("doctype.xml")), "Metadata with a DTD (DOCTYPE) is not accepted.");
    }

    @Test
    void idp_metadata_is_recognised_as_such() {
        assertInvalid(() -> SpMetadata.parse(fixture("idp-only.xml"), null),
                "The metadata has no SPSSODescriptor: is this an IdP's metadata?");
    }

    @Test
    void sp_without_post_or_redirect_acs_is_refused() {
        assertInvalid(() -> SpMetadata.parse(fixture("artifact-acs-only.xml"), null),
                "The metadata has no AssertionConsumerService with the HTTP-POST or HTTP-Redirect binding.");
    }

    @Test
    void certificates_must_be_base64_der() {
        assertInvalid(() -> SpMetadata.parse(fixture("bad-certificate.xml"), null),
                "A signing certificate in a KeyDescriptor is not valid base64.");
        assertInvalid(() -> SpMetadata.parse(sp("""
                <md:KeyDescriptor use="signing" xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
                  <ds:KeyInfo><ds:X509Data><ds:X509Certificate>bm90IGEgY2VydGlmaWNhdGU=</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
                </md:KeyDescriptor>
                """ + POST_ACS), null), "A signing certificate in a KeyDescriptor is not a DER-encoded X.509 certificate.");
    }

    @Test
    void acs_location_must_be_an_absolute_http_url() {
        for (String location : List.of("/saml/acs", "javascript:alert(1)", "ftp://sp.example.com/acs", "https://", "http://exa mple.com/")) {
            assertInvalid(() -> SpMetadata.parse(sp("<md:AssertionConsumerService Binding=\"" + POST + "\" Location=\""
                    + location + "\" index=\"0\"/>"), null),
                    "The AssertionConsumerService Location \"" + location + "\" is not an absolute http(s) URL.");
        }
        assertInvalid(() -> SpMetadata.parse(sp("<md:AssertionConsumerService Binding=\"" + POST + "\" index=\"0\"/>"), null),
                "The AssertionConsumerService Location \"\" is not an absolute http(s) URL.");
        assertInvalid(() -> SpMetadata.parse(sp("<md:SingleLogoutService Binding=\"" + REDIRECT + "\" Location=\"/slo\"/>" + POST_ACS), null),
                "The SingleLogoutService Location \"/slo\" is not an absolute http(s) URL.");
    }

    @Test
    void acs_index_must_be_an_unsigned_short() {
        assertInvalid(() -> SpMetadata.parse(sp("<md:AssertionConsumerService Binding=\"" + POST
                        + "\" Location=\"https://sp.example.com/acs\" index=\"first\"/>"), null),
                "The AssertionConsumerService index \"first\" is not a number from 0 to 65535.");
        assertInvalid(() -> SpMetadata.parse(sp("<md:AssertionConsumerService Binding=\"" + POST
                        + "\" Location=\"https://sp.example.com/acs\" index=\"70000\"/>"), null),
                "The AssertionConsumerService index \"70000\" is not a number from 0 to 65535.");
    }

    @Test
    void entity_id_is_required() {
        String xml = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">"
                + "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">" + POST_ACS
                + "</md:SPSSODescriptor></md:EntityDescriptor>";
        assertInvalid(() -> SpMetadata.parse(bytes(xml), null), "The EntityDescriptor has no entityID.");
        assertInvalid(() -> SpMetadata.parse(bytes(xml.replace("<md:EntityDescriptor ", "<md:EntityDescriptor entityID=\"  \" ")), null),
                "The EntityDescriptor has no entityID.");
    }

    @Test
    void sp_descriptor_must_support_saml_2() {
        String saml11 = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"https://old.example.com\">"
                + "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:1.1:protocol\">" + POST_ACS
                + "</md:SPSSODescriptor></md:EntityDescriptor>";
        assertInvalid(() -> SpMetadata.parse(bytes(saml11), null), "The SPSSODescriptor does not support SAML 2.0: "
                + "its protocolSupportEnumeration lacks urn:oasis:names:tc:SAML:2.0:protocol.");
    }

    @Test
    void documents_that_are_not_metadata_are_refused() {
        assertInvalid(() -> SpMetadata.parse(new byte[0], null), "The metadata is empty.");
        assertInvalid(() -> SpMetadata.parse(new byte[XmlParser.MAX_BYTES + 1], null), "The metadata is larger than 1024 KiB.");
        assertInvalid(() -> SpMetadata.parse(bytes("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">"), null),
                "The metadata is not well-formed XML.");
        assertInvalid(() -> SpMetadata.parse(bytes("https://sp.example.com/saml/metadata"), null), "The metadata is not well-formed XML.");
        assertInvalid(() -> SpMetadata.parse(bytes("<html><body>Sign in</body></html>"), null),
                "This is not SAML 2.0 metadata: the document starts with <html> instead of an md:EntityDescriptor or md:EntitiesDescriptor.");
        assertInvalid(() -> SpMetadata.parse(bytes("<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:1.0:metadata\" entityID=\"x\"/>"), null),
                "This is not SAML 2.0 metadata: the document starts with <EntityDescriptor> instead of an md:EntityDescriptor "
                        + "or md:EntitiesDescriptor.");
    }

    @Test
    void entity_descriptors_outside_the_entities_tree_are_not_counted() {
        String xml = "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"><md:Extensions>"
                + "<x:Wrapper xmlns:x=\"urn:example\"><md:EntityDescriptor entityID=\"https://hidden.example.com\">"
                + "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">" + POST_ACS
                + "</md:SPSSODescriptor></md:EntityDescriptor></x:Wrapper></md:Extensions></md:EntitiesDescriptor>";
        assertInvalid(() -> SpMetadata.entityIds(bytes(xml)), "The metadata has no SPSSODescriptor: is this an IdP's metadata?");
    }

    static final String POST_ACS = "<md:AssertionConsumerService Binding=\"" + POST
            + "\" Location=\"https://sp.example.com/acs\" index=\"0\"/>";

    /** An SP EntityDescriptor around the given SPSSODescriptor content. */
    static byte[] sp(String spDescriptorContent) {
        return bytes("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"https://sp.example.com\">"
                + "<md:SPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + spDescriptorContent + "</md:SPSSODescriptor></md:EntityDescriptor>");
    }

    static String defaultOf(String acsTemplate) {
        return SpMetadata.parse(sp(acsTemplate.replace("%s", POST)), null).defaultAcs().location();
    }

    static void assertInvalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.errors()).containsExactly(new FieldError("metadata", message)));
    }

    static byte[] bytes(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] fixture(String name) {
        return resource("/sp-metadata/" + name);
    }

    static X509Certificate certificate(String name) {
        return Certificates.parseCertificate(new String(resource("/keys/" + name), StandardCharsets.UTF_8));
    }

    static byte[] resource(String path) {
        try (InputStream in = SpMetadataTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
