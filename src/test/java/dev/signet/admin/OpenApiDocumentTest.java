package dev.signet.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.signet.testing.ApiClient;
import dev.signet.testing.SignetServer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The served OpenAPI document describes exactly the routes the admin API registers, no more and no less. */
class OpenApiDocumentTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @RegisterExtension
    static final SignetServer server = SignetServer.withDefaults();

    static ApiClient.Response served;
    static JsonNode document;

    @BeforeAll
    static void fetchDocument() throws IOException {
        served = server.api().withToken(null).get("/openapi.yaml");
        document = YAML.readTree(served.body());
    }

    @Test
    void document_is_public_yaml() {
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.contentType()).startsWith("application/yaml");
        assertThat(document.isObject()).isTrue();
    }

    @Test
    void document_is_openapi_3_1_with_the_api_prefix_as_server() {
        assertThat(document.path("openapi").asText()).startsWith("3.1.");
        assertThat(document.path("info").path("title").asText()).isNotBlank();
        assertThat(document.path("info").path("version").asText()).isNotBlank();
        assertThat(document.path("servers").get(0).path("url").asText()).isEqualTo(ApiRoutes.PREFIX);
    }

    @Test
    void documented_operations_equal_the_registered_routes_exactly() {
        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Iterator<String> keys = path.getValue().fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (HTTP_METHODS.contains(key)) {
                    documented.add(normalise(key.toUpperCase(Locale.ROOT) + " " + ApiRoutes.PREFIX + path.getKey()));
                }
            }
        }
        Set<String> registered = new TreeSet<>();
        server.signet().apiRoutes().forEach(r -> registered.add(normalise(r)));

        assertThat(registered).as("registered routes").isNotEmpty().contains("GET /api/v1/users/{}");
        Set<String> undocumented = new TreeSet<>(registered);
        undocumented.removeAll(documented);
        Set<String> notRegistered = new TreeSet<>(documented);
        notRegistered.removeAll(registered);
        org.assertj.core.api.SoftAssertions.assertSoftly(soft -> {
            soft.assertThat(undocumented).as("registered but not in openapi.yaml").isEmpty();
            soft.assertThat(notRegistered).as("in openapi.yaml but not registered").isEmpty();
        });
        assertThat(documented).isEqualTo(registered);
    }

    @Test
    void every_reference_resolves_inside_the_document() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).as("only local references").startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as("reference %s resolves", ref).isFalse();
        }
    }

    @Test
    void every_path_parameter_is_declared_and_every_operation_has_an_id_and_responses() {
        Set<String> operationIds = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            Set<String> templated = new TreeSet<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            while (m.find()) {
                templated.add(m.group(1));
            }
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!HTTP_METHODS.contains(op.getKey())) {
                    continue;
                }
                String where = op.getKey() + " " + path.getKey();
                assertThat(op.getValue().path("operationId").asText()).as("operationId of %s", where).isNotBlank();
                assertThat(operationIds.add(op.getValue().path("operationId").asText())).as("unique operationId of %s", where).isTrue();
                assertThat(op.getValue().path("responses").size()).as("responses of %s", where).isPositive();
                Set<String> declared = new TreeSet<>();
                declared.addAll(pathParameters(path.getValue().path("parameters")));
                declared.addAll(pathParameters(op.getValue().path("parameters")));
                assertThat(declared).as("path parameters of %s", where).isEqualTo(templated);
            }
        }
    }

    @Test
    void protected_operations_document_401_and_403_and_writes_document_their_success_status() {
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            if (path.getKey().equals("/openapi.yaml")) {
                assertThat(path.getValue().path("get").path("security").isArray()).isTrue();
                assertThat(path.getValue().path("get").path("security").size()).as("openapi.yaml is public").isZero();
                continue;
            }
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!HTTP_METHODS.contains(op.getKey())) {
                    continue;
                }
                JsonNode responses = op.getValue().path("responses");
                String where = op.getKey() + " " + path.getKey();
                assertThat(responses.has("401")).as("401 for %s", where).isTrue();
                assertThat(responses.has("403")).as("403 for %s", where).isTrue();
                if (path.getKey().contains("{")) {
                    assertThat(responses.has("404")).as("404 for %s", where).isTrue();
                }
                if (!op.getKey().equals("get")) {
                    List<String> headers = new ArrayList<>();
                    for (JsonNode p : op.getValue().path("parameters")) {
                        JsonNode resolved = p.has("$ref") ? document.at(p.path("$ref").asText().substring(1)) : p;
                        if ("header".equals(resolved.path("in").asText())) {
                            headers.add(resolved.path("name").asText());
                        }
                    }
                    assertThat(headers).as("CSRF header documented for %s", where).contains("X-CSRF-Token");
                }
                switch (op.getKey()) {
                    // A POST creates (201), unless it is marked as an action that computes an answer (200).
                    case "post" -> assertThat(op.getValue().path("x-action").asBoolean() ? responses.has("200") : responses.has("201"))
                            .as("201 (or 200 for an x-action) for %s", where).isTrue();
                    case "delete" -> assertThat(responses.has("204")).as("204 for %s", where).isTrue();
                    case "get", "patch" -> assertThat(responses.has("200")).as("200 for %s", where).isTrue();
                    default -> assertThat(responses.has("201") || responses.has("204")).as("success for %s", where).isTrue();
                }
            }
        }
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("bearerToken").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("sessionCookie").path("in").asText()).isEqualTo("cookie");
        assertThat(schemes.path("sessionCookie").path("description").asText()).contains("X-CSRF-Token");
    }

    @Test
    void problem_schema_has_rfc_9457_members_and_field_errors() {
        JsonNode problem = document.path("components").path("schemas").path("Problem").path("properties");
        assertThat(problem.has("type") && problem.has("title") && problem.has("status") && problem.has("detail")
                && problem.has("instance") && problem.has("errors")).isTrue();
        JsonNode fieldError = document.at(problem.path("errors").path("items").path("$ref").asText().substring(1)).path("properties");
        assertThat(fieldError.has("field") && fieldError.has("pointer") && fieldError.has("message")).isTrue();
    }

    /** "GET /api/v1/users/{id}" and "GET /api/v1/users/{userId}" compare equal; so do Javalin's <param> forms. */
    static String normalise(String route) {
        return route.replaceAll("\\{[^}/]*}", "{}").replaceAll("<[^>/]*>", "{}").replaceAll("(?<=.)/$", "");
    }

    private static List<String> pathParameters(JsonNode parameters) {
        List<String> names = new ArrayList<>();
        for (JsonNode p : parameters) {
            JsonNode resolved = p.has("$ref") ? document.at(p.path("$ref").asText().substring(1)) : p;
            if ("path".equals(resolved.path("in").asText())) {
                assertThat(resolved.path("required").asBoolean()).as("path parameter %s is required", resolved.path("name")).isTrue();
                names.add(resolved.path("name").asText());
            }
        }
        return names;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref") && e.getValue().isTextual()) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
