package dev.signet.awsemulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the console sign-in page shows: a signed-in identity, the role picker, or AWS's error page. */
sealed interface ConsoleOutcome {
    int httpStatus();

    /** The JSON answer given to {@code Accept: application/json}. */
    Map<String, Object> json();

    record SignedIn(String account, String roleArn, String sessionName, long sessionDurationSeconds, String sourceIdentity,
                    Map<String, String> principalTags, String destination) implements ConsoleOutcome {
        @Override
        public int httpStatus() {
            return 200;
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("outcome", "signed-in");
            out.put("account", account);
            out.put("roleArn", roleArn);
            out.put("sessionName", sessionName);
            out.put("sessionDurationSeconds", sessionDurationSeconds);
            out.put("sourceIdentity", sourceIdentity);
            out.put("principalTags", principalTags);
            out.put("destination", destination);
            return out;
        }
    }

    record RoleOption(String roleArn, String providerArn, String account) {
    }

    /** The picker posts the same SAMLResponse back with the chosen role ARN in {@code roleIndex}, as AWS's page does. */
    record ChooseRole(List<RoleOption> roles, String samlResponse, String relayState) implements ConsoleOutcome {
        @Override
        public int httpStatus() {
            return 200;
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("outcome", "choose-role");
            out.put("roles", roles.stream().map(r -> IamState.ordered("roleArn", r.roleArn(), "providerArn", r.providerArn(),
                    "account", r.account())).toList());
            return out;
        }
    }

    record Refused(AwsException error) implements ConsoleOutcome {
        /** The sentence AWS's sign-in page shows above the reason. */
        static final String HEADLINE = "Your request included an invalid SAML response. To logout, click here.";

        @Override
        public int httpStatus() {
            return error.error().httpStatus();
        }

        @Override
        public Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("outcome", "error");
            out.put("code", error.error().code());
            out.put("message", error.getMessage());
            out.put("page", HEADLINE);
            out.put("detail", error.detail());
            return out;
        }
    }
}
