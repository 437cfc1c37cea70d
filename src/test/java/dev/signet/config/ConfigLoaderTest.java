package dev.signet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void defaults_listen_on_loopback_9000_with_embedded_h2_under_data() {
        SignetConfig c = ConfigLoader.load(Map.of(), null);
        assertThat(c.listenHost()).isEqualTo("127.0.0.1");
        assertThat(c.listenPort()).isEqualTo(9000);
        assertThat(c.databaseUrl()).startsWith("jdbc:h2:file:").contains("/data/signet;MODE=PostgreSQL");
        assertThat(c.password().memoryKib()).isEqualTo(19456);
        assertThat(c.password().iterations()).isEqualTo(2);
        assertThat(c.password().parallelism()).isEqualTo(1);
        assertThat(c.password().minLength()).isEqualTo(12);
        assertThat(c.sessionIdleTimeout()).isEqualTo(Duration.ofHours(8));
        assertThat(c.sessionAbsoluteLifetime()).isEqualTo(Duration.ofHours(24));
        assertThat(c.throttleMaxFailures()).isEqualTo(5);
        assertThat(c.throttleWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.secureCookies()).isFalse();
        assertThat(c.effectivePublicUrl(9000)).isEqualTo("http://127.0.0.1:9000");
    }

    @Test
    void environment_overrides_file_and_file_overrides_defaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("signet.properties");
        Files.writeString(file, "listen.port = 9100\nsession.idle.timeout = 30m\npublic.url = https://sso.example.com/\n");
        SignetConfig c = ConfigLoader.load(Map.of("SIGNET_LISTEN_PORT", "9200"), file);
        assertThat(c.listenPort()).isEqualTo(9200);
        assertThat(c.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.publicUrl()).isEqualTo("https://sso.example.com");
        assertThat(c.secureCookies()).isTrue();
    }

    @Test
    void config_file_can_be_named_by_environment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.properties");
        Files.writeString(file, "login.throttle.max.failures=9\n");
        assertThat(ConfigLoader.load(Map.of("SIGNET_CONFIG_FILE", file.toString()), null).throttleMaxFailures()).isEqualTo(9);
    }

    @Test
    void unknown_environment_setting_names_the_variable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("SIGNET_LISTEN_PROT", "1"), null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configuration error: SIGNET_LISTEN_PROT: unknown setting (see the README for the list of keys)");
    }

    @Test
    void unknown_file_setting_names_the_key(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("signet.properties");
        Files.writeString(file, "session.idle.timout=1h\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), file))
                .isInstanceOf(ConfigException.class).hasMessageContaining("session.idle.timout").hasMessageContaining("unknown");
    }

    @Test
    void malformed_values_name_the_key_on_one_line() {
        assertBad(Map.of("SIGNET_LISTEN_PORT", "ninety"), "listen.port");
        assertBad(Map.of("SIGNET_LISTEN_PORT", "70000"), "listen.port");
        assertBad(Map.of("SIGNET_SESSION_IDLE_TIMEOUT", "soon"), "session.idle.timeout");
        assertBad(Map.of("SIGNET_SESSION_ABSOLUTE_LIFETIME", "0s"), "session.absolute.lifetime");
        assertBad(Map.of("SIGNET_HTTP_TRUST_FORWARDED_HEADERS", "maybe"), "http.trust.forwarded.headers");
        assertBad(Map.of("SIGNET_PUBLIC_URL", "ftp://x"), "public.url");
        assertBad(Map.of("SIGNET_DATABASE_URL", "jdbc:mysql://x"), "database.url");
        assertBad(Map.of("SIGNET_COOKIE_KEY", "c2hvcnQ="), "cookie.key");
        assertBad(Map.of("SIGNET_BOOTSTRAP_TOKEN", "too-short"), "bootstrap.token");
        assertBad(Map.of("SIGNET_BOOTSTRAP_PASSWORD", "short"), "bootstrap.password");
        assertBad(Map.of("SIGNET_PASSWORD_MIN_LENGTH", "30", "SIGNET_PASSWORD_MAX_LENGTH", "20"), "password.max.length");
    }

    @Test
    void missing_config_file_is_an_error_naming_the_file(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), missing))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nope.properties");
    }

    @Test
    void every_setting_is_documented_in_the_readme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (Setting s : Setting.values()) {
            assertThat(readme).as(s.key()).contains("`" + s.environmentName() + "`").contains("`" + s.key() + "`");
        }
    }

    private static void assertBad(Map<String, String> env, String key) {
        assertThatThrownBy(() -> ConfigLoader.load(env, null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("configuration error: " + key + ":")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
