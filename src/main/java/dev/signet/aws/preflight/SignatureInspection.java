package dev.signet.aws.preflight;

import static dev.signet.saml.SamlNames.DSIG_NS;

import dev.signet.saml.SamlMessageException;
import dev.signet.saml.SignatureVerifier;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.apache.xml.security.signature.XMLSignature;
import org.w3c.dom.Element;

/**
 * Which element of the response is signed, with which algorithms, and which certificate verifies it:
 * one from the IAM metadata, one only Signet's current metadata lists (a rotation AWS has not seen),
 * or neither. The signature and certificate rules all read from here.
 */
final class SignatureInspection {
    /** The same SHA-1 list Signet's verifier refuses. */
    static final Set<String> SHA1_URIS = dev.signet.saml.SignatureVerifier.SHA1_URIS;

    final boolean assertionSigned;
    final boolean responseSigned;
    /** The assertion when it is signed, else the response when it is signed, else null. */
    final Element signed;
    final String signatureMethod;
    final String digestMethod;
    /** Why the signature does not verify with the IAM metadata's certificates; null when it does. */
    final String failure;
    final X509Certificate iamSigner;
    final X509Certificate currentSigner;
    /** The certificate the signature carries in KeyInfo (AWS ignores it; it tells which key signed). */
    final X509Certificate keyInfoCertificate;

    SignatureInspection(ResponseDocument doc, List<X509Certificate> iamCertificates, List<X509Certificate> currentCertificates) {
        assertionSigned = SignatureVerifier.hasSignature(doc.assertion);
        responseSigned = SignatureVerifier.hasSignature(doc.response);
        signed = assertionSigned ? doc.assertion : responseSigned ? doc.response : null;
        Element signature = Elements.child(signed, DSIG_NS, "Signature");
        Element signedInfo = Elements.child(signature, DSIG_NS, "SignedInfo");
        signatureMethod = algorithm(Elements.child(signedInfo, DSIG_NS, "SignatureMethod"));
        digestMethod = algorithm(Elements.child(Elements.child(signedInfo, DSIG_NS, "Reference"), DSIG_NS, "DigestMethod"));
        keyInfoCertificate = keyInfoCertificate(signature);
        if (signed == null) {
            failure = "Neither the assertion nor the response is signed.";
            iamSigner = null;
            currentSigner = null;
        } else {
            iamSigner = signerAmong(iamCertificates);
            currentSigner = signerAmong(currentCertificates);
            failure = iamSigner != null ? null : verify(signed, iamCertificates).orElse("The signature does not verify.");
        }
    }

    boolean usesSha1() {
        return SHA1_URIS.contains(signatureMethod) || SHA1_URIS.contains(digestMethod);
    }

    /** The certificate whose key made the signature, as far as it can be told. */
    X509Certificate signer() {
        return iamSigner != null ? iamSigner : currentSigner != null ? currentSigner : keyInfoCertificate;
    }

    private X509Certificate signerAmong(List<X509Certificate> certificates) {
        for (X509Certificate c : certificates) {
            if (verify(signed, List.of(c)).isEmpty()) {
                return c;
            }
        }
        return null;
    }

    /** Empty when the signature verifies with one of the certificates, else why not. */
    private Optional<String> verify(Element element, List<X509Certificate> certificates) {
        if (certificates.isEmpty()) {
            return Optional.of("No certificate to verify with.");
        }
        if (usesSha1()) {
            // Signet's verifier refuses SHA-1 outright; whether AWS does is the signature-algorithm rule.
            return Sha1Signature.verify(element, certificates);
        }
        try {
            SignatureVerifier.verify(element, certificates);
            return Optional.empty();
        } catch (SamlMessageException e) {
            return Optional.of(e.getMessage());
        } catch (RuntimeException e) {
            // Santuario throws unchecked exceptions for some malformed signatures.
            return Optional.of("The signature could not be processed.");
        }
    }

    private static String algorithm(Element method) {
        String uri = Elements.attribute(method, "Algorithm");
        return uri == null ? "" : uri;
    }

    private static X509Certificate keyInfoCertificate(Element signature) {
        Element data = Elements.child(Elements.child(signature, DSIG_NS, "KeyInfo"), DSIG_NS, "X509Data");
        Element cert = Elements.child(data, DSIG_NS, "X509Certificate");
        return cert == null ? null : ProviderMetadata.certificate(cert.getTextContent());
    }

    /**
     * Verification of a SHA-1 signature, which Signet's verifier will not do: one enveloped signature
     * that references the element itself, digest and value checked by Santuario.
     */
    private static final class Sha1Signature {
        static {
            org.apache.xml.security.Init.init();
        }

        static Optional<String> verify(Element element, List<X509Certificate> certificates) {
            if (element.getElementsByTagNameNS(DSIG_NS, "Signature").getLength() != 1) {
                return Optional.of("The SAML message contains more than one signature.");
            }
            Element signatureElement = Elements.child(element, DSIG_NS, "Signature");
            element.setIdAttributeNS(null, "ID", true);
            try {
                XMLSignature signature = new XMLSignature(signatureElement, "", false);
                if (signature.getSignedInfo().getLength() != 1
                        || signature.getSignedInfo().item(0).getContentsBeforeTransformation().getSubNode() != element) {
                    return Optional.of("The signature must reference the signed element.");
                }
                if (!signature.getSignedInfo().verify()) {
                    return Optional.of("The SAML message was changed after it was signed.");
                }
                for (X509Certificate c : certificates) {
                    if (signature.checkSignatureValue(c.getPublicKey())) {
                        return Optional.empty();
                    }
                }
                return Optional.of("The signature is not valid with the registered SP certificate.");
            } catch (XMLSecurityException | RuntimeException e) {
                return Optional.of("The signature could not be processed.");
            }
        }
    }
}
