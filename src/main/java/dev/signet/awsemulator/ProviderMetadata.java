package dev.signet.awsemulator;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What IAM keeps from an uploaded IdP metadata document: the entity ID and the signing certificates.
 * Refuses what AWS's upload refuses (a BOM, a DTD, no IDPSSODescriptor, no signing key, RSA under 1024 bits).
 */
record ProviderMetadata(String entityId, List<X509Certificate> signingCertificates) {
    /** AWS accepts up to ten signing keys per provider, which is how certificate rotation works. */
    static final int MAX_KEYS = 10;
    static final int MIN_RSA_BITS = 1024;

    static ProviderMetadata parse(byte[] document) {
        if (hasByteOrderMark(document)) {
            throw invalid("the metadata document starts with a byte-order mark");
        }
        Document doc;
        try {
            doc = EmulatorXml.parse(document);
        } catch (EmulatorXml.UnreadableXml e) {
            throw invalid(e.getMessage());
        }
        Element root = doc.getDocumentElement();
        if (!EmulatorXml.MD.equals(root.getNamespaceURI()) || !"EntityDescriptor".equals(root.getLocalName())) {
            throw invalid("the root element is not an md:EntityDescriptor");
        }
        String entityId = EmulatorXml.attribute(root, "entityID");
        if (entityId == null || entityId.isBlank()) {
            throw invalid("the EntityDescriptor has no entityID");
        }
        List<Element> idps = EmulatorXml.children(root, EmulatorXml.MD, "IDPSSODescriptor");
        if (idps.isEmpty()) {
            throw invalid("there is no IDPSSODescriptor");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Element idp : idps) {
            for (Element key : EmulatorXml.children(idp, EmulatorXml.MD, "KeyDescriptor")) {
                String use = EmulatorXml.attribute(key, "use");
                // A KeyDescriptor without "use" serves both purposes (SAML metadata, section 2.4.1.1).
                if (use == null || use.equals("signing")) {
                    certificates.addAll(certificatesIn(key));
                }
            }
        }
        if (certificates.isEmpty()) {
            throw invalid("the IDPSSODescriptor has no signing KeyDescriptor with an X509Certificate");
        }
        if (certificates.size() > MAX_KEYS) {
            throw invalid("more than " + MAX_KEYS + " signing certificates");
        }
        for (X509Certificate c : certificates) {
            if (c.getPublicKey() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw invalid("an RSA signing key is shorter than " + MIN_RSA_BITS + " bits");
            }
        }
        return new ProviderMetadata(entityId.trim(), List.copyOf(certificates));
    }

    private static List<X509Certificate> certificatesIn(Element keyDescriptor) {
        List<X509Certificate> found = new ArrayList<>();
        for (Element keyInfo : EmulatorXml.children(keyDescriptor, EmulatorXml.DS, "KeyInfo")) {
            for (Element data : EmulatorXml.children(keyInfo, EmulatorXml.DS, "X509Data")) {
                for (Element cert : EmulatorXml.children(data, EmulatorXml.DS, "X509Certificate")) {
                    found.add(certificate(EmulatorXml.text(cert)));
                }
            }
        }
        return found;
    }

    private static X509Certificate certificate(String base64) {
        try {
            byte[] der = Base64.getMimeDecoder().decode(base64);
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (IllegalArgumentException | CertificateException e) {
            throw invalid("an X509Certificate cannot be read");
        }
    }

    private static boolean hasByteOrderMark(byte[] d) {
        boolean utf8 = d.length >= 3 && (d[0] & 0xff) == 0xEF && (d[1] & 0xff) == 0xBB && (d[2] & 0xff) == 0xBF;
        boolean utf16 = d.length >= 2 && (((d[0] & 0xff) == 0xFE && (d[1] & 0xff) == 0xFF) || ((d[0] & 0xff) == 0xFF && (d[1] & 0xff) == 0xFE));
        return utf8 || utf16;
    }

    private static AwsException invalid(String reason) {
        return AwsError.INVALID_INPUT.with("Could not parse metadata: " + reason);
    }
}
