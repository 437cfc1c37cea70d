package dev.signet.saml;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.apache.xml.security.c14n.Canonicalizer;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Enveloped XML signatures as SAML requires them (SAML 2.0 core, section 5.4): one reference to the
 * signed element's ID, enveloped-signature plus exclusive canonicalization, the certificate in
 * KeyInfo, and the Signature placed right after the element's Issuer.
 */
public final class XmlSigner {
    static {
        org.apache.xml.security.Init.init();
    }

    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    private XmlSigner() {
    }

    /** Signs {@code element} (which must carry an {@code ID} attribute) in place. */
    public static void sign(Element element, SignatureAlgorithm algorithm, PrivateKey key, X509Certificate certificate) {
        sign(element, algorithm, algorithm.digestUri(), key, certificate);
    }

    /** As {@link #sign(Element, SignatureAlgorithm, PrivateKey, X509Certificate)} with a chosen reference digest. */
    public static void sign(Element element, SignatureAlgorithm algorithm, String digestUri, PrivateKey key,
                            X509Certificate certificate) {
        String id = element.getAttribute("ID");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("the element to sign has no ID");
        }
        // Canonicalization reads xmlns attributes: every namespace in use must be declared as one, so
        // that what is signed is exactly what a serializer writes out. Signet's builders declare them
        // all; the DOM's (slow) namespace fix-up runs only for a document that does not.
        if (!declaresEveryNamespace(element)) {
            element.getOwnerDocument().normalizeDocument();
        }
        element.setIdAttribute("ID", true);
        try {
            XMLSignature signature = new XMLSignature(element.getOwnerDocument(), "", algorithm.signatureUri(),
                    Canonicalizer.ALGO_ID_C14N_EXCL_OMIT_COMMENTS);
            element.insertBefore(signature.getElement(), afterIssuer(element));
            Transforms transforms = new Transforms(element.getOwnerDocument());
            transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            signature.addDocument("#" + id, transforms, digestUri);
            signature.addKeyInfo(certificate);
            signature.sign(key);
        } catch (XMLSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** Whether every prefix used in the element's subtree is declared, with the same URI, by an xmlns attribute in scope. */
    static boolean declaresEveryNamespace(Element element) {
        java.util.Map<String, String> inScope = new java.util.HashMap<>();
        java.util.Deque<Element> ancestors = new java.util.ArrayDeque<>();
        for (Node n = element.getParentNode(); n instanceof Element parent; n = parent.getParentNode()) {
            ancestors.push(parent);
        }
        for (Element ancestor : ancestors) {
            declare(ancestor, inScope);
        }
        return declared(element, inScope);
    }

    private static boolean declared(Element e, java.util.Map<String, String> outer) {
        java.util.Map<String, String> inScope = new java.util.HashMap<>(outer);
        declare(e, inScope);
        if (!matches(e.getPrefix(), e.getNamespaceURI(), inScope)) {
            return false;
        }
        org.w3c.dom.NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node a = attributes.item(i);
            if (a.getNamespaceURI() != null && !XMLNS.equals(a.getNamespaceURI())
                    && !matches(a.getPrefix(), a.getNamespaceURI(), inScope)) {
                return false;
            }
        }
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child && !declared(child, inScope)) {
                return false;
            }
        }
        return true;
    }

    private static void declare(Element e, java.util.Map<String, String> inScope) {
        org.w3c.dom.NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node a = attributes.item(i);
            if (XMLNS.equals(a.getNamespaceURI())) {
                inScope.put("xmlns".equals(a.getNodeName()) ? "" : a.getLocalName(), a.getNodeValue());
            }
        }
    }

    private static boolean matches(String prefix, String namespace, java.util.Map<String, String> inScope) {
        String declared = inScope.get(prefix == null ? "" : prefix);
        return namespace == null ? declared == null || declared.isEmpty() : namespace.equals(declared);
    }

    /** The node before which the Signature goes: the one following saml:Issuer (or the first child). */
    private static Node afterIssuer(Element element) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "Issuer".equals(e.getLocalName()) && SamlNames.ASSERTION_NS.equals(e.getNamespaceURI())) {
                return e.getNextSibling();
            }
        }
        return element.getFirstChild();
    }
}
