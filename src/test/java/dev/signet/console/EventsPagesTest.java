package dev.signet.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.saml.SamlTestKit;
import dev.signet.testing.ApiClient;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /admin/events shows the audit log as the admin API stores it, filtered by user, application, type and time. */
class EventsPagesTest {
    static final String PASSWORD = "correct horse battery";
    private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern TYPE_CELL = Pattern.compile("<td><code>([a-z0-9._-]+)</code></td>");
    /** What a datetime-local input sends. */
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    @Test
    void filtering_by_user_shows_only_that_users_events_by_name_or_id() {
        ApiClient api = server.api();
        String aliceId = api.createUser("ev-alice", PASSWORD);
        api.createUser("ev-bob", PASSWORD);
        server.client().login("ev-alice", PASSWORD);
        server.client().login("ev-bob", "not the password");

        WebClient admin = admin();
        HttpResponse<String> byName = admin.get("/admin/events?user=ev-alice");
        assertThat(byName.statusCode()).isEqualTo(200);
        // The test clock stands still unless advanced: events of one test share a time, so order is not checked here.
        assertThat(types(byName.body())).containsExactlyInAnyOrder("login.success", "user.created");
        assertThat(byName.body()).contains("ev-alice").doesNotContain("ev-bob");
        assertThat(byName.body()).contains("1–2 of " + api.total("/events?user=ev-alice"));

        HttpResponse<String> byId = admin.get("/admin/events?user=" + aliceId);
        assertThat(types(byId.body())).containsExactlyInAnyOrder("login.success", "user.created");
        assertThat(types(admin.get("/admin/events?user=ev-bob").body())).containsExactlyInAnyOrder("login.failure", "user.created");
    }

    @Test
    void filtering_by_application_shows_its_changes_and_sign_ons_whatever_the_event_calls_it() {
        String wikiId = SamlTestKit.createSamlApp(server, "ev-wiki", SamlTestKit.defaultProvider());
        SamlTestKit.createSamlApp(server, "ev-ledger", SamlTestKit.defaultProvider());
        ApiClient.Response renamed = server.api().patch("/applications/" + wikiId, "{\"name\":\"Wiki renamed\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        WebClient admin = admin();
        // An IdP-initiated sign-on: its saml.sso event is written by the background writer, in a batch.
        HttpResponse<String> sso = admin.get("/application/saml/ev-wiki/sso/binding/init");
        assertThat(sso.statusCode()).as(sso.body()).isEqualTo(200);

        HttpResponse<String> page = admin.get("/admin/events?application=" + wikiId);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(types(page.body())).containsExactlyInAnyOrder("saml.sso", "application.updated", "saml.provider.created", "application.created");
        assertThat(page.body()).contains("slug: ev-wiki").doesNotContain("slug: ev-ledger");
        assertThat(page.body()).contains("<option value=\"" + wikiId + "\" selected>");
    }

    @Test
    void a_type_prefix_matches_every_type_below_it() {
        server.api().createUser("ev-carol", PASSWORD);
        server.client().login("ev-carol", PASSWORD);
        server.client().login("ev-carol", "wrong guess");

        WebClient admin = admin();
        HttpResponse<String> page = admin.get("/admin/events?user=ev-carol&type=login.");
        assertThat(types(page.body())).containsExactlyInAnyOrder("login.failure", "login.success");
        assertThat(page.body()).contains("<span class=\"status fail\">failure</span>").contains("reason: bad_password");
        assertThat(page.body()).contains("<option value=\"login.\" selected>All login.* events</option>");
        assertThat(types(admin.get("/admin/events?user=ev-carol&type=login.success").body())).containsExactly("login.success");
        assertThat(server.api().total("/events?user=ev-carol&type=login.")).isEqualTo(2);
    }

    @Test
    void a_time_range_read_as_utc_keeps_the_events_inside_it() {
        Instant first = server.clock().instant();
        server.api().createUser("ev-dave", PASSWORD);
        server.clock().advance(Duration.ofHours(2));
        server.client().login("ev-dave", PASSWORD);
        String between = LOCAL.format(first.plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES));
        String before = LOCAL.format(first.minus(Duration.ofMinutes(1)));

        WebClient admin = admin();
        assertThat(types(admin.get("/admin/events?user=ev-dave&since=" + between).body())).containsExactly("login.success");
        assertThat(types(admin.get("/admin/events?user=ev-dave&until=" + between).body())).containsExactly("user.created");
        assertThat(types(admin.get("/admin/events?user=ev-dave&since=" + before + "&until=" + between).body()))
                .containsExactly("user.created");
        HttpResponse<String> page = admin.get("/admin/events?user=ev-dave&since=" + between);
        assertThat(page.body()).contains("<label for=\"since\">From (UTC)").contains("value=\"" + between + "\"");
    }

    @Test
    void a_bad_time_gets_a_message_next_to_the_field_and_no_events() {
        WebClient admin = admin();
        HttpResponse<String> page = admin.get("/admin/events?since=" + enc("yesterday at noon") + "&until=2026-02-30T10:00");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body())
                .contains("<p class=\"field-error\" id=\"since-error\">Enter a date and time in UTC, such as 2026-01-31T12:00.</p>")
                .contains("id=\"until-error\"")
                .contains("value=\"yesterday at noon\"")
                .contains("No events shown")
                .doesNotContain("<tbody>")
                .doesNotContain("Exception");
    }

    @Test
    void an_unknown_application_or_malformed_type_is_refused_next_to_its_field() {
        WebClient admin = admin();
        HttpResponse<String> page = admin.get("/admin/events?application=wiki&type=" + enc("<script>"));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("id=\"application-error\">Choose one of the listed applications.")
                .contains("id=\"type-error\"")
                .doesNotContain("<script>");
        HttpResponse<String> reversed = admin.get("/admin/events?since=2026-01-02T00:00&until=2026-01-01T00:00");
        assertThat(reversed.statusCode()).isEqualTo(400);
        assertThat(reversed.body()).contains("id=\"until-error\">Must be later than From.");
    }

    @Test
    void the_log_is_paged_newest_first_keeping_the_filters_in_the_links() {
        ApiClient api = server.api();
        api.createUser("ev-erin", PASSWORD);
        for (int i = 0; i < EventsPages.PAGE_SIZE + 2; i++) {
            server.clock().advance(Duration.ofSeconds(1));
            server.client().login("ev-erin", "wrong " + i);
        }
        WebClient admin = admin();
        HttpResponse<String> first = admin.get("/admin/events?user=ev-erin");
        long total = api.total("/events?user=ev-erin");
        assertThat(total).isEqualTo(EventsPages.PAGE_SIZE + 3);
        assertThat(types(first.body())).hasSize(EventsPages.PAGE_SIZE).allMatch("login.failure"::equals);
        assertThat(first.body()).contains("href=\"/admin/events?user=ev-erin&amp;offset=" + EventsPages.PAGE_SIZE + "\"");
        HttpResponse<String> second = admin.get("/admin/events?user=ev-erin&offset=" + EventsPages.PAGE_SIZE);
        assertThat(types(second.body())).containsExactly("login.failure", "login.failure", "user.created");
    }

    private static WebClient admin() {
        return ConsolePages.signedInAdmin(server);
    }

    /** The type column of the events table, top to bottom. */
    static List<String> types(String html) {
        List<String> out = new ArrayList<>();
        int body = html.indexOf("<tbody>");
        if (body < 0) {
            return out;
        }
        Matcher rows = ROW.matcher(html.substring(body));
        while (rows.find()) {
            Matcher type = TYPE_CELL.matcher(rows.group(1));
            if (type.find()) {
                out.add(type.group(1));
            }
        }
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
