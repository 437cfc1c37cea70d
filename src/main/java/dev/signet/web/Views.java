package dev.signet.web;

import dev.signet.applications.Application;
import dev.signet.authentication.SsoSession;
import dev.signet.directory.User;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The data each server-rendered page receives; one record per template. */
public final class Views {
    private static final java.time.format.DateTimeFormatter TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    private Views() {
    }

    /** Times on pages: minute precision, UTC, unambiguous for people in any time zone. */
    public static String time(java.time.Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** What every page's header needs: the signed-in user (or null) and the CSRF token for the logout form. */
    public record Chrome(String title, User user, String csrf) {
        public String displayName() {
            return user == null ? "" : user.displayName() != null ? user.displayName() : user.username();
        }
    }

    public record Login(Chrome chrome, String next, String username, String error, String notice) {
    }

    public record Portal(Chrome chrome, List<Application> applications) {
    }

    public record Account(Chrome chrome, List<SsoSession> sessions, UUID currentSession, Map<String, String> errors,
                          String notice) {
        public String error(String field) {
            return errors.get(field);
        }
    }

    public record Message(Chrome chrome, String heading, String text, String linkHref, String linkText) {
    }

    public record Logout(Chrome chrome) {
    }

    /**
     * The auto-submitting form that carries a SAML message to the SP (HTTP-POST binding). {@code value}
     * is base64 from {@link java.util.Base64}, whose alphabet needs no escaping in an attribute: the
     * template writes its 5-20 KB as they are instead of escaping them character by character.
     */
    public record SamlPost(Chrome chrome, String action, String parameter, String value, String relayState) {
    }
}
