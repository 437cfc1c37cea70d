package dev.signet.mappings;

import dev.cel.common.types.CelType;
import java.util.stream.Collectors;

/** CEL types as an administrator reads them: "int", "list(string)", "map(string, dyn)". */
final class CelTypes {
    private CelTypes() {
    }

    static String describe(CelType type) {
        if (type.parameters().isEmpty()) {
            return type.name();
        }
        return type.name() + "(" + type.parameters().stream().map(CelTypes::describe).collect(Collectors.joining(", ")) + ")";
    }
}
