package dev.signet.awsemulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * How to run the emulator.
 *
 * @param bind              address to listen on
 * @param port              port, 0 for any free one
 * @param signinUrls        the sign-in URLs the emulator plays; Recipient and Destination must be one of them
 * @param acceptRegional    also accept every {@code https://{region}.signin.aws.amazon.com/saml}
 * @param strict            refuse what AWS is only suspected to refuse (the rules marked unconfirmed):
 *                          a signed Response around an unsigned Assertion, SHA-1 signatures
 * @param clockSkew         tolerance on every time check (AWS does not document one)
 * @param clock             the emulator's time
 * @param random            source of role IDs, access keys and request IDs
 */
public record AwsEmulatorOptions(String bind, int port, List<String> signinUrls, boolean acceptRegional, boolean strict,
                                 Duration clockSkew, Clock clock, Random random) {
    public static final String GLOBAL_SIGNIN_URL = "https://signin.aws.amazon.com/saml";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Pattern REGIONAL = Pattern.compile("https://[a-z]{2}(-gov)?-[a-z]+-\\d\\.signin\\.aws\\.amazon\\.com/saml");

    public AwsEmulatorOptions {
        signinUrls = List.copyOf(signinUrls);
        if (signinUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one sign-in URL is needed");
        }
    }

    /** Loopback, any free port, the global sign-in URL, lenient, 60 s skew, the system clock. */
    public static AwsEmulatorOptions defaults() {
        return new AwsEmulatorOptions("127.0.0.1", 0, List.of(GLOBAL_SIGNIN_URL), false, false, DEFAULT_CLOCK_SKEW,
                Clock.systemUTC(), new SecureRandom());
    }

    public AwsEmulatorOptions withPort(int newPort) {
        return new AwsEmulatorOptions(bind, newPort, signinUrls, acceptRegional, strict, clockSkew, clock, random);
    }

    public AwsEmulatorOptions withBind(String newBind) {
        return new AwsEmulatorOptions(newBind, port, signinUrls, acceptRegional, strict, clockSkew, clock, random);
    }

    public AwsEmulatorOptions withSigninUrls(List<String> urls) {
        return new AwsEmulatorOptions(bind, port, urls, acceptRegional, strict, clockSkew, clock, random);
    }

    public AwsEmulatorOptions withAcceptRegional(boolean accept) {
        return new AwsEmulatorOptions(bind, port, signinUrls, accept, strict, clockSkew, clock, random);
    }

    public AwsEmulatorOptions withStrict(boolean newStrict) {
        return new AwsEmulatorOptions(bind, port, signinUrls, acceptRegional, newStrict, clockSkew, clock, random);
    }

    public AwsEmulatorOptions withClockSkew(Duration skew) {
        return new AwsEmulatorOptions(bind, port, signinUrls, acceptRegional, strict, skew, clock, random);
    }

    public AwsEmulatorOptions withClock(Clock newClock) {
        return new AwsEmulatorOptions(bind, port, signinUrls, acceptRegional, strict, clockSkew, newClock, random);
    }

    public AwsEmulatorOptions withRandom(Random newRandom) {
        return new AwsEmulatorOptions(bind, port, signinUrls, acceptRegional, strict, clockSkew, clock, newRandom);
    }

    /** Whether AWS, playing these sign-in URLs, would take {@code url} as its own (for Recipient and Destination). */
    boolean isSigninUrl(String url) {
        return signinUrls.contains(url) || (acceptRegional && REGIONAL.matcher(url).matches());
    }
}
