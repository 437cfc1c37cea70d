package dev.signet.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.MutableClock;
import dev.signet.testing.TestDatabase;
import dev.signet.testing.TestSignet;
import dev.signet.testing.WebClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FirstStartTest {
    Path dir;

    @BeforeEach
    void createDir() throws Exception {
        dir = Files.createTempDirectory("signet-first-start-");
    }

    @AfterEach
    void deleteDir() {
        TestSignet.deleteRecursively(dir);
    }

    @Test
    void first_start_creates_owner_only_secrets_and_restart_keeps_them() throws Exception {
        TestSignet first = TestSignet.start(dir, Map.of(), MutableClock.startingNow());
        Path cookieKey = dir.resolve("secrets/cookie.key");
        Path kek = dir.resolve("secrets/kek.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cookieKey))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kek))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secrets")))).isEqualTo("rwx------");
        String cookieBefore = Files.readString(cookieKey);
        String kekBefore = Files.readString(kek);
        assertThat(cookieBefore).isNotEqualTo(kekBefore);
        first.stop();

        TestSignet second = TestSignet.start(dir, Map.of(), MutableClock.startingNow());
        second.stop();
        assertThat(Files.readString(cookieKey)).isEqualTo(cookieBefore);
        assertThat(Files.readString(kek)).isEqualTo(kekBefore);
    }

    @Test
    void restart_with_another_bootstrap_password_does_not_overwrite_the_admin() {
        TestSignet first = TestSignet.start(dir, Map.of(), MutableClock.startingNow());
        assertThat(first.client().login("admin", TestSignet.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
        first.stop();

        TestSignet second = TestSignet.start(dir, Map.of("SIGNET_BOOTSTRAP_PASSWORD", "a different password"), MutableClock.startingNow());
        try {
            assertThat(second.client().login("admin", "a different password").statusCode()).isEqualTo(401);
            assertThat(second.client().login("admin", TestSignet.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
            assertThat(second.api().get("/users?name=admin").json().get("total").asInt()).isEqualTo(1);
        } finally {
            second.stop();
        }
    }

    @Test
    void deleted_admin_is_not_recreated_on_restart() {
        TestSignet first = TestSignet.start(dir, Map.of(), MutableClock.startingNow());
        first.api().post("/users", "{\"username\":\"second-admin\",\"admin\":true,\"password\":\"second admin password\"}");
        String adminId = first.api().get("/users?name=admin").json().get("items").get(0).get("id").asText();
        WebClient browser = first.client();
        browser.login("second-admin", "second admin password");
        browser.get("/account");
        var deleted = browser.send(HttpRequest.newBuilder(URI.create(first.baseUrl() + "/api/v1/users/" + adminId))
                .header("X-CSRF-Token", browser.csrf()).DELETE().build());
        assertThat(deleted.statusCode()).isEqualTo(204);
        first.stop();

        TestSignet second = TestSignet.start(dir, Map.of(), MutableClock.startingNow());
        try {
            assertThat(second.client().login("admin", TestSignet.ADMIN_PASSWORD).statusCode()).isEqualTo(401);
            assertThat(second.api().get("/users").status()).as("the bootstrap token died with its user").isEqualTo(401);
        } finally {
            second.stop();
        }
    }

    @Test
    void generated_password_is_used_when_none_is_configured_and_the_configured_token_works() {
        TestSignet server = TestSignet.start(dir, Map.of("SIGNET_BOOTSTRAP_PASSWORD", ""), MutableClock.startingNow());
        try {
            assertThat(server.client().login("admin", TestSignet.ADMIN_PASSWORD).statusCode()).isEqualTo(401);
            assertThat(server.api().get("/users").status()).isEqualTo(200);
        } finally {
            server.stop();
        }
    }

    @Test
    void login_with_outdated_argon2_parameters_rehashes_transparently() throws Exception {
        TestSignet first = TestSignet.start(dir, Map.of(), MutableClock.startingNow());
        first.api().createUser("legacy", "correct horse battery");
        first.stop();
        assertThat(storedHash("legacy")).contains("m=1024,t=1,p=1");

        TestSignet second = TestSignet.start(dir, Map.of("SIGNET_PASSWORD_ARGON2_ITERATIONS", "2", "SIGNET_PASSWORD_ARGON2_MEMORY_KIB", "2048"),
                MutableClock.startingNow());
        assertThat(second.client().login("legacy", "correct horse battery").statusCode()).isEqualTo(303);
        second.stop();
        assertThat(storedHash("legacy")).startsWith("$argon2id$v=19$m=2048,t=2,p=1$");

        TestSignet third = TestSignet.start(dir, Map.of("SIGNET_PASSWORD_ARGON2_ITERATIONS", "2", "SIGNET_PASSWORD_ARGON2_MEMORY_KIB", "2048"),
                MutableClock.startingNow());
        try {
            assertThat(third.client().login("legacy", "correct horse battery").statusCode()).isEqualTo(303);
        } finally {
            third.stop();
        }
    }

    private String storedHash(String username) throws Exception {
        try (var c = TestDatabase.connect(dir);
             var st = c.prepareStatement("SELECT password_hash FROM users WHERE username_key = ?")) {
            st.setString(1, username);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
