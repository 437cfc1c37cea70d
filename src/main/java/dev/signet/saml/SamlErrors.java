package dev.signet.saml;

import java.util.Map;

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
        private final String heading;
        private final String auditType;
        private final Map<String, Object> auditDetail;

        /** {@code reason} is a short machine-readable code for the audit event. */
        public PageError(String reason, String message) {
            this(reason, message, "Sign-in request refused", "saml.request.rejected", Map.of());
        }

        /**
         * With the page's heading, and the audit event to record instead of the generic refusal
         * (its detail is for administrators: it may say more than the page).
         */
        public PageError(String reason, String message, String heading, String auditType, Map<String, Object> auditDetail) {
            super(message);
            this.reason = reason;
            this.heading = heading;
            this.auditType = auditType;
            this.auditDetail = auditDetail;
        }

        public String reason() {
            return reason;
        }

        public String heading() {
            return heading;
        }

        public String auditType() {
            return auditType;
        }

        public Map<String, Object> auditDetail() {
            return auditDetail;
        }
    }
}
