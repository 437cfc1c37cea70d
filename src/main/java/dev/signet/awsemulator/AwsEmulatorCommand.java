package dev.signet.awsemulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code signet aws-emulator}: runs the local AWS emulator until interrupted. */
@Command(name = "aws-emulator", mixinStandardHelpOptions = true, description = "Run a local emulator of AWS SAML federation (IAM, console sign-in, STS) for testing.")
public final class AwsEmulatorCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9100", description = "Port to listen on (default ${DEFAULT-VALUE}; 0 for any free port).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--signin-url", description = "Sign-in URL that Recipient and Destination must name; repeatable "
            + "(default " + AwsEmulatorOptions.GLOBAL_SIGNIN_URL + ").")
    List<String> signinUrls;

    @Option(names = "--accept-regional", description = "Also accept https://{region}.signin.aws.amazon.com/saml.")
    boolean acceptRegional;

    @Option(names = "--strict", description = "Refuse what AWS is only suspected to refuse: an unsigned Assertion in a signed Response, SHA-1.")
    boolean strict;

    @Option(names = "--clock-skew", defaultValue = "60", description = "Clock skew tolerance in seconds (default ${DEFAULT-VALUE}).")
    long clockSkewSeconds;

    @Override
    public Integer call() throws InterruptedException {
        AwsEmulatorOptions options = AwsEmulatorOptions.defaults().withPort(port).withBind(bind)
                .withSigninUrls(signinUrls == null || signinUrls.isEmpty() ? List.of(AwsEmulatorOptions.GLOBAL_SIGNIN_URL) : signinUrls)
                .withAcceptRegional(acceptRegional).withStrict(strict).withClockSkew(Duration.ofSeconds(clockSkewSeconds));
        AwsEmulator emulator = AwsEmulator.start(options);
        System.out.println("AWS emulator listening on " + emulator.baseUrl()
                + " (console sign-in POST " + emulator.signinEndpoint() + ", STS POST " + emulator.baseUrl() + "/, IAM POST "
                + emulator.baseUrl() + "/iam/, admin " + emulator.baseUrl() + "/emulator/state)");
        System.out.println("Sign-in URL(s) expected as Recipient: " + options.signinUrls()
                + (acceptRegional ? " and regional ones" : "") + (strict ? "; strict mode" : "; lenient mode"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "aws-emulator-shutdown"));
        stopped.await();
        return 0;
    }
}
