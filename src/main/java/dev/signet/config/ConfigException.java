package dev.signet.config;

/** A setting that is missing, malformed or unknown; the message is one line and names the key. */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String problem) {
        super("configuration error: " + key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
