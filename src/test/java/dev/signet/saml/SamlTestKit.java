package dev.signet.saml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.Certificates;
import dev.signet.testing.ApiClient;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What the SAML tests share: an application with a provider, AuthnRequests as an SP writes them, and reading the answers. */
public final class SamlTestKit {
    public static final String ACS = "https://sp.example.com/saml/acs";
    public static final String SP = "https://sp.example.com/metadata";
    public static final String ASSERTION_ID = "urn:oasis:names:tc:SAML:2.0:assertion:Assertion";
    public static final String RESPONSE_ID = "urn:oasis:names:tc:SAML:2.0:protocol:Response";
    private static final Pattern INPUT = Pattern.compile("<input type=\"hidden\" name=\"([A-Za-z]+)\" value=\"([^\"]*)\">");
    private static final Pattern ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\" id=\"saml-post\">");

    private SamlTestKit() {
    }

    /** Creates an open application with a SAML provider; {@code providerJson} is the body of PUT .../saml. */
    public static String createSamlApp(SignetServer server, String slug, String providerJson) {
        return createSamlApp(server.api(), slug, providerJson);
    }

    /** As above, through any admin API client (e.g. one node of several). */
    public static String createSamlApp(ApiClient api, String slug, String providerJson) {
        ApiClient.Response app = api.post("/applications", "{\"slug\":\"" + slug + "\",\"name\":\"" + slug + "\",\"accessMode\":\"all\"}");
        assertThat(app.status()).as(app.body()).isEqualTo(201);
        String id = app.json().get("id").asText();
        ApiClient.Response provider = api.put("/applications/" + id + "/saml", providerJson);
        assertThat(provider.status()).as(provider.body()).isEqualTo(201);
        return id;
    }

    /** The ID of the application with that slug. */
    public static String applicationId(SignetServer server, String slug) {
        for (com.fasterxml.jackson.databind.JsonNode a : server.api().get("/applications?limit=500").json().get("items")) {
            if (a.get("slug").asText().equals(slug)) {
                return a.get("id").asText();
            }
        }
        throw new AssertionError("no application " + slug);
    }

    public static String defaultProvider() {
        return "{\"spEntityId\":\"" + SP + "\",\"acsUrl\":\"" + ACS + "\",\"propertyMappings\":[\"email\",\"groups\"]}";
    }

    /** The IdP signing certificate as an SP gets it: from the metadata endpoint. */
    public static X509Certificate metadataCertificate(SignetServer server, String slug) {
        return metadataCertificate(server.client(), slug);
    }

    public static X509Certificate metadataCertificate(WebClient client, String slug) {
        String xml = client.get("/application/saml/" + slug + "/metadata").body();
        Matcher m = Pattern.compile("<ds:X509Certificate>([^<]+)</ds:X509Certificate>").matcher(xml);
        assertThat(m.find()).as(xml).isTrue();
        return Certificates.parseCertificate("-----BEGIN CERTIFICATE-----\n" + m.group(1) + "\n-----END CERTIFICATE-----\n");
    }

    /** An AuthnRequest as SPs write it; {@code attributes} adds or overrides root attributes (null value removes one). */
    public static String authnRequest(String id, String issuer, Instant issueInstant, Map<String, String> attributes, String extraChildren) {
        Map<String, String> root = new LinkedHashMap<>();
        root.put("ID", id);
        root.put("Version", "2.0");
        root.put("IssueInstant", issueInstant.toString());
        root.put("AssertionConsumerServiceURL", ACS);
        root.put("ProtocolBinding", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
        root.putAll(attributes);
        StringBuilder xml = new StringBuilder("<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"");
        root.forEach((k, v) -> {
            if (v != null) {
                xml.append(' ').append(k).append("=\"").append(v).append('"');
            }
        });
        xml.append("><saml:Issuer>").append(issuer).append("</saml:Issuer>").append(extraChildren == null ? "" : extraChildren)
                .append("</samlp:AuthnRequest>");
        return xml.toString();
    }

    public static String redirectQuery(String xml, String relayState) {
        String q = "SAMLRequest=" + URLEncoder.encode(RedirectBinding.encode(xml.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        return relayState == null ? q : q + "&RelayState=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8);
    }

    /** The hidden fields of an auto-post page. */
    public static Map<String, String> formFields(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = INPUT.matcher(html);
        while (m.find()) {
            fields.put(m.group(1), unescape(m.group(2)));
        }
        return fields;
    }

    public static String formAction(String html) {
        Matcher m = ACTION.matcher(html);
        assertThat(m.find()).as("an auto-post form in: " + html).isTrue();
        return unescape(m.group(1));
    }

    /**
     * The SAMLResponse of an auto-post page, after checking it as an SP would: valid against the OASIS
     * schema, and every signature in it (response and assertion) verified by xmlsec1 with the
     * certificate from the issuer's metadata.
     */
    public static String decodeResponse(SignetServer server, String html) {
        return decodeResponse(server.client(), html);
    }

    /** As above, taking the metadata through {@code client} (its server is the issuer). */
    public static String decodeResponse(WebClient client, String html) {
        String value = formFields(html).get("SAMLResponse");
        assertThat(value).as("SAMLResponse in: " + html).isNotNull();
        byte[] bytes = Base64.getDecoder().decode(value);
        SamlSchema.validate(bytes);
        String xml = new String(bytes, StandardCharsets.UTF_8);
        Document doc = parse(xml);
        String issuer = find(doc, "Issuer").getTextContent();
        String slug = issuer.substring(issuer.indexOf("/application/saml/") + "/application/saml/".length(), issuer.length() - 1);
        X509Certificate certificate = metadataCertificate(client, slug);
        Element root = doc.getDocumentElement();
        try {
            if (SignatureVerifier.hasSignature(root)) {
                Xmlsec1.Result r = Xmlsec1.verify(xml, RESPONSE_ID, certificate, "/*/*[local-name()='Signature']");
                assertThat(r.verified()).as("response signature: " + r.output()).isTrue();
            }
            Element assertion = find(doc, "Assertion");
            if (assertion != null) {
                assertThat(SignatureVerifier.hasSignature(assertion) || SignatureVerifier.hasSignature(root)).isTrue();
                if (SignatureVerifier.hasSignature(assertion)) {
                    Xmlsec1.Result r = Xmlsec1.verify(xml, ASSERTION_ID, certificate,
                            "/*/*[local-name()='Assertion']/*[local-name()='Signature']");
                    assertThat(r.verified()).as("assertion signature: " + r.output()).isTrue();
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return xml;
    }

    /** The values of every Attribute named {@code name} in a response or assertion, in document order. */
    public static List<String> attributeValues(Document doc, String name) {
        List<String> out = new ArrayList<>();
        NodeList attributes = doc.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Attribute");
        for (int i = 0; i < attributes.getLength(); i++) {
            Element attribute = (Element) attributes.item(i);
            if (attribute.getAttribute("Name").equals(name)) {
                NodeList values = attribute.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "AttributeValue");
                for (int j = 0; j < values.getLength(); j++) {
                    out.add(values.item(j).getTextContent());
                }
            }
        }
        return out;
    }

    public static Document parse(String xml) {
        return XmlParser.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    /** The first element with that local name anywhere in the document. */
    public static Element find(Document doc, String localName) {
        var list = doc.getElementsByTagNameNS("*", localName);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }

    /** Top-level and second-level status codes of a response. */
    public static String[] status(Document doc) {
        Element code = find(doc, "StatusCode");
        Element inner = code.getElementsByTagNameNS(SamlNames.PROTOCOL_NS, "StatusCode").getLength() > 0
                ? (Element) code.getElementsByTagNameNS(SamlNames.PROTOCOL_NS, "StatusCode").item(0) : null;
        return new String[] {code.getAttribute("Value"), inner == null ? null : inner.getAttribute("Value")};
    }

    private static String unescape(String s) {
        return s.replace("&#43;", "+").replace("&#61;", "=").replace("&#47;", "/").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
