package dev.signet.aws.preflight;

import static dev.signet.saml.SamlNames.DSIG_NS;
import static dev.signet.saml.SamlNames.METADATA_NS;

import dev.signet.saml.XmlParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.w3c.dom.Element;

/**
 * What AWS takes from an IdP metadata document: the entity ID and the signing certificates of the
 * IDPSSODescriptor. {@code problem} is null when the document is usable, otherwise why AWS would
 * refuse it.
 */
record ProviderMetadata(String entityId, List<X509Certificate> signingCertificates, String problem) {
    /** AWS keeps at most this many signing keys per SAML provider. */
    static final int MAX_KEYS = 10;

    static ProviderMetadata read(String xml) {
        if (xml == null || xml.isBlank()) {
            return unusable("No metadata was given.");
        }
        if (xml.startsWith("\uFEFF")) {
            return unusable("The metadata starts with a byte-order mark, which AWS refuses.");
        }
        Element root;
        try {
            root = XmlParser.parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        } catch (XmlParser.MalformedXmlException e) {
            return unusable("The metadata is not accepted XML: " + e.getMessage());
        }
        if (!Elements.is(root, METADATA_NS, "EntityDescriptor")) {
            return unusable("The metadata's root is not an md:EntityDescriptor.");
        }
        String entityId = Elements.attribute(root, "entityID");
        if (entityId == null || entityId.isBlank()) {
            return unusable("The metadata's EntityDescriptor has no entityID.");
        }
        Element idp = Elements.child(root, METADATA_NS, "IDPSSODescriptor");
        if (idp == null) {
            return new ProviderMetadata(entityId, List.of(), "The metadata has no IDPSSODescriptor.");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Element key : Elements.children(idp, METADATA_NS, "KeyDescriptor")) {
            String use = Elements.attribute(key, "use");
            if (use != null && !"signing".equals(use)) {
                continue;
            }
            Element data = Elements.child(Elements.child(key, DSIG_NS, "KeyInfo"), DSIG_NS, "X509Data");
            for (Element cert : Elements.children(data, DSIG_NS, "X509Certificate")) {
                X509Certificate parsed = certificate(cert.getTextContent());
                if (parsed == null) {
                    return new ProviderMetadata(entityId, certificates, "A signing certificate in the metadata cannot be read.");
                }
                certificates.add(parsed);
            }
        }
        String problem = certificates.isEmpty() ? "The metadata lists no signing certificate."
                : certificates.size() > MAX_KEYS ? "The metadata lists " + certificates.size()
                        + " signing certificates; AWS keeps at most " + MAX_KEYS + "."
                : null;
        return new ProviderMetadata(entityId, List.copyOf(certificates), problem);
    }

    boolean usable() {
        return problem == null;
    }

    boolean holds(X509Certificate certificate) {
        return signingCertificates.contains(certificate);
    }

    /** A certificate from base64 DER (whitespace allowed), or null. */
    static X509Certificate certificate(String base64) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64.strip());
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | IllegalArgumentException | ClassCastException e) {
            return null;
        }
    }

    private static ProviderMetadata unusable(String problem) {
        return new ProviderMetadata(null, List.of(), problem);
    }
}
