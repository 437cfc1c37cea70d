package dev.signet.console;

import dev.signet.admin.Ids;
import dev.signet.errors.ConflictException;
import dev.signet.errors.InvalidInputException;
import dev.signet.mappings.AttributeNameFormat;
import dev.signet.mappings.MappingExpressions;
import dev.signet.mappings.PropertyMapping;
import dev.signet.mappings.PropertyMappingInput;
import dev.signet.storage.Page;
import dev.signet.storage.PageRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * /admin/property-mappings: the list, the editor (CEL expression checked on save, and while typing
 * by cel-editor.js), read-only views of the built-in mappings, and deletion. The "test for user"
 * panel of a mapping's page is {@link MappingTestPanel}.
 */
public final class PropertyMappingsPages {
    static final String BASE = "/admin/property-mappings";
    private static final int PAGE_SIZE = 50;
    private static final Map<String, String> NOTICES = Map.of(
            "created", "Property mapping created.",
            "saved", "Property mapping saved.",
            "deleted", "Property mapping deleted.");

    private final Console console;
    private final ConsoleServices services;
    private final MappingTestPanel testPanel;

    PropertyMappingsPages(Console console, ConsoleServices services) {
        this.console = console;
        this.services = services;
        this.testPanel = new MappingTestPanel(console, services, this);
    }

    void register(RoutesConfig routes) {
        routes.get(BASE, this::list);
        routes.get(BASE + "/new", ctx -> renderEditor(ctx, 200, null, FormState.empty(), null));
        routes.post(BASE, this::create);
        routes.get(BASE + "/{id}", ctx -> {
            PropertyMapping m = mapping(ctx);
            renderEditor(ctx, 200, m, FormState.of(values(m)), null);
        });
        routes.post(BASE + "/{id}", this::update);
        routes.get(BASE + "/{id}/delete", this::confirmDelete);
        routes.post(BASE + "/{id}/delete", this::delete);
        testPanel.register(routes);
    }

    private void list(Context ctx) {
        String search = ctx.queryParam("name") == null ? "" : ctx.queryParam("name").strip();
        int offset = Pager.offset(ctx);
        Page<PropertyMapping> page = services.propertyMappings().list(new PageRequest(PAGE_SIZE, offset, search));
        List<MappingRow> rows = page.items().stream()
                .map(m -> new MappingRow(m, services.propertyMappings().slugsUsing(m.id())))
                .toList();
        console.render(ctx, 200, "admin/mappings/list.jte", new MappingList(
                console.chrome(ctx, "Property mappings", Section.PROPERTY_MAPPINGS, NOTICES), rows,
                Pager.of(BASE, Map.of("name", search), page), search));
    }

    private void create(Context ctx) {
        Form form = Form.of(ctx);
        PropertyMappingInput in = read(form);
        try {
            form.throwIfInvalid();
            PropertyMapping created = services.propertyMappings().create(in, console.origin(ctx));
            console.done(ctx, BASE + "/" + created.id(), "created");
        } catch (InvalidInputException e) {
            renderEditor(ctx, 400, null, form.refused(e), null);
        } catch (ConflictException e) {
            renderEditor(ctx, 409, null, form.refused(e), null);
        }
    }

    private void update(Context ctx) {
        PropertyMapping m = mapping(ctx);
        Form form = Form.of(ctx);
        PropertyMappingInput in = read(form);
        try {
            form.throwIfInvalid();
            services.propertyMappings().update(m.id(), in, console.origin(ctx));
            console.done(ctx, BASE + "/" + m.id(), "saved");
        } catch (InvalidInputException e) {
            renderEditor(ctx, 400, m, form.refused(e), null);
        } catch (ConflictException e) {
            FormState state = m.builtIn() ? FormState.of(values(m)) : form.refused(e);
            renderEditor(ctx, 409, m, state, m.builtIn() ? e.getMessage() : null);
        }
    }

    private void confirmDelete(Context ctx) {
        PropertyMapping m = mapping(ctx);
        String href = BASE + "/" + m.id();
        console.confirm(ctx, Section.PROPERTY_MAPPINGS, "Delete the property mapping " + m.name() + "?",
                "The mapping is removed for good. A mapping that a SAML provider sends cannot be deleted.",
                href + "/delete", "Delete mapping", href);
    }

    private void delete(Context ctx) {
        PropertyMapping m = mapping(ctx);
        try {
            services.propertyMappings().delete(m.id(), console.origin(ctx));
            console.done(ctx, BASE, "deleted");
        } catch (ConflictException e) {
            renderEditor(ctx, 409, m, FormState.of(values(m)), e.getMessage());
        }
    }

    /** The mapping's page (or the new-mapping form when {@code m} is null) with an idle test panel. */
    void renderEditor(Context ctx, int status, PropertyMapping m, FormState form, String problem) {
        renderEditor(ctx, status, m, form, problem, testPanel.idle());
    }

    void renderEditor(Context ctx, int status, PropertyMapping m, FormState form, String problem, MappingTestPanel.TestPanel test) {
        String title = m == null ? "New property mapping" : m.name();
        console.render(ctx, status, "admin/mappings/editor.jte", new MappingEditor(
                console.chrome(ctx, title, Section.PROPERTY_MAPPINGS, NOTICES), m, form, nameFormats(),
                m == null ? List.of() : services.propertyMappings().slugsUsing(m.id()), problem, test,
                MappingExpressions.variableTypes(), new TreeMap<>(MappingExpressions.FUNCTIONS)));
    }

    /** The mapping named by the path; a malformed ID is simply not found. */
    PropertyMapping mapping(Context ctx) {
        return services.propertyMappings().get(Ids.path(ctx, "id", "property mapping"));
    }

    static Map<String, String> values(PropertyMapping m) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("name", m.name());
        v.put("samlName", m.samlName());
        v.put("friendlyName", m.friendlyName() == null ? "" : m.friendlyName());
        v.put("nameFormat", m.nameFormat().wire());
        v.put("expression", m.expression());
        v.put("description", m.description() == null ? "" : m.description());
        return v;
    }

    private static PropertyMappingInput read(Form form) {
        return new PropertyMappingInput(form.text("name"), form.text("samlName"), form.text("friendlyName"),
                form.text("nameFormat"), form.text("expression"), form.text("description"));
    }

    private static List<Option> nameFormats() {
        List<Option> out = new ArrayList<>();
        out.add(new Option("", "From the SAML name (URI for urn: and URLs, else basic)"));
        for (AttributeNameFormat f : AttributeNameFormat.values()) {
            out.add(new Option(f.wire(), f.wire() + " (" + f.uri() + ")"));
        }
        return out;
    }

    /** The list page. */
    public record MappingList(AdminChrome chrome, List<MappingRow> rows, Pager pager, String search) {
    }

    /** One mapping in the list, with the applications whose providers send it. */
    public record MappingRow(PropertyMapping mapping, List<String> usedBy) {
    }

    /**
     * A mapping's page: the editor (or, for a built-in mapping, its read-only definition), the
     * applications using it, a refusal ({@code problem}) to show, the test panel, and the reference
     * of variables and functions. {@code mapping} is null on the new-mapping form.
     */
    public record MappingEditor(AdminChrome chrome, PropertyMapping mapping, FormState form, List<Option> nameFormats,
                                List<String> usedBy, String problem, MappingTestPanel.TestPanel test,
                                SortedMap<String, String> variables, SortedMap<String, String> functions) {
        public boolean isNew() {
            return mapping == null;
        }

        public boolean readOnly() {
            return mapping != null && mapping.builtIn();
        }

        public String action() {
            return mapping == null ? BASE : BASE + "/" + mapping.id();
        }
    }
}
