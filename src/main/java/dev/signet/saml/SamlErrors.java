package dev.signet.saml;

/** What can go wrong with a SAML request, split by where the answer goes. */
public final class SamlErrors {
    private SamlErrors() {
    }

    /**
     * An error that goes back to the SP's (registered) ACS as a SAML status response:
     * top-level {@code Requester} or {@code Responder}, a second-level code, and a message.
     */
    public static final class StatusError extends RuntimeException {
        private final String topLevel;
        private final String secondLevel;

        public StatusError(String topLevel, String secondLevel, String message) {
            super(message);
            this.topLevel = topLevel;
            this.secondLevel = secondLevel;
        }

        public String topLevel() {
            return topLevel;
        }

        public String secondLevel() {
            return secondLevel;
        }
    }

    /**
     * An error that cannot go back to an SP (unknown application, unregistered ACS, unreadable or
     * unverifiable message): a page tells the person what is wrong, and the audit log records it.
     */
    public static final class PageError extends RuntimeException {
        private final String reason;

        /** {@code reason} is a short machine-readable code for the audit event. */
        public PageError(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
