package dev.signet.awsemulator;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IAM role or SAML provider ARN, such as {@code arn:aws:iam::123456789012:role/Admins}. */
record IamArn(String account, Kind kind, String path, String name) {
    enum Kind {
        ROLE("role"), SAML_PROVIDER("saml-provider");

        final String resource;

        Kind(String resource) {
            this.resource = resource;
        }
    }

    static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ARN = Pattern.compile("arn:aws:iam::(\\d{12}):(role|saml-provider)(/(?:[\\x21-\\x7e]*/)?)([\\w+=,.@-]{1,128})");

    static Optional<IamArn> parse(String text) {
        Matcher m = ARN.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        Kind kind = m.group(2).equals("role") ? Kind.ROLE : Kind.SAML_PROVIDER;
        return Optional.of(new IamArn(m.group(1), kind, m.group(3), m.group(4)));
    }

    static IamArn role(String account, String path, String name) {
        return new IamArn(account, Kind.ROLE, path, name);
    }

    static IamArn samlProvider(String account, String name) {
        return new IamArn(account, Kind.SAML_PROVIDER, "/", name);
    }

    @Override
    public String toString() {
        return "arn:aws:iam::" + account + ":" + kind.resource + path + name;
    }
}
