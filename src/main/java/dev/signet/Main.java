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
        subcommands = {Main.Serve.class, Main.ResetPassword.class, dev.signet.awsemulator.AwsEmulatorCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with configuration errors reported as one line and exit status 2. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException) {
                cmd.getErr().println(e.getMessage());
                return 2;
            }
            throw e;
        });
    }

    /** The --config option shared by every command that reads the settings. */
    static final class ConfigOption {
        @Option(names = "--config", description = "Properties file with settings (environment variables SIGNET_* take precedence).")
        Path file;

        SignetConfig load() {
            return ConfigLoader.load(System.getenv(), file);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs the server until SIGTERM/SIGINT. */
    @Command(name = "serve", description = "Run the Signet server.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOption config;

        @Override
        public Integer call() throws InterruptedException {
            SignetConfig cfg = config.load();
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

    /**
     * Sets a user's password from the command line, for an operator locked out of the admin account.
     * Reads the new password from the console (not echoed) or one line of standard input.
     */
    @Command(name = "reset-password", description = "Set a user's password (read from standard input) and end their sessions.")
    static final class ResetPassword implements Callable<Integer> {
        @CommandLine.Parameters(index = "0", description = "Username.")
        String username;

        @CommandLine.Mixin
        ConfigOption config;

        @Override
        public Integer call() throws java.io.IOException {
            SignetConfig cfg = config.load();
            String password = readPassword();
            if (password == null || password.isEmpty()) {
                System.err.println("no password given on standard input");
                return 2;
            }
            try {
                PasswordReset.run(cfg, username, password);
            } catch (dev.signet.errors.InvalidInputException e) {
                System.err.println(e.errors().get(0).message());
                return 2;
            } catch (dev.signet.errors.NotFoundException e) {
                System.err.println("no user named '" + username + "'");
                return 3;
            }
            System.out.println("Password of '" + username + "' set; their sessions have ended.");
            return 0;
        }

        private static String readPassword() throws java.io.IOException {
            java.io.Console console = System.console();
            if (console != null) {
                char[] pw = console.readPassword("New password: ");
                return pw == null ? null : new String(pw);
            }
            return new java.io.BufferedReader(new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8)).readLine();
        }
    }
}
