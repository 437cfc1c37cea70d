package dev.signet.authentication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.testing.ApiClient.Response;
import dev.signet.testing.SignetServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PasswordImportTest {
    /** "password" hashed by the argon2 reference CLI: {@code echo -n password | argon2 somesalt -id -t 2 -m 16}. */
    static final String REFERENCE_HASH = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";

    @RegisterExtension
    static final SignetServer server = SignetServer.withoutThrottling();

    @Test
    void user_created_with_a_phc_hash_from_another_system_signs_in_with_that_password() {
        Response r = server.api().post("/users", "{\"username\":\"migrated\",\"passwordHash\":\"" + REFERENCE_HASH + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.body()).doesNotContain("argon2");
        assertThat(server.client().login("migrated", "wrong").statusCode()).isEqualTo(401);
        assertThat(server.client().login("migrated", "password").statusCode()).isEqualTo(303);
        // Re-hashed to the server's parameters at that login; the password still works.
        assertThat(server.client().login("migrated", "password").statusCode()).isEqualTo(303);
    }

    @Test
    void password_hash_can_be_set_on_an_existing_user() {
        String id = server.api().createUser("rehomed", "correct horse battery");
        assertThat(server.api().put("/users/" + id + "/password", "{\"passwordHash\":\"" + REFERENCE_HASH + "\"}").status()).isEqualTo(204);
        assertThat(server.client().login("rehomed", "password").statusCode()).isEqualTo(303);
    }

    @Test
    void malformed_or_excessive_hashes_are_refused_and_nothing_is_written() {
        for (String bad : new String[] {"$2y$10$abcdefghijklmnopqrstuv", "$argon2i$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc",
                "$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"}) {
            Response r = server.api().post("/users", "{\"username\":\"badhash\",\"passwordHash\":\"" + bad + "\"}");
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("passwordHash");
        }
        assertThat(server.api().get("/users?name=badhash").json().get("total").asInt()).isZero();
        Response both = server.api().post("/users", "{\"username\":\"badhash\",\"password\":\"correct horse battery\",\"passwordHash\":\"" + REFERENCE_HASH + "\"}");
        assertThat(both.status()).isEqualTo(400);
    }
}
