package dev.signet.saml;

import dev.signet.keys.KeypairService.SigningCredential;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.w3c.dom.Document;

/**
 * A SAML message on its way to an SP through the browser: POSTed from an auto-submitting form
 * (HTTP-POST binding) or sent as a redirect (HTTP-Redirect binding).
 *
 * @param url         where the browser goes: the endpoint for POST, the full URL with query for Redirect
 * @param parameter   "SAMLResponse" or "SAMLRequest"
 * @param value       the base64 message for POST (unused for Redirect: it is in the URL)
 * @param relayState  returned unchanged to the SP, or null
 */
public record OutboundMessage(SamlBinding binding, String url, String parameter, String value, String relayState) {

    /**
     * Encodes {@code doc} for the binding. For POST, {@code signRoot} signs the root element (XML
     * signature); for Redirect it signs the query string instead, as the binding requires.
     */
    public static OutboundMessage encode(Document doc, SamlBinding binding, String endpoint, String parameter, String relayState,
                                         boolean signRoot, SignatureAlgorithm algorithm, String digestUri, SigningCredential credential) {
        if (binding == SamlBinding.POST) {
            if (signRoot) {
                XmlSigner.sign(doc.getDocumentElement(), algorithm, digestUri, credential.privateKey(), credential.certificate());
            }
            return new OutboundMessage(binding, endpoint, parameter, Base64.getEncoder().encodeToString(XmlWriter.toBytes(doc)),
                    relayState);
        }
        String encoded = RedirectBinding.encode(XmlWriter.toBytes(doc));
        String query = signRoot
                ? RedirectBinding.signedQuery(parameter, encoded, relayState, algorithm, credential.privateKey())
                : parameter + "=" + URLEncoder.encode(encoded, StandardCharsets.UTF_8)
                        + (relayState == null ? "" : "&RelayState=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8));
        return new OutboundMessage(binding, endpoint + (endpoint.contains("?") ? "&" : "?") + query, parameter, null, relayState);
    }
}
