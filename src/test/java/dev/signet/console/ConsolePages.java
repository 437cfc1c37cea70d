package dev.signet.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.SignetServer;
import dev.signet.testing.TestSignet;
import dev.signet.testing.WebClient;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What console page tests do over HTTP: sign in as the administrator, read a field's message, follow a create. */
final class ConsolePages {
    private ConsolePages() {
    }

    /** A fresh browser-like client signed in as the bootstrap administrator. */
    static WebClient signedInAdmin(SignetServer server) {
        WebClient web = server.client();
        assertThat(web.login("admin", TestSignet.ADMIN_PASSWORD).statusCode()).isEqualTo(303);
        return web;
    }

    /** The message shown next to a field (the field tags' id convention), unescaped. */
    static String fieldError(HttpResponse<String> r, String field) {
        Matcher m = Pattern.compile("<p class=\"field-error\" id=\"" + field + "-error\">([^<]*)</p>").matcher(r.body());
        assertThat(m.find()).as("message next to %s in:\n%s", field, r.body()).isTrue();
        return m.group(1).replace("&#39;", "'").replace("&#x27;", "'").replace("&quot;", "\"").replace("&amp;", "&");
    }

    /** The ID of the object a create redirected to: {@code Location: {collection}/{id}?done=created}. */
    static String createdId(HttpResponse<String> r, String collection) {
        String location = r.headers().firstValue("Location").orElse("");
        Matcher m = Pattern.compile(Pattern.quote(collection) + "/([0-9a-f-]{36})\\?done=created").matcher(location);
        assertThat(m.matches()).as("Location %s", location).isTrue();
        return m.group(1);
    }
}
