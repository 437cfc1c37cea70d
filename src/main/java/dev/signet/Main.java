package dev.signet;

import dev.signet.config.ConfigException;
import dev.signet.config.ConfigLoader;
import dev.signet.config.SignetConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Command line: {@code java -jar signet.jar serve [--config FILE]}. */
@Command(name = "signet", mixinStandardHelpOptions = true, version = "Signet 0.1.0",
        description = "Self-hosted SAML 2.0 identity provider.",
        subcommands = {Main.Serve.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs the server until SIGTERM/SIGINT. */
    @Command(name = "serve", description = "Run the Signet server.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--config", description = "Properties file with settings (environment variables SIGNET_* take precedence).")
        Path config;

        @Override
        public Integer call() throws InterruptedException {
            SignetConfig cfg;
            try {
                cfg = ConfigLoader.load(System.getenv(), config);
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            Signet signet;
            try {
                signet = Signet.start(cfg, Clock.systemUTC());
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Main.class).error("Signet failed to start: {}", e.toString());
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                signet.close();
                stopped.countDown();
            }, "shutdown"));
            stopped.await();
            return 0;
        }
    }
}
