package dev.signet.awsemulator;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code POST /saml}: the console's sign-in endpoint. One Role value signs in; several show the role
 * picker, whose form posts the same SAMLResponse back with the chosen role ARN ({@code roleIndex}, as
 * AWS's page names it; {@code roleArn} works too).
 */
final class ConsoleSignIn {
    static final String DEFAULT_DESTINATION = "https://console.aws.amazon.com/";
    static final int DEFAULT_SESSION_SECONDS = 3600;
    private static final Pattern CONSOLE_URL = Pattern.compile("https://([a-z0-9-]+\\.)*console\\.aws\\.amazon\\.com(/\\S*)?");

    private final SamlResponseCheck check;
    private final Federation federation;
    private final ReplayCache replay;
    private final Clock clock;

    ConsoleSignIn(SamlResponseCheck check, Federation federation, ReplayCache replay, Clock clock) {
        this.check = check;
        this.federation = federation;
        this.replay = replay;
        this.clock = clock;
    }

    void handle(Context ctx) {
        ConsoleOutcome outcome = outcome(ctx.formParam("SAMLResponse"), ctx.formParam("RelayState"), chosenRole(ctx));
        ctx.status(outcome.httpStatus());
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("application/json")) {
            ctx.contentType("application/json").result(EmulatorJson.write(outcome.json()));
        } else {
            ctx.contentType("text/html; charset=utf-8").result(SignInPages.render(outcome, ctx.path()));
        }
    }

    ConsoleOutcome outcome(String samlResponse, String relayState, String chosenRoleArn) {
        try {
            if (samlResponse == null || samlResponse.isBlank()) {
                throw AwsError.INVALID_IDENTITY_TOKEN.with("Invalid SAML response", "the form has no SAMLResponse field");
            }
            ParsedResponse parsed = check.parse(samlResponse);
            List<Federation.Grant> grants = federation.grants(parsed);
            Instant until = grants.get(0).assertion().usableUntil();
            if (chosenRoleArn != null) {
                Federation.Grant chosen = grants.stream().filter(g -> g.role().arn().toString().equals(chosenRoleArn.trim()))
                        .findFirst().orElseThrow(() -> AwsError.ACCESS_DENIED.with(Federation.NOT_AUTHORIZED,
                                "the chosen role " + chosenRoleArn + " is not one the response offers"));
                replay.use(parsed.assertionId(), until, true, false);
                return signedIn(chosen, relayState);
            }
            if (parsed.roles().size() > 1) {
                replay.use(parsed.assertionId(), until, false, true);
                return new ConsoleOutcome.ChooseRole(grants.stream().map(g -> new ConsoleOutcome.RoleOption(
                        g.role().arn().toString(), g.assertion().provider().arn().toString(), g.role().arn().account())).toList(),
                        samlResponse, relayState);
            }
            replay.use(parsed.assertionId(), until, false, false);
            return signedIn(grants.get(0), relayState);
        } catch (AwsException e) {
            return new ConsoleOutcome.Refused(e);
        }
    }

    private ConsoleOutcome.SignedIn signedIn(Federation.Grant grant, String relayState) {
        CheckedAssertion a = grant.assertion();
        long seconds = a.sessionDurationSeconds() == null ? DEFAULT_SESSION_SECONDS
                : Math.min(a.sessionDurationSeconds(), grant.role().maxSessionDurationSeconds());
        Long untilSessionEnd = grant.secondsUntilSessionEnd(clock.instant());
        if (untilSessionEnd != null) {
            seconds = Math.min(seconds, untilSessionEnd);
        }
        String destination = relayState != null && CONSOLE_URL.matcher(relayState).matches() ? relayState : DEFAULT_DESTINATION;
        return new ConsoleOutcome.SignedIn(grant.role().arn().account(), grant.role().arn().toString(), a.roleSessionName(),
                seconds, a.sourceIdentity(), a.principalTags(), destination);
    }

    private static String chosenRole(Context ctx) {
        String roleIndex = ctx.formParam("roleIndex");
        return roleIndex != null ? roleIndex : ctx.formParam("roleArn");
    }
}
