package dev.signet.saml;

import dev.signet.keys.Certificates;
import dev.signet.saml.SamlErrors.PageError;
import java.security.cert.X509Certificate;
import java.util.List;
import org.w3c.dom.Element;

/**
 * Checks the signature of a message from an SP (AuthnRequest, LogoutRequest, LogoutResponse) with
 * the SP certificates registered for the provider: over the query string for HTTP-Redirect, the
 * enveloped XML signature otherwise. One place, so every message is verified the same way.
 */
final class SpSignatures {
    private SpSignatures() {
    }

    /**
     * Verifies the signature when there is one, and demands one when {@code required}; returns whether
     * the message was signed.
     * {@code what} names the message in the error page ("The AuthnRequest").
     */
    static boolean check(SamlProvider p, Element message, SamlBinding binding, String rawQuery, String parameter, boolean required,
                      String what) {
        boolean querySigned = binding == SamlBinding.REDIRECT && RedirectBinding.isSigned(rawQuery);
        boolean xmlSigned = SignatureVerifier.hasSignature(message);
        if (!querySigned && !xmlSigned) {
            if (required) {
                throw new PageError("unsigned", what + " must be signed for this application, and this one is not."
                        + (p.spCertificate() == null ? " Register the SP's signing certificate first." : ""));
            }
            return false;
        }
        if (p.spCertificate() == null) {
            throw new PageError("no-sp-certificate", what + " is signed, but no SP certificate is registered to verify it."
                    + " An administrator must add the SP's signing certificate.");
        }
        List<X509Certificate> trusted = Certificates.parseCertificates(p.spCertificate());
        try {
            if (querySigned) {
                RedirectBinding.verify(rawQuery, parameter, trusted);
            } else {
                SignatureVerifier.verify(message, trusted);
            }
        } catch (SamlMessageException e) {
            throw new PageError("bad-signature", what + " signature was refused: " + e.getMessage());
        }
        return true;
    }
}
