package dev.signet.saml;

import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.audit.AuditLog;
import dev.signet.audit.Origin;
import dev.signet.authentication.SessionService;
import dev.signet.keys.KeypairService;
import dev.signet.keys.MessageSeal;
import dev.signet.saml.SamlErrors.PageError;
import dev.signet.saml.SamlProviderService.Configured;
import dev.signet.storage.Database;
import dev.signet.storage.SamlProviderRepository;
import dev.signet.storage.SamlProviderRepository.Participant;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Single logout over the front channel. An SP's LogoutRequest ends the Signet session it names and
 * is answered with a LogoutResponse. Signing out of Signet walks the session's other SPs one by
 * one: a LogoutRequest to each SP with a logout URL, whose LogoutResponse brings the browser back
 * for the next, the chain carried in RelayState as an HMAC-sealed session ID (it fits in 80 bytes).
 */
public final class SingleLogout implements dev.signet.web.LoginPages.SessionChanges {
    private static final Duration REQUEST_LIFETIME = Duration.ofMinutes(5);

    private final Database db;
    private final SamlProviderRepository providers;
    private final SamlProviderService configuredProviders;
    private final SessionService sessions;
    private final KeypairService keypairs;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration clockSkew;
    private final Supplier<String> publicUrl;
    private final MessageSeal seals;
    private static final String PURPOSE = "saml-logout";

    public SingleLogout(Database db, SamlProviderRepository providers, SamlProviderService configuredProviders,
                        SessionService sessions, KeypairService keypairs, AuditLog audit, Clock clock, Duration clockSkew, Supplier<String> publicUrl,
                        MessageSeal seals) {
        this.db = db;
        this.providers = providers;
        this.configuredProviders = configuredProviders;
        this.sessions = sessions;
        this.keypairs = keypairs;
        this.audit = audit;
        this.clock = clock;
        this.clockSkew = clockSkew;
        this.publicUrl = publicUrl;
        this.seals = seals;
    }

    /** Checks who sent the message and its signature, the same way as for AuthnRequests. */
    public void verify(Configured c, LogoutRequestMessage m, SamlBinding binding, String rawQuery, String endpointUrl) {
        SamlProvider p = c.provider();
        if (m.issuer() == null || !m.issuer().equals(p.spEntityId())) {
            throw new PageError("wrong-issuer", "The logout message does not come from this application's service provider.");
        }
        // A LogoutRequest ends a session: unsigned, any page could log the user out (SAML profiles 4.4.4.1).
        SpSignatures.check(p, m.element(), binding, rawQuery, m.isRequest() ? "SAMLRequest" : "SAMLResponse",
                m.isRequest() || p.requireSignedRequests(), m.isRequest() ? "The LogoutRequest" : "The LogoutResponse");
        if (!"2.0".equals(m.version()) || m.id() == null) {
            throw new PageError("bad-message", "The logout message is not a SAML 2.0 message with an ID.");
        }
        Instant now = clock.instant();
        if (m.issueInstant() == null || m.issueInstant().isBefore(now.minus(clockSkew)) || m.issueInstant().isAfter(now.plus(clockSkew))) {
            throw new PageError("stale", "The logout message IssueInstant is outside the allowed clock skew.");
        }
        if (m.destination() != null && !m.destination().equals(endpointUrl)) {
            throw new PageError("wrong-destination", "The logout message Destination does not match the endpoint it was sent to.");
        }
        if (m.notOnOrAfter() != null && !now.isBefore(m.notOnOrAfter().plus(clockSkew))) {
            throw new PageError("expired", "The LogoutRequest has expired (NotOnOrAfter).");
        }
        if (m.isRequest()) {
            String key = SingleSignOn.requestKey(p.spEntityId(), m.id());
            if (!db.transaction(h -> providers.rememberRequest(h, key, m.issueInstant().plus(clockSkew).plus(clockSkew)))) {
                throw new PageError("replayed", "This LogoutRequest was already used: a request is accepted once.");
            }
        }
    }

    /**
     * Ends the session an SP's LogoutRequest names (by SessionIndex, else the browser's own session
     * when its NameID matches) and returns the LogoutResponse, or empty when the SP has no logout URL.
     */
    public Optional<OutboundMessage> handleRequest(Configured c, LogoutRequestMessage m, Optional<UUID> browserSession,
                                                   String relayState, Origin origin) {
        UUID appId = c.application().id();
        Optional<Participant> participant = db.read(h -> {
            Optional<Participant> byIndex = m.sessionIndex() == null ? Optional.empty()
                    : providers.sessionBySessionIndex(h, appId, m.sessionIndex()).flatMap(sid -> providers.participant(h, sid, appId));
            return byIndex.or(() -> browserSession.flatMap(sid -> providers.participant(h, sid, appId)));
        }).filter(p -> p.nameId().equals(m.nameId()));
        if (participant.isPresent()) {
            UUID sessionId = participant.get().sessionId();
            db.transaction(h -> {
                sessions.end(h, sessionId);
                for (Participant p : providers.participants(h, sessionId)) {
                    providers.removeParticipant(h, sessionId, p.applicationId());
                }
                audit.record(h, origin, "logout", Outcome.SUCCESS, null, null,
                        Map.of("method", "saml-slo", "slug", c.application().slug()));
                return null;
            });
        }
        // Nothing to end (already gone, or an unknown subject) is a success as far as the SP is concerned.
        SamlProvider p = c.provider();
        if (p.sloUrl() == null) {
            return Optional.empty();
        }
        var doc = ProtocolMessages.logoutResponse(new ProtocolMessages.Envelope(issuer(c), p.sloUrl(), m.id(), clock.instant()),
                SamlStatus.SUCCESS, null, null);
        return Optional.of(OutboundMessage.encode(doc, binding(p), p.sloUrl(), "SAMLResponse", relayState, true,
                p.signatureAlgorithm(), p.digestAlgorithm().uri(), keypairs.signingCredential(p.keypairId())));
    }

    /**
     * The next LogoutRequest of a Signet logout for an ended session, or empty when every SP with a
     * logout URL has been asked (then the browser goes to the signed-out page).
     */
    public Optional<OutboundMessage> next(UUID sessionId) {
        while (true) {
            Optional<Participant> next = db.read(h -> providers.participants(h, sessionId).stream().findFirst());
            if (next.isEmpty()) {
                return Optional.empty();
            }
            Participant participant = next.get();
            db.transaction(h -> {
                providers.removeParticipant(h, sessionId, participant.applicationId());
                return null;
            });
            Optional<Configured> c = configuredProviders.byApplicationId(participant.applicationId());
            if (c.isEmpty() || c.get().provider().sloUrl() == null) {
                continue;
            }
            SamlProvider p = c.get().provider();
            Instant now = clock.instant();
            var doc = ProtocolMessages.logoutRequest(new ProtocolMessages.Envelope(issuer(c.get()), p.sloUrl(), null, now),
                    now.plus(REQUEST_LIFETIME), participant.nameId(), participant.nameIdFormat(), p.spEntityId(),
                    participant.sessionIndex());
            return Optional.of(OutboundMessage.encode(doc, binding(p), p.sloUrl(), "SAMLRequest", seal(sessionId), true,
                    p.signatureAlgorithm(), p.digestAlgorithm().uri(), keypairs.signingCredential(p.keypairId())));
        }
    }

    /** After Signet's own logout: through the session's SPs first when it has any. */
    @Override
    public String redirectAfterLogout(UUID endedSessionId) {
        return db.read(h -> providers.participants(h, endedSessionId).isEmpty()) ? "/login?signed_out"
                : SamlEndpoints.LOGOUT_NEXT + "?state=" + seal(endedSessionId);
    }

    /** Re-authentication replaced the session: its SPs (and their SessionIndex values) carry over, so logout still reaches them. */
    @Override
    public void replaced(UUID previousSessionId, UUID newSessionId) {
        db.transaction(h -> providers.moveParticipants(h, previousSessionId, newSessionId));
    }

    /** RelayState of Signet's LogoutRequests: the session ID and an HMAC over it (62 characters). */
    public String seal(UUID sessionId) {
        ByteBuffer b = ByteBuffer.allocate(16).putLong(sessionId.getMostSignificantBits()).putLong(sessionId.getLeastSignificantBits());
        return seals.seal(PURPOSE, Base64.getUrlEncoder().withoutPadding().encodeToString(b.array()), 24);
    }

    /** The session ID of a chain's RelayState, or empty when it was not made by {@link #seal}. */
    public Optional<UUID> open(String relayState) {
        String body = relayState == null || relayState.length() > 80 ? null : seals.open(PURPOSE, relayState, 24);
        if (body == null) {
            return Optional.empty();
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(Base64.getUrlDecoder().decode(body));
            return Optional.of(new UUID(b.getLong(), b.getLong()));
        } catch (IllegalArgumentException | java.nio.BufferUnderflowException e) {
            return Optional.empty();
        }
    }

    private String issuer(Configured c) {
        return c.provider().effectiveIssuer(publicUrl.get(), c.application().slug());
    }

    private static SamlBinding binding(SamlProvider p) {
        return p.sloBinding() == null ? SamlBinding.REDIRECT : p.sloBinding();
    }
}
