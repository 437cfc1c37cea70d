package dev.signet.saml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.keys.MessageSeal;
import dev.signet.saml.PendingRequests.ValidatedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The continue token: what is sealed into it, and that opening it marks the request as coming from a token. */
class PendingRequestsTest {
    private final MessageSeal seals = new MessageSeal("continue-token-test-key-32-bytes!".getBytes(StandardCharsets.UTF_8));
    private final PendingRequests pending = new PendingRequests(seals, Clock.systemUTC());
    private final ValidatedRequest received = new ValidatedRequest("mail", "_req-1", "https://sp.example.com/acs",
            SamlBinding.POST, false, false, "relay", Instant.now(), false);

    @Test
    void an_opened_token_is_marked_as_from_a_token_and_the_mark_is_not_sealed() {
        String token = pending.seal(received);
        String body = new String(Base64.getUrlDecoder().decode(seals.open("saml-pending", token, 32)), StandardCharsets.UTF_8);
        assertThat(body).contains("\"requestId\":\"_req-1\"").doesNotContain("fromToken");

        ValidatedRequest opened = pending.open(token, "mail");
        assertThat(opened.fromToken()).isTrue();
        assertThat(opened.requestId()).isEqualTo("_req-1");
        assertThat(opened.acsUrl()).isEqualTo(received.acsUrl());
    }

    @Test
    void a_token_with_a_field_this_version_does_not_know_still_opens() {
        String sealed = new String(Base64.getUrlDecoder().decode(seals.open("saml-pending", pending.seal(received), 32)),
                StandardCharsets.UTF_8);
        String body = sealed.substring(0, sealed.lastIndexOf('}')) + ",\"addedByALaterVersion\":true}";
        String token = seals.seal("saml-pending", Base64.getUrlEncoder().withoutPadding()
                .encodeToString(body.getBytes(StandardCharsets.UTF_8)), 32);
        assertThat(pending.open(token, "mail").requestId()).isEqualTo("_req-1");
    }
}
