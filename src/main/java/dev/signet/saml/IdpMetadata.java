package dev.signet.saml;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The IdP's SAML 2.0 metadata for one application: EntityDescriptor with an IDPSSODescriptor that
 * lists the signing certificates, NameID formats and the SSO/SLO endpoints. What an SP (or AWS IAM)
 * imports to trust Signet.
 */
public final class IdpMetadata {
    private static final String MD = "md:";
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";
    private static final String REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
    private static final String POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

    private IdpMetadata() {
    }

    /**
     * What the metadata says. {@code signingCertificates} is the active one, plus the next during a
     * rotation; {@code sloUrlBase} is null when logout is not configured.
     */
    public record Description(String entityId, boolean wantAuthnRequestsSigned, List<X509Certificate> signingCertificates,
                              List<String> nameIdFormats, String ssoUrlBase, String sloUrlBase) {
    }

    /** The metadata document of an application's provider: its issuer, certificates (active, then next) and endpoints. */
    public static byte[] forProvider(SamlProviderService.Configured c, dev.signet.keys.KeypairService keypairs, String publicUrl) {
        SamlProvider p = c.provider();
        String base = SamlEndpoints.endpointBase(publicUrl, c.application().slug());
        List<X509Certificate> certificates = new java.util.ArrayList<>();
        certificates.add(keypairs.signingCredential(p.keypairId()).certificate());
        if (p.nextKeypairId() != null) {
            // Gone when another node retired and deleted it while this node's provider cache still names it:
            // for those two seconds the metadata leaves it out, as the other node's does, instead of failing.
            keypairs.find(p.nextKeypairId()).ifPresent(next ->
                    certificates.add(dev.signet.keys.Certificates.parseCertificate(next.certificatePem())));
        }
        return XmlWriter.toBytes(build(new Description(p.effectiveIssuer(publicUrl, c.application().slug()), p.requireSignedRequests(),
                certificates, List.of(p.nameIdFormat().uri()), base + "sso/binding/", p.sloUrl() == null ? null : base + "slo/binding/")));
    }

    public static Document build(Description d) {
        Document doc = XmlParser.newDocument();
        Element entity = doc.createElementNS(SamlNames.METADATA_NS, MD + "EntityDescriptor");
        entity.setAttributeNS(XMLNS, "xmlns:md", SamlNames.METADATA_NS);
        entity.setAttributeNS(XMLNS, "xmlns:ds", SamlNames.DSIG_NS);
        entity.setAttribute("entityID", d.entityId());
        doc.appendChild(entity);
        entity.appendChild(idpDescriptor(doc, d));
        return doc;
    }

    static Element idpDescriptor(Document doc, Description d) {
        Element idp = doc.createElementNS(SamlNames.METADATA_NS, MD + "IDPSSODescriptor");
        idp.setAttribute("WantAuthnRequestsSigned", Boolean.toString(d.wantAuthnRequestsSigned()));
        idp.setAttribute("protocolSupportEnumeration", SamlNames.PROTOCOL_NS);
        for (X509Certificate c : d.signingCertificates()) {
            idp.appendChild(keyDescriptor(doc, c));
        }
        if (d.sloUrlBase() != null) {
            idp.appendChild(endpoint(doc, "SingleLogoutService", REDIRECT, d.sloUrlBase() + "redirect"));
            idp.appendChild(endpoint(doc, "SingleLogoutService", POST, d.sloUrlBase() + "post"));
        }
        for (String format : d.nameIdFormats()) {
            Element f = doc.createElementNS(SamlNames.METADATA_NS, MD + "NameIDFormat");
            f.setTextContent(format);
            idp.appendChild(f);
        }
        idp.appendChild(endpoint(doc, "SingleSignOnService", REDIRECT, d.ssoUrlBase() + "redirect"));
        idp.appendChild(endpoint(doc, "SingleSignOnService", POST, d.ssoUrlBase() + "post"));
        return idp;
    }

    static Element keyDescriptor(Document doc, X509Certificate certificate) {
        Element key = doc.createElementNS(SamlNames.METADATA_NS, MD + "KeyDescriptor");
        key.setAttribute("use", "signing");
        Element info = doc.createElementNS(SamlNames.DSIG_NS, "ds:KeyInfo");
        Element data = doc.createElementNS(SamlNames.DSIG_NS, "ds:X509Data");
        Element cert = doc.createElementNS(SamlNames.DSIG_NS, "ds:X509Certificate");
        try {
            cert.setTextContent(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        data.appendChild(cert);
        info.appendChild(data);
        key.appendChild(info);
        return key;
    }

    static Element endpoint(Document doc, String name, String binding, String location) {
        Element e = doc.createElementNS(SamlNames.METADATA_NS, MD + name);
        e.setAttribute("Binding", binding);
        e.setAttribute("Location", location);
        return e;
    }
}
