package dev.signet.saml;

import dev.signet.errors.Checks;
import dev.signet.keys.KeypairService;
import dev.signet.saml.PendingRequests.ValidatedRequest;
import dev.signet.saml.SamlErrors.PageError;
import dev.signet.saml.SamlErrors.StatusError;
import dev.signet.saml.SamlProviderService.Configured;
import dev.signet.saml.SingleSignOn.Inbound;
import dev.signet.saml.SingleSignOn.Rejected;
import dev.signet.saml.SingleSignOn.Reply;
import dev.signet.storage.SessionRepository.SessionWithUser;
import dev.signet.web.Auth;
import dev.signet.web.Templates;
import dev.signet.web.Views.Chrome;
import dev.signet.web.Views.Message;
import dev.signet.web.Views.SamlPost;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The SAML endpoints of an application, laid out as authentik lays them out so that an admin who
 * followed the authentik guide recognises every URL: metadata, IdP-initiated SSO, SP-initiated SSO
 * over HTTP-Redirect and HTTP-POST, the continue step after sign-in, and single logout.
 */
public final class SamlEndpoints {
    static final String BASE = "/application/saml/{slug}";
    /** Largest SAML message accepted, before and after inflating; real AuthnRequests are 1-4 KiB. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private final SamlProviderService providers;
    private final SingleSignOn sso;
    private final SingleLogout slo;
    private final PendingRequests pending;
    private final KeypairService keypairs;
    private final Auth auth;
    private final Templates templates;
    private final Supplier<String> publicUrl;

    public SamlEndpoints(SamlProviderService providers, SingleSignOn sso, SingleLogout slo, PendingRequests pending,
                         KeypairService keypairs, Auth auth, Templates templates, Supplier<String> publicUrl) {
        this.providers = providers;
        this.sso = sso;
        this.slo = slo;
        this.pending = pending;
        this.keypairs = keypairs;
        this.auth = auth;
        this.templates = templates;
        this.publicUrl = publicUrl;
    }

    public void register(RoutesConfig routes) {
        routes.get(BASE + "/metadata", ctx -> guarded(ctx, this::metadata));
        routes.get(BASE + "/sso/binding/init", ctx -> guarded(ctx, this::idpInitiated));
        routes.get(BASE + "/sso/binding/redirect", ctx -> guarded(ctx, this::redirectBinding));
        routes.post(BASE + "/sso/binding/post", ctx -> guarded(ctx, this::postBinding));
        routes.get(BASE + "/sso/continue", ctx -> guarded(ctx, this::continueAfterLogin));
        routes.get(BASE + "/slo/binding/redirect", ctx -> guarded(ctx, (c, app) -> logout(c, app, SamlBinding.REDIRECT)));
        routes.post(BASE + "/slo/binding/post", ctx -> guarded(ctx, (c, app) -> logout(c, app, SamlBinding.POST)));
        routes.get(LOGOUT_NEXT, this::logoutNext);
    }

    /** Where Signet's own logout continues when the session had SAML participants to tell. */
    public static final String LOGOUT_NEXT = "/saml/logout/next";

    /** URL prefix of an application's SAML endpoints. */
    public static String endpointBase(String publicUrl, String slug) {
        return publicUrl + "/application/saml/" + slug + "/";
    }

    /**
     * The addresses an administrator gives the SP, by the names the admin API uses: metadata (to view
     * and to download), SSO (IdP-initiated, HTTP-Redirect, HTTP-POST) and single logout.
     */
    public static java.util.Map<String, String> addresses(String publicUrl, String slug) {
        String base = endpointBase(publicUrl, slug);
        java.util.Map<String, String> endpoints = new java.util.LinkedHashMap<>();
        endpoints.put("metadata", base + "metadata");
        endpoints.put("metadataDownload", base + "metadata?download");
        endpoints.put("ssoInitiate", base + "sso/binding/init");
        endpoints.put("ssoRedirect", base + "sso/binding/redirect");
        endpoints.put("ssoPost", base + "sso/binding/post");
        endpoints.put("sloRedirect", base + "slo/binding/redirect");
        endpoints.put("sloPost", base + "slo/binding/post");
        return endpoints;
    }

    // ---- metadata ---------------------------------------------------------------------------

    private void metadata(Context ctx, Configured c) {
        byte[] xml = IdpMetadata.forProvider(c, keypairs, publicUrl.get());
        if (ctx.queryParamMap().containsKey("download")) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + c.application().slug() + "-metadata.xml\"");
            ctx.contentType("application/samlmetadata+xml");
        } else {
            ctx.contentType("application/xml; charset=utf-8");
        }
        ctx.result(xml);
    }

    // ---- IdP-initiated ----------------------------------------------------------------------

    /** The IdP-initiated start; {@code ?role=} (a role ARN chosen in the portal) narrows AWS's Role attribute to that role. */
    private void idpInitiated(Context ctx, Configured c) {
        SessionWithUser s = auth.session(ctx).orElseThrow(dev.signet.web.AuthRequiredException::new);
        String chosenRole = optionalSingle(ctx.queryParams("role"), "role");
        send(ctx, sso.respond(c, s, null, requestedRelayState(ctx), chosenRole, auth.origin(ctx)));
    }

    /**
     * A RelayState given in the link (a deep link into the SP), honoured only when the navigation does
     * not come from another site: otherwise any page could send a signed-in user to the SP with a
     * RelayState of its choosing, which many SPs follow as a redirect.
     */
    private static String requestedRelayState(Context ctx) {
        String relayState = optionalSingle(ctx.queryParams("RelayState"), "RelayState");
        String site = ctx.header("Sec-Fetch-Site");
        if (relayState == null || "cross-site".equals(site) || "same-site".equals(site)) {
            return null;
        }
        SingleSignOn.checkRelayState(relayState);
        return relayState;
    }

    // ---- SP-initiated -----------------------------------------------------------------------

    private void redirectBinding(Context ctx, Configured c) {
        String message = single(ctx.queryParams("SAMLRequest"), "SAMLRequest");
        byte[] xml = RedirectBinding.decode(message, MAX_MESSAGE_BYTES);
        Inbound in = new Inbound(AuthnRequest.from(XmlParser.parse(xml)), SamlBinding.REDIRECT, ctx.queryString(),
                optionalSingle(ctx.queryParams("RelayState"), "RelayState"));
        ValidatedRequest request = sso.receive(c, in, endpointBase(publicUrl.get(), c.application().slug()) + "sso/binding/redirect");
        proceed(ctx, c, request);
    }

    /**
     * The POST arrives cross-site, so the SameSite=Lax session cookie is not sent with it: after
     * validation the browser is sent on with a GET (which carries the cookie) to the continue step.
     */
    private void postBinding(Context ctx, Configured c) {
        String message = single(ctx.formParams("SAMLRequest"), "SAMLRequest");
        byte[] xml = base64(message);
        Inbound in = new Inbound(AuthnRequest.from(XmlParser.parse(xml)), SamlBinding.POST, null,
                optionalSingle(ctx.formParams("RelayState"), "RelayState"));
        ValidatedRequest request = sso.receive(c, in, endpointBase(publicUrl.get(), c.application().slug()) + "sso/binding/post");
        ctx.redirect(continueUrl(c, request), HttpStatus.SEE_OTHER);
    }

    private void continueAfterLogin(Context ctx, Configured c) {
        proceed(ctx, c, pending.open(ctx.queryParam("request"), c.application().slug()));
    }

    /** Sign-in first if needed (or again, for ForceAuthn), unless the SP asked for a passive answer. */
    private void proceed(Context ctx, Configured c, ValidatedRequest request) {
        Optional<SessionWithUser> s = auth.session(ctx);
        boolean needsLogin = s.isEmpty()
                || (request.forceAuthn() && s.get().session().authInstant().isBefore(request.receivedAt()));
        if (needsLogin && request.isPassive()) {
            throw new Rejected(new StatusError(SamlStatus.RESPONDER, SamlStatus.NO_PASSIVE,
                    "The user must sign in, and the request asked for no interaction (IsPassive)."),
                    new Reply(request.acsUrl(), request.binding(), request.requestId(), request.relayState()));
        }
        if (needsLogin) {
            String next = continueUrl(c, request).substring(publicUrl.get().length());
            ctx.redirect("/login?" + (s.isPresent() ? "reauth&" : "") + "next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
            return;
        }
        send(ctx, sso.respond(c, s.get(), request, null, auth.origin(ctx)));
    }

    private String continueUrl(Configured c, ValidatedRequest request) {
        return endpointBase(publicUrl.get(), c.application().slug()) + "sso/continue?request=" + pending.seal(request);
    }

    // ---- single logout ----------------------------------------------------------------------

    private void logout(Context ctx, Configured c, SamlBinding binding) {
        boolean redirect = binding == SamlBinding.REDIRECT;
        List<String> requests = redirect ? ctx.queryParams("SAMLRequest") : ctx.formParams("SAMLRequest");
        List<String> responses = redirect ? ctx.queryParams("SAMLResponse") : ctx.formParams("SAMLResponse");
        boolean isRequest = !requests.isEmpty();
        String message = single(isRequest ? requests : responses, isRequest ? "SAMLRequest" : "SAMLResponse");
        byte[] xml = redirect ? RedirectBinding.decode(message, MAX_MESSAGE_BYTES) : base64(message);
        String relayState = optionalSingle(redirect ? ctx.queryParams("RelayState") : ctx.formParams("RelayState"), "RelayState");
        LogoutRequestMessage m = LogoutRequestMessage.from(XmlParser.parse(xml));
        slo.verify(c, m, binding, ctx.queryString(), endpointBase(publicUrl.get(), c.application().slug())
                + "slo/binding/" + binding.wire());
        if (m.isRequest()) {
            Optional<SessionWithUser> browser = auth.session(ctx);
            Optional<OutboundMessage> answer = slo.handleRequest(c, m, browser.map(s -> s.session().id()), relayState,
                    auth.origin(ctx));
            auth.forget(ctx);
            if (answer.isPresent()) {
                send(ctx, answer.get());
            } else {
                ctx.redirect("/login?signed_out", HttpStatus.SEE_OTHER);
            }
            return;
        }
        // A LogoutResponse to Signet's own LogoutRequest: carry on with the next SP of the chain.
        continueLogout(ctx, slo.open(relayState));
    }

    private void logoutNext(Context ctx) {
        continueLogout(ctx, slo.open(ctx.queryParam("state")));
    }

    private void continueLogout(Context ctx, Optional<java.util.UUID> sessionId) {
        Optional<OutboundMessage> next = sessionId.flatMap(slo::next);
        if (next.isPresent()) {
            send(ctx, next.get());
        } else {
            ctx.redirect("/login?signed_out", HttpStatus.SEE_OTHER);
        }
    }

    // ---- sending and errors -----------------------------------------------------------------

    /** Auto-posts (with a visible button when scripts are off) or redirects the browser to the SP. */
    void send(Context ctx, OutboundMessage out) {
        if (out.binding() == SamlBinding.REDIRECT) {
            ctx.redirect(out.url(), HttpStatus.FOUND);
            return;
        }
        // The form posts to the SP, which then redirects on: no form-action restriction on this page.
        ctx.header("Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'");
        templates.render(ctx, 200, "saml_post.jte", new SamlPost(new Chrome("Signing you in", null, null), out.url(),
                out.parameter(), out.value(), out.relayState()));
    }

    /** The provider for the slug, or a page that says there is none; errors become status responses or pages. */
    private void guarded(Context ctx, SamlHandler handler) throws Exception {
        String slug = ctx.pathParam("slug");
        Optional<Configured> c = providers.bySlug(slug);
        if (c.isEmpty()) {
            page(ctx, 404, "Unknown application", "There is no SAML application '" + Checks.shorten(slug, 200) + "' here. Check the"
                    + " SSO URL configured at the service provider.");
            sso.recordUnknownApplication(auth.origin(ctx), slug);
            return;
        }
        try {
            handler.handle(ctx, c.get());
        } catch (Rejected rejected) {
            send(ctx, sso.reject(c.get(), rejected, auth.origin(ctx)));
        } catch (PageError e) {
            sso.recordRefusal(auth.origin(ctx), c.get().application().slug(), e);
            page(ctx, 400, e.heading(), e.getMessage());
        } catch (SamlMessageException | XmlParser.MalformedXmlException e) {
            PageError error = new PageError("unreadable", e.getMessage());
            sso.recordRefusal(auth.origin(ctx), c.get().application().slug(), error);
            page(ctx, 400, "Sign-in request refused", "The SAML message could not be read: " + e.getMessage());
        }
    }

    private void page(Context ctx, int status, String heading, String text) {
        Optional<SessionWithUser> s = auth.session(ctx);
        templates.render(ctx, status, "message.jte", new Message(new Chrome(heading, s.map(SessionWithUser::user).orElse(null), null),
                heading, text, "/", "Back to Signet"));
    }

    @FunctionalInterface
    private interface SamlHandler {
        void handle(Context ctx, Configured c) throws Exception;
    }

    static String single(List<String> values, String name) {
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            throw new SamlMessageException("The request has no " + name + " parameter.");
        }
        if (values.size() > 1) {
            throw new SamlMessageException("The request has more than one " + name + " parameter.");
        }
        return values.get(0);
    }

    /** The parameter's only value, or null when it is absent or empty. */
    static String optionalSingle(List<String> values, String name) {
        if (values == null || values.isEmpty() || values.size() == 1 && values.get(0).isEmpty()) {
            return null;
        }
        return single(values, name);
    }

    /** Base64 of the POST binding, size-limited before decoding. */
    static byte[] base64(String value) {
        if (value.length() > MAX_MESSAGE_BYTES * 4 / 3 + 4) {
            throw new SamlMessageException("The SAML message is larger than " + MAX_MESSAGE_BYTES / 1024 + " KiB.");
        }
        try {
            return Base64.getDecoder().decode(value.replaceAll("[\\r\\n\\t ]", ""));
        } catch (IllegalArgumentException e) {
            throw new SamlMessageException("The SAML message is not valid base64.");
        }
    }
}
