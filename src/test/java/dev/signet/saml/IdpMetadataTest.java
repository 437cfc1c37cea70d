package dev.signet.saml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.Certificates;
import dev.signet.keys.KeyType;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class IdpMetadataTest {

    @Test
    void metadata_lists_certificates_formats_and_endpoints_and_has_no_bom() throws Exception {
        X509Certificate active = Certificates.generate(KeyType.RSA_2048, "active", Duration.ofDays(1), Instant.now()).certificate();
        X509Certificate next = Certificates.generate(KeyType.RSA_2048, "next", Duration.ofDays(1), Instant.now()).certificate();
        String base = "http://127.0.0.1:9000/application/saml/aws/";
        byte[] bytes = XmlWriter.toBytes(IdpMetadata.build(new IdpMetadata.Description(base, true, List.of(active, next),
                List.of(SamlResponseSpec.NAMEID_PERSISTENT, SamlResponseSpec.NAMEID_EMAIL), base + "sso/binding/", null)));
        assertThat(bytes[0]).as("no byte-order mark").isEqualTo((byte) '<');

        Document doc = XmlParser.parse(bytes);
        var xpath = XPathFactory.newInstance().newXPath();
        assertThat(xpath.evaluate("/*[local-name()='EntityDescriptor']/@entityID", doc)).isEqualTo(base);
        assertThat(xpath.evaluate("//*[local-name()='IDPSSODescriptor']/@WantAuthnRequestsSigned", doc)).isEqualTo("true");
        assertThat(xpath.evaluate("count(//*[local-name()='KeyDescriptor'][@use='signing'])", doc)).isEqualTo("2");
        assertThat(xpath.evaluate("(//*[local-name()='X509Certificate'])[1]", doc))
                .isEqualTo(Base64.getEncoder().encodeToString(active.getEncoded()));
        assertThat(xpath.evaluate("//*[local-name()='SingleSignOnService'][contains(@Binding,'HTTP-POST')]/@Location", doc))
                .isEqualTo(base + "sso/binding/post");
        assertThat(xpath.evaluate("//*[local-name()='SingleSignOnService'][contains(@Binding,'HTTP-Redirect')]/@Location", doc))
                .isEqualTo(base + "sso/binding/redirect");
        assertThat(xpath.evaluate("count(//*[local-name()='SingleLogoutService'])", doc)).isEqualTo("0");
        assertThat(xpath.evaluate("count(//*[local-name()='NameIDFormat'])", doc)).isEqualTo("2");
    }
}
