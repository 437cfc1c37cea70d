package dev.signet;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * An enum constant's name in the API and in configuration: lower case, dashes for underscores
 * ({@code RSA_SHA256} is {@code rsa-sha256}). One rule, so every setting reads the same way.
 */
public interface WireName {
    String name();

    @JsonValue
    default String wire() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The constant whose wire name is {@code value} (ignoring case), or empty. */
    static <E extends Enum<E> & WireName> Optional<E> parse(Class<E> type, String value) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.wire().equalsIgnoreCase(value)).findFirst();
    }
}
