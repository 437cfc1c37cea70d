package dev.signet.mappings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.mappings.MappingExpressions.EvaluationFailure;
import dev.signet.mappings.MappingExpressions.InvalidExpression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CEL environment of property mappings: types on save, results, limits, and every built-in mapping. */
class MappingExpressionsTest {
    private final MappingExpressions cel = new MappingExpressions();
    private final Map<String, Object> vars = new HashMap<>(Map.of(
            "user.id", "7f0c4a52-0000-4000-8000-000000000001",
            "user.username", "alice smith",
            "user.email", "alice@example.com",
            "user.name", "Alice Smith",
            "user.attributes", Map.of("department", "R&D", "level", 3L, "aliases", List.of("al", "ali")),
            "user.groups", List.of("engineers", "admins"),
            "aws.roles", List.of("arn:aws:iam::111122223333:role/Dev,arn:aws:iam::111122223333:saml-provider/signet"),
            "aws.session_duration", 7200L,
            "application.slug", "aws"));

    private List<String> eval(String expression) {
        return cel.evaluate(cel.compile(expression), vars::get);
    }

    @Test
    void a_type_error_is_reported_on_compile_with_its_position() {
        assertThatThrownBy(() -> cel.compile("user.username + 1"))
                .isInstanceOf(InvalidExpression.class)
                .hasMessageContaining("line 1:15").hasMessageContaining("no matching overload").hasMessageContaining("^");
        assertThatThrownBy(() -> cel.compile("usr.name")).hasMessageContaining("undeclared reference to 'usr'");
        assertThatThrownBy(() -> cel.compile("user.username.(")).isInstanceOf(InvalidExpression.class);
    }

    @Test
    void a_result_that_is_not_strings_is_refused_on_compile() {
        assertThatThrownBy(() -> cel.compile("1 + 2")).hasMessageContaining("gives int").hasMessageContaining("string(...)");
        assertThatThrownBy(() -> cel.compile("[1, 2]")).hasMessageContaining("gives list(int)");
        assertThatThrownBy(() -> cel.compile("user.attributes")).hasMessageContaining("gives map(string, dyn)");
        assertThat(cel.compile("user.groups").expression()).isEqualTo("user.groups");
        assertThat(cel.compile("user.attributes.level").expression()).isEqualTo("user.attributes.level");
    }

    @Test
    void results_become_attribute_values() {
        assertThat(eval("user.email")).containsExactly("alice@example.com");
        assertThat(eval("user.groups.map(g, 'team-' + g)")).containsExactly("team-engineers", "team-admins");
        assertThat(eval("['a', 'b', 'a']")).as("duplicates removed").containsExactly("a", "b");
        assertThat(eval("null")).isEmpty();
        assertThat(eval("''")).as("an empty string leaves the attribute out").isEmpty();
        assertThat(eval("user.attributes.level")).as("a number from user attributes is written as text").containsExactly("3");
        assertThat(eval("user.attributes.aliases")).containsExactly("al", "ali");
        assertThat(eval("'department' in user.attributes ? user.attributes.department : null")).containsExactly("R&D");
    }

    @Test
    void a_failing_evaluation_says_why() {
        assertThatThrownBy(() -> eval("user.attributes.missing")).isInstanceOf(EvaluationFailure.class)
                .hasMessageContaining("missing");
        vars.put("user.attributes", Map.of("nested", Map.of("a", "b"), "lists", List.of(List.of("a"))));
        assertThatThrownBy(() -> eval("user.attributes.lists")).isInstanceOf(EvaluationFailure.class)
                .hasMessageContaining("list inside a list");
        assertThatThrownBy(() -> eval("user.attributes.nested")).isInstanceOf(EvaluationFailure.class).hasMessageContaining("map");
    }

    @Test
    void a_growing_value_is_stopped_at_the_step_that_makes_it_too_large() {
        vars.put("user.username", "a".repeat(100));
        String grow = "user.username" + ".replace('a', 'aaaaaaaaaaaaaaaa')".repeat(6);
        long start = System.nanoTime();
        assertThatThrownBy(() -> eval(grow)).isInstanceOf(EvaluationFailure.class).hasMessageContaining("10000 characters");
        // Without the check the sixth step builds 1.6e9 characters; with it the third (160,000) is the last.
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(5));
        assertThatThrownBy(() -> eval("[user.username, user.username].join('') + " + "user.username + ".repeat(100) + "''"))
                .isInstanceOf(EvaluationFailure.class).hasMessageContaining("cost limit");
    }

    @Test
    void the_comprehension_iteration_limit_stops_a_long_loop() {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            groups.add("g" + i);
        }
        vars.put("user.groups", groups);
        // 200 x 200 = 40,000 iterations; the limit is 10,000.
        assertThatThrownBy(() -> eval("user.groups.exists(g, user.groups.exists(h, h == g + 'x')) ? 'x' : 'y'"))
                .isInstanceOf(EvaluationFailure.class).hasMessageContaining("10000 comprehension iterations");
        vars.put("user.groups", groups.subList(0, 90));
        assertThat(eval("user.groups.exists(g, user.groups.exists(h, h == g + 'x')) ? 'x' : 'y'"))
                .as("90 x 90 = 8,100 is within the limits").containsExactly("y");
    }

    @Test
    void checking_an_expression_does_not_need_it_to_be_kept() {
        for (int i = 0; i < 1_200; i++) {
            cel.check("'x" + i + "'");
        }
        assertThatThrownBy(() -> cel.check(null)).isInstanceOf(InvalidExpression.class);
        assertThatThrownBy(() -> cel.compile(null)).isInstanceOf(InvalidExpression.class);
    }

    @Test
    void evaluation_cost_is_limited() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1_500; i++) {
            many.add("g" + i);
        }
        vars.put("user.groups", many);
        // 1,500 x 1,500 iterations: far above the limits, stopped instead of running for seconds.
        assertThatThrownBy(() -> eval("user.groups.filter(g, user.groups.exists(h, h + g == 'x')).map(g, g)"))
                .isInstanceOf(EvaluationFailure.class).hasMessageContaining("cost limit");
        assertThat(eval("user.groups.filter(g, g.endsWith('99'))")).as("one pass over 1,500 is within the limits").hasSize(15);
        assertThatThrownBy(() -> eval("user.groups")).as("but not 1,500 values").hasMessageContaining("at most 1000");
        List<String> tooMany = new ArrayList<>(many);
        for (int i = 0; i < 10_000; i++) {
            tooMany.add("h" + i);
        }
        vars.put("user.groups", tooMany);
        assertThatThrownBy(() -> eval("user.groups.map(g, g)")).as("a list of more than 10,000 elements")
                .isInstanceOf(EvaluationFailure.class).hasMessageContaining("cost limit");
        assertThatThrownBy(() -> cel.compile("'" + "x".repeat(MappingExpressions.MAX_EXPRESSION_LENGTH) + "'"))
                .isInstanceOf(InvalidExpression.class).hasMessageContaining("longer than");
    }

    @Test
    void every_built_in_mapping_compiles_and_gives_what_it_promises() {
        Map<String, List<String>> expected = Map.of(
                "username", List.of("alice smith"),
                "email", List.of("alice@example.com"),
                "name", List.of("Alice Smith"),
                "groups", List.of("engineers", "admins"),
                "user-id", List.of("7f0c4a52-0000-4000-8000-000000000001"),
                "aws-role", List.of("arn:aws:iam::111122223333:role/Dev,arn:aws:iam::111122223333:saml-provider/signet"),
                "aws-role-session-name", List.of("alice-smith"),
                "aws-session-duration", List.of("7200"),
                "aws-source-identity", List.of("alice-smith"));
        assertThat(BuiltInMappings.ALL).extracting(BuiltInMappings.Definition::key).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (BuiltInMappings.Definition d : BuiltInMappings.ALL) {
            assertThat(eval(d.expression())).as(d.key()).isEqualTo(expected.get(d.key()));
        }
        vars.put("aws.session_duration", 0L);
        assertThat(eval(BuiltInMappings.AWS_SESSION_DURATION.expression())).as("no duration set: not sent").isEmpty();
        vars.put("user.email", "");
        assertThat(eval(BuiltInMappings.EMAIL.expression())).as("no e-mail: not sent").isEmpty();
    }

    @Test
    void principal_tags_come_from_a_user_attribute_made_to_fit() {
        assertThat(eval(BuiltInMappings.principalTagExpression("department"))).containsExactly("R_D");
        assertThat(eval(BuiltInMappings.principalTagExpression("level"))).containsExactly("3");
        assertThat(eval(BuiltInMappings.principalTagExpression("cost center"))).as("absent attribute: tag left out").isEmpty();
        assertThat(eval(BuiltInMappings.principalTagExpression("we\"ird\\key"))).isEmpty();
    }

    @Test
    void aws_session_names_always_fit_the_pattern() {
        for (String in : List.of("alice smith", "a", "", "名前", "x".repeat(100), "ok.name@example.com", "tab\there")) {
            String fitted = AwsFitting.sessionName(in);
            assertThat(fitted).as(in).matches("[a-zA-Z_0-9+=,.@-]{2,64}");
        }
        assertThat(AwsFitting.sessionName("ok.name@example.com")).isEqualTo("ok.name@example.com");
        assertThat(AwsFitting.tagValue("Zürich office #3")).isEqualTo("Zürich office _3");
        assertThat(AwsFitting.tagValue("v".repeat(300))).hasSize(256);
    }

    @Test
    void quoted_strings_evaluate_to_themselves() {
        for (String s : List.of("plain", "quote\"d", "back\\slash", "new\nline", "\u0001ctl", "ünï", "'single'")) {
            assertThat(eval(CelStrings.quote(s))).as(s).containsExactly(s);
        }
    }
}
