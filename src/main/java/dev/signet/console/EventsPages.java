package dev.signet.console;

import dev.signet.applications.Application;
import dev.signet.audit.AuditEvent;
import dev.signet.errors.InvalidInputException.FieldError;
import dev.signet.storage.AuditRepository.Filter;
import dev.signet.storage.Page;
import dev.signet.storage.PageRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** /admin/events: the audit log, newest first, filtered by user, application, type (or type prefix) and time. */
public final class EventsPages {
    static final int PAGE_SIZE = 50;
    private static final Pattern TYPE = Pattern.compile("[a-z0-9._-]{1,60}");
    private static final int MAX_USER_CHARS = 150;

    private final Console console;
    private final ConsoleServices services;

    EventsPages(Console console, ConsoleServices services) {
        this.console = console;
        this.services = services;
    }

    void register(RoutesConfig routes) {
        routes.get("/admin/events", this::list);
    }

    private void list(Context ctx) {
        Map<String, String> sent = new LinkedHashMap<>();
        for (String name : List.of("user", "application", "type", "since", "until")) {
            String v = ctx.queryParam(name);
            sent.put(name, v == null ? "" : v.strip());
        }
        List<FieldError> errors = new ArrayList<>();
        Filter filter = filter(sent, errors);
        List<String> storedTypes = services.db().read(h -> services.audit().repository().eventTypes(h));
        List<Option> types = typeOptions(storedTypes, sent.get("type"));
        List<Option> applications = applicationOptions();
        if (!errors.isEmpty()) {
            console.render(ctx, 400, "admin/events/list.jte", new EventList(console.chrome(ctx, "Events", Section.EVENTS),
                    FormState.refused(sent, errors), types, applications, List.of(), null));
            return;
        }
        int offset = Pager.offset(ctx);
        Page<AuditEvent> page = services.audit().search(services.db(), filter, PAGE_SIZE, offset);
        console.render(ctx, 200, "admin/events/list.jte", new EventList(console.chrome(ctx, "Events", Section.EVENTS),
                FormState.of(sent), types, applications, page.items(), Pager.of("/admin/events", sent, page)));
    }

    /** The filters as the repository takes them; each unreadable one adds a message for its field. */
    private static Filter filter(Map<String, String> sent, List<FieldError> errors) {
        String user = sent.get("user");
        UUID userId = null;
        String username = null;
        if (!user.isEmpty()) {
            userId = uuidOrNull(user);
            if (userId == null && user.length() > MAX_USER_CHARS) {
                errors.add(new FieldError("user", "A username is at most " + MAX_USER_CHARS + " characters."));
            } else if (userId == null) {
                username = user;
            }
        }
        UUID applicationId = null;
        if (!sent.get("application").isEmpty()) {
            applicationId = uuidOrNull(sent.get("application"));
            if (applicationId == null) {
                errors.add(new FieldError("application", "Choose one of the listed applications."));
            }
        }
        String type = sent.get("type");
        if (!type.isEmpty() && !TYPE.matcher(type).matches()) {
            errors.add(new FieldError("type", "An event type is up to 60 lower-case letters, digits, dots, hyphens and underscores."));
        }
        Instant since = time(sent, "since", errors);
        Instant until = time(sent, "until", errors);
        if (since != null && until != null && !until.isAfter(since)) {
            errors.add(new FieldError("until", "Must be later than From."));
        }
        return new Filter(username, userId, type.isEmpty() ? null : type, since, until, applicationId);
    }

    /**
     * A datetime-local value (2026-01-31T12:00, seconds optional) read as UTC; a date alone means its
     * start, and an ISO instant with an offset is taken as written.
     */
    private static Instant time(Map<String, String> sent, String field, List<FieldError> errors) {
        String v = sent.get(field);
        if (v.isEmpty()) {
            return null;
        }
        try {
            return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException notLocal) {
            try {
                return v.length() == 10 ? LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(v);
            } catch (DateTimeException e) {
                errors.add(new FieldError(field, "Enter a date and time in UTC, such as 2026-01-31T12:00."));
                return null;
            }
        }
    }

    private static UUID uuidOrNull(String v) {
        try {
            return v.length() == 36 ? UUID.fromString(v) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** "Any", then every prefix ("saml." for all saml.* events), then every type stored, and the one asked for if new. */
    static List<Option> typeOptions(List<String> storedTypes, String requested) {
        Set<String> prefixes = new LinkedHashSet<>();
        for (String t : storedTypes) {
            int dot = t.indexOf('.');
            if (dot > 0) {
                prefixes.add(t.substring(0, dot + 1));
            }
        }
        List<Option> options = new ArrayList<>();
        options.add(new Option("", "Any type"));
        prefixes.stream().sorted().forEach(p -> options.add(new Option(p, "All " + p + "* events")));
        storedTypes.forEach(t -> options.add(new Option(t, t)));
        if (!requested.isEmpty() && options.stream().noneMatch(o -> o.value().equals(requested))) {
            options.add(new Option(requested, requested.endsWith(".") ? "All " + requested + "* events" : requested));
        }
        return options;
    }

    private List<Option> applicationOptions() {
        List<Option> options = new ArrayList<>();
        options.add(new Option("", "Any application"));
        for (Application a : services.applications().list(new PageRequest(PageRequest.MAX_LIMIT, 0, "")).items()) {
            options.add(new Option(a.id().toString(), a.name() + " (" + a.slug() + ")"));
        }
        return options;
    }

    /** The events page: the filter form, its choices, and one page of events (none when a filter was refused). */
    public record EventList(AdminChrome chrome, FormState filters, List<Option> types, List<Option> applications,
                            List<AuditEvent> events, Pager pager) {
        public boolean failed(AuditEvent e) {
            return e.outcome() == AuditEvent.Outcome.FAILURE;
        }

        /** The detail map as "key: value" lines. */
        public List<String> detail(AuditEvent e) {
            return e.detail().entrySet().stream().map(d -> d.getKey() + ": " + d.getValue()).toList();
        }
    }
}
