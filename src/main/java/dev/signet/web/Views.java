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

    /**
     * The portal: the tiles shown (after the search {@code query}, "" for none), whether the search box
     * is offered, and whether the user has no application at all (rather than none matching).
     */
    public record Portal(Chrome chrome, List<Tile> tiles, String query, boolean searchable, boolean noApplications) {
    }

    /**
     * One application on the portal: its icon (null: a letter icon), and for an AWS application the
     * roles to choose between (only when there are several) and the console page it opens (or null).
     */
    public record Tile(Application application, String iconUrl, List<RoleChoice> roles, String consoleUrl) {
        public String launchHref() {
            return "/application/launch/" + application.slug();
        }

        /** The letter of the generated icon. */
        public String letter() {
            String name = application.name().strip();
            return name.isEmpty() ? "?" : new String(Character.toChars(name.codePointAt(0))).toUpperCase(java.util.Locale.ROOT);
        }

        /** What the search box matches (here and in portal.js): name, description and slug, in lower case. */
        public String searchText() {
            return searchText(application);
        }

        static String searchText(Application app) {
            return (app.name() + " " + (app.description() == null ? "" : app.description()) + " " + app.slug())
                    .toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A role the user may sign in to an AWS application with, and the link that sends only that role. */
    public record RoleChoice(String accountId, String roleName, String launchHref) {
        public String label() {
            return "account " + accountId + " · " + roleName;
        }
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
