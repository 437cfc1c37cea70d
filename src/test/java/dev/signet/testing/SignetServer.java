package dev.signet.testing;

import dev.signet.Signet;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link TestSignet} managed by JUnit: as a static {@code @RegisterExtension} field one server
 * serves the whole class; as an instance field every test gets a fresh one.
 */
public final class SignetServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private final Map<String, String> settings;
    private TestSignet server;
    private boolean perTest;

    private SignetServer(Map<String, String> settings) {
        this.settings = settings;
    }

    public static SignetServer withDefaults() {
        return new SignetServer(Map.of());
    }

    /** Throttling effectively off, for classes that sign in many times from one address. */
    public static SignetServer withoutThrottling() {
        return new SignetServer(Map.of("SIGNET_LOGIN_THROTTLE_MAX_FAILURES", "1000"));
    }

    public static SignetServer withSettings(Map<String, String> settings) {
        return new SignetServer(settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = TestSignet.start(settings);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (server == null) {
            perTest = true;
            server = TestSignet.start(settings);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            server.close();
            server = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public ApiClient api() {
        return server.api();
    }

    public WebClient client() {
        return server.client();
    }

    public MutableClock clock() {
        return server.clock;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    public java.nio.file.Path dataDir() {
        return server.dataDir;
    }

    public Signet signet() {
        return server.signet();
    }
}
