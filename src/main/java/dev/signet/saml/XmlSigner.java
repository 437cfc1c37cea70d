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
        // Canonicalization reads xmlns attributes; make every namespace in use declared as one,
        // so that what is signed is exactly what a serializer writes out.
        element.getOwnerDocument().normalizeDocument();
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
