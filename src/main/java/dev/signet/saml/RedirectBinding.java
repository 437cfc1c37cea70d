package dev.signet.saml;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.apache.xml.security.algorithms.implementations.ECDSAUtils;

/**
 * The SAML 2.0 HTTP-Redirect binding (saml-bindings-2.0-os, 3.4.4): raw DEFLATE plus base64 in the
 * query string, and the signature over the query string rather than inside the XML.
 */
public final class RedirectBinding {
    private static final List<String> SIGNED_PARAMETERS = List.of("SAMLRequest", "SAMLResponse", "RelayState", "SigAlg");

    private RedirectBinding() {
    }

    /** DEFLATE (RFC 1951, no zlib header) then base64; URL encoding is the caller's. */
    public static String encode(byte[] xml) {
        Deflater deflater = new Deflater(Deflater.DEFLATED, true);
        try {
            deflater.setInput(xml);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(xml.length / 2 + 64);
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } finally {
            deflater.end();
        }
    }

    /** base64 then inflate, stopping at {@code maxInflatedBytes} so a small message cannot expand into a huge one. */
    public static byte[] decode(String base64, int maxInflatedBytes) {
        byte[] compressed;
        try {
            compressed = Base64.getDecoder().decode(base64.replaceAll("[\\r\\n\\t ]", ""));
        } catch (IllegalArgumentException e) {
            throw new SamlMessageException("The SAML message is not valid base64.");
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new SamlMessageException(notDeflated());
                }
                out.write(buffer, 0, n);
                if (out.size() > maxInflatedBytes) {
                    throw new SamlMessageException("The SAML message is larger than " + maxInflatedBytes / 1024
                            + " KiB after decompression.");
                }
            }
            if (inflater.getRemaining() > 0) {
                throw new SamlMessageException(notDeflated());
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new SamlMessageException(notDeflated());
        } finally {
            inflater.end();
        }
    }

    private static String notDeflated() {
        return "The SAML message is not DEFLATE-compressed as the HTTP-Redirect binding requires.";
    }

    /** The query string carrying the message, RelayState, SigAlg and the Signature over them. */
    public static String signedQuery(String messageParam, String encodedMessage, String relayState, SignatureAlgorithm alg,
                                     PrivateKey key) {
        StringBuilder query = new StringBuilder(messageParam).append('=').append(url(encodedMessage));
        if (relayState != null) {
            query.append("&RelayState=").append(url(relayState));
        }
        query.append("&SigAlg=").append(url(alg.signatureUri()));
        try {
            Signature signer = Signature.getInstance(alg.jcaName());
            signer.initSign(key);
            signer.update(query.toString().getBytes(StandardCharsets.UTF_8));
            byte[] signature = signer.sign();
            if ("EC".equals(alg.keyAlgorithm())) {
                // XML-DSig (and so OpenSAML, Shibboleth, xmlsec) encode ECDSA as r||s, not DER.
                signature = ECDSAUtils.convertASN1toXMLDSIG(signature, -1);
            }
            return query.append("&Signature=").append(url(Base64.getEncoder().encodeToString(signature))).toString();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot sign the redirect query", e);
        }
    }

    /** Whether the raw query string carries a Signature parameter. */
    public static boolean isSigned(String rawQuery) {
        return rawQuery != null && parse(rawQuery).containsKey("Signature");
    }

    /**
     * Verifies the query signature with one of the trusted certificates. The signed octets are
     * rebuilt from the parameters exactly as received (still URL-encoded), in the order the
     * binding fixes, as the specification requires.
     */
    public static void verify(String rawQuery, String messageParam, List<X509Certificate> trusted) {
        Map<String, String> raw = parse(rawQuery);
        String sigAlg = raw.get("SigAlg");
        String signature = raw.get("Signature");
        if (sigAlg == null || signature == null || !raw.containsKey(messageParam)) {
            throw new SamlMessageException("The redirect signature needs " + messageParam + ", SigAlg and Signature parameters.");
        }
        String algorithmUri = URLDecoder.decode(sigAlg, StandardCharsets.UTF_8);
        if (algorithmUri.toLowerCase(java.util.Locale.ROOT).contains("sha1")) {
            throw new SamlMessageException("SHA-1 signatures are not accepted.");
        }
        SignatureAlgorithm alg = SignatureAlgorithm.fromUri(algorithmUri)
                .orElseThrow(() -> new SamlMessageException("The signature algorithm " + SingleSignOn.shorten(algorithmUri) + " is not supported."));
        StringBuilder signed = new StringBuilder(messageParam).append('=').append(raw.get(messageParam));
        if (raw.containsKey("RelayState")) {
            signed.append("&RelayState=").append(raw.get("RelayState"));
        }
        signed.append("&SigAlg=").append(sigAlg);
        byte[] value;
        try {
            value = Base64.getDecoder().decode(URLDecoder.decode(signature, StandardCharsets.UTF_8).replaceAll("[\\r\\n ]", ""));
            if ("EC".equals(alg.keyAlgorithm())) {
                value = ECDSAUtils.convertXMLDSIGtoASN1(value);
            }
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new SamlMessageException("The redirect signature is not valid base64.");
        }
        byte[] data = signed.toString().getBytes(StandardCharsets.UTF_8);
        for (X509Certificate certificate : trusted) {
            try {
                Signature verifier = Signature.getInstance(alg.jcaName());
                verifier.initVerify(certificate.getPublicKey());
                verifier.update(data);
                if (verifier.verify(value)) {
                    return;
                }
            } catch (GeneralSecurityException e) {
                // wrong key type for this algorithm, or a malformed signature value: try the next certificate
            }
        }
        throw new SamlMessageException("The signature is not valid with the registered SP certificate.");
    }

    /** Parameter name to raw (still URL-encoded) value; a repeated SAML parameter is refused. */
    private static Map<String, String> parse(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            if ((SIGNED_PARAMETERS.contains(name) || "Signature".equals(name)) && out.containsKey(name)) {
                throw new SamlMessageException("The request has more than one " + name + " parameter.");
            }
            out.putIfAbsent(name, value);
        }
        return out;
    }

    private static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
