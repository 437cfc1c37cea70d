package dev.signet.saml;

import static dev.signet.saml.SamlTestKit.ACS;
import static dev.signet.saml.SamlTestKit.SP;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.testing.ApiClient.Response;
import dev.signet.testing.JsonBodies;
import dev.signet.testing.SignetServer;
import dev.signet.testing.WebClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** CEL property mappings through the admin API and at sign-in. */
class PropertyMappingsTest {
    private static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    static String maria;

    @BeforeAll
    static void users() {
        maria = server.api().createUser("maria", PASSWORD);
        server.api().patch("/users/" + maria, "{\"email\":\"maria@example.com\",\"displayName\":\"Maria Q\","
                + "\"attributes\":{\"department\":\"finance\",\"level\":4}}");
        server.api().addMember(server.api().createGroup("auditors"), maria);
    }

    private static String unique(String base) {
        return base + "-" + NAMES.incrementAndGet();
    }

    private static Response createMapping(String name, String samlName, String expression) {
        return server.api().post("/property-mappings", JsonBodies.json("name", name, "samlName", samlName, "expression", expression));
    }

    private static String app(String providerJson) {
        String slug = unique("m");
        SamlTestKit.createSamlApp(server, slug, providerJson);
        return slug;
    }

    /** The attributes of the response the signed-in user gets: name -> values. */
    private static java.util.Map<String, List<String>> attributes(Document doc) {
        java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        NodeList list = doc.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "Attribute");
        for (int i = 0; i < list.getLength(); i++) {
            Element a = (Element) list.item(i);
            List<String> values = new ArrayList<>();
            NodeList v = a.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:assertion", "AttributeValue");
            for (int j = 0; j < v.getLength(); j++) {
                values.add(v.item(j).getTextContent());
            }
            out.put(a.getAttribute("Name"), values);
        }
        return out;
    }

    private static WebClient signedIn() {
        WebClient browser = server.client();
        browser.login("maria", PASSWORD);
        return browser;
    }

    @Test
    void an_expression_with_a_type_error_is_refused_on_save_with_its_position() {
        Response r = createMapping(unique("bad"), "x", "user.username + 1");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorFields()).containsExactly("expression");
        assertThat(r.body()).contains("line 1:15").contains("no matching overload");
        Response notStrings = createMapping(unique("bad"), "x", "user.groups.size()");
        assertThat(notStrings.status()).isEqualTo(400);
        assertThat(notStrings.body()).contains("gives int");
        Response check = server.api().post("/property-mappings/check", JsonBodies.json("expression", "user.nope"));
        assertThat(check.json().get("valid").asBoolean()).isFalse();
        assertThat(check.json().get("error").asText()).contains("nope");
        assertThat(server.api().post("/property-mappings/check", JsonBodies.json("expression", "user.email")).json()
                .get("valid").asBoolean()).isTrue();
        assertThat(server.api().get("/property-mappings?name=bad&limit=500").json().get("total").asInt()).isZero();
    }

    @Test
    void built_in_mappings_are_listed_first_and_read_only() {
        JsonNode items = server.api().get("/property-mappings?limit=500").json().get("items");
        List<String> builtIn = new ArrayList<>();
        for (JsonNode m : items) {
            if (m.get("builtIn").asBoolean()) {
                builtIn.add(m.get("name").asText());
            }
        }
        assertThat(builtIn).contains("username", "email", "name", "groups", "user-id", "aws-role", "aws-role-session-name",
                "aws-session-duration", "aws-source-identity");
        assertThat(items.get(0).get("builtIn").asBoolean()).isTrue();
        String emailId = null;
        for (JsonNode m : items) {
            if (m.get("name").asText().equals("email")) {
                emailId = m.get("id").asText();
            }
        }
        Response patch = server.api().patch("/property-mappings/" + emailId, JsonBodies.json("expression", "'x'"));
        assertThat(patch.status()).isEqualTo(409);
        assertThat(server.api().delete("/property-mappings/" + emailId).status()).isEqualTo(409);
        assertThat(server.api().get("/property-mappings/" + emailId).json().get("expression").asText()).isEqualTo("user.email");
    }

    @Test
    void a_mapping_in_use_cannot_be_deleted_and_a_change_applies_at_the_next_sign_in() throws Exception {
        String name = unique("dept");
        Response created = createMapping(name, "department", "user.attributes.department");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        String slug = app("{\"spEntityId\":\"" + SP + "\",\"acsUrl\":\"" + ACS + "\",\"propertyMappings\":[\"" + name + "\",\"email\"]}");
        WebClient browser = signedIn();
        Document first = SamlTestKit.parse(SamlTestKit.decodeResponse(server,
                browser.get("/application/saml/" + slug + "/sso/binding/init").body()));
        assertThat(attributes(first)).containsEntry("department", List.of("finance"))
                .containsEntry("urn:oid:0.9.2342.19200300.100.1.3", List.of("maria@example.com"));

        Response delete = server.api().delete("/property-mappings/" + id);
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.body()).contains(slug);

        assertThat(server.api().patch("/property-mappings/" + id,
                JsonBodies.json("expression", "user.attributes.department.upperAscii()")).status()).isEqualTo(200);
        Document second = SamlTestKit.parse(SamlTestKit.decodeResponse(server,
                browser.get("/application/saml/" + slug + "/sso/binding/init").body()));
        assertThat(attributes(second)).containsEntry("department", List.of("FINANCE"));
    }

    @Test
    void mappings_with_the_same_saml_name_are_merged_and_empty_ones_left_out() throws Exception {
        String a = unique("roles-a");
        String b = unique("roles-b");
        String none = unique("none");
        createMapping(a, "roles", "['reader', 'writer']");
        createMapping(b, "roles", "user.groups");
        createMapping(none, "nothing", "user.attributes.level > 10 ? 'x' : ''");
        String slug = app("{\"spEntityId\":\"" + SP + "\",\"acsUrl\":\"" + ACS + "\",\"propertyMappings\":[\"" + a + "\",\"" + b
                + "\",\"" + none + "\"]}");
        Document doc = SamlTestKit.parse(SamlTestKit.decodeResponse(server,
                signedIn().get("/application/saml/" + slug + "/sso/binding/init").body()));
        assertThat(attributes(doc)).containsEntry("roles", List.of("reader", "writer", "auditors")).doesNotContainKey("nothing");
    }

    @Test
    void the_nameid_can_come_from_a_mapping() throws Exception {
        String name = unique("nameid");
        createMapping(name, "unused", "'emp-' + user.username");
        String slug = app("{\"spEntityId\":\"" + SP + "\",\"acsUrl\":\"" + ACS + "\",\"nameIdFormat\":\"username\",\"nameIdMapping\":\""
                + name + "\"}");
        Document doc = SamlTestKit.parse(SamlTestKit.decodeResponse(server,
                signedIn().get("/application/saml/" + slug + "/sso/binding/init").body()));
        assertThat(SamlTestKit.find(doc, "NameID").getTextContent()).isEqualTo("emp-maria");
        assertThat(server.api().get("/applications/" + SamlTestKit.applicationId(server, slug) + "/saml").json().get("nameIdMapping").asText()).isEqualTo(name);
    }

    @Test
    void a_mapping_failing_at_sign_in_shows_a_page_naming_the_application_records_why_and_sends_nothing() {
        String name = unique("broken");
        createMapping(name, "cost-center", "user.attributes.cost_center");
        String slug = app("{\"spEntityId\":\"" + SP + "\",\"acsUrl\":\"" + ACS + "\",\"propertyMappings\":[\"email\",\"" + name + "\"]}");
        int before = server.api().get("/events?type=saml.mapping.failed&limit=500").json().get("items").size();
        int ssoBefore = server.api().get("/events?type=saml.sso&limit=500").json().get("items").size();
        HttpResponse<String> page = signedIn().get("/application/saml/" + slug + "/sso/binding/init");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("Signing in to " + slug + " failed").contains(name).doesNotContain("SAMLResponse")
                .doesNotContain("cost_center");
        JsonNode events = server.api().get("/events?type=saml.mapping.failed&limit=500").json().get("items");
        assertThat(events.size()).isEqualTo(before + 1);
        JsonNode event = events.get(0);
        assertThat(event.get("subjectUsername").asText()).isEqualTo("maria");
        assertThat(event.get("detail").get("mapping").asText()).isEqualTo(name);
        assertThat(event.get("detail").get("error").asText()).contains("cost_center");
        assertThat(server.api().get("/events?type=saml.sso&limit=500").json().get("items").size()).isEqualTo(ssoBefore);
    }

    @Test
    void a_mapping_and_a_whole_statement_can_be_tested_for_a_user() {
        String name = unique("level");
        String id = createMapping(name, "level", "string(user.attributes.level)").json().get("id").asText();
        Response one = server.api().post("/property-mappings/" + id + "/test", JsonBodies.json("userId", maria));
        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.json().get("values").get(0).asText()).isEqualTo("4");
        assertThat(one.json().get("error").isNull()).isTrue();

        String failing = unique("fails");
        String failingId = createMapping(failing, "f", "user.attributes.nope").json().get("id").asText();
        Response bad = server.api().post("/property-mappings/" + failingId + "/test", JsonBodies.json("userId", maria));
        assertThat(bad.json().get("values").isNull()).isTrue();
        assertThat(bad.json().get("error").asText()).contains("nope");

        String slug = app("{\"spEntityId\":\"" + SP + "\",\"acsUrl\":\"" + ACS + "\",\"propertyMappings\":[\"username\",\"groups\",\""
                + name + "\"]}");
        Response statement = server.api().post("/applications/" + SamlTestKit.applicationId(server, slug) + "/saml/test-attributes", JsonBodies.json("userId", maria));
        assertThat(statement.status()).as(statement.body()).isEqualTo(200);
        JsonNode attrs = statement.json().get("attributes");
        assertThat(attrs.size()).isEqualTo(3);
        assertThat(attrs.get(0).get("name").asText()).isEqualTo("urn:oid:0.9.2342.19200300.100.1.1");
        assertThat(attrs.get(0).get("values").get(0).asText()).isEqualTo("maria");
        assertThat(attrs.get(2).get("values").get(0).asText()).isEqualTo("4");
        Response unknownUser = server.api().post("/property-mappings/" + id + "/test",
                JsonBodies.json("userId", "00000000-0000-4000-8000-000000000000"));
        assertThat(unknownUser.status()).isEqualTo(400);
    }
}
