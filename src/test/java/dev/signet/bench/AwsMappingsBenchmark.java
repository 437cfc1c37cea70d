package dev.signet.bench;

import dev.signet.applications.Application;
import dev.signet.aws.RoleRule;
import dev.signet.bench.SamlSigningBenchmark.CpuTime;
import dev.signet.directory.Group;
import dev.signet.directory.User;
import dev.signet.keys.Certificates;
import dev.signet.keys.Certificates.GeneratedKey;
import dev.signet.keys.CryptoProviders;
import dev.signet.keys.KeyType;
import dev.signet.keys.KeypairService.SigningCredential;
import dev.signet.mappings.AttributeNameFormat;
import dev.signet.mappings.AttributeStatement;
import dev.signet.mappings.AttributeStatement.MappedAttribute;
import dev.signet.mappings.AwsFacts;
import dev.signet.mappings.BuiltInMappings;
import dev.signet.mappings.MappingContext;
import dev.signet.mappings.MappingExpressions;
import dev.signet.mappings.PropertyMapping;
import dev.signet.saml.ResponseBuilder;
import dev.signet.saml.SamlResponseSpec;
import dev.signet.saml.SamlResponseSpec.Attribute;
import dev.signet.saml.SamlResponseSpec.NameId;
import dev.signet.saml.SignatureAlgorithm;
import dev.signet.saml.XmlWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The AWS preset's attribute statement (Role for a user in 10 groups against 20 role rules,
 * RoleSessionName, SessionDuration and 3 PrincipalTags, through the same CEL evaluation as sign-in)
 * against building and signing the response that carries it. The goal: evaluating the
 * mappings costs less than 10% of building and signing. Run: {@code bench/mappings.sh}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class AwsMappingsBenchmark {
    private MappingExpressions expressions;
    private List<PropertyMapping> mappings;
    private User user;
    private Application application;
    private List<Group> userGroups;
    private AwsFacts aws;
    private SigningCredential credential;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() {
        System.out.println("# " + CryptoProviders.install());
        now = Instant.now();
        expressions = new MappingExpressions();
        mappings = new ArrayList<>();
        for (BuiltInMappings.Definition d : List.of(BuiltInMappings.AWS_ROLE, BuiltInMappings.AWS_ROLE_SESSION_NAME,
                BuiltInMappings.AWS_SESSION_DURATION)) {
            mappings.add(mapping(d.key(), d.samlName(), d.friendlyName(), d.expression()));
        }
        for (String[] tag : new String[][] {{"Department", "department"}, {"CostCenter", "cost_center"}, {"Team", "team"}}) {
            mappings.add(mapping("tag-" + tag[0], BuiltInMappings.principalTagName(tag[0]), tag[0],
                    BuiltInMappings.principalTagExpression(tag[1])));
        }
        // 20 rules over 20 groups; the user is in 10 groups, 3 of which have a rule.
        List<Group> allGroups = new ArrayList<>();
        for (int i = 0; i < 27; i++) {
            allGroups.add(new Group(UUID.randomUUID(), "group-" + i, Map.of(), null, now, now));
        }
        List<RoleRule> rules = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String account = String.format("1111%08d", i % 4);
            rules.add(new RoleRule(allGroups.get(i + 7).id(), allGroups.get(i + 7).name(), "aws", account, "/", "Role" + i, "signet"));
        }
        userGroups = List.copyOf(allGroups.subList(0, 10));
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("department", "Platform Engineering");
        attributes.put("cost_center", 4711L);
        attributes.put("team", "SRE/on-call");
        user = new User(UUID.randomUUID(), "alice.example", "alice@example.com", "Alice Example", true, false, attributes, now, now, now);
        application = new Application(UUID.randomUUID(), "aws", "AWS", null, null, null, Application.AccessMode.ALL, List.of(), now, now);
        aws = new AwsFacts() {
            @Override
            public List<String> roles(UUID applicationId, List<Group> groups) {
                return RoleRule.roleValues(rules, groups);
            }

            @Override
            public int sessionDuration(UUID applicationId) {
                return 28_800;
            }
        };
        GeneratedKey generated = Certificates.generate(KeyType.RSA_2048, "idp.example.com", Duration.ofDays(365), now);
        credential = new SigningCredential(null, generated.certificate(), generated.privateKey());
        List<MappedAttribute> sample = evaluate();
        System.out.println("# attributes: " + sample);
        if (sample.size() != 6 || sample.get(0).values().size() != 3) {
            throw new IllegalStateException("unexpected statement " + sample);
        }
    }

    private static PropertyMapping mapping(String name, String samlName, String friendlyName, String expression) {
        return new PropertyMapping(UUID.randomUUID(), null, name, samlName, friendlyName, AttributeNameFormat.URI, expression, null,
                Instant.EPOCH, Instant.EPOCH);
    }

    private List<MappedAttribute> evaluate() {
        MappingContext context = new MappingContext(user, application, "urn:amazon:webservices", "https://signin.aws.amazon.com/saml",
                new MappingContext.Request("192.0.2.10", "Mozilla/5.0"), () -> userGroups, aws);
        return AttributeStatement.build(expressions, mappings, context);
    }

    private String buildAndSign(List<MappedAttribute> mapped) {
        List<Attribute> attributes = new ArrayList<>(mapped.size());
        for (MappedAttribute a : mapped) {
            attributes.add(new Attribute(a.name(), a.friendlyName(), a.nameFormatUri(), a.values()));
        }
        SamlResponseSpec spec = new SamlResponseSpec("https://idp.example.com/application/saml/aws/",
                "https://signin.aws.amazon.com/saml", "urn:amazon:webservices", null,
                new NameId("7c9e6679-7425-40de-944b-e07fc1f90ae7", SamlResponseSpec.NAMEID_PERSISTENT), now, Duration.ofMinutes(1),
                Duration.ofMinutes(5), now.minusSeconds(30), "_session-4f1a2b", now.plus(Duration.ofHours(8)), attributes, true, false,
                SignatureAlgorithm.RSA_SHA256, credential);
        return Base64.getEncoder().encodeToString(XmlWriter.toBytes(ResponseBuilder.build(spec)));
    }

    /** Evaluating the six AWS mappings into the attribute statement, as at sign-in. */
    @Benchmark
    public List<MappedAttribute> evaluateMappings(CpuTime cpu) {
        cpu.calls++;
        return evaluate();
    }

    /** Building, signing and encoding the response with that statement (the baseline). */
    @Benchmark
    public String buildAndSign(CpuTime cpu, Statement statement) {
        cpu.calls++;
        return buildAndSign(statement.attributes);
    }

    /** Both, as one sign-in does them. */
    @Benchmark
    public String evaluateBuildAndSign(CpuTime cpu) {
        cpu.calls++;
        return buildAndSign(evaluate());
    }

    /** The statement evaluated once, for the baseline. */
    @State(Scope.Thread)
    public static class Statement {
        List<MappedAttribute> attributes;

        @Setup(Level.Trial)
        public void setUp(AwsMappingsBenchmark benchmark) {
            attributes = benchmark.evaluate();
        }
    }
}
