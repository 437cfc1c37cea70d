package dev.signet.awsemulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code aws-emulator} subcommand is registered with its options (running it blocks until interrupted). */
class AwsEmulatorCommandTest {
    @Test
    void help_lists_the_options() {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        int status = cli.execute("aws-emulator", "--help");

        assertThat(status).isZero();
        assertThat(out.toString()).contains("--port", "--bind", "--signin-url", "--strict", "--accept-regional", "--clock-skew",
                "default 9100", "default 127.0.0.1");
    }
}
