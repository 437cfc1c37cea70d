package dev.signet.web;

import java.net.URI;
import java.net.URISyntaxException;

/** Keeps post-login redirects on this server: only local absolute paths pass, everything else becomes "/". */
public final class SafeRedirect {
    private SafeRedirect() {
    }

    public static String localPathOrRoot(String next) {
        return isLocalPath(next) ? next : "/";
    }

    public static boolean isLocalPath(String next) {
        if (next == null || next.isEmpty() || next.length() > 2000 || !next.startsWith("/")) {
            return false;
        }
        // "//host" and "/\host" are read by browsers as another host.
        if (next.startsWith("//") || next.startsWith("/\\")) {
            return false;
        }
        if (next.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
            return false;
        }
        try {
            URI u = new URI(next);
            return u.getScheme() == null && u.getHost() == null && u.getRawAuthority() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
