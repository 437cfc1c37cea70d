package dev.signet.saml;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The SAML 2.0 HTTP-Redirect binding (saml-bindings-2.0-os, section 3.4.4): DEFLATE plus base64 for the
 * message, and the detached signature over the query string.
 */
public final class RedirectBinding {
    public static final String SAML_REQUEST = "SAMLRequest";
    public static final String SAML_RESPONSE = "SAMLResponse";
    public static final String RELAY_STATE = "RelayState";
    public static final String SIG_ALG = "SigAlg";
    public static final String SIGNATURE = "Signature";

    private RedirectBinding() {
    }

    /** Raw DEFLATE (RFC 1951, no zlib header) then base64; the caller URL-encodes. */
    public static String encode(byte[] xml) {
        Deflater deflater = new Deflater(Deflater.DEFLATED, true);
        try {
            deflater.setInput(xml);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(xml.length / 2 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } finally {
            deflater.end();
        }
    }

    /**
     * Reverses {@link #encode}: base64 (whitespace tolerated) then raw inflate, refusing more than
     * {@code maxInflatedBytes} of output so that a small zip bomb cannot exhaust memory.
     */
    public static byte[] decode(String base64, int maxInflatedBytes) {
        byte[] deflated;
        try {
            deflated = Base64.getDecoder().decode(base64.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new SamlMessageException("The SAML message is not valid base64.");
        }
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw notDeflated(); // truncated stream
                }
                if (out.size() + n > maxInflatedBytes) {
                    throw new SamlMessageException("The SAML message is larger than " + kib(maxInflatedBytes)
                            + " KiB after decompression.");
                }
                out.write(buffer, 0, n);
            }
            if (inflater.getRemaining() > 0) {
                throw notDeflated(); // bytes after the final block
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw notDeflated();
        } finally {
            inflater.end();
        }
    }

    /**
     * The query string {@code messageParam=..&RelayState=..&SigAlg=..&Signature=..}, signed as section
     * 3.4.4.1 describes. {@code relayState} may be null. ECDSA signature values are the XML-DSig encoding
     * (raw r||s, as Santuario writes them), which is what the SigAlg URI defines.
     */
    public static String signedQuery(String messageParam, String encodedMessage, String relayState,
            SignatureAlgorithm alg, PrivateKey key) {
        requireMessageParam(messageParam);
        StringBuilder query = new StringBuilder(messageParam).append('=').append(urlEncode(encodedMessage));
        if (relayState != null) {
            query.append('&').append(RELAY_STATE).append('=').append(urlEncode(relayState));
        }
        query.append('&').append(SIG_ALG).append('=').append(urlEncode(alg.signatureUri()));
        try {
            Signature signer = Signature.getInstance(jcaName(alg));
            signer.initSign(key);
            signer.update(query.toString().getBytes(UTF_8));
            String signature = Base64.getEncoder().encodeToString(signer.sign());
            return query.append('&').append(SIGNATURE).append('=').append(urlEncode(signature)).toString();
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("the key does not fit " + alg, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing the query string failed", e);
        }
    }

    /**
     * Verifies the detached signature of a query string as received (still URL-encoded): the signed
     * octets are rebuilt from the parameters' original encoded values in the order the specification
     * gives, and any one of {@code trusted} must verify them.
     */
    public static void verify(String rawQueryString, String messageParam, List<X509Certificate> trusted) {
        requireMessageParam(messageParam);
        Map<String, String> raw = parse(rawQueryString, messageParam);
        String message = raw.get(messageParam);
        if (message == null) {
            throw new SamlMessageException("The query string has no " + messageParam + " parameter.");
        }
        if (!raw.containsKey(SIGNATURE)) {
            throw new SamlMessageException("The SAML message is not signed.");
        }
        if (!raw.containsKey(SIG_ALG)) {
            throw new SamlMessageException("The signed SAML message has no SigAlg parameter.");
        }
        String sigAlgUri = urlDecode(raw.get(SIG_ALG));
        if (SignatureVerifier.SHA1_URIS.contains(sigAlgUri)) {
            throw new SamlMessageException("The SAML message is signed with SHA-1 (" + sigAlgUri
                    + "), which Signet does not accept; the SP must sign with SHA-256 or stronger.");
        }
        SignatureAlgorithm alg = SignatureAlgorithm.fromUri(sigAlgUri).orElseThrow(() ->
                new SamlMessageException("The SAML message is signed with an algorithm Signet does not support."));
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(urlDecode(raw.get(SIGNATURE)).replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new SamlMessageException("The Signature parameter is not valid base64.");
        }

        StringBuilder signed = new StringBuilder(messageParam).append('=').append(message);
        if (raw.containsKey(RELAY_STATE)) {
            signed.append('&').append(RELAY_STATE).append('=').append(raw.get(RELAY_STATE));
        }
        signed.append('&').append(SIG_ALG).append('=').append(raw.get(SIG_ALG));
        byte[] octets = signed.toString().getBytes(UTF_8);

        SignatureVerifier.verifyWithAnyTrustedKey(alg, trusted, key -> verifies(alg, key, octets, signature));
    }

    /** Whether the query string carries a Signature parameter (then {@link #verify} must pass). */
    public static boolean isSigned(String rawQueryString) {
        if (rawQueryString == null) {
            return false;
        }
        for (String part : rawQueryString.split("&", -1)) {
            if (SIGNATURE.equals(urlDecode(nameOf(part)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The raw (still encoded) values of the parameters that take part in the signature. Names are
     * compared decoded, so {@code SAML%52equest} counts as a second SAMLRequest: the web framework
     * decodes names too, and it must read the same single value that was verified.
     */
    private static Map<String, String> parse(String rawQueryString, String messageParam) {
        String otherMessageParam = SAML_REQUEST.equals(messageParam) ? SAML_RESPONSE : SAML_REQUEST;
        Set<String> wanted = Set.of(messageParam, otherMessageParam, RELAY_STATE, SIG_ALG, SIGNATURE);
        Map<String, String> raw = new LinkedHashMap<>();
        if (rawQueryString == null || rawQueryString.isEmpty()) {
            return raw;
        }
        for (String part : rawQueryString.split("&", -1)) {
            String name = urlDecode(nameOf(part));
            if (!wanted.contains(name)) {
                continue;
            }
            int eq = part.indexOf('=');
            String value = eq < 0 ? "" : part.substring(eq + 1);
            if (raw.putIfAbsent(name, value) != null) {
                throw new SamlMessageException("The query string has the " + name + " parameter more than once.");
            }
        }
        if (raw.containsKey(otherMessageParam)) {
            throw new SamlMessageException("The query string has both SAMLRequest and SAMLResponse.");
        }
        return raw;
    }

    private static String nameOf(String part) {
        int eq = part.indexOf('=');
        return eq < 0 ? part : part.substring(0, eq);
    }

    private static boolean verifies(SignatureAlgorithm alg, PublicKey key, byte[] octets, byte[] signature) {
        List<String> jcaNames = new ArrayList<>(List.of(jcaName(alg)));
        if ("EC".equals(alg.keyAlgorithm())) {
            // Java OpenSAML signs with plain JCA ECDSA, i.e. DER; accept that encoding too.
            jcaNames.add(jcaName(alg).replace("inP1363Format", ""));
        }
        for (String jcaName : jcaNames) {
            try {
                Signature verifier = Signature.getInstance(jcaName);
                verifier.initVerify(key);
                verifier.update(octets);
                if (verifier.verify(signature)) {
                    return true;
                }
            } catch (InvalidKeyException | SignatureException e) {
                // a malformed signature or unusable key is simply not a match
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("signature verification is unavailable", e);
            }
        }
        return false;
    }

    /** JCA names; the P1363 format is ECDSA's raw r||s, the encoding XML-DSig uses. */
    private static String jcaName(SignatureAlgorithm alg) {
        return switch (alg) {
            case RSA_SHA256 -> "SHA256withRSA";
            case RSA_SHA384 -> "SHA384withRSA";
            case RSA_SHA512 -> "SHA512withRSA";
            case ECDSA_SHA256 -> "SHA256withECDSAinP1363Format";
            case ECDSA_SHA384 -> "SHA384withECDSAinP1363Format";
            case ECDSA_SHA512 -> "SHA512withECDSAinP1363Format";
        };
    }

    private static void requireMessageParam(String messageParam) {
        if (!SAML_REQUEST.equals(messageParam) && !SAML_RESPONSE.equals(messageParam)) {
            throw new IllegalArgumentException("messageParam must be SAMLRequest or SAMLResponse");
        }
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, UTF_8);
    }

    private static String urlDecode(String s) {
        try {
            return URLDecoder.decode(s, UTF_8);
        } catch (IllegalArgumentException e) {
            throw new SamlMessageException("The query string is not validly URL-encoded.");
        }
    }

    private static SamlMessageException notDeflated() {
        return new SamlMessageException("The SAML message is not DEFLATE-compressed as the HTTP-Redirect binding requires.");
    }

    private static int kib(int bytes) {
        return (bytes + 1023) / 1024;
    }

}
