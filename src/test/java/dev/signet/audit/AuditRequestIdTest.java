package dev.signet.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An audit event names the request that caused it by the ID the response carried in X-Request-Id. */
class AuditRequestIdTest {
    static final String PASSWORD = "request-id-password";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    @Test
    void a_login_event_stores_the_request_id_of_the_response() {
        server.api().createUser("rid-user", PASSWORD);
        HttpResponse<String> failed = server.client().login("rid-user", "not the password");
        HttpResponse<String> succeeded = server.client().login("rid-user", PASSWORD);

        assertThat(event("login.failure").path("requestId").asText()).isEqualTo(header(failed)).isNotEmpty();
        assertThat(event("login.success").path("requestId").asText()).isEqualTo(header(succeeded)).isNotEmpty();
    }

    @Test
    void a_request_id_sent_by_the_caller_is_the_one_stored() {
        server.api().createUser("rid-caller", PASSWORD);
        WebClient browser = server.client();
        browser.get("/login");
        HttpResponse<String> r = browser.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Request-Id", "proxy-assigned-id-42")
                .POST(HttpRequest.BodyPublishers.ofString(WebClient.encode(Map.of("username", "rid-caller",
                        "password", PASSWORD, "csrf", browser.csrf())))).build());
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(header(r)).isEqualTo("proxy-assigned-id-42");
        assertThat(event("login.success", "rid-caller").path("requestId").asText()).isEqualTo("proxy-assigned-id-42");
    }

    private static JsonNode event(String type) {
        return event(type, "rid-user");
    }

    private static JsonNode event(String type, String user) {
        JsonNode items = server.api().get("/events?type=" + type + "&user=" + user).json().get("items");
        assertThat(items).as(type).hasSize(1);
        return items.get(0);
    }

    private static String header(HttpResponse<String> r) {
        return r.headers().firstValue("X-Request-Id").orElseThrow();
    }
}
