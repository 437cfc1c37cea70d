package dev.signet.awsemulator;

import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.signature.XMLSignatureInput;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Checks the enveloped signature of one element (the Assertion, or in lenient mode the Response) against
 * the certificates of an IAM SAML provider, shaped so that signature wrapping cannot succeed: the
 * signature is a direct child of that element, its one Reference points at that element's unique ID and
 * dereferences to that very DOM node, and only the enveloped and exclusive c14n transforms are allowed.
 */
final class AssertionSignature {
    /** Santuario logs every failed verification at WARNING; the emulator reports refusals itself. */
    private static final java.util.logging.Logger SANTUARIO_LOG = java.util.logging.Logger.getLogger("org.apache.xml.security");

    static {
        org.apache.xml.security.Init.init();
        SANTUARIO_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private static final String EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#";
    private static final String ENVELOPED = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
    private static final Set<String> STRONG_SIGNATURE_METHODS = Set.of(
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256, XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA384,
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA512, XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA256,
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA384, XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA512);
    private static final Set<String> SHA1_SIGNATURE_METHODS = Set.of(
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1, XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA1);
    private static final Set<String> STRONG_DIGESTS = Set.of("http://www.w3.org/2001/04/xmlenc#sha256",
            "http://www.w3.org/2001/04/xmldsig-more#sha384", "http://www.w3.org/2001/04/xmlenc#sha512");
    private static final String SHA1_DIGEST = "http://www.w3.org/2000/09/xmldsig#sha1";

    private AssertionSignature() {
    }

    /** Whether {@code element} carries a signature of its own (a direct ds:Signature child). */
    static boolean isSigned(Element element) {
        return !EmulatorXml.children(element, EmulatorXml.DS, "Signature").isEmpty();
    }

    /**
     * Returns when the signature of {@code signed} verifies with one of {@code certificates}; otherwise
     * throws InvalidIdentityToken "Response signature invalid" with the precise reason as detail.
     */
    static void verify(Element signed, List<X509Certificate> certificates, boolean allowSha1) {
        List<Element> signatures = EmulatorXml.children(signed, EmulatorXml.DS, "Signature");
        if (signatures.size() != 1) {
            throw refused(signatures.isEmpty() ? "the " + signed.getLocalName() + " is not signed"
                    : "the " + signed.getLocalName() + " has more than one signature");
        }
        Element signature = signatures.get(0);
        String id = uniqueId(signed);
        checkShape(signature, id, allowSha1);
        signed.setIdAttributeNS(null, "ID", true);
        try {
            XMLSignature xmlSignature = new XMLSignature(signature, "", !allowSha1);
            Reference reference = xmlSignature.getSignedInfo().item(0);
            // Belt and braces: with the URI and unique-ID checks above this cannot differ, but claims are
            // read from `signed`, so make sure the digest really covers that node and not a look-alike.
            XMLSignatureInput dereferenced = reference.getContentsBeforeTransformation();
            if (dereferenced.getSubNode() != signed) {
                throw refused("the signature reference does not resolve to the signed element");
            }
            for (X509Certificate certificate : certificates) {
                if (verifiesWith(xmlSignature, certificate)) {
                    return;
                }
            }
            throw refused("no signing certificate of the SAML provider verifies the signature (or the signed content was changed)");
        } catch (XMLSecurityException e) {
            throw refused("the signature cannot be processed: " + e.getMessage());
        }
    }

    private static boolean verifiesWith(XMLSignature signature, X509Certificate certificate) {
        try {
            // checkSignatureValue verifies the SignatureValue and then every Reference digest.
            return signature.checkSignatureValue(certificate.getPublicKey());
        } catch (XMLSecurityException | RuntimeException e) {
            return false; // for instance an EC certificate against an RSA signature
        }
    }

    /** The element's ID, carried by no other element in the document (under any ID-like attribute name). */
    private static String uniqueId(Element signed) {
        String id = EmulatorXml.attribute(signed, "ID");
        if (id == null || id.isEmpty()) {
            throw refused("the signed element has no ID attribute");
        }
        Deque<Element> pending = new ArrayDeque<>(List.of(signed.getOwnerDocument().getDocumentElement()));
        while (!pending.isEmpty()) {
            Element e = pending.pop();
            NamedNodeMap attributes = e.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr a = (Attr) attributes.item(i);
                String name = a.getLocalName() != null ? a.getLocalName() : a.getName();
                boolean idLike = a.isId() || name.equalsIgnoreCase("id");
                if (idLike && a.getValue().equals(id) && !(e == signed && a.getNamespaceURI() == null && name.equals("ID"))) {
                    throw refused("the ID " + id + " appears more than once in the document");
                }
            }
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element child) {
                    pending.push(child);
                }
            }
        }
        return id;
    }

    /** The SAML signature profile (one Reference to the element, enveloped + exclusive c14n) plus the algorithm policy. */
    private static void checkShape(Element signature, String id, boolean allowSha1) {
        if (!EmulatorXml.children(signature, EmulatorXml.DS, "Object").isEmpty()
                || signature.getElementsByTagNameNS(EmulatorXml.DS, "Manifest").getLength() > 0) {
            throw refused("ds:Object and ds:Manifest are not allowed in the signature");
        }
        List<Element> signedInfos = EmulatorXml.children(signature, EmulatorXml.DS, "SignedInfo");
        if (signedInfos.size() != 1) {
            throw refused("the signature needs exactly one SignedInfo");
        }
        Element signedInfo = signedInfos.get(0);
        Element c14n = EmulatorXml.child(signedInfo, EmulatorXml.DS, "CanonicalizationMethod");
        if (c14n == null || !EXC_C14N.equals(c14n.getAttribute("Algorithm"))) {
            throw refused("SignedInfo must use exclusive canonicalization without comments");
        }
        Element method = EmulatorXml.child(signedInfo, EmulatorXml.DS, "SignatureMethod");
        String methodUri = method == null ? "" : method.getAttribute("Algorithm");
        if (!STRONG_SIGNATURE_METHODS.contains(methodUri) && !(allowSha1 && SHA1_SIGNATURE_METHODS.contains(methodUri))) {
            throw refused("signature method not accepted: " + methodUri);
        }
        List<Element> references = EmulatorXml.children(signedInfo, EmulatorXml.DS, "Reference");
        if (references.size() != 1) {
            throw refused("the signature must have exactly one Reference");
        }
        Element reference = references.get(0);
        if (!("#" + id).equals(reference.getAttribute("URI"))) {
            throw refused("the Reference URI must be #" + id + ", the ID of the signed element");
        }
        checkTransforms(reference);
        Element digest = EmulatorXml.child(reference, EmulatorXml.DS, "DigestMethod");
        String digestUri = digest == null ? "" : digest.getAttribute("Algorithm");
        if (!STRONG_DIGESTS.contains(digestUri) && !(allowSha1 && SHA1_DIGEST.equals(digestUri))) {
            throw refused("digest method not accepted: " + digestUri);
        }
    }

    private static void checkTransforms(Element reference) {
        Element transforms = EmulatorXml.child(reference, EmulatorXml.DS, "Transforms");
        List<Element> list = transforms == null ? List.of() : EmulatorXml.children(transforms, EmulatorXml.DS, "Transform");
        boolean enveloped = false;
        for (Element t : list) {
            String algorithm = t.getAttribute("Algorithm");
            if (algorithm.equals(ENVELOPED)) {
                enveloped = true;
            } else if (!algorithm.equals(EXC_C14N)) {
                throw refused("transform not accepted: " + algorithm);
            }
        }
        if (!enveloped || list.size() > 2) {
            throw refused("the Reference must use the enveloped-signature transform, optionally followed by exclusive c14n");
        }
    }

    private static AwsException refused(String detail) {
        return AwsError.INVALID_IDENTITY_TOKEN.with("Response signature invalid", detail);
    }
}
