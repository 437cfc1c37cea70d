package dev.signet.awsemulator;

import java.util.Random;
import java.util.UUID;

/** Makes identifiers shaped like AWS's (role IDs, access keys, request IDs) from one injected source of randomness. */
final class AwsIds {
    private static final String UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String BASE64ISH = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final Random random;

    AwsIds(Random random) {
        this.random = random;
    }

    String roleId() {
        return "AROA" + pick(UPPER_ALNUM, 17);
    }

    String temporaryAccessKeyId() {
        return "ASIA" + pick(UPPER_ALNUM, 16);
    }

    String secretAccessKey() {
        return pick(BASE64ISH, 40);
    }

    String sessionToken() {
        return "IQoJb3JpZ2luX2VtdWxhdG9y" + pick(BASE64ISH, 320);
    }

    String requestId() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private synchronized String pick(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
