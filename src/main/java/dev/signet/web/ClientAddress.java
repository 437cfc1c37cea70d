package dev.signet.web;

import io.javalin.http.Context;

/**
 * The client's address for throttling and audit. X-Forwarded-For is honoured only when configured,
 * since anyone can send it and it would let an attacker pick their own throttling key.
 */
public final class ClientAddress {
    private final boolean trustForwarded;

    public ClientAddress(boolean trustForwarded) {
        this.trustForwarded = trustForwarded;
    }

    public String of(Context ctx) {
        if (trustForwarded) {
            String forwarded = ctx.req().getHeader("X-Forwarded-For");
            if (forwarded != null && !forwarded.isBlank()) {
                String first = forwarded.split(",")[0].strip();
                if (!first.isEmpty() && first.length() <= 100) {
                    return first;
                }
            }
        }
        return ctx.req().getRemoteAddr();
    }
}
