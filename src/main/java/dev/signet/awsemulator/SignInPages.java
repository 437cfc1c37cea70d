package dev.signet.awsemulator;

import static dev.signet.awsemulator.EmulatorXml.escape;

import java.util.Map;

/** The HTML a browser sees on the emulated sign-in page, one method per outcome. */
final class SignInPages {
    private SignInPages() {
    }

    static String render(ConsoleOutcome outcome, String signinPath) {
        if (outcome instanceof ConsoleOutcome.SignedIn s) {
            return signedIn(s);
        }
        if (outcome instanceof ConsoleOutcome.ChooseRole c) {
            return chooseRole(c, signinPath);
        }
        return refused((ConsoleOutcome.Refused) outcome);
    }

    private static String signedIn(ConsoleOutcome.SignedIn s) {
        StringBuilder tags = new StringBuilder();
        for (Map.Entry<String, String> t : s.principalTags().entrySet()) {
            tags.append("<li>").append(escape(t.getKey())).append(" = ").append(escape(t.getValue())).append("</li>");
        }
        return page("Signed in", "<h1>Signed in to AWS (emulated)</h1><dl>"
                + row("Account", s.account()) + row("Role", s.roleArn()) + row("Session name", s.sessionName())
                + row("Session duration (seconds)", Long.toString(s.sessionDurationSeconds()))
                + row("Source identity", s.sourceIdentity() == null ? "(none)" : s.sourceIdentity())
                + row("Destination", s.destination()) + "</dl><h2>Principal tags</h2><ul>" + tags + "</ul>");
    }

    private static String chooseRole(ConsoleOutcome.ChooseRole c, String signinPath) {
        StringBuilder body = new StringBuilder("<h1>Select a role:</h1><form method=\"post\" action=\"")
                .append(escape(signinPath)).append("\">")
                .append(hidden("SAMLResponse", c.samlResponse()));
        if (c.relayState() != null) {
            body.append(hidden("RelayState", c.relayState()));
        }
        for (ConsoleOutcome.RoleOption r : c.roles()) {
            body.append("<p><label><input type=\"radio\" name=\"roleIndex\" value=\"").append(escape(r.roleArn())).append("\"> ")
                    .append("Account: ").append(escape(r.account())).append(" &mdash; ").append(escape(r.roleArn()))
                    .append("</label></p>");
        }
        body.append("<button type=\"submit\">Sign in</button></form>");
        return page("Amazon Web Services Sign-In", body.toString());
    }

    private static String refused(ConsoleOutcome.Refused r) {
        String detail = r.error().detail() == null ? "" : "<p class=\"detail\">Emulator detail: " + escape(r.error().detail()) + "</p>";
        return page("Amazon Web Services Sign-In", "<h1>Your request included an invalid SAML response. To logout, click "
                + "<a href=\"https://signin.aws.amazon.com/oauth?Action=logout\">here</a>.</h1>"
                + "<p class=\"error\">" + escape(r.error().error().code()) + ": " + escape(r.error().getMessage()) + "</p>" + detail);
    }

    private static String row(String name, String value) {
        return "<dt>" + escape(name) + "</dt><dd>" + escape(value) + "</dd>";
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">";
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title></head><body>" + body + "</body></html>";
    }
}
