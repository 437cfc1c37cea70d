package dev.signet.awsemulator;

import java.util.Optional;

/** One value of the Role attribute: a role and the SAML provider that vouches for it. */
record RolePair(IamArn role, IamArn provider) {
    /** Reads {@code roleArn,providerArn}; AWS accepts the two in either order. */
    static Optional<RolePair> parse(String value) {
        String[] parts = value.split(",", -1);
        if (parts.length != 2) {
            return Optional.empty();
        }
        Optional<IamArn> first = IamArn.parse(parts[0]);
        Optional<IamArn> second = IamArn.parse(parts[1]);
        if (first.isEmpty() || second.isEmpty() || first.get().kind() == second.get().kind()) {
            return Optional.empty();
        }
        return first.get().kind() == IamArn.Kind.ROLE ? Optional.of(new RolePair(first.get(), second.get()))
                : Optional.of(new RolePair(second.get(), first.get()));
    }
}
