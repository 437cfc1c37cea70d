package dev.signet.console;

import dev.signet.errors.InvalidInputException;
import dev.signet.settings.RuntimeSetting;
import dev.signet.settings.RuntimeSettings;
import dev.signet.settings.RuntimeSettings.Current;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import dev.signet.errors.NotFoundException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * /admin/settings: the settings an administrator may change while Signet runs (public URL, session
 * lifetimes, password lengths, login throttling), each with its value and where that comes from.
 */
public final class SettingsPages {
    private static final Map<String, String> NOTICES = Map.of(
            "saved", "Settings saved. They apply on this node now and on every other node within "
                    + RuntimeSettings.STALENESS.toSeconds() + " seconds.",
            "unchanged", "Nothing changed: every value was already in effect.",
            "reset", "Setting reset to its configured value.");

    private final Console console;
    private final RuntimeSettings settings;

    SettingsPages(Console console, ConsoleServices services) {
        this.console = console;
        this.settings = services.settings();
    }

    void register(RoutesConfig routes) {
        routes.get("/admin/settings", this::show);
        routes.post("/admin/settings", this::save);
        routes.post("/admin/settings/reset/{field}", this::reset);
    }

    private void show(Context ctx) {
        render(ctx, 200, FormState.of(currentValues()));
    }

    private void save(Context ctx) {
        Form form = Form.of(ctx);
        Map<RuntimeSetting, String> submitted = new EnumMap<>(RuntimeSetting.class);
        for (RuntimeSetting s : RuntimeSetting.values()) {
            String v = form.text(s.field());
            if (v != null) {
                submitted.put(s, v);
            }
        }
        try {
            form.throwIfInvalid();
            List<RuntimeSetting> changed = settings.update(submitted, console.origin(ctx));
            console.done(ctx, "/admin/settings", changed.isEmpty() ? "unchanged" : "saved");
        } catch (InvalidInputException e) {
            render(ctx, 400, form.refused(e));
        }
    }

    private void reset(Context ctx) {
        RuntimeSetting setting = byField(ctx.pathParam("field"));
        try {
            settings.reset(setting, console.origin(ctx));
            console.done(ctx, "/admin/settings", "reset");
        } catch (InvalidInputException e) {
            render(ctx, 400, FormState.refused(currentValues(), e));
        }
    }

    private static RuntimeSetting byField(String field) {
        for (RuntimeSetting s : RuntimeSetting.values()) {
            if (s.field().equals(field)) {
                return s;
            }
        }
        throw new NotFoundException("setting");
    }

    private Map<String, String> currentValues() {
        Map<String, String> values = new LinkedHashMap<>();
        for (Current c : settings.all()) {
            values.put(c.setting().field(), c.value());
        }
        return values;
    }

    private void render(Context ctx, int status, FormState form) {
        console.render(ctx, status, "admin/settings/edit.jte", new SettingsForm(console.chrome(ctx, "Settings", Section.SETTINGS, NOTICES),
                form, settings.all(), RuntimeSettings.STALENESS.toSeconds()));
    }

    /** The settings page: the form, and each setting's stored value and source. */
    public record SettingsForm(AdminChrome chrome, FormState form, List<Current> settings, long stalenessSeconds) {
        /** What the setting is, where its value comes from now, and the configured value a reset returns to. */
        public String hint(Current c) {
            String from = switch (c.source()) {
                case DEFAULT -> "Now the built-in default.";
                case CONFIG -> "Now from the config file or environment.";
                case CONSOLE -> "Now set in this console; configured value: " + c.configuredValue() + ".";
            };
            return c.setting().description() + " " + from;
        }

        public String inputType(Current c) {
            return c.setting() == RuntimeSetting.PUBLIC_URL || c.setting().isDuration() ? "text" : "number";
        }
    }
}
