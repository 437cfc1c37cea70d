package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.signet.testing.SignetServer;
import dev.signet.testing.TestSignet;
import dev.signet.testing.WebClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Everything Signet logs at INFO and above, while people sign in and admins use tokens, is free of secrets. */
class LogHygieneTest {
    static final String PASSWORD = "very-secret-passphrase-42";

    @RegisterExtension
    static final SignetServer server = SignetServer.withDefaults();

    final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    Logger root;
    /** The access log has an appender of its own (asynchronous) and does not pass lines to the root. */
    Logger access;
    Level previous;

    @BeforeEach
    void capture() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        previous = root.getLevel();
        root.setLevel(Level.INFO);
        captured.start();
        root.addAppender(captured);
        access = (Logger) LoggerFactory.getLogger("signet.access");
        access.addAppender(captured);
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
        access.detachAppender(captured);
        root.setLevel(previous);
    }

    @Test
    void logins_api_calls_and_errors_leave_no_passwords_tokens_or_cookies_in_the_log() {
        server.api().createUser("logged", PASSWORD);
        WebClient browser = server.client();
        browser.login("logged", "wrong-" + PASSWORD);
        browser.login("logged", PASSWORD);
        String session = browser.cookie("signet_session");
        browser.get("/account?token=" + PASSWORD);
        browser.post("/account/password", Map.of("current_password", PASSWORD, "new_password", "another-" + PASSWORD));
        server.api().get("/users?name=" + PASSWORD);
        String app = server.api().post("/applications", "{\"slug\":\"logged-saml\",\"name\":\"L\",\"accessMode\":\"all\"}")
                .json().get("id").asText();
        server.api().put("/applications/" + app + "/saml", "{\"spEntityId\":\"urn:amazon:webservices\","
                + "\"acsUrl\":\"https://signin.aws.amazon.com/saml\"}");
        String ssoPage = browser.get("/application/saml/logged-saml/sso/binding/init?RelayState=" + PASSWORD.replace(' ', '-')).body();
        assertThat(ssoPage).contains("SAMLResponse");
        browser.get("/application/saml/logged-saml/sso/binding/redirect?SAMLRequest=not-a-request-" + PASSWORD.replace(' ', '-'));

        List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
        assertThat(lines).as("the access log saw the requests").anyMatch(l -> l.contains("POST /login"));
        String log = String.join("\n", lines);
        assertThat(log).doesNotContain(PASSWORD).doesNotContain(TestSignet.ADMIN_TOKEN).doesNotContain(session)
                .doesNotContain("$argon2id$").doesNotContain(PASSWORD.replace(' ', '-')).doesNotContain("Assertion")
                .doesNotContain("PRIVATE KEY");
    }
}
