package dev.signet.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.audit.AuditLog;
import dev.signet.audit.Origin;
import dev.signet.config.ConfigLoader;
import dev.signet.config.SignetConfig;
import dev.signet.errors.InvalidInputException;
import dev.signet.storage.AuditRepository;
import dev.signet.storage.AuditRepository.Filter;
import dev.signet.storage.Database;
import dev.signet.storage.RuntimeSettingRepository;
import dev.signet.testing.MutableClock;
import dev.signet.testing.TestDatabase;
import dev.signet.testing.TestSignet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two nodes on one database: a change made on one applies there at once and on the other within the staleness bound. */
class RuntimeSettingsTest {
    private static final Origin ADMIN = Origin.system().withActor(null, "admin");

    private Path dir;
    private Database db;
    private SignetConfig config;
    private final MutableClock clock = MutableClock.startingNow();
    private AuditLog audit;

    @BeforeEach
    void openDatabase() throws Exception {
        dir = Files.createTempDirectory("signet-settings");
        Map<String, String> env = new HashMap<>(TestDatabase.settingsFor(dir));
        env.put("SIGNET_DATA_DIR", dir.toString());
        env.put("SIGNET_LOGIN_THROTTLE_WINDOW", "30m");
        config = ConfigLoader.load(env, null);
        db = Database.open(config);
        audit = new AuditLog(new AuditRepository(), clock);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
        TestDatabase.dropFor(dir);
        TestSignet.deleteRecursively(dir);
    }

    @Test
    void another_node_sees_a_change_once_its_copy_is_five_seconds_old() {
        RuntimeSettings here = node();
        RuntimeSettings there = node();
        assertThat(there.passwordMinLength()).isEqualTo(12);

        here.update(Map.of(RuntimeSetting.PASSWORD_MIN_LENGTH, "20"), ADMIN);

        assertThat(here.passwordMinLength()).isEqualTo(20);
        assertThat(there.passwordMinLength()).isEqualTo(12);
        clock.advance(RuntimeSettings.STALENESS.minusMillis(1));
        assertThat(there.passwordMinLength()).isEqualTo(12);
        clock.advance(Duration.ofMillis(1));
        assertThat(there.passwordMinLength()).isEqualTo(20);
    }

    @Test
    void values_come_from_the_console_else_the_config_else_the_default() {
        RuntimeSettings settings = node();
        assertThat(source(settings, RuntimeSetting.THROTTLE_WINDOW)).isEqualTo(Source.CONFIG);
        assertThat(source(settings, RuntimeSetting.SESSION_IDLE_TIMEOUT)).isEqualTo(Source.DEFAULT);
        assertThat(settings.throttleWindow()).isEqualTo(Duration.ofMinutes(30));

        settings.update(Map.of(RuntimeSetting.THROTTLE_WINDOW, "PT45M"), ADMIN);
        assertThat(settings.throttleWindow()).isEqualTo(Duration.ofMinutes(45));
        assertThat(source(settings, RuntimeSetting.THROTTLE_WINDOW)).isEqualTo(Source.CONSOLE);
        assertThat(stored()).containsEntry("login.throttle.window", "45m");

        // Typing the configured value again removes the override: later config changes apply again.
        settings.update(Map.of(RuntimeSetting.THROTTLE_WINDOW, "30m"), ADMIN);
        assertThat(source(settings, RuntimeSetting.THROTTLE_WINDOW)).isEqualTo(Source.CONFIG);
        assertThat(stored()).isEmpty();
    }

    @Test
    void one_bad_value_stores_nothing_and_records_nothing() {
        RuntimeSettings settings = node();
        assertThatThrownBy(() -> settings.update(Map.of(RuntimeSetting.PASSWORD_MIN_LENGTH, "20",
                RuntimeSetting.SESSION_ABSOLUTE_LIFETIME, "-5m"), ADMIN))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field).containsExactly("sessionAbsoluteLifetime"));
        assertThat(settings.passwordMinLength()).isEqualTo(12);
        assertThat(stored()).isEmpty();
        assertThat(db.read(h -> audit.repository().search(h, new Filter(null, null, "settings.updated", null, null), 10, 0)).total())
                .isZero();
    }

    @Test
    void a_reset_that_would_put_the_minimum_above_the_maximum_is_refused() {
        RuntimeSettings settings = node();
        settings.update(Map.of(RuntimeSetting.PASSWORD_MIN_LENGTH, "4", RuntimeSetting.PASSWORD_MAX_LENGTH, "10"), ADMIN);
        assertThatThrownBy(() -> settings.reset(RuntimeSetting.PASSWORD_MIN_LENGTH, ADMIN)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("passwordMinLength");
        assertThat(settings.passwordMinLength()).isEqualTo(4);

        settings.reset(RuntimeSetting.PASSWORD_MAX_LENGTH, ADMIN);
        settings.reset(RuntimeSetting.PASSWORD_MIN_LENGTH, ADMIN);
        assertThat(settings.passwordMinLength()).isEqualTo(12);
        assertThat(settings.passwordMaxLength()).isEqualTo(256);
    }

    @Test
    void values_are_checked_as_the_config_loader_checks_them() {
        var errors = new dev.signet.errors.FieldErrors();
        assertThat(RuntimeSetting.PUBLIC_URL.parse("https://sso.example.com/", errors)).isEqualTo("https://sso.example.com");
        assertThat(RuntimeSetting.PUBLIC_URL.parse("https://sso.example.com/?x=1", errors)).isNull();
        assertThat(RuntimeSetting.PUBLIC_URL.parse("javascript:alert(1)", errors)).isNull();
        assertThat(RuntimeSetting.SESSION_IDLE_TIMEOUT.parse("0s", errors)).isNull();
        assertThat(RuntimeSetting.SESSION_IDLE_TIMEOUT.parse("PT90M", errors)).isEqualTo(Duration.ofMinutes(90));
        assertThat(RuntimeSetting.PASSWORD_MAX_LENGTH.parse("7", errors)).isNull();
        assertThat(RuntimeSetting.PASSWORD_MAX_LENGTH.parse("4096", errors)).isEqualTo(4096);
        assertThat(RuntimeSetting.THROTTLE_MAX_FAILURES.parse("1001", errors)).isNull();
        assertThat(RuntimeSetting.THROTTLE_WINDOW.text(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(RuntimeSetting.THROTTLE_WINDOW.text(Duration.ofHours(48))).isEqualTo("2d");
    }

    private Map<String, String> stored() {
        RuntimeSettingRepository repository = new RuntimeSettingRepository();
        return db.read(repository::all);
    }

    private RuntimeSettings node() {
        return new RuntimeSettings(db, new RuntimeSettingRepository(), audit, clock, config, () -> "http://127.0.0.1:9000");
    }

    private static Source source(RuntimeSettings settings, RuntimeSetting s) {
        return settings.all().stream().filter(c -> c.setting() == s).findFirst().orElseThrow().source();
    }
}
