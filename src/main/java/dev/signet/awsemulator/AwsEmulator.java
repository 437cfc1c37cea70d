package dev.signet.awsemulator;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A local stand-in for the parts of AWS that SAML federation touches: IAM SAML providers and roles, the
 * console sign-in endpoint and STS AssumeRoleWithSAML. It implements the rules of aws-saml-rules.md
 * with its own code (nothing from Signet's SAML packages), so tests of Signet's AWS support are
 * checked by an independent reader. {@link #start} wires everything; see docs/aws-emulator.md.
 */
public final class AwsEmulator implements AutoCloseable {
    private static final Set<String> IAM_ACTIONS = Set.of("CreateSAMLProvider", "UpdateSAMLProvider", "GetSAMLProvider",
            "DeleteSAMLProvider", "CreateRole", "DeleteRole");

    private final Javalin http;
    private final AwsEmulatorOptions options;

    private AwsEmulator(Javalin http, AwsEmulatorOptions options) {
        this.http = http;
        this.options = options;
    }

    public static AwsEmulator start(AwsEmulatorOptions options) {
        AwsIds ids = new AwsIds(options.random());
        IamState iam = new IamState(options.clock(), ids);
        ReplayCache replay = new ReplayCache(options.clock());
        SamlResponseCheck check = new SamlResponseCheck(options);
        Federation federation = new Federation(iam, check, options.clock());
        ConsoleSignIn console = new ConsoleSignIn(check, federation, replay, options.clock());
        StsQueryApi sts = new StsQueryApi(check, federation, ids, options.clock());
        IamQueryApi iamApi = new IamQueryApi(iam, ids);
        AdminRoutes admin = new AdminRoutes(iam, replay);

        Javalin http = Javalin.create(config -> {
            config.jetty.host = options.bind();
            config.jetty.port = options.port();
            config.http.maxRequestSize = EmulatorXml.MAX_BYTES * 2L;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            RoutesConfig routes = config.routes;
            routes.post("/saml", console::handle);
            routes.post("/sts", ctx -> sts.handle(ctx, form(ctx)));
            routes.post("/iam", ctx -> iamApi.handle(ctx, form(ctx)));
            // The AWS SDKs and CLI post every query-protocol call to the endpoint's root.
            routes.post("/", ctx -> {
                Map<String, String> form = form(ctx);
                if (IamQueryApi.VERSION.equals(form.get("Version")) || IAM_ACTIONS.contains(form.get("Action"))) {
                    iamApi.handle(ctx, form);
                } else {
                    sts.handle(ctx, form);
                }
            });
            admin.register(routes);
            routes.exception(AwsException.class, (e, ctx) -> AdminRoutes.error(ctx, e));
        });
        http.start();
        return new AwsEmulator(http, options);
    }

    /** The first value of each form field. */
    private static Map<String, String> form(Context ctx) {
        Map<String, String> form = new LinkedHashMap<>();
        ctx.formParamMap().forEach((name, values) -> {
            if (!values.isEmpty()) {
                form.put(name, values.get(0));
            }
        });
        return form;
    }

    public int port() {
        return http.port();
    }

    /** {@code http://host:port}, the endpoint to give AWS SDKs and the CLI. */
    public String baseUrl() {
        String host = options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind();
        return "http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port();
    }

    /** Where to post SAML responses: the emulator's own console sign-in endpoint. */
    public String signinEndpoint() {
        return baseUrl() + "/saml";
    }

    public List<String> signinUrls() {
        return options.signinUrls();
    }

    @Override
    public void close() {
        http.stop();
    }
}
