package dev.signet.settings;

/** Where a setting's current value comes from. */
public enum Source {
    DEFAULT("default"), CONFIG("config file or environment"), CONSOLE("admin console");

    private final String label;

    Source(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
