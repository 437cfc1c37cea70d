package dev.signet.console;

/** The admin console's sections, in the order of its navigation. */
public enum Section {
    OVERVIEW("Overview", "/admin"),
    USERS("Users", "/admin/users"),
    GROUPS("Groups", "/admin/groups"),
    APPLICATIONS("Applications", "/admin/applications"),
    AWS("AWS", "/admin/aws"),
    SAML_PROVIDERS("SAML providers", "/admin/saml-providers"),
    PROPERTY_MAPPINGS("Property mappings", "/admin/property-mappings"),
    CERTIFICATES("Certificates", "/admin/certificates"),
    EVENTS("Events", "/admin/events"),
    SETTINGS("Settings", "/admin/settings");

    private final String label;
    private final String href;

    Section(String label, String href) {
        this.label = label;
        this.href = href;
    }

    public String label() {
        return label;
    }

    public String href() {
        return href;
    }
}
