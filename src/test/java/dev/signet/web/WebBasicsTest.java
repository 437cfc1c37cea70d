package dev.signet.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebBasicsTest {
    @RegisterExtension
    static final SignetServer server = SignetServer.withSettings(Map.of("SIGNET_PUBLIC_URL", "https://sso.example.com"));

    @Test
    void cookies_are_secure_when_the_public_url_is_https() {
        server.api().createUser("secure-user", "correct horse battery");
        WebClient browser = server.client();
        HttpResponse<String> form = browser.get("/login");
        assertThat(form.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure").contains("HttpOnly");
        // The client will not send a Secure cookie over http, so post the CSRF pair by hand.
        String csrfCookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> login = browser.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", csrfCookie)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(WebClient.encode(Map.of(
                        "username", "secure-user", "password", "correct horse battery", "csrf", browser.csrf()))))
                .build());
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c ->
                assertThat(c).startsWith("signet_session=").contains("; Secure").contains("HttpOnly").contains("SameSite=Lax"));
    }

    @Test
    void pages_carry_security_headers_and_are_not_cached() {
        HttpResponse<String> r = server.client().get("/login");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("frame-ancestors 'none'");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(r.headers().firstValue("X-Request-Id").orElseThrow()).hasSizeGreaterThan(8);
    }

    @Test
    void static_assets_are_served_with_cache_headers() {
        HttpResponse<String> css = server.client().get("/static/signet.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
        assertThat(css.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=");
    }

    @Test
    void health_endpoints_report_live_and_ready() {
        assertThat(server.client().get("/health/live").body()).contains("\"status\":\"up\"");
        HttpResponse<String> ready = server.client().get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"database\":\"up\"");
    }

    @Test
    void unknown_page_is_an_html_404_and_unknown_api_path_a_problem_document() {
        HttpResponse<String> page = server.client().get("/no/such/page");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("Not found").doesNotContain("Exception");
        var api = server.api().get("/no-such-resource");
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.contentType()).startsWith("application/problem+json");
        assertThat(api.json().get("status").asInt()).isEqualTo(404);
    }

    @Test
    void login_form_works_without_javascript_and_names_its_fields_for_cli_tools() {
        String html = server.client().get("/login").body();
        assertThat(html).contains("<form method=\"post\" action=\"/login\"").contains("name=\"username\"")
                .contains("name=\"password\"").doesNotContain("<script");
    }
}
