package dev.signet.awsemulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The emulator's one JSON mapper. */
final class EmulatorJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private EmulatorJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
