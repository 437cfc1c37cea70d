package dev.signet.saml;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.SignedInfo;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transform;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Verifies the enveloped signature of a SAML message an SP sent, the way OpenSAML does, because
 * Keycloak (CVE-2024-8698), ruby-saml (CVE-2024-45409, CVE-2025-25291/25292), xml-crypto
 * (CVE-2025-29774/29775) and samlify (CVE-2025-47949) were broken by doing less: the element's own
 * single Signature child, exactly one Reference to the element's unique ID resolving to that very
 * node, only enveloped + exclusive c14n, no Object or Manifest, no SHA-1, no comments, and keys only
 * from the configured certificate (KeyInfo in the message is ignored). Santuario's secure validation
 * is on. After verification, callers must read data only from the verified element.
 */
public final class SignatureVerifier {
    static {
        org.apache.xml.security.Init.init();
    }

    private static final Set<String> DIGESTS = Set.of(DigestAlgorithm.SHA256.uri(), DigestAlgorithm.SHA384.uri(),
            DigestAlgorithm.SHA512.uri());

    private SignatureVerifier() {
    }

    /** Whether the element has a ds:Signature child. */
    public static boolean hasSignature(Element element) {
        return SamlXml.child(element, SamlNames.DSIG_NS, "Signature") != null;
    }

    /** Throws {@link SamlMessageException} unless {@code element} is signed by one of {@code trusted}, as described above. */
    public static void verify(Element element, List<X509Certificate> trusted) {
        Element signatureElement = onlySignature(element);
        String id = element.getAttribute("ID");
        if (id.isEmpty()) {
            throw new SamlMessageException("The signed element has no ID.");
        }
        if (countIds(element.getOwnerDocument().getDocumentElement(), id) != 1) {
            throw new SamlMessageException("The message contains the signed element's ID more than once.");
        }
        if (containsComment(element)) {
            throw new SamlMessageException("XML comments are not accepted inside signed SAML messages.");
        }
        element.setIdAttribute("ID", true);
        try {
            XMLSignature signature = new XMLSignature(signatureElement, "", true);
            checkStructure(signature, signatureElement, id);
            Reference reference = signature.getSignedInfo().item(0);
            for (X509Certificate certificate : trusted) {
                if (signature.checkSignatureValue(certificate.getPublicKey())) {
                    if (!reference.verify()) {
                        throw new SamlMessageException("The signed content was changed after signing.");
                    }
                    if (reference.getContentsBeforeTransformation() == null
                            || reference.getContentsBeforeTransformation().getSubNode() != element) {
                        throw new SamlMessageException("The signature must reference the signed element.");
                    }
                    return;
                }
            }
            throw new SamlMessageException("The signature is not valid with the registered SP certificate.");
        } catch (XMLSecurityException e) {
            throw new SamlMessageException("The signature could not be verified: " + safe(e));
        }
    }

    /** The one ds:Signature, a direct child of the element, and no other signature anywhere inside it. */
    private static Element onlySignature(Element element) {
        NodeList all = element.getElementsByTagNameNS(SamlNames.DSIG_NS, "Signature");
        Element direct = SamlXml.child(element, SamlNames.DSIG_NS, "Signature");
        if (direct == null) {
            throw new SamlMessageException("The message is not signed.");
        }
        if (all.getLength() != 1) {
            throw new SamlMessageException("The message contains more than one signature.");
        }
        return direct;
    }

    private static void checkStructure(XMLSignature signature, Element signatureElement, String id) throws XMLSecurityException {
        SignedInfo info = signature.getSignedInfo();
        if (!Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS.equals(info.getCanonicalizationMethodURI())) {
            throw new SamlMessageException("Only exclusive canonicalization is accepted.");
        }
        String method = info.getSignatureMethodURI();
        if (SignatureAlgorithm.fromUri(method).isEmpty()) {
            throw new SamlMessageException(method != null && method.toLowerCase(java.util.Locale.ROOT).contains("sha1")
                    ? "SHA-1 signatures are not accepted." : "The signature algorithm is not supported.");
        }
        if (info.getLength() != 1) {
            throw new SamlMessageException("The signature must have exactly one Reference.");
        }
        Reference reference = info.item(0);
        if (!("#" + id).equals(reference.getURI())) {
            throw new SamlMessageException("The signature must reference the signed element.");
        }
        if (!DIGESTS.contains(reference.getMessageDigestAlgorithm().getAlgorithmURI())) {
            throw new SamlMessageException("Only SHA-256, SHA-384 and SHA-512 digests are accepted.");
        }
        Transforms transforms = reference.getTransforms();
        boolean enveloped = false;
        for (int i = 0; transforms != null && i < transforms.getLength(); i++) {
            Transform t = transforms.item(i);
            if (Transforms.TRANSFORM_ENVELOPED_SIGNATURE.equals(t.getURI())) {
                enveloped = true;
            } else if (!Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS.equals(t.getURI())) {
                throw new SamlMessageException("Only the enveloped-signature and exclusive canonicalization transforms are accepted.");
            }
        }
        if (!enveloped || transforms.getLength() > 2) {
            throw new SamlMessageException("The signature must be enveloped (one enveloped-signature transform).");
        }
        if (signature.getObjectLength() > 0
                || signatureElement.getElementsByTagNameNS(SamlNames.DSIG_NS, "Manifest").getLength() > 0) {
            throw new SamlMessageException("Signatures with ds:Object or ds:Manifest are not accepted.");
        }
    }

    private static int countIds(Element root, String id) {
        int count = 0;
        NamedNodeMap attributes = root.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            if (("ID".equals(a.getLocalName()) || "ID".equals(a.getName()) || "Id".equals(a.getName()) || "id".equals(a.getName()))
                    && id.equals(a.getValue())) {
                count++;
            }
        }
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                count += countIds(e, id);
            }
        }
        return count;
    }

    private static boolean containsComment(Node node) {
        for (Node n = node.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.COMMENT_NODE || containsComment(n)) {
                return true;
            }
        }
        return false;
    }

    /** Santuario messages can quote document content; keep them short for an error page. */
    private static String safe(XMLSecurityException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.length() > 160 ? m.substring(0, 160) + "..." : m;
    }
}
