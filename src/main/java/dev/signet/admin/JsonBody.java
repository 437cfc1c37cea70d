package dev.signet.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.errors.FieldErrors;
import dev.signet.web.BadRequestException;
import dev.signet.web.Json;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Reads one JSON request object field by field, collecting every type error and unknown field, so a
 * client learns about all of its mistakes at once. A missing field reads as null ("not given").
 */
final class JsonBody {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final JsonNode node;
    private final FieldErrors errors = new FieldErrors();

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    static JsonBody parse(Context ctx, Set<String> allowed) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new BadRequestException("Send the request body as application/json.");
        }
        JsonNode node = Json.parse(ctx.bodyAsBytes());
        if (!node.isObject()) {
            throw new BadRequestException("The request body must be a JSON object.");
        }
        JsonBody body = new JsonBody(node);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                body.errors.add(name, "Unknown field.");
            }
        }
        return body;
    }

    boolean has(String field) {
        return node.has(field);
    }

    boolean isNull(String field) {
        return node.has(field) && node.get(field).isNull();
    }

    /** A string field; JSON null reads as "" (clear the value). */
    String string(String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        if (v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            errors.add(field, "Must be a string.");
            return null;
        }
        return v.textValue();
    }

    Boolean bool(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            errors.add(field, "Must be true or false.");
            return null;
        }
        return v.booleanValue();
    }

    Integer integer(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            errors.add(field, "Must be a whole number.");
            return null;
        }
        return v.intValue();
    }

    Map<String, Object> object(String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        if (v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            errors.add(field, "Must be a JSON object.");
            return null;
        }
        return Json.MAPPER.convertValue(v, MAP);
    }

    UUID uuid(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        UUID id = v.isTextual() ? Ids.parseOrNull(v.textValue()) : null;
        if (id == null) {
            errors.add(field, "Must be an ID (UUID).");
        }
        return id;
    }

    List<UUID> uuids(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return v == null ? null : List.of();
        }
        if (!v.isArray()) {
            errors.add(field, "Must be a list of IDs.");
            return null;
        }
        List<UUID> ids = new ArrayList<>();
        for (JsonNode item : v) {
            UUID id = item.isTextual() ? Ids.parseOrNull(item.textValue()) : null;
            if (id == null) {
                errors.add(field, "Must be a list of IDs (UUIDs).");
                return null;
            }
            ids.add(id);
        }
        return ids;
    }

    /** A list of strings; JSON null reads as an empty list. */
    List<String> strings(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return v == null ? null : List.of();
        }
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode item : v) {
                if (!item.isTextual()) {
                    out = null;
                    break;
                }
                out.add(item.textValue());
            }
        }
        if (!v.isArray() || out == null) {
            errors.add(field, "Must be a list of strings.");
            return null;
        }
        return out;
    }

    /**
     * A list of objects whose members are all strings (or null), checked against the allowed names;
     * JSON null reads as an empty list.
     */
    List<Map<String, String>> stringObjects(String field, Set<String> allowed) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return v == null ? null : List.of();
        }
        if (!v.isArray()) {
            errors.add(field, "Must be a list of objects.");
            return null;
        }
        List<Map<String, String>> out = new ArrayList<>();
        int i = 0;
        for (JsonNode item : v) {
            String at = field + "[" + i++ + "]";
            if (!item.isObject()) {
                errors.add(at, "Must be an object.");
                continue;
            }
            Map<String, String> members = new java.util.LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!allowed.contains(e.getKey())) {
                    errors.add(at + "." + e.getKey(), "Unknown field.");
                } else if (e.getValue().isTextual()) {
                    members.put(e.getKey(), e.getValue().textValue());
                } else if (!e.getValue().isNull()) {
                    errors.add(at + "." + e.getKey(), "Must be a string.");
                }
            }
            out.add(members);
        }
        return out;
    }

    /** Throws the collected errors, if any; call after reading every field. */
    void finish() {
        errors.throwIfAny();
    }

    /** Throws the type errors together with the service's value errors, so a client sees them all at once. */
    void finish(FieldErrors valueErrors) {
        errors.addAll(valueErrors).throwIfAny();
    }
}
