package dev.signet.web;

import dev.signet.authentication.PasswordHasher.HashingBusyException;
import dev.signet.errors.ConflictException;
import dev.signet.errors.InvalidInputException;
import dev.signet.errors.InvalidInputException.FieldError;
import dev.signet.errors.NotFoundException;
import dev.signet.web.Views.Chrome;
import dev.signet.web.Views.Message;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP: RFC 9457 problem documents under /api/, short HTML
 * pages elsewhere. Users never see a stack trace; the log gets the request ID and the cause.
 */
public final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);
    public static final String PROBLEM_JSON = "application/problem+json";

    private final Templates templates;

    public ErrorMapper(Templates templates) {
        this.templates = templates;
    }

    public void register(RoutesConfig routes) {
        routes.exception(InvalidInputException.class, (e, ctx) -> invalid(ctx, e.errors()));
        routes.exception(BadRequestException.class, (e, ctx) -> respond(ctx, 400, "Bad request", e.getMessage(), null));
        routes.exception(NotFoundException.class, (e, ctx) -> respond(ctx, 404, "Not found",
                capitalise(e.getMessage()) + ".", null));
        routes.exception(ConflictException.class, (e, ctx) -> respond(ctx, 409, "Conflict", e.getMessage(),
                List.of(new FieldError(e.field(), e.getMessage()))));
        routes.exception(AuthRequiredException.class, (e, ctx) -> authRequired(ctx));
        routes.exception(ForbiddenException.class, (e, ctx) -> respond(ctx, 403, "Forbidden", e.getMessage(), null));
        routes.exception(HashingBusyException.class, (e, ctx) -> {
            log.warn("password hashing queue full; answering 503 (request {})", Auth.requestId(ctx));
            ctx.header("Retry-After", "5");
            respond(ctx, 503, "Busy", "Too many sign-ins at once. Please try again in a few seconds.", null);
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> framework(ctx, e.getStatus()));
        routes.exception(JdbiException.class, (e, ctx) -> database(ctx, e));
        routes.exception(Exception.class, (e, ctx) -> {
            if (rootCause(e) instanceof SQLException) {
                database(ctx, e);
                return;
            }
            log.error("unexpected error (request {}) on {} {}", Auth.requestId(ctx), ctx.method(), ctx.path(), e);
            respond(ctx, 500, "Internal error", "Something went wrong on our side. The administrator can find request ID "
                    + Auth.requestId(ctx) + " in the log.", null);
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                framework(ctx, 404);
            }
        });
        routes.error(405, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                framework(ctx, 405);
            }
        });
    }

    /** Statuses the HTTP layer itself decides (no route, wrong method, body too large), in our words. */
    private void framework(Context ctx, int status) {
        String detail = switch (status) {
            case 404 -> "There is nothing at " + ctx.path() + ".";
            case 405 -> ctx.method() + " is not supported at " + ctx.path() + ".";
            case 413 -> "The request is too large.";
            default -> "The request was refused.";
        };
        String title = switch (status) {
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Request too large";
            default -> status < 500 ? "Bad request" : "Internal error";
        };
        respond(ctx, status, title, detail, null);
    }

    private void database(Context ctx, Exception e) {
        Throwable root = rootCause(e);
        if (root instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
            // A constraint fired: a concurrent request created the same name first.
            log.info("constraint violation (request {}): {}", Auth.requestId(ctx), sql.getMessage());
            respond(ctx, 409, "Conflict", "The change conflicts with existing data (for example a name that was just taken).", null);
            return;
        }
        if (isConnectionFailure(e)) {
            unavailable(ctx, e);
            return;
        }
        log.error("database error (request {}) on {} {}", Auth.requestId(ctx), ctx.method(), ctx.path(), e);
        respond(ctx, 500, "Internal error", "Something went wrong on our side. The administrator can find request ID "
                + Auth.requestId(ctx) + " in the log.", null);
    }

    /**
     * Connection refused, pool timeout, connection lost: the database is down, not the query wrong. PostgreSQL
     * ends open connections with 57P01 (shut down by the operator), 57P02 (crash) or 57P03 (still starting),
     * which are the first errors a request sees when the server stops, before the pool notices it is gone.
     */
    private static boolean isConnectionFailure(Exception e) {
        if (e instanceof ConnectionException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || (t instanceof SQLException sql && sql.getSQLState() != null
                        && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")))) {
                return true;
            }
        }
        return false;
    }

    private void unavailable(Context ctx, Exception e) {
        log.warn("database unavailable (request {}): {}", Auth.requestId(ctx), rootCause(e).toString());
        ctx.header("Retry-After", "10");
        respond(ctx, 503, "Service unavailable", "Signet cannot reach its database right now. Please try again shortly.", null);
    }

    private void invalid(Context ctx, List<FieldError> errors) {
        respond(ctx, 400, "Invalid input", errors.size() == 1 ? errors.get(0).message()
                : "Some fields are not valid; see errors.", errors);
    }

    private void authRequired(Context ctx) {
        if (isApi(ctx)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"signet\"");
            respond(ctx, 401, "Unauthorized", "Sign in or send an API token as 'Authorization: Bearer <token>'.", null);
        } else {
            String next = ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
            ctx.redirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        }
    }

    /** Writes the problem document or the HTML page for a status. */
    public void respond(Context ctx, int status, String title, String detail, List<FieldError> errors) {
        if (isApi(ctx)) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", errors == null ? "about:blank" : "urn:signet:problem:" + (status == 409 ? "conflict" : "invalid-input"));
            problem.put("title", title);
            problem.put("status", status);
            problem.put("detail", detail);
            problem.put("instance", ctx.path());
            if (errors != null) {
                problem.put("errors", errors.stream().map(err -> Map.of(
                        "field", err.field(), "pointer", "#/" + err.field(), "message", err.message())).toList());
            }
            String requestId = Auth.requestId(ctx);
            if (requestId != null) {
                problem.put("requestId", requestId);
            }
            ctx.status(status).contentType(PROBLEM_JSON).result(Json.write(problem));
        } else {
            String text = errors == null ? detail
                    : String.join(" ", errors.stream().map(FieldError::message).toList());
            templates.render(ctx, status, "message.jte", new Message(new Chrome(title, null, null), title, text, "/", "Back to Signet"));
        }
    }

    private static boolean isApi(Context ctx) {
        return ctx.path().startsWith("/api/");
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
