package dev.signet.directory;

import java.util.Map;
import java.util.UUID;

/**
 * Fields of a group to create or change; null means "not given". {@code clearParent} removes the
 * parent (a JSON null), which a plain null cannot express.
 */
public record GroupInput(String name, Map<String, Object> attributes, UUID parentId, boolean clearParent) {
}
