package dev.signet.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * Who may read /metrics. With a token configured: whoever presents it as a bearer token, compared in
 * constant time. Without: only a request made on this host, meaning one whose TCP peer is a loopback
 * address and that carries no forwarding header, since a reverse proxy on the same host connects from
 * loopback on behalf of anyone.
 */
public final class MetricsAccess {
    private static final String[] FORWARDING_HEADERS = {"X-Forwarded-For", "Forwarded", "X-Real-IP"};
    private static final String BEARER = "bearer ";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** SHA-256 of the token, or null for local-only access; hashing both sides makes the comparison length-independent. */
    private final byte[] tokenDigest;

    public MetricsAccess(String token) {
        this.tokenDigest = token == null || token.isEmpty() ? null : sha256(token);
    }

    /** The request as far as the decision needs it. */
    public interface Request {
        String remoteAddress();

        String header(String name);
    }

    /** What to answer. */
    public enum Decision {
        ALLOWED,
        /** 401: the token is missing or wrong. */
        TOKEN_REQUIRED,
        /** 403: no token configured and the request is not local. */
        NOT_LOCAL
    }

    public Decision decide(Request request) {
        if (tokenDigest != null) {
            String header = request.header("Authorization");
            if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return Decision.TOKEN_REQUIRED;
            }
            byte[] presented = sha256(header.substring(BEARER.length()).strip());
            return MessageDigest.isEqual(presented, tokenDigest) ? Decision.ALLOWED : Decision.TOKEN_REQUIRED;
        }
        for (String name : FORWARDING_HEADERS) {
            if (request.header(name) != null) {
                return Decision.NOT_LOCAL;
            }
        }
        return isLoopback(request.remoteAddress()) ? Decision.ALLOWED : Decision.NOT_LOCAL;
    }

    public boolean tokenRequired() {
        return tokenDigest != null;
    }

    /**
     * Jetty gives the peer as an IP literal; anything else is refused rather than looked up by name.
     * IPv4-mapped IPv6 counts as IPv4.
     */
    static boolean isLoopback(String address) {
        if (address == null || address.isEmpty() || !(IPV4.matcher(address).matches() || isIpv6Literal(address))) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** With a ':' and a first character of '[', ':' or a hex digit, InetAddress takes it as an IPv6 literal, never a name. */
    private static boolean isIpv6Literal(String address) {
        char first = address.charAt(0);
        return address.contains(":") && (first == '[' || first == ':' || Character.digit(first, 16) >= 0);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
