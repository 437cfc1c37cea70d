package dev.signet.admin;

import static dev.signet.testing.JsonBodies.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.testing.ApiClient;
import dev.signet.testing.ApiClient.Response;
import dev.signet.testing.SignetServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /api/v1/events: the audit log, filtered by user, type and time. */
class EventsApiTest {
    static final String PASSWORD = "correct horse battery";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    final ApiClient api = server.api();

    @Test
    void events_are_filtered_by_username_ignoring_case_and_by_user_id() {
        String alice = api.createUser("evt-alice", PASSWORD);
        api.createUser("evt-bob", PASSWORD);
        String group = api.createGroup("evt-group");
        api.addMember(group, alice);
        api.put("/users/" + alice + "/password", json("password", "another fine password"));
        assertThat(server.client().login("evt-alice", "another fine password").statusCode()).isEqualTo(303);
        server.client().login("evt-bob", PASSWORD);

        Response byName = api.get("/events?user=evt-alice");
        assertThat(byName.status()).isEqualTo(200);
        assertThat(byName.column("type")).containsExactlyInAnyOrder("user.created", "group.member.added", "user.password.set", "login.success");
        assertThat(byName.json().get("total").asLong()).isEqualTo(4);
        for (JsonNode e : byName.json().get("items")) {
            assertThat(List.of(e.path("subjectUsername").asText(), e.path("actorUsername").asText())).contains("evt-alice");
        }

        Response byUpperName = api.get("/events?user=EVT-ALICE");
        assertThat(byUpperName.column("type")).containsExactlyInAnyOrderElementsOf(byName.column("type"));

        Response byId = api.get("/events?user=" + alice);
        assertThat(byId.column("type")).containsExactlyInAnyOrderElementsOf(byName.column("type"));
        for (JsonNode e : byId.json().get("items")) {
            assertThat(List.of(e.path("subjectUserId").asText(), e.path("actorUserId").asText())).contains(alice);
        }

        assertThat(api.get("/events?user=evt-nobody").json().get("total").asLong()).isZero();
    }

    @Test
    void events_are_filtered_by_type_and_by_type_prefix() {
        api.createUser("evt-typer", PASSWORD);
        server.client().login("evt-typer", "wrong password, sorry");
        server.client().login("evt-typer", PASSWORD);

        Response failures = api.get("/events?type=login.failure&user=evt-typer");
        assertThat(failures.status()).isEqualTo(200);
        assertThat(failures.column("type")).containsExactly("login.failure");
        assertThat(failures.json().get("items").get(0).get("outcome").asText()).isEqualTo("failure");

        Response logins = api.get("/events?type=login.&user=evt-typer");
        assertThat(logins.column("type")).containsExactlyInAnyOrder("login.failure", "login.success");

        Response all = api.get("/events?type=login.failure&limit=500");
        assertThat(all.column("type")).isNotEmpty().allMatch("login.failure"::equals);
        assertThat(api.get("/events?type=login.&limit=500").column("type")).allMatch(t -> t.startsWith("login."));
        assertThat(api.get("/events?type=login&user=evt-typer").json().get("total").asLong())
                .as("without the trailing dot the type matches exactly").isZero();
    }

    @Test
    void type_prefix_is_matched_literally() {
        api.createUser("evt-wildcard", PASSWORD);
        server.client().login("evt-wildcard", PASSWORD);
        assertThat(api.get("/events?type=login.&user=evt-wildcard").json().get("total").asLong()).isEqualTo(1);
        assertThat(api.get("/events?type=_ogin.&user=evt-wildcard").json().get("total").asLong()).isZero();
    }

    @Test
    void failed_login_event_has_a_reason_and_never_contains_the_password() {
        String id = api.createUser("evt-fumbler", PASSWORD);
        String typo = "Secret-Typo-Password-9f8e7d";
        assertThat(server.client().login("evt-fumbler", typo).statusCode()).isEqualTo(401);
        assertThat(server.client().login("evt-ghost", typo).statusCode()).isEqualTo(401);

        Response mine = api.get("/events?type=login.failure&user=evt-fumbler");
        assertThat(mine.json().get("total").asLong()).isEqualTo(1);
        JsonNode event = mine.json().get("items").get(0);
        assertThat(event.get("detail").get("reason").asText()).isEqualTo("bad_password");
        assertThat(event.get("outcome").asText()).isEqualTo("failure");
        assertThat(event.get("subjectUserId").asText()).isEqualTo(id);
        assertThat(event.get("subjectUsername").asText()).isEqualTo("evt-fumbler");
        assertThat(event.get("clientAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(event.get("occurredAt").asText()).isNotBlank();

        JsonNode ghost = api.get("/events?type=login.failure&user=evt-ghost").json().get("items").get(0);
        assertThat(ghost.get("detail").get("reason").asText()).isEqualTo("unknown_user");
        assertThat(ghost.get("subjectUserId").isNull()).isTrue();

        for (String path : List.of("/events?limit=500", "/events?type=login.failure&limit=500", "/events?user=evt-fumbler")) {
            String body = api.get(path).body();
            assertThat(body).doesNotContain(typo).doesNotContainIgnoringCase("secret-typo").doesNotContain(PASSWORD);
        }
    }

    @Test
    void events_are_filtered_by_time_with_since_inclusive_and_until_exclusive() {
        server.clock().advance(Duration.ofMinutes(1));
        api.createUser("evt-time-1", PASSWORD);
        server.clock().advance(Duration.ofMinutes(1));
        Instant t1 = server.clock().instant();
        api.createUser("evt-time-2", PASSWORD);
        server.clock().advance(Duration.ofMinutes(1));
        Instant t2 = server.clock().instant();
        api.createUser("evt-time-3", PASSWORD);
        // Bounds half a minute before each event, away from the database's sub-second rounding.
        String since = t1.minusSeconds(30).toString();
        String until = t2.minusSeconds(30).toString();

        Response between = api.get("/events?type=user.created&since=" + since + "&until=" + until);
        assertThat(between.status()).isEqualTo(200);
        assertThat(between.column("subjectUsername")).containsExactly("evt-time-2");

        assertThat(api.get("/events?type=user.created&since=" + since).column("subjectUsername")).contains("evt-time-2", "evt-time-3")
                .doesNotContain("evt-time-1");
        assertThat(api.get("/events?type=user.created&limit=500&until=" + until).column("subjectUsername")).contains("evt-time-1", "evt-time-2")
                .doesNotContain("evt-time-3");

        for (JsonNode e : between.json().get("items")) {
            Instant at = Instant.parse(e.get("occurredAt").asText());
            assertThat(at).isAfterOrEqualTo(Instant.parse(since)).isBefore(Instant.parse(until));
        }
        assertThat(api.get("/events?since=" + server.clock().instant().plus(Duration.ofDays(1))).json().get("total").asLong()).isZero();
    }

    @Test
    void events_come_newest_first_and_page_with_a_total() {
        String id = api.createUser("evt-pager", PASSWORD);
        for (int i = 1; i <= 3; i++) {
            server.clock().advance(Duration.ofSeconds(5));
            api.patch("/users/" + id, json("displayName", "Pager " + i));
        }

        Response first = api.get("/events?user=evt-pager&limit=2");
        assertThat(first.json().get("total").asLong()).isEqualTo(4);
        assertThat(first.json().get("limit").asInt()).isEqualTo(2);
        assertThat(first.json().get("offset").asInt()).isZero();
        assertThat(first.column("type")).containsExactly("user.updated", "user.updated");
        Response second = api.get("/events?user=evt-pager&limit=2&offset=2");
        assertThat(second.column("type")).containsExactly("user.updated", "user.created");
        assertThat(second.json().get("offset").asInt()).isEqualTo(2);

        List<Instant> times = new ArrayList<>();
        api.get("/events?user=evt-pager").json().get("items").forEach(e -> times.add(Instant.parse(e.get("occurredAt").asText())));
        assertThat(times).hasSize(4).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void admin_actions_record_the_acting_administrator_and_request() {
        String id = api.createUser("evt-subject", PASSWORD);
        JsonNode created = api.get("/events?type=user.created&user=" + id).json().get("items").get(0);
        assertThat(created.get("actorUsername").asText()).isEqualTo("admin");
        assertThat(created.get("actorUserId").asText()).isNotBlank();
        assertThat(created.get("subjectUsername").asText()).isEqualTo("evt-subject");
        assertThat(created.get("outcome").asText()).isEqualTo("success");
        assertThat(created.get("clientAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(created.get("requestId").asText()).isNotBlank();
    }

    @Test
    void invalid_filters_answer_400_naming_each_parameter() {
        Response r = api.get("/events?since=yesterday&until=2026-13-45T00:00:00Z&limit=0&offset=-1&type=");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.errorFields()).containsExactlyInAnyOrder("since", "until", "limit", "offset", "type");
        assertThat(api.get("/events?type=" + "x".repeat(61)).errorFields()).containsExactly("type");
        assertThat(api.get("/events?limit=501").errorFields()).containsExactly("limit");
        assertThat(api.get("/events?limit=500").status()).isEqualTo(200);
    }

    @Test
    void user_filter_with_sql_metacharacters_matches_nothing() {
        api.createUser("evt-quote", PASSWORD);
        String evil = URLEncoder.encode("evt-quote' OR '1'='1", StandardCharsets.UTF_8);
        Response r = api.get("/events?user=" + evil);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("total").asLong()).isZero();
    }
}
