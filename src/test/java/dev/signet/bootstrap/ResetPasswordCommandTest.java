package dev.signet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Main;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestDatabase;
import dev.signet.testing.TestSignet;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResetPasswordCommandTest {
    Path dir;

    @BeforeEach
    void createDir() throws Exception {
        dir = Files.createTempDirectory("signet-reset-");
    }

    @AfterEach
    void deleteDir() {
        TestSignet.deleteRecursively(dir);
    }

    @Test
    void operator_resets_a_locked_out_admin_password_from_the_command_line() throws Exception {
        TestSignet first = TestSignet.start(dir, Map.of(), MutableClock.startingNow());
        first.stop();
        Path config = dir.resolve("signet.properties");
        Files.writeString(config, "data.dir=" + dir + "\npassword.argon2.memory.kib=1024\npassword.argon2.iterations=1\n"
                + TestDatabase.propertiesFor(dir));

        assertThat(run(config, "new admin password\n", "reset-password", "admin")).isZero();
        assertThat(run(config, "short\n", "reset-password", "admin")).isEqualTo(2);
        assertThat(run(config, "another long password\n", "reset-password", "nobody")).isEqualTo(3);
        Files.writeString(dir.resolve("broken.properties"), "listen.port=ninety\n");
        assertThat(run(dir.resolve("broken.properties"), "another long password\n", "reset-password", "admin")).isEqualTo(2);

        TestSignet second = TestSignet.start(dir, Map.of(), MutableClock.startingNow());
        try {
            assertThat(second.client().login("admin", TestSignet.ADMIN_PASSWORD).statusCode()).isEqualTo(401);
            assertThat(second.client().login("admin", "new admin password").statusCode()).isEqualTo(303);
            assertThat(second.api().get("/events?type=user.password.set").json().get("items").get(0).get("actorUsername").asText())
                    .isEqualTo("command-line");
        } finally {
            second.stop();
        }
    }

    private static int run(Path config, String stdin, String... args) {
        InputStream original = System.in;
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            String[] full = new String[args.length + 2];
            System.arraycopy(args, 0, full, 0, args.length);
            full[args.length] = "--config";
            full[args.length + 1] = config.toString();
            return Main.commandLine().execute(full);
        } finally {
            System.setIn(original);
        }
    }
}
