package dev.signet.saml;

import dev.signet.applications.ApplicationService;
import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.audit.AuditLog;
import dev.signet.audit.Origin;
import dev.signet.directory.Group;
import dev.signet.directory.User;
import dev.signet.errors.Checks;
import dev.signet.keys.KeypairService;
import dev.signet.keys.KeypairService.SigningCredential;
import dev.signet.mappings.AwsFacts;
import dev.signet.mappings.BuiltInMappings;
import dev.signet.mappings.MappingContext;
import dev.signet.mappings.PropertyMapping;
import dev.signet.mappings.PropertyMappingService;
import dev.signet.mappings.AttributeStatement.MappedAttribute;
import dev.signet.mappings.AttributeStatement.MappingFailed;
import dev.signet.metrics.SsoMetrics;
import dev.signet.saml.PendingRequests.ValidatedRequest;
import dev.signet.saml.SamlErrors.PageError;
import dev.signet.saml.SamlErrors.StatusError;
import dev.signet.saml.SamlProviderService.Configured;
import dev.signet.saml.SamlResponseSpec.Attribute;
import dev.signet.saml.SamlResponseSpec.NameId;
import dev.signet.storage.Database;
import dev.signet.storage.GroupRepository;
import dev.signet.storage.SamlProviderRepository;
import dev.signet.storage.SamlProviderRepository.Participant;
import dev.signet.storage.SessionRepository.SessionWithUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.w3c.dom.Document;

/**
 * Web Browser SSO as a sequence of named steps. An SP-initiated request is {@link #receive received}:
 * issuer, ACS, signature, version, IssueInstant, Destination, binding, NameID policy and replay are
 * checked in that order before anything else happens. Then, for a signed-in user, {@link #respond}
 * checks access, chooses the NameID, resolves attributes, builds and signs the response, and records
 * the SP as a participant of the session (for single logout).
 */
public final class SingleSignOn {
    private final Database db;
    private final SamlProviderRepository providers;
    private final GroupRepository groups;
    private final ApplicationService applications;
    private final KeypairService keypairs;
    private final PropertyMappingService mappings;
    private final AwsFacts aws;
    private final RelayStatePolicy relayStates;
    private final SubjectIdentifiers identifiers;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration clockSkew;
    private final Supplier<String> publicUrl;
    private final SsoMetrics metrics;
    /** Session/application pairs whose participant row this node has written, with the NameID written. */
    private final java.util.concurrent.ConcurrentHashMap<String, String> recordedParticipants = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED_PARTICIPANTS = 100_000;

    public SingleSignOn(Database db, SamlProviderRepository providers, GroupRepository groups, ApplicationService applications,
                        KeypairService keypairs, PropertyMappingService mappings, AwsFacts aws, RelayStatePolicy relayStates,
                        SubjectIdentifiers identifiers, AuditLog audit, Clock clock, Duration clockSkew, Supplier<String> publicUrl,
                        SsoMetrics metrics) {
        this.db = db;
        this.providers = providers;
        this.groups = groups;
        this.applications = applications;
        this.keypairs = keypairs;
        this.mappings = mappings;
        this.aws = aws;
        this.relayStates = relayStates;
        this.identifiers = identifiers;
        this.audit = audit;
        this.clock = clock;
        this.clockSkew = clockSkew;
        this.publicUrl = publicUrl;
        this.metrics = metrics;
    }

    /**
     * Where an application lets a user land after sign-in (the RelayState it is sent, whether from
     * a link, an SP's request or the provider's default); throws {@link PageError} to refuse.
     */
    @FunctionalInterface
    public interface RelayStatePolicy {
        void check(Configured c, String relayState);

        RelayStatePolicy ANY = (c, relayState) -> { };
    }

    /** An AuthnRequest as it arrived: the parsed message, the binding, and for Redirect the raw query string. */
    public record Inbound(AuthnRequest request, SamlBinding binding, String rawQuery, String relayState) {
    }

    // ---- SP-initiated: validate the AuthnRequest -------------------------------------------------

    /**
     * Checks an AuthnRequest against the provider. Throws {@link PageError} when no answer may go to
     * an SP, and {@link Rejected} (a {@link StatusError} with the ACS to answer at) when the SP gets a status response.
     */
    public ValidatedRequest receive(Configured c, Inbound in, String endpointUrl) {
        SamlProvider p = c.provider();
        AuthnRequest r = in.request();
        checkIssuer(p, r);
        String acs = chooseAcs(p, r);
        boolean signed = checkSignature(p, in);
        checkRelayState(in.relayState());
        if (r.id() == null || r.id().isBlank() || r.id().length() > 256) {
            throw new PageError("no-id", "The AuthnRequest has no usable ID.");
        }
        SamlBinding binding = chooseBinding(p, r, acs, in.relayState());
        Reply reply = new Reply(acs, binding, r.id(), in.relayState());
        checkVersion(r, reply);
        checkIssueInstant(r, reply);
        checkDestination(r, endpointUrl, signed, reply);
        checkNameIdPolicy(p, r, reply);
        rememberId(p, r, reply);
        return new ValidatedRequest(c.application().slug(), r.id(), acs, binding, r.forceAuthn(), r.isPassive(), in.relayState(),
                clock.instant(), false);
    }

    /** Where a status response for this request goes. */
    public record Reply(String acsUrl, SamlBinding binding, String inResponseTo, String relayState) {
    }

    /** A status error that knows where to send its response. */
    public static final class Rejected extends RuntimeException {
        private final StatusError error;
        private final Reply reply;

        public Rejected(StatusError error, Reply reply) {
            super(error.getMessage());
            this.error = error;
            this.reply = reply;
        }

        public StatusError error() {
            return error;
        }

        public Reply reply() {
            return reply;
        }
    }

    private static void checkIssuer(SamlProvider p, AuthnRequest r) {
        if (r.issuer() == null || r.issuer().isEmpty()) {
            throw new PageError("no-issuer", "The AuthnRequest has no Issuer, so Signet cannot tell which service sent it.");
        }
        if (!r.issuer().equals(p.spEntityId())) {
            throw new PageError("wrong-issuer", "The AuthnRequest comes from '" + Checks.shorten(r.issuer(), 200)
                    + "', but this application is configured for the service provider '" + Checks.shorten(p.spEntityId(), 200) + "'.");
        }
    }

    /** The request's ACS URL must be registered; otherwise nothing may be posted to it. */
    private static String chooseAcs(SamlProvider p, AuthnRequest r) {
        String requested = r.assertionConsumerServiceUrl();
        if (requested == null) {
            return p.defaultAcsUrl();
        }
        if (!p.acsUrls().contains(requested)) {
            throw new PageError("unregistered-acs", "The AuthnRequest asks for the response to go to '" + Checks.shorten(requested, 200)
                    + "', which is not a registered ACS URL of this application. An administrator must register it.");
        }
        return requested;
    }

    /** Returns whether the request was signed (and verified). */
    private static boolean checkSignature(SamlProvider p, Inbound in) {
        return SpSignatures.check(p, in.request().element(), in.binding(), in.rawQuery(), "SAMLRequest", p.requireSignedRequests(),
                "The AuthnRequest");
    }

    /** RelayState is limited to 80 bytes by the bindings (3.4.3, 3.5.3), on every way in. */
    static void checkRelayState(String relayState) {
        if (relayState != null && relayState.getBytes(StandardCharsets.UTF_8).length > SamlProviderService.MAX_RELAY_STATE_BYTES) {
            throw new PageError("relay-state-too-long", "The RelayState is longer than the 80 bytes the SAML bindings allow.");
        }
    }

    /** The response binding: the one the request asks for, if Signet has it, else the provider's. */
    /**
     * The response binding: HTTP-POST, as the Web Browser SSO profile (4.1.2) requires; HTTP-Redirect
     * only where the administrator configured it for this SP (it puts the assertion in a URL).
     */
    private static SamlBinding chooseBinding(SamlProvider p, AuthnRequest r, String acs, String relayState) {
        if (r.protocolBinding() == null) {
            return p.acsBinding();
        }
        SamlBinding requested = SamlBinding.fromUri(r.protocolBinding()).orElse(null);
        if (requested == SamlBinding.POST || requested != null && requested == p.acsBinding()) {
            return requested;
        }
        throw new Rejected(new StatusError(SamlStatus.REQUESTER, SamlStatus.UNSUPPORTED_BINDING,
                "Signet sends responses with the HTTP-POST binding."), new Reply(acs, SamlBinding.POST, r.id(), relayState));
    }

    private static void checkVersion(AuthnRequest r, Reply reply) {
        if (!"2.0".equals(r.version())) {
            throw new Rejected(new StatusError(SamlStatus.VERSION_MISMATCH, SamlStatus.REQUEST_UNSUPPORTED,
                    "Only SAML 2.0 requests are accepted."), reply);
        }
    }

    private void checkIssueInstant(AuthnRequest r, Reply reply) {
        Instant now = clock.instant();
        if (r.issueInstant() == null) {
            throw new Rejected(new StatusError(SamlStatus.REQUESTER, SamlStatus.REQUEST_DENIED,
                    "The AuthnRequest has no valid IssueInstant."), reply);
        }
        if (r.issueInstant().isBefore(now.minus(clockSkew)) || r.issueInstant().isAfter(now.plus(clockSkew))) {
            throw new Rejected(new StatusError(SamlStatus.REQUESTER, SamlStatus.REQUEST_DENIED,
                    "The AuthnRequest IssueInstant is outside the allowed clock skew: stale, or the clocks disagree."), reply);
        }
    }

    /** A signed request must name its Destination (SAML bindings 3.4.5.2, 3.5.5.2), so it cannot be replayed elsewhere. */
    private static void checkDestination(AuthnRequest r, String endpointUrl, boolean signed, Reply reply) {
        if (signed && r.destination() == null) {
            throw new Rejected(new StatusError(SamlStatus.REQUESTER, SamlStatus.REQUEST_DENIED,
                    "A signed AuthnRequest must carry a Destination."), reply);
        }
        if (r.destination() != null && !r.destination().equals(endpointUrl)) {
            throw new Rejected(new StatusError(SamlStatus.REQUESTER, SamlStatus.REQUEST_DENIED,
                    "The AuthnRequest Destination does not match the endpoint it was sent to."), reply);
        }
    }

    /** Accepted formats: the provider's own and "unspecified" (any). */
    private static void checkNameIdPolicy(SamlProvider p, AuthnRequest r, Reply reply) {
        String format = r.nameIdPolicyFormat();
        if (format != null && !format.equals(SamlResponseSpec.NAMEID_UNSPECIFIED) && !format.equals(p.nameIdFormat().uri())) {
            throw new Rejected(new StatusError(SamlStatus.REQUESTER, SamlStatus.INVALID_NAMEID_POLICY,
                    "This application issues NameID format " + p.nameIdFormat().uri() + " only."), reply);
        }
    }

    /** Remembers the request ID for as long as the request could be accepted, so a replay is refused. */
    private void rememberId(SamlProvider p, AuthnRequest r, Reply reply) {
        String key = requestKey(p.spEntityId(), r.id());
        Instant until = r.issueInstant().plus(clockSkew).plus(clockSkew);
        if (!db.transaction(h -> providers.rememberRequest(h, key, until))) {
            throw new Rejected(new StatusError(SamlStatus.REQUESTER, SamlStatus.REQUEST_DENIED,
                    "This AuthnRequest ID was already used: a request is accepted once."), reply);
        }
    }

    // ---- Answer: build, sign and encode the response -------------------------------------------

    /**
     * The response for a signed-in user: to the validated request, or IdP-initiated when
     * {@code request} is null (then {@code relayState} is the one to send, possibly null).
     */
    public OutboundMessage respond(Configured c, SessionWithUser s, ValidatedRequest request, String relayState, Origin origin) {
        return respond(c, s, request, relayState, null, origin);
    }

    /**
     * As {@link #respond(Configured, SessionWithUser, ValidatedRequest, String, Origin)}, sending only
     * the AWS role {@code chosenRole} (a role ARN the user picked in the portal) when it is not null.
     */
    public OutboundMessage respond(Configured c, SessionWithUser s, ValidatedRequest request, String relayState, String chosenRole,
                                   Origin origin) {
        SamlProvider p = c.provider();
        User user = s.user();
        String acs = request != null ? request.acsUrl() : p.defaultAcsUrl();
        SamlBinding binding = request != null ? request.binding() : p.acsBinding();
        String relay = request != null ? request.relayState() : relayState != null ? relayState : p.defaultRelayState();
        if (relay != null) {
            relayStates.check(c, relay);
        }
        Reply reply = new Reply(acs, binding, request == null ? null : request.requestId(), relay);
        if (!applications.canAccess(user, c.application())) {
            audit(origin, "saml.sso", Outcome.FAILURE, user, c, Map.of("reason", "no-access"));
            if (request == null) {
                throw new PageError("no-access", "You do not have access to this application.");
            }
            throw new Rejected(new StatusError(SamlStatus.RESPONDER, SamlStatus.REQUEST_DENIED,
                    "The user may not use this application."), reply);
        }
        // A request answered in the same exchange that received it was recorded against replay then; one
        // that comes back in a continue token is answered once, however often the token is presented.
        if (request != null && request.fromToken() && !db.transaction(h -> providers.rememberRequest(h, requestKey("answered|" + p.spEntityId(),
                request.requestId()), request.receivedAt().plus(PendingRequests.LIFETIME)))) {
            throw new PageError("already-answered", "This sign-in request was already answered. Start again from the application.");
        }
        Instant now = clock.instant();
        String sessionIndex = identifiers.sessionIndex(s.session().id(), c.application().id());
        Built built;
        try {
            built = build(c, user, reply, request == null, s.session().authInstant(), sessionIndex, now,
                    context(c, user, acs, null, origin), chosenRole);
        } catch (MappingFailed e) {
            throw mappingFailedPage(c, user, e);
        }
        recordParticipant(c, s, built.nameId(), sessionIndex, now, origin);
        return built.message();
    }

    /**
     * The IdP-initiated response that would be posted for the user now, built and signed exactly as
     * at sign-in, but recorded nowhere (the preflight check decodes and inspects it). Throws
     * {@link PageError} where sign-in would show a page, {@link MappingFailed} for a failing mapping.
     */
    public OutboundMessage preview(Configured c, User user, Supplier<List<Group>> groupsOverride, boolean checkAccess, Origin origin) {
        SamlProvider p = c.provider();
        if (checkAccess && !applications.canAccess(user, c.application())) {
            throw new PageError("no-access", "The user may not use this application (its access rules exclude them).");
        }
        Reply reply = new Reply(p.defaultAcsUrl(), p.acsBinding(), null, p.defaultRelayState());
        Instant now = clock.instant();
        MappingContext context = context(c, user, reply.acsUrl(), groupsOverride, origin);
        return build(c, user, reply, true, now, identifiers.sessionIndex(UUID.randomUUID(), c.application().id()), now, context,
                null).message();
    }

    /** The attribute statement the provider's mappings give the user (for the admin's "test for user"). */
    public List<MappedAttribute> previewAttributes(Configured c, User user, Origin origin) {
        return mappings.statement(mappings.forSignIn(c.provider().propertyMappingIds()), mappingContext(c, user, origin));
    }

    /**
     * One mapping evaluated for a user as in a sign-in to {@code c} (null: no application), for the
     * admin's "test for user": the values, or why the evaluation failed.
     */
    public MappingTrial tryMapping(PropertyMapping m, User user, Configured c, Origin origin) {
        try {
            return new MappingTrial(mappings.evaluate(m, mappingContext(c, user, origin)), null);
        } catch (MappingFailed e) {
            return new MappingTrial(null, e.getMessage());
        }
    }

    /** The outcome of {@link #tryMapping}: {@code values} when it worked, else {@code error}. */
    public record MappingTrial(List<String> values, String error) {
    }

    private record Built(OutboundMessage message, NameId nameId) {
    }

    private Built build(Configured c, User user, Reply reply, boolean idpInitiated, Instant authInstant, String sessionIndex,
                        Instant now, MappingContext context, String chosenRole) {
        SamlProvider p = c.provider();
        NameId nameId = nameId(p, user, reply, idpInitiated, context);
        List<Attribute> attributes = attributes(c, context);
        if (chosenRole != null) {
            attributes = onlyChosenRole(c, user, attributes, chosenRole);
        }
        SigningCredential credential = keypairs.signingCredential(p.keypairId());
        boolean redirect = reply.binding() == SamlBinding.REDIRECT;
        SamlResponseSpec spec = new SamlResponseSpec(p.effectiveIssuer(publicUrl.get(), c.application().slug()), reply.acsUrl(),
                p.spEntityId(), reply.inResponseTo(), nameId, now, Duration.ofSeconds(p.notBeforeSkewSeconds()),
                Duration.ofSeconds(p.assertionValiditySeconds()), authInstant, sessionIndex,
                now.plusSeconds(p.sessionValiditySeconds()), attributes, p.signAssertion(),
                p.signResponse() && !redirect, p.signatureAlgorithm(), credential, p.digestAlgorithm());
        Document response = ResponseBuilder.build(spec);
        return new Built(OutboundMessage.encode(response, reply.binding(), reply.acsUrl(), "SAMLResponse", reply.relayState(),
                redirect && p.signResponse(), p.signatureAlgorithm(), p.digestAlgorithm().uri(), credential), nameId);
    }

    /** What expressions see for the user signing in to the application ({@code c} null: no application). */
    public MappingContext mappingContext(Configured c, User user, Origin origin) {
        return context(c, user, c == null ? null : c.provider().defaultAcsUrl(), null, origin);
    }

    /** The one place a context is made: the user's groups from the database unless {@code groupsOverride} gives them. */
    private MappingContext context(Configured c, User user, String acsUrl, Supplier<List<Group>> groupsOverride, Origin origin) {
        Supplier<List<Group>> userGroups = groupsOverride != null ? groupsOverride : () -> db.read(h -> groups.effectiveGroupsOf(h, user.id()));
        return new MappingContext(user, c == null ? null : c.application(), c == null ? null : c.provider().spEntityId(), acsUrl,
                new MappingContext.Request(origin.clientAddress(), origin.userAgent()), userGroups, aws);
    }

    /** The page a user sees when a mapping fails; the event names the mapping and the error for the admin. */
    private PageError mappingFailedPage(Configured c, User user, MappingFailed e) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("userId", user.id());
        detail.put("username", user.username());
        detail.put("mapping", e.mapping().name());
        detail.put("error", e.getMessage());
        return new PageError("mapping-failed", "Signing in to " + c.application().name() + " failed: the attribute '"
                + e.mapping().name() + "' could not be computed for your account. Nothing was sent to the application."
                + " An administrator can see the reason in the event log.", "Sign-in to " + c.application().name() + " failed",
                "saml.mapping.failed", detail);
    }

    /** A signed status response for a rejected request, to the ACS the request named (already checked). */
    public OutboundMessage reject(Configured c, Rejected rejected, Origin origin) {
        SamlProvider p = c.provider();
        Reply reply = rejected.reply();
        audit(origin, "saml.request.rejected", Outcome.FAILURE, null, c,
                Map.of("status", rejected.error().secondLevel(), "reason", rejected.getMessage()));
        metrics.count(c.application().slug(), SsoMetrics.Outcome.REJECTED);
        Document doc = ProtocolMessages.errorResponse(new ProtocolMessages.Envelope(
                        p.effectiveIssuer(publicUrl.get(), c.application().slug()), reply.acsUrl(), reply.inResponseTo(), clock.instant()),
                rejected.error().topLevel(), rejected.error().secondLevel(), rejected.getMessage());
        return OutboundMessage.encode(doc, reply.binding(), reply.acsUrl(), "SAMLResponse", reply.relayState(), true,
                p.signatureAlgorithm(), p.digestAlgorithm().uri(), keypairs.signingCredential(p.keypairId()));
    }

    /**
     * The NameID: from the provider's NameID mapping when it has one (its first value), else what the
     * NameID format implies.
     */
    private NameId nameId(SamlProvider p, User user, Reply reply, boolean idpInitiated, MappingContext context) {
        String value;
        if (p.nameIdMappingId() != null) {
            PropertyMapping m = mappings.cached(p.nameIdMappingId())
                    .orElseThrow(() -> new PageError("no-nameid-mapping", "The application's NameID mapping no longer exists."));
            List<String> values = mappings.evaluate(m, context);
            value = values.isEmpty() ? null : values.get(0);
            if (value == null) {
                throw new MappingFailed(m, "The NameID mapping gave no value for this user.");
            }
            if (!XmlWriter.isWritable(value)) {
                throw new MappingFailed(m, "The NameID mapping gave a value with characters SAML cannot carry.");
            }
            return new NameId(value, p.nameIdFormat().uri());
        }
        value = switch (p.nameIdFormat()) {
            case PERSISTENT -> identifiers.persistentId(user.id(), p.spEntityId());
            case EMAIL -> user.email();
            case USERNAME -> user.username();
            case TRANSIENT -> ResponseBuilder.newId();
        };
        if (value == null || value.isEmpty()) {
            String message = "Your account has no e-mail address, which this application needs. Ask an administrator to add one.";
            if (idpInitiated) {
                throw new PageError("no-email", message);
            }
            throw new Rejected(new StatusError(SamlStatus.RESPONDER, SamlStatus.INVALID_NAMEID_POLICY, message), reply);
        }
        return new NameId(value, p.nameIdFormat().uri());
    }

    /**
     * The attribute statement from the provider's property mappings. Values XML cannot carry give a
     * page, not a broken assertion; so does an AWS application that finds no role for the user, since
     * AWS would refuse the assertion with a message the user cannot act on.
     */
    private List<Attribute> attributes(Configured c, MappingContext context) {
        List<PropertyMapping> sent = mappings.forSignIn(c.provider().propertyMappingIds());
        if (sent.isEmpty()) {
            return List.of();
        }
        List<MappedAttribute> mapped = mappings.statement(sent, context);
        List<Attribute> out = new ArrayList<>(mapped.size());
        for (MappedAttribute a : mapped) {
            if (!a.values().stream().allMatch(XmlWriter::isWritable)) {
                throw new PageError("unwritable-attribute", "The value of the attribute '" + Checks.shorten(a.name(), 200)
                        + "' for your account contains control characters that SAML cannot carry. Ask an administrator to correct it.");
            }
            out.add(new Attribute(a.name(), a.friendlyName(), a.nameFormatUri(), a.values()));
        }
        boolean sendsAwsRole = sent.stream().anyMatch(m -> BuiltInMappings.AWS_ROLE.key().equals(m.builtInKey()));
        if (sendsAwsRole && mapped.stream().noneMatch(a -> a.name().equals(BuiltInMappings.AWS_ROLE.samlName()))) {
            User user = context.user();
            throw new PageError("no-aws-role", "You have no AWS role in " + c.application().name() + ": none of your groups is"
                    + " mapped to a role. Ask an administrator to add one of your groups to the application's role mapping.",
                    "No AWS role", "saml.sso.no-role", Map.of("userId", user.id(), "username", user.username()));
        }
        return List.copyOf(out);
    }

    /**
     * The attributes with the AWS Role attribute narrowed to the chosen role: its first value for that
     * role ARN (the only one unless two rules give the same role through different IAM providers). A
     * role the user would not be sent anyway is refused with a page, and nothing is sent.
     */
    private static List<Attribute> onlyChosenRole(Configured c, User user, List<Attribute> attributes, String chosenRole) {
        List<Attribute> out = new ArrayList<>(attributes.size());
        boolean found = false;
        for (Attribute a : attributes) {
            if (!found && a.name().equals(BuiltInMappings.AWS_ROLE.samlName())) {
                String value = a.values().stream().filter(v -> v.equals(chosenRole) || v.startsWith(chosenRole + ","))
                        .findFirst().orElse(null);
                if (value != null) {
                    out.add(new Attribute(a.name(), a.friendlyName(), a.nameFormat(), List.of(value)));
                    found = true;
                    continue;
                }
            }
            out.add(a);
        }
        if (!found) {
            throw new PageError("role-not-available", "The role " + Checks.shorten(chosenRole, 200) + " is not one of your roles in "
                    + c.application().name() + ", so nothing was sent to it. Choose one of the roles listed on your applications page.",
                    "Role not available", "saml.sso.role-refused",
                    Map.of("userId", user.id(), "username", user.username(), "role", Checks.shorten(chosenRole, 200)));
        }
        return List.copyOf(out);
    }

    /**
     * The session's participation (for logout), written the first time only (this node remembers which
     * session/application pairs it has written), and the audit event of every response.
     */
    private void recordParticipant(Configured c, SessionWithUser s, NameId nameId, String sessionIndex, Instant now, Origin origin) {
        String pair = s.session().id() + "|" + c.application().id();
        boolean known = nameId.value().equals(recordedParticipants.get(pair));
        if (!known) {
            db.transaction(h -> {
                providers.addParticipant(h, new Participant(s.session().id(), c.application().id(), nameId.value(), nameId.format(),
                        sessionIndex, now, s.session().expiresAt()));
                return null;
            });
            if (recordedParticipants.size() > MAX_REMEMBERED_PARTICIPANTS) {
                recordedParticipants.clear();
            }
            recordedParticipants.put(pair, nameId.value());
        }
        audit.recordDeferred(db, origin, "saml.sso", Outcome.SUCCESS, s.user().id(), s.user().username(),
                Map.of("slug", c.application().slug(), "spEntityId", c.provider().spEntityId()));
        metrics.count(c.application().slug(), SsoMetrics.Outcome.SUCCESS);
    }

    /** Records a request for a slug that no application has (an error page): counted under one label, not the slug. */
    public void recordUnknownApplication(Origin origin, String slug) {
        record(origin, slug, new PageError("unknown-application", "no SAML application with this slug"));
        metrics.count(SsoMetrics.UNKNOWN_APPLICATION, SsoMetrics.Outcome.REFUSED);
    }

    /** Records a request to an existing application that got an error page instead of an answer to the SP. */
    public void recordRefusal(Origin origin, String slug, PageError error) {
        record(origin, slug, error);
        metrics.count(slug, SsoMetrics.Outcome.REFUSED);
    }

    private void record(Origin origin, String slug, PageError error) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("slug", slug);
        detail.put("reason", error.reason());
        detail.put("message", error.getMessage());
        detail.putAll(error.auditDetail());
        // The user the refusal concerns, when known, is the event's subject rather than detail.
        Object userId = detail.remove("userId");
        Object username = detail.remove("username");
        audit.recordDeferred(db, origin, error.auditType(), Outcome.FAILURE, userId instanceof UUID id ? id : null,
                username == null ? null : username.toString(), detail);
    }

    private void audit(Origin origin, String type, Outcome outcome, User user, Configured c, Map<String, Object> detail) {
        Map<String, Object> all = new LinkedHashMap<>(detail);
        all.put("slug", c.application().slug());
        audit.recordDeferred(db, origin, type, outcome, user == null ? null : user.id(), user == null ? null : user.username(), all);
    }

    /** The replay-cache key of a request: bounded length whatever the SP sends. */
    static String requestKey(String spEntityId, String requestId) {
        return sha256Hex(spEntityId + "\n" + requestId);
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
