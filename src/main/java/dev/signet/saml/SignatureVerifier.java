package dev.signet.saml;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.Reference;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.signature.XMLSignatureInput;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Verifies the enveloped XML signature of a SAML message or assertion the way OpenSAML's SAML signature
 * profile does, refusing every document shape that let signature wrapping, comment injection or
 * KeyInfo trust break other SAML implementations.
 *
 * <p>The element must come from {@link XmlParser#parse} and is verified on that same DOM, never
 * re-parsed or re-serialised. After {@link #verify} returns, callers must read data only from the
 * verified element (not from the document root, a sibling or by a document-wide search), because only
 * that element is covered by the signature.
 */
public final class SignatureVerifier {
    /**
     * Santuario reports every failed verification at WARNING (java.util.logging) with digests of what
     * the sender sent; refusals are reported by Signet's audit events instead. Held so it is not collected.
     */
    private static final java.util.logging.Logger SANTUARIO_LOG = java.util.logging.Logger.getLogger("org.apache.xml.security");

    static {
        org.apache.xml.security.Init.init();
        SANTUARIO_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private static final String EXC_C14N = Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS;
    private static final String ENVELOPED = Transforms.TRANSFORM_ENVELOPED_SIGNATURE;
    private static final String EXC_C14N_NS = "http://www.w3.org/2001/10/xml-exc-c14n#";
    /** SHA-1 signature and digest URIs, refused wherever they appear (redirect SigAlg included). */
    public static final Set<String> SHA1_URIS = Set.of(
            XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA1, XMLSignature.ALGO_ID_SIGNATURE_DSA,
            XMLSignature.ALGO_ID_SIGNATURE_ECDSA_SHA1, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA1);
    private static final Set<String> DIGESTS = Set.of(MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256,
            MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA384, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA512);

    private SignatureVerifier() {
    }

    /** Whether {@code element} has a {@code ds:Signature} as a direct child. */
    public static boolean hasSignature(Element element) {
        return !dsChildren(element, "Signature").isEmpty();
    }

    /**
     * Verifies the signature that is a direct child of {@code element} with the keys of {@code trusted}
     * only (KeyInfo in the message is ignored); throws {@link SamlMessageException} saying why not.
     */
    public static void verify(Element element, List<X509Certificate> trusted) {
        Document doc = element.getOwnerDocument();
        if (doc == null || doc.getDoctype() != null) {
            throw new SamlMessageException("The SAML message was not read by Signet's XML parser.");
        }
        rejectCommentsAndCdata(element);
        Element signatureElement = theOneSignature(element);
        String id = uniqueId(element, doc);
        checkSignatureShape(signatureElement, id);

        element.setIdAttribute("ID", true);
        try {
            XMLSignature signature = new XMLSignature(signatureElement, "", true);
            Reference reference = signature.getSignedInfo().item(0);
            // What Santuario dereferences must be this very element, not a same-ID copy elsewhere.
            XMLSignatureInput referenced = reference.getContentsBeforeTransformation();
            if (referenced.getSubNode() != element) {
                throw new SamlMessageException("The signature must reference the signed element.");
            }
            if (!signature.getSignedInfo().verify()) {
                throw new SamlMessageException("The SAML message was changed after it was signed.");
            }
            checkSignatureValue(signature, trusted);
        } catch (XMLSecurityException e) {
            throw new SamlMessageException("The signature could not be processed.");
        }
    }

    private static void checkSignatureValue(XMLSignature signature, List<X509Certificate> trusted) throws XMLSecurityException {
        SignatureAlgorithm alg = SignatureAlgorithm.fromUri(signature.getSignedInfo().getSignatureMethodURI()).orElseThrow();
        verifyWithAnyTrustedKey(alg, trusted,
                key -> signature.checkSignatureValue(key) && signature.getSignedInfo().getVerificationResult(0));
    }

    /** Checks a signature value with one public key. */
    @FunctionalInterface
    interface KeyCheck<E extends Exception> {
        boolean verifies(PublicKey key) throws E;
    }

    /**
     * Returns when one of the trusted certificates whose key fits the algorithm verifies; otherwise
     * says whether no key fit or none verified. Shared by XML and redirect-binding signatures.
     */
    static <E extends Exception> void verifyWithAnyTrustedKey(SignatureAlgorithm alg, List<X509Certificate> trusted,
                                                              KeyCheck<E> check) throws E {
        if (trusted.isEmpty()) {
            throw new SamlMessageException("No certificate is registered for this SP, so its signature cannot be checked.");
        }
        boolean keyTypeFits = false;
        for (X509Certificate certificate : trusted) {
            PublicKey key = certificate.getPublicKey();
            if (!alg.keyAlgorithm().equals(key.getAlgorithm())) {
                continue;
            }
            keyTypeFits = true;
            if (check.verifies(key)) {
                return;
            }
        }
        throw new SamlMessageException(keyTypeFits ? "The signature is not valid with the registered SP certificate."
                : "The SAML message is signed with " + alg.keyAlgorithm()
                        + " but no registered SP certificate has a key of that type.");
    }

    /** c14n drops comments but naive text readers stop at them: {@code admin<!---->.evil.com} keeps a valid signature. */
    private static void rejectCommentsAndCdata(Node node) {
        for (Node n = node.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.COMMENT_NODE) {
                throw new SamlMessageException("XML comments are not accepted inside signed SAML messages.");
            }
            // c14n turns CDATA into text, so CDATA can split a signed value into several nodes the same way.
            if (n.getNodeType() == Node.CDATA_SECTION_NODE) {
                throw new SamlMessageException("CDATA sections are not accepted inside signed SAML messages.");
            }
            rejectCommentsAndCdata(n);
        }
    }

    private static Element theOneSignature(Element element) {
        NodeList all = element.getElementsByTagNameNS(SamlNames.DSIG_NS, "Signature");
        if (all.getLength() == 0) {
            throw new SamlMessageException("The SAML message is not signed.");
        }
        if (all.getLength() > 1) {
            throw new SamlMessageException("The SAML message contains more than one signature.");
        }
        Element signature = (Element) all.item(0);
        if (signature.getParentNode() != element) {
            throw new SamlMessageException("The signature must be a direct child of the signed element.");
        }
        return signature;
    }

    /** The element's ID, which no other element of the whole document may carry under any ID-like name. */
    private static String uniqueId(Element element, Document doc) {
        String id = element.getAttributeNS(null, "ID");
        if (id.isEmpty()) {
            throw new SamlMessageException("The signed element has no ID attribute.");
        }
        List<Element> stack = new ArrayList<>(List.of(doc.getDocumentElement()));
        while (!stack.isEmpty()) {
            Element e = stack.remove(stack.size() - 1);
            NamedNodeMap attributes = e.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                Attr a = (Attr) attributes.item(i);
                boolean idLike = a.isId() || "id".equalsIgnoreCase(a.getLocalName() != null ? a.getLocalName() : a.getName());
                if (idLike && id.equals(a.getValue()) && !(e == element && "ID".equals(a.getName()))) {
                    throw new SamlMessageException("The ID of the signed element appears more than once in the message.");
                }
            }
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element child) {
                    stack.add(child);
                }
            }
        }
        return id;
    }

    /** The SAML signature profile (SAML core, section 5.4) plus the algorithm policy, checked on the DOM. */
    private static void checkSignatureShape(Element signature, String id) {
        if (!dsChildren(signature, "Object").isEmpty()
                || signature.getElementsByTagNameNS(SamlNames.DSIG_NS, "Manifest").getLength() > 0) {
            throw new SamlMessageException("The signature must not contain ds:Object or ds:Manifest elements.");
        }
        List<Element> signedInfos = dsChildren(signature, "SignedInfo");
        if (signedInfos.size() != 1) {
            throw new SamlMessageException("The signature has no valid SignedInfo.");
        }
        Element signedInfo = signedInfos.get(0);
        onlyDsChildren(signature, Set.of("SignedInfo", "SignatureValue", "KeyInfo"));
        onlyDsChildren(signedInfo, Set.of("CanonicalizationMethod", "SignatureMethod", "Reference"));
        List<Element> c14n = dsChildren(signedInfo, "CanonicalizationMethod");
        if (c14n.size() != 1 || !EXC_C14N.equals(c14n.get(0).getAttribute("Algorithm"))) {
            throw new SamlMessageException("The signature must use exclusive canonicalization without comments.");
        }
        onlyInclusiveNamespaces(c14n.get(0));
        List<Element> methods = dsChildren(signedInfo, "SignatureMethod");
        String signatureMethod = methods.size() == 1 ? methods.get(0).getAttribute("Algorithm") : "";
        checkAlgorithm(signatureMethod, SignatureAlgorithm.fromUri(signatureMethod).isPresent());

        List<Element> references = dsChildren(signedInfo, "Reference");
        if (references.size() != 1) {
            throw new SamlMessageException("The signature must have exactly one Reference.");
        }
        Element reference = references.get(0);
        onlyDsChildren(reference, Set.of("Transforms", "DigestMethod", "DigestValue"));
        if (!reference.hasAttribute("URI") || !("#" + id).equals(reference.getAttribute("URI"))) {
            throw new SamlMessageException("The signature must reference the signed element.");
        }
        if (Reference.MANIFEST_URI.equals(reference.getAttribute("Type"))) {
            throw new SamlMessageException("The signature must not contain ds:Object or ds:Manifest elements.");
        }
        checkTransforms(dsChildren(reference, "Transforms"));
        List<Element> digests = dsChildren(reference, "DigestMethod");
        String digestMethod = digests.size() == 1 ? digests.get(0).getAttribute("Algorithm") : "";
        checkAlgorithm(digestMethod, DIGESTS.contains(digestMethod));
    }

    /** Enveloped-signature first, then optionally exclusive c14n: the only transforms SAML signers need. */
    private static void checkTransforms(List<Element> transformsElements) {
        List<Element> transforms = transformsElements.size() == 1 ? dsChildren(transformsElements.get(0), "Transform") : List.of();
        boolean valid = transformsElements.size() == 1 && !transforms.isEmpty() && transforms.size() <= 2
                && elementChildren(transformsElements.get(0)).size() == transforms.size()
                && ENVELOPED.equals(transforms.get(0).getAttribute("Algorithm"))
                && elementChildren(transforms.get(0)).isEmpty()
                && (transforms.size() == 1 || EXC_C14N.equals(transforms.get(1).getAttribute("Algorithm")));
        if (!valid) {
            throw new SamlMessageException("The signature may only use the enveloped-signature and exclusive "
                    + "canonicalization transforms.");
        }
        if (transforms.size() == 2) {
            onlyInclusiveNamespaces(transforms.get(1));
        }
    }

    private static void onlyInclusiveNamespaces(Element c14nMethod) {
        for (Element child : elementChildren(c14nMethod)) {
            if (!EXC_C14N_NS.equals(child.getNamespaceURI()) || !"InclusiveNamespaces".equals(child.getLocalName())) {
                throw new SamlMessageException("The signature's canonicalization has unexpected parameters.");
            }
        }
    }

    private static void checkAlgorithm(String uri, boolean accepted) {
        if (SHA1_URIS.contains(uri)) {
            throw new SamlMessageException("The SAML message is signed with SHA-1, which Signet does not accept; "
                    + "the SP must sign with SHA-256 or stronger.");
        }
        if (!accepted) {
            throw new SamlMessageException("The SAML message is signed with an algorithm Signet does not support.");
        }
    }

    /** Elements XML-DSig allows but the SAML profile has no use for would be processed by nobody: refuse them. */
    private static void onlyDsChildren(Element parent, Set<String> allowed) {
        for (Element child : elementChildren(parent)) {
            if (!SamlNames.DSIG_NS.equals(child.getNamespaceURI()) || !allowed.contains(child.getLocalName())) {
                throw new SamlMessageException("The signature contains elements the SAML signature profile does not allow.");
            }
        }
    }

    private static List<Element> dsChildren(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Element child : elementChildren(parent)) {
            if (SamlNames.DSIG_NS.equals(child.getNamespaceURI()) && localName.equals(child.getLocalName())) {
                found.add(child);
            }
        }
        return found;
    }

    private static List<Element> elementChildren(Element parent) {
        List<Element> children = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                children.add(e);
            }
        }
        return children;
    }
}
