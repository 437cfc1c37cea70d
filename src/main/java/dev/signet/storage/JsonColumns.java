package dev.signet.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Free-form attribute maps are stored as JSON text, which both H2 and PostgreSQL hold as TEXT. */
final class JsonColumns {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };

    private JsonColumns() {
    }

    static String write(Map<String, ?> map) {
        try {
            return MAPPER.writeValueAsString(map == null ? Map.of() : map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes are not serialisable as JSON", e);
        }
    }

    /** A stored JSON object whose values are all strings. */
    static Map<String, String> readStringMap(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        read(json).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    static Map<String, Object> read(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored attributes are not valid JSON", e);
        }
    }
}
