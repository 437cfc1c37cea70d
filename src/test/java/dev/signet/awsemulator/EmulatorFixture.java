package dev.signet.awsemulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A running emulator on a free loopback port with a hand-driven clock, account 111122223333 holding the
 * SAML provider "Signet" (trusting {@link TestIdp#DEFAULT}) and the role "Admins" that trusts it, all
 * set up over the admin HTTP API.
 */
final class EmulatorFixture implements AutoCloseable {
    static final String ACCOUNT = "111122223333";
    static final String PROVIDER = "arn:aws:iam::111122223333:saml-provider/Signet";
    static final String ADMINS = "arn:aws:iam::111122223333:role/Admins";
    static final String READERS = "arn:aws:iam::111122223333:role/Readers";
    static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T08:00:00Z"));
    final AwsEmulator emulator;
    final HttpClient http = HttpClient.newHttpClient();

    EmulatorFixture() {
        this(o -> o);
    }

    EmulatorFixture(UnaryOperator<AwsEmulatorOptions> options) {
        emulator = AwsEmulator.start(options.apply(AwsEmulatorOptions.defaults().withClock(clock)));
        expectStatus(putProvider(ACCOUNT, "Signet", TestIdp.DEFAULT.metadata()), 201);
        expectStatus(putRole(ACCOUNT, "Admins", trustPolicy(PROVIDER, null), null), 201);
    }

    /** A valid response for the Admins role, issued now. */
    TestSamlResponse response() {
        return new TestSamlResponse(TestIdp.DEFAULT, clock.instant()).roles(ADMINS + "," + PROVIDER);
    }

    /** Trust policy allowing federation, tags and source identity from {@code provider}, with an optional Condition object. */
    static String trustPolicy(String provider, String conditionJson) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"" + provider + "\"},"
                + "\"Action\":[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]"
                + (conditionJson == null ? ",\"Condition\":{\"StringEquals\":{\"SAML:aud\":\"https://signin.aws.amazon.com/saml\"}}"
                        : ",\"Condition\":" + conditionJson)
                + "}]}";
    }

    HttpResponse<String> putProvider(String account, String name, String metadata) {
        return send(HttpRequest.newBuilder(uri("/emulator/accounts/" + account + "/saml-providers/" + name))
                .header("Content-Type", "application/xml").PUT(HttpRequest.BodyPublishers.ofString(metadata)));
    }

    HttpResponse<String> putRole(String account, String name, String trustPolicy, Integer maxSessionDuration) {
        String body = "{\"trustPolicy\":" + trustPolicy + (maxSessionDuration == null ? "" : ",\"maxSessionDuration\":" + maxSessionDuration) + "}";
        return send(HttpRequest.newBuilder(uri("/emulator/accounts/" + account + "/roles/" + name))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Posts to the console sign-in endpoint asking for JSON; returns the status and the parsed body. */
    Answer signIn(String samlResponseBase64) {
        return signIn(Map.of("SAMLResponse", samlResponseBase64));
    }

    Answer signIn(Map<String, String> form) {
        HttpResponse<String> r = postForm("/saml", form, "application/json");
        try {
            return new Answer(r.statusCode(), JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    HttpResponse<String> postForm(String path, Map<String, String> form, String accept) {
        return postForm(path, form, accept, null);
    }

    HttpResponse<String> postForm(String path, Map<String, String> form, String accept, String authorization) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", accept).POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create(emulator.baseUrl() + path);
    }

    static Map<String, String> form(String... namesAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    private static void expectStatus(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new AssertionError("expected " + status + " but got " + r.statusCode() + ": " + r.body());
        }
    }

    /** An HTTP status with its JSON body. */
    record Answer(int status, JsonNode body) {
        String outcome() {
            return body.path("outcome").asText();
        }

        String code() {
            return body.path("code").asText();
        }

        String message() {
            return body.path("message").asText();
        }
    }

    @Override
    public void close() {
        emulator.close();
    }
}
