package dev.signet.saml;

import dev.signet.errors.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What Signet needs from a service provider's SAML 2.0 metadata (pasted, uploaded or fetched by an admin)
 * to configure a SAML application: entity ID, where to post responses, the SP's signing certificates,
 * NameID formats, signing wishes and its logout endpoint.
 *
 * @param singleLogout null when the SP has no SingleLogoutService with the HTTP-Redirect or HTTP-POST binding
 */
public record SpMetadata(String entityId, List<AssertionConsumerService> assertionConsumerServices,
                         List<X509Certificate> signingCertificates, List<String> nameIdFormats,
                         boolean wantAssertionsSigned, boolean authnRequestsSigned, SingleLogoutService singleLogout) {

    public static final String HTTP_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
    public static final String HTTP_REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
    private static final String FIELD = "metadata";

    public SpMetadata {
        assertionConsumerServices = List.copyOf(assertionConsumerServices);
        signingCertificates = List.copyOf(signingCertificates);
        nameIdFormats = List.copyOf(nameIdFormats);
    }

    /**
     * One endpoint that accepts responses. {@code isDefault} is the attribute as written: null when
     * absent, which matters when choosing the default (see {@link #defaultAcs()}).
     */
    public record AssertionConsumerService(String location, String binding, Integer index, Boolean isDefault) {
    }

    /** The SP's logout endpoint; {@code binding} is the full binding URI. */
    public record SingleLogoutService(String location, String binding) {
    }

    /**
     * The default endpoint by the metadata spec (saml-metadata-2.0-os 2.2.3): the first with
     * isDefault="true", else the first without isDefault="false", else the first.
     */
    public AssertionConsumerService defaultAcs() {
        return assertionConsumerServices.stream().filter(a -> Boolean.TRUE.equals(a.isDefault())).findFirst()
                .or(() -> assertionConsumerServices.stream().filter(a -> a.isDefault() == null).findFirst())
                .orElse(assertionConsumerServices.get(0));
    }

    /** The entity IDs of the service providers the metadata describes, in document order, to let an admin choose. */
    public static List<String> entityIds(byte[] xml) {
        return spEntities(root(xml)).stream().map(e -> e.getAttribute("entityID")).toList();
    }

    /**
     * Reads the one service provider in the metadata, or the one named {@code chosenEntityId} (nullable)
     * when it describes several. Throws {@link InvalidInputException} on field "metadata" with a reason
     * for the admin.
     */
    public static SpMetadata parse(byte[] xml, String chosenEntityId) {
        Element entity = chooseEntity(spEntities(root(xml)), chosenEntityId);
        Element sp = spDescriptor(entity);
        return new SpMetadata(entity.getAttribute("entityID"), assertionConsumerServices(sp), signingCertificates(sp),
                nameIdFormats(sp), bool(sp, "WantAssertionsSigned"), bool(sp, "AuthnRequestsSigned"), singleLogout(sp));
    }

    static Element root(byte[] xml) {
        if (xml == null || xml.length == 0) {
            throw invalid("The metadata is empty.");
        }
        if (xml.length > XmlParser.MAX_BYTES) {
            throw invalid("The metadata is larger than " + XmlParser.MAX_BYTES / 1024 + " KiB.");
        }
        Document doc;
        try {
            doc = XmlParser.parse(xml);
        } catch (XmlParser.MalformedXmlException e) {
            // XmlParser refuses any DOCTYPE (no entity expansion, no XXE) and says so in its message.
            throw invalid(e.getMessage().contains("DTD") ? "Metadata with a DTD (DOCTYPE) is not accepted."
                    : "The metadata is not well-formed XML.");
        }
        Element root = doc.getDocumentElement();
        if (!isMd(root, "EntityDescriptor") && !isMd(root, "EntitiesDescriptor")) {
            throw invalid("This is not SAML 2.0 metadata: the document starts with <" + root.getNodeName()
                    + "> instead of an md:EntityDescriptor or md:EntitiesDescriptor.");
        }
        return root;
    }

    /** EntityDescriptors with an SPSSODescriptor: the root itself, or those inside (nested) EntitiesDescriptors. */
    static List<Element> spEntities(Element root) {
        List<Element> entities = new ArrayList<>();
        if (isMd(root, "EntityDescriptor")) {
            entities.add(root);
        } else {
            // getElementsByTagNameNS walks without recursion, so deep nesting cannot overflow the stack.
            NodeList all = root.getElementsByTagNameNS(SamlNames.METADATA_NS, "EntityDescriptor");
            for (int i = 0; i < all.getLength(); i++) {
                Element e = (Element) all.item(i);
                if (onlyEntitiesDescriptorsAbove(e)) {
                    entities.add(e);
                }
            }
        }
        List<Element> sps = entities.stream().filter(e -> !children(e, "SPSSODescriptor").isEmpty()).toList();
        if (sps.isEmpty()) {
            throw invalid("The metadata has no SPSSODescriptor: is this an IdP's metadata?");
        }
        for (Element e : sps) {
            if (e.getAttribute("entityID").isBlank()) {
                throw invalid("The EntityDescriptor has no entityID.");
            }
        }
        return sps;
    }

    static Element chooseEntity(List<Element> sps, String chosenEntityId) {
        List<String> ids = sps.stream().map(e -> e.getAttribute("entityID")).toList();
        if (chosenEntityId == null || chosenEntityId.isBlank()) {
            if (sps.size() > 1) {
                throw invalid("The metadata describes " + sps.size() + " entities (" + String.join(", ", ids) + "); choose one.");
            }
            return sps.get(0);
        }
        int i = ids.indexOf(chosenEntityId.strip());
        if (i < 0) {
            throw invalid("The metadata has no service provider with entity ID " + chosenEntityId.strip()
                    + "; it describes " + String.join(", ", ids) + ".");
        }
        return sps.get(i);
    }

    /** The first SPSSODescriptor that speaks SAML 2.0 (an entity may also carry a SAML 1.1 one). */
    static Element spDescriptor(Element entity) {
        return children(entity, "SPSSODescriptor").stream()
                .filter(sp -> Arrays.asList(sp.getAttribute("protocolSupportEnumeration").strip().split("\\s+"))
                        .contains(SamlNames.PROTOCOL_NS))
                .findFirst()
                .orElseThrow(() -> invalid("The SPSSODescriptor does not support SAML 2.0: its protocolSupportEnumeration lacks "
                        + SamlNames.PROTOCOL_NS + "."));
    }

    /** HTTP-POST and HTTP-Redirect endpoints in document order; Artifact, PAOS and others are left out. */
    static List<AssertionConsumerService> assertionConsumerServices(Element sp) {
        List<AssertionConsumerService> services = new ArrayList<>();
        for (Element e : children(sp, "AssertionConsumerService")) {
            String binding = e.getAttribute("Binding").strip();
            if (!binding.equals(HTTP_POST) && !binding.equals(HTTP_REDIRECT)) {
                continue;
            }
            String location = httpUrl(e.getAttribute("Location"), "AssertionConsumerService");
            services.add(new AssertionConsumerService(location, binding, index(e), e.hasAttribute("isDefault") ? bool(e, "isDefault") : null));
        }
        if (services.isEmpty()) {
            throw invalid("The metadata has no AssertionConsumerService with the HTTP-POST or HTTP-Redirect binding.");
        }
        return services;
    }

    static Integer index(Element acs) {
        if (!acs.hasAttribute("index")) {
            return null;
        }
        String index = acs.getAttribute("index").strip();
        try {
            int value = Integer.parseInt(index);
            if (value >= 0 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("The AssertionConsumerService index \"" + index + "\" is not a number from 0 to 65535.");
    }

    /** Certificates of KeyDescriptors for signing, or without use (for both signing and encryption). */
    static List<X509Certificate> signingCertificates(Element sp) {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Element key : children(sp, "KeyDescriptor")) {
            String use = key.getAttribute("use").strip();
            if (!use.isEmpty() && !use.equals("signing")) {
                continue;
            }
            NodeList encoded = key.getElementsByTagNameNS(SamlNames.DSIG_NS, "X509Certificate");
            for (int i = 0; i < encoded.getLength(); i++) {
                X509Certificate c = certificate(encoded.item(i).getTextContent());
                if (!certificates.contains(c)) {
                    certificates.add(c);
                }
            }
        }
        return certificates;
    }

    static X509Certificate certificate(String base64) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw invalid("A signing certificate in a KeyDescriptor is not valid base64.");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw invalid("A signing certificate in a KeyDescriptor is not a DER-encoded X.509 certificate.");
        }
    }

    static List<String> nameIdFormats(Element sp) {
        return children(sp, "NameIDFormat").stream().map(e -> e.getTextContent().strip()).filter(s -> !s.isEmpty()).toList();
    }

    /** HTTP-Redirect preferred, as front-channel logout from a browser needs no form; else HTTP-POST; else none. */
    static SingleLogoutService singleLogout(Element sp) {
        List<Element> services = children(sp, "SingleLogoutService");
        for (String binding : List.of(HTTP_REDIRECT, HTTP_POST)) {
            for (Element e : services) {
                if (e.getAttribute("Binding").strip().equals(binding)) {
                    return new SingleLogoutService(httpUrl(e.getAttribute("Location"), "SingleLogoutService"), binding);
                }
            }
        }
        return null;
    }

    static String httpUrl(String value, String element) {
        String url = value.strip();
        try {
            URI u = new URI(url);
            if (("https".equals(u.getScheme()) || "http".equals(u.getScheme())) && u.getHost() != null) {
                return url;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw invalid("The " + element + " Location \"" + url + "\" is not an absolute http(s) URL.");
    }

    /** xs:boolean: "true" or "1"; absent or anything else is false. */
    static boolean bool(Element e, String attribute) {
        String v = e.getAttribute(attribute).strip();
        return v.equals("true") || v.equals("1");
    }

    static boolean onlyEntitiesDescriptorsAbove(Element entity) {
        for (Node p = entity.getParentNode(); p instanceof Element parent; p = parent.getParentNode()) {
            if (!isMd(parent, "EntitiesDescriptor")) {
                return false;
            }
        }
        return true;
    }

    static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && isMd(e, localName)) {
                found.add(e);
            }
        }
        return found;
    }

    static boolean isMd(Element e, String localName) {
        return SamlNames.METADATA_NS.equals(e.getNamespaceURI()) && Objects.equals(localName, e.getLocalName());
    }

    static InvalidInputException invalid(String message) {
        return InvalidInputException.of(FIELD, message);
    }
}
