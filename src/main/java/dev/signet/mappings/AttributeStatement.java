package dev.signet.mappings;

import dev.signet.mappings.MappingExpressions.Compiled;
import dev.signet.mappings.MappingExpressions.EvaluationFailure;
import dev.signet.mappings.MappingExpressions.InvalidExpression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluating mappings into an attribute statement: each mapping's values in order; mappings with the
 * same SAML name are merged into one attribute (values once each); attributes without values are
 * left out. Pure: no database, so the sign-in path and the benchmark run the same code.
 */
public final class AttributeStatement {
    private AttributeStatement() {
    }

    /** An attribute with its values, ready for the attribute statement. */
    public record MappedAttribute(String name, String friendlyName, String nameFormatUri, List<String> values) {
    }

    /** A mapping that could not be evaluated for a user: which one, and why. */
    public static final class MappingFailed extends RuntimeException {
        private final PropertyMapping mapping;

        public MappingFailed(PropertyMapping mapping, String message) {
            super(message);
            this.mapping = mapping;
        }

        public PropertyMapping mapping() {
            return mapping;
        }
    }

    /** The values of one mapping; throws {@link MappingFailed} naming the mapping. */
    public static List<String> evaluate(MappingExpressions expressions, PropertyMapping m, MappingContext context) {
        try {
            Compiled compiled = expressions.compile(m.expression());
            return expressions.evaluate(compiled, context);
        } catch (InvalidExpression | EvaluationFailure e) {
            throw new MappingFailed(m, e.getMessage());
        }
    }

    public static List<MappedAttribute> build(MappingExpressions expressions, List<PropertyMapping> sent, MappingContext context) {
        Map<String, MappedAttribute> byName = new LinkedHashMap<>();
        for (PropertyMapping m : sent) {
            List<String> values = evaluate(expressions, m, context);
            if (values.isEmpty()) {
                continue;
            }
            MappedAttribute existing = byName.get(m.samlName());
            if (existing == null) {
                byName.put(m.samlName(), new MappedAttribute(m.samlName(), m.friendlyName(), m.nameFormat().uri(), values));
            } else {
                List<String> merged = new ArrayList<>(existing.values());
                values.stream().filter(v -> !merged.contains(v)).forEach(merged::add);
                byName.put(m.samlName(), new MappedAttribute(m.samlName(), existing.friendlyName(), existing.nameFormatUri(), merged));
            }
        }
        return List.copyOf(byName.values());
    }
}
