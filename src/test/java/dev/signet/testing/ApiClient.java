package dev.signet.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls the admin API with a bearer token and parses JSON answers. */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** The same server with another (or no, when null) token. */
    public ApiClient withToken(String otherToken) {
        return new ApiClient(baseUrl, otherToken);
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
        return sendBytes(method, path, json == null ? null : json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
    }

    public Response sendBytes(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1" + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates an active user with a password; returns the new user's ID. */
    public String createUser(String username, String password) {
        Response r = post("/users", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        if (r.status() != 201) {
            throw new AssertionError("creating user " + username + " failed: " + r.status() + " " + r.body());
        }
        return r.json().get("id").asText();
    }

    /** Creates a group; returns its ID. */
    public String createGroup(String name) {
        Response r = post("/groups", "{\"name\":\"" + name + "\"}");
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

    /** Status, content type and body of an API answer. */
    public record Response(int status, String contentType, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }
}
