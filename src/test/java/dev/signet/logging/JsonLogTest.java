package dev.signet.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.testing.TestSignet;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * log.format=json: what the console appender writes while a node runs is one JSON object per line,
 * each line of a request with its request ID; the text format is back once the node stops.
 */
class JsonLogTest {
    static final ObjectMapper JSON = new ObjectMapper();

    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    Logger root;
    Logger access;
    Level rootLevel;
    Level accessLevel;

    /** Stands in for the console: a stream appender on the root logger, as logback.xml has one. */
    @BeforeEach
    void captureTheConsole() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setContext(context);
        text.setPattern("%level %logger - %msg%n");
        text.start();
        appender.setContext(context);
        appender.setName("captured-console");
        appender.setEncoder(text);
        appender.setOutputStream(console);
        appender.start();
        root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        access = context.getLogger("signet.access");
        rootLevel = root.getLevel();
        accessLevel = access.getLevel();
        root.addAppender(appender);
        root.setLevel(Level.INFO);
        access.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        root.detachAppender(appender);
        root.setLevel(rootLevel);
        access.setLevel(accessLevel);
        appender.stop();
    }

    @Test
    void every_line_is_json_and_a_request_line_carries_the_request_id() throws Exception {
        String requestId;
        try (TestSignet signet = TestSignet.start(Map.of("SIGNET_LOG_FORMAT", "json"))) {
            HttpResponse<String> r = signet.client().send(HttpRequest.newBuilder(URI.create(signet.baseUrl() + "/health/live"))
                    .header("X-Request-Id", "json-log-request-0001").GET().build());
            assertThat(r.statusCode()).isEqualTo(200);
            requestId = r.headers().firstValue("X-Request-Id").orElseThrow();
            LoggerFactory.getLogger("dev.signet.test").error("something broke", new IllegalStateException("the cause"));
        }
        List<JsonNode> lines = jsonLines(console.toString(StandardCharsets.UTF_8).lines().toList());

        assertThat(requestId).isEqualTo("json-log-request-0001");
        assertThat(lines).as("start-up lines too").anyMatch(l -> l.path("message").asText().startsWith("Signet ready at"));
        JsonNode accessLine = lines.stream().filter(l -> "signet.access".equals(l.path("logger_name").asText())).findFirst().orElseThrow();
        assertThat(accessLine.path("requestId").asText()).isEqualTo(requestId);
        assertThat(accessLine.path("message").asText()).startsWith("GET /health/live 200");
        assertThat(accessLine.path("level").asText()).isEqualTo("INFO");
        assertThat(accessLine.path("thread_name").asText()).isNotEmpty();
        assertThat(accessLine.path("@timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
        JsonNode error = lines.stream().filter(l -> "dev.signet.test".equals(l.path("logger_name").asText())).findFirst().orElseThrow();
        assertThat(error.path("level").asText()).isEqualTo("ERROR");
        assertThat(error.path("stack_trace").asText()).contains("IllegalStateException: the cause");
        assertThat(error.has("requestId")).as("outside a request, no request ID").isFalse();

        console.reset();
        LoggerFactory.getLogger("dev.signet.test").warn("after the node stopped");
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("WARN dev.signet.test - after the node stopped\n");
    }

    @Test
    void the_text_format_leaves_the_console_as_configured() throws Exception {
        try (TestSignet signet = TestSignet.start(Map.of())) {
            signet.client().get("/health/live");
        }
        String text = console.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("INFO signet.access - GET /health/live 200").doesNotContain("{\"@timestamp\"");
    }

    @Test
    void nodes_overlapping_in_one_jvm_leave_the_console_in_its_own_format() {
        TestSignet first = TestSignet.start(Map.of("SIGNET_LOG_FORMAT", "json"));
        try (TestSignet second = TestSignet.start(Map.of("SIGNET_LOG_FORMAT", "json"))) {
            first.close();
            second.client().get("/health/live");
        }
        console.reset();
        LoggerFactory.getLogger("dev.signet.test").warn("both stopped");
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("WARN dev.signet.test - both stopped\n");
    }

    /** Parses every line, failing on the first that is not a JSON object. */
    private static List<JsonNode> jsonLines(List<String> lines) throws Exception {
        assertThat(lines).isNotEmpty();
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            out.add(node);
        }
        return out;
    }
}
