package dev.signet.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Calls the admin API with a bearer token and parses JSON answers. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The media type of error answers (RFC 9457 problem documents). */
    public static final String PROBLEM_JSON = "application/problem+json";

    private final String baseUrl;
    /** The whole Authorization header sent with every request, or null for none. */
    private final String authorization;
    private final HttpClient http;

    ApiClient(String baseUrl, String token) {
        this(baseUrl, token == null ? null : "Bearer " + token, newHttpClient());
    }

    private ApiClient(String baseUrl, String authorization, HttpClient http) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
        this.http = http;
    }

    private static HttpClient newHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The same server with another (or no, when null) token. */
    public ApiClient withToken(String otherToken) {
        return new ApiClient(baseUrl, otherToken);
    }

    /** The same server with this exact Authorization header (e.g. another scheme), or none when null. */
    public ApiClient withAuthorization(String header) {
        return new ApiClient(baseUrl, header, newHttpClient());
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, String json) {
        return send("POST", path, json);
    }

    public Response put(String path, String json) {
        return send("PUT", path, json);
    }

    public Response patch(String path, String json) {
        return send("PATCH", path, json);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    public Response send(String method, String path, String json) {
        return sendBytes(method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    public Response sendBytes(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1" + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            return Response.of(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The {@code total} of a list answer, which must be 200. */
    public long total(String path) {
        Response r = get(path);
        if (r.status() != 200) {
            throw new AssertionError("GET " + path + ": " + r.status() + " " + r.body());
        }
        return r.json().get("total").asLong();
    }

    /** Creates an active user with a password; returns the new user's ID. */
    public String createUser(String username, String password) {
        Response r = post("/users", JsonBodies.json("username", username, "password", password));
        if (r.status() != 201) {
            throw new AssertionError("creating user " + username + " failed: " + r.status() + " " + r.body());
        }
        return r.json().get("id").asText();
    }

    /** Creates a group; returns its ID. */
    public String createGroup(String name) {
        Response r = post("/groups", JsonBodies.json("name", name));
        if (r.status() != 201) {
            throw new AssertionError("creating group " + name + " failed: " + r.status() + " " + r.body());
        }
        return r.json().get("id").asText();
    }

    public void addMember(String groupId, String userId) {
        Response r = put("/groups/" + groupId + "/members/" + userId, null);
        if (r.status() != 201 && r.status() != 204) {
            throw new AssertionError("adding member failed: " + r.status() + " " + r.body());
        }
    }

    /** Status, content type, body and headers of an API answer. */
    public record Response(int status, String contentType, String body, HttpHeaders headers) {
        /** Any HTTP answer (e.g. one sent through a browser's cookie jar) as a Response. */
        public static Response of(HttpResponse<String> r) {
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** The first value of a response header. */
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The {@code errors[].field} names of a problem document, in order; empty when there are none. */
        public List<String> errorFields() {
            List<String> names = new ArrayList<>();
            json().path("errors").forEach(e -> names.add(e.get("field").asText()));
            return names;
        }

        /** The values of {@code key} over the {@code items} of a list answer, which must be 200. */
        public List<String> column(String key) {
            if (status != 200) {
                throw new AssertionError("list answer (" + status + "): " + body);
            }
            List<String> values = new ArrayList<>();
            json().get("items").forEach(item -> {
                JsonNode value = item.get(key);
                if (value == null) {
                    throw new AssertionError("list item without " + key + ": " + item);
                }
                values.add(value.asText());
            });
            return values;
        }
    }
}
