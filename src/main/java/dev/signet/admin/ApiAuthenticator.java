package dev.signet.admin;

import dev.signet.audit.Origin;
import dev.signet.authentication.Tokens;
import dev.signet.directory.DirectoryService;
import dev.signet.directory.User;
import dev.signet.storage.ApiTokenRepository;
import dev.signet.storage.Database;
import dev.signet.storage.GroupRepository;
import dev.signet.storage.UserRepository;
import dev.signet.web.Auth;
import dev.signet.web.AuthRequiredException;
import dev.signet.web.Csrf;
import dev.signet.web.ForbiddenException;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides who is calling the admin API: a bearer API token, or an administrator's browser session
 * (which must then send the CSRF token on every write). Non-administrators get 403.
 */
public final class ApiAuthenticator {
    private final Database db;
    private final ApiTokenRepository tokens;
    private final UserRepository users;
    private final GroupRepository groups;
    private final Auth auth;
    private final Csrf csrf;

    public ApiAuthenticator(Database db, ApiTokenRepository tokens, UserRepository users, GroupRepository groups, Auth auth, Csrf csrf) {
        this.db = db;
        this.tokens = tokens;
        this.users = users;
        this.groups = groups;
        this.auth = auth;
        this.csrf = csrf;
    }

    /** The administrator behind the request, as the audit origin; throws 401/403 otherwise. */
    public Origin requireAdministrator(Context ctx) {
        String authorization = ctx.header("Authorization");
        User user;
        if (authorization != null) {
            user = fromBearer(authorization).orElseThrow(AuthRequiredException::new);
        } else {
            user = auth.session(ctx).orElseThrow(AuthRequiredException::new).user();
            if (!isSafe(ctx.method())) {
                csrf.check(ctx, auth.sessionToken(ctx));
            }
        }
        boolean admin = db.read(h -> DirectoryService.isAdministrator(user, groups.effectiveGroupsOf(h, user.id())));
        if (!admin) {
            throw new ForbiddenException("The admin API is for administrators only.");
        }
        return auth.origin(ctx).withActor(user.id(), user.username());
    }

    private Optional<User> fromBearer(String authorization) {
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = authorization.substring(7).strip();
        if (token.isEmpty() || token.length() > 512) {
            return Optional.empty();
        }
        // Lookup by SHA-256 digest: comparing digests leaks nothing useful about the token.
        String digest = Tokens.digest(token);
        Optional<User> owner = db.read(h -> {
            Optional<UUID> userId = tokens.findUserId(h, digest);
            return userId.isEmpty() ? Optional.<User>empty() : users.findById(h, userId.get());
        });
        return owner.filter(User::active);
    }

    private static boolean isSafe(HandlerType method) {
        return method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS;
    }
}
