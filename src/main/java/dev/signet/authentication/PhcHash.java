package dev.signet.authentication;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2id hash in the PHC string format ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}), the
 * format other IdPs (Keycloak, authentik, libsodium users) read and write.
 */
public record PhcHash(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
    private static final Pattern FORMAT = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]{11,256})\\$([A-Za-z0-9+/]{16,1024})");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    public static Optional<PhcHash> parse(String encoded) {
        if (encoded == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(encoded);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PhcHash(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    Base64.getDecoder().decode(m.group(4)), Base64.getDecoder().decode(m.group(5))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String encode() {
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    public boolean hasParameters(int memory, int time, int lanes) {
        return memoryKib == memory && iterations == time && parallelism == lanes;
    }
}
