package dev.signet.mappings;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CEL environment of property mappings: which variables an expression may use (with their
 * types, so that mistakes are found when the mapping is saved), the extra functions, and the limits
 * that keep one evaluation cheap whatever an administrator writes.
 */
public final class MappingExpressions {
    /** Longest expression accepted, in code points. */
    public static final int MAX_EXPRESSION_LENGTH = 4_000;
    /** Evaluation steps (expression nodes visited) one evaluation may take before it is stopped. */
    public static final int MAX_EVALUATION_STEPS = 100_000;
    /** Comprehension iterations (filter, map, exists..., nested ones counted together) one evaluation may take. */
    public static final int MAX_COMPREHENSION_ITERATIONS = 10_000;
    /**
     * Longest string and largest list or map any step may produce: checked as each step finishes, so
     * that growth (repeated replace, concatenation, join) stops at once rather than at the end.
     */
    public static final int MAX_INTERMEDIATE_SIZE = 10_000;
    /** Compiled expressions kept; when full, the cache starts over. */
    private static final int MAX_CACHED = 1_000;

    /** The variables, by qualified name, and their CEL types. Described in docs/property-mappings.md. */
    public static final Map<String, CelType> VARIABLES = variables();

    /** The functions Signet adds to CEL, as an editor's reference: signature and what it does. */
    public static final Map<String, String> FUNCTIONS = Map.of(
            AwsFitting.SESSION_NAME_FUNCTION + "(string)", "The value made to fit AWS's RoleSessionName pattern [a-zA-Z_0-9+=,.@-]{2,64}.",
            AwsFitting.TAG_VALUE_FUNCTION + "(string)", "The value made to fit AWS's session tag value rules.");

    private final Cel cel;
    private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

    public MappingExpressions() {
        CelOptions options = CelOptions.current()
                .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
                .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
                .build();
        var builder = CelFactory.standardCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addCompilerLibraries(CelExtensions.strings())
                .addRuntimeLibraries(CelExtensions.strings())
                .addFunctionDeclarations(
                        CelFunctionDecl.newFunctionDeclaration(AwsFitting.SESSION_NAME_FUNCTION,
                                CelOverloadDecl.newGlobalOverload("aws_session_name_string",
                                        "The value made to fit AWS's RoleSessionName pattern [a-zA-Z_0-9+=,.@-]{2,64}.",
                                        SimpleType.STRING, SimpleType.STRING)),
                        CelFunctionDecl.newFunctionDeclaration(AwsFitting.TAG_VALUE_FUNCTION,
                                CelOverloadDecl.newGlobalOverload("aws_tag_value_string",
                                        "The value made to fit AWS's session tag value rules.",
                                        SimpleType.STRING, SimpleType.STRING)))
                .addFunctionBindings(
                        CelFunctionBinding.from("aws_session_name_string", String.class, AwsFitting::sessionName),
                        CelFunctionBinding.from("aws_tag_value_string", String.class, AwsFitting::tagValue));
        VARIABLES.forEach(builder::addVar);
        this.cel = builder.build();
    }

    private static Map<String, CelType> variables() {
        Map<String, CelType> v = new LinkedHashMap<>();
        v.put("user.id", SimpleType.STRING);
        v.put("user.username", SimpleType.STRING);
        v.put("user.email", SimpleType.STRING);
        v.put("user.name", SimpleType.STRING);
        v.put("user.attributes", stringMap());
        v.put("user.groups", ListType.create(SimpleType.STRING));
        v.put("user.group_attributes", MapType.create(SimpleType.STRING, stringMap()));
        v.put("application.slug", SimpleType.STRING);
        v.put("application.name", SimpleType.STRING);
        v.put("provider.entity_id", SimpleType.STRING);
        v.put("provider.acs_url", SimpleType.STRING);
        v.put("request.client_address", SimpleType.STRING);
        v.put("request.user_agent", SimpleType.STRING);
        v.put("aws.roles", ListType.create(SimpleType.STRING));
        v.put("aws.session_duration", SimpleType.INT);
        return Map.copyOf(v);
    }

    /** The variables with their types as an administrator reads them ("list(string)"), by name. */
    public static java.util.SortedMap<String, String> variableTypes() {
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        VARIABLES.forEach((name, type) -> out.put(name, CelTypes.describe(type)));
        return out;
    }

    private static CelType stringMap() {
        return MapType.create(SimpleType.STRING, SimpleType.DYN);
    }

    /** A compiled, type-checked expression, ready to evaluate. */
    public static final class Compiled {
        private final String expression;
        private final CelRuntime.Program program;

        private Compiled(String expression, CelRuntime.Program program) {
            this.expression = expression;
            this.program = program;
        }

        public String expression() {
            return expression;
        }
    }

    /** An expression that does not compile or has the wrong type: the message says where and why. */
    public static final class InvalidExpression extends RuntimeException {
        public InvalidExpression(String message) {
            super(message);
        }
    }

    /** An evaluation that failed: a missing key, a wrong dynamic type, the cost limit... */
    public static final class EvaluationFailure extends RuntimeException {
        public EvaluationFailure(String message) {
            super(message);
        }
    }

    /**
     * Compiles and type-checks; the result must be a string, a list of strings, or something CEL
     * only knows at run time (dyn) or null. Compiled programs are kept per expression text.
     */
    public Compiled compile(String expression) {
        if (expression == null) {
            throw new InvalidExpression("The expression is empty.");
        }
        Compiled known = cache.get(expression);
        if (known != null) {
            return known;
        }
        Compiled compiled = compileUncached(expression);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(expression, compiled);
        return compiled;
    }

    /** Compiles without keeping the result: for checking text that may never be saved. */
    public void check(String expression) {
        if (expression == null) {
            throw new InvalidExpression("The expression is empty.");
        }
        if (!cache.containsKey(expression)) {
            compileUncached(expression);
        }
    }

    private Compiled compileUncached(String expression) {
        if (expression.isBlank()) {
            throw new InvalidExpression("The expression is empty.");
        }
        if (expression.codePointCount(0, expression.length()) > MAX_EXPRESSION_LENGTH) {
            throw new InvalidExpression("The expression is longer than " + MAX_EXPRESSION_LENGTH + " characters.");
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = cel.compile(expression).getAst();
        } catch (CelValidationException e) {
            throw new InvalidExpression(e.getMessage().replaceFirst("^ERROR: <input>:", "line "));
        }
        checkResultType(ast.getResultType());
        CelRuntime.Program program;
        try {
            program = cel.createProgram(ast);
        } catch (CelEvaluationException e) {
            throw new InvalidExpression(e.getMessage());
        }
        return new Compiled(expression, program);
    }

    private static void checkResultType(CelType type) {
        CelKind kind = type.kind();
        boolean ok = switch (kind) {
            case STRING, DYN, NULL_TYPE, ANY -> true;
            case LIST -> {
                CelKind element = type.parameters().get(0).kind();
                yield element == CelKind.STRING || element == CelKind.DYN || element == CelKind.ANY;
            }
            default -> false;
        };
        if (!ok) {
            throw new InvalidExpression("The expression gives " + CelTypes.describe(type)
                    + ", but a mapping must give a string or a list of strings (use string(...) to convert).");
        }
    }

    /**
     * Evaluates with the variables {@code resolver} gives; stops after {@link #MAX_EVALUATION_STEPS}.
     * Returns the attribute values: a string gives one, a list several, null or "" none.
     */
    public List<String> evaluate(Compiled compiled, VariableSource resolver) {
        int[] steps = {0};
        Object result;
        try {
            result = compiled.program.trace(name -> Optional.ofNullable(resolver.value(name)), (expr, value) -> {
                if (++steps[0] > MAX_EVALUATION_STEPS || tooLarge(value)) {
                    throw new CostLimitExceeded();
                }
            });
        } catch (CelEvaluationException e) {
            if (e.getCause() instanceof CostLimitExceeded || e.getMessage().contains(CostLimitExceeded.MESSAGE)) {
                throw new EvaluationFailure(COST_LIMIT);
            }
            if (e.getMessage() != null && e.getMessage().contains("Iteration budget exceeded")) {
                throw new EvaluationFailure("The expression exceeded the evaluation cost limit (" + MAX_COMPREHENSION_ITERATIONS
                        + " comprehension iterations).");
            }
            throw new EvaluationFailure(readable(e));
        } catch (CostLimitExceeded e) {
            throw new EvaluationFailure(COST_LIMIT);
        } catch (RuntimeException e) {
            throw new EvaluationFailure("The expression could not be evaluated: " + e.getMessage());
        }
        return MappingValues.of(result);
    }

    private static final String COST_LIMIT = "The expression exceeded the evaluation cost limit (" + MAX_EVALUATION_STEPS
            + " steps, or a value of more than " + MAX_INTERMEDIATE_SIZE + " characters or elements).";

    private static boolean tooLarge(Object value) {
        return value instanceof String s && s.length() > MAX_INTERMEDIATE_SIZE
                || value instanceof java.util.Collection<?> c && c.size() > MAX_INTERMEDIATE_SIZE
                || value instanceof java.util.Map<?, ?> m && m.size() > MAX_INTERMEDIATE_SIZE;
    }

    private static String readable(CelEvaluationException e) {
        String message = e.getMessage() == null ? "evaluation failed" : e.getMessage();
        return message.replace("evaluation error at <input>:", "evaluation error at position ");
    }

    /** The value of a context variable by qualified name, or null when it has none; asked lazily, per use. */
    @FunctionalInterface
    public interface VariableSource {
        Object value(String name);
    }

    private static final class CostLimitExceeded extends RuntimeException {
        static final String MESSAGE = "cost limit exceeded";

        CostLimitExceeded() {
            super(MESSAGE, null, false, false);
        }
    }
}
