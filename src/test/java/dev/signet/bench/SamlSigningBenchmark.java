package dev.signet.bench;

import dev.signet.keys.Certificates;
import dev.signet.keys.Certificates.GeneratedKey;
import dev.signet.keys.CryptoProviders;
import dev.signet.keys.KeyType;
import dev.signet.keys.KeypairService.SigningCredential;
import dev.signet.saml.ResponseBuilder;
import dev.signet.saml.SamlResponseSpec;
import dev.signet.saml.SamlResponseSpec.Attribute;
import dev.signet.saml.SamlResponseSpec.NameId;
import dev.signet.saml.SignatureAlgorithm;
import dev.signet.saml.XmlWriter;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SAML responses per second as the IdP sends them to AWS (build the document, sign, serialise,
 * Base64), against one bare RSA-2048 SHA-256 signature over as many bytes: the floor that no XML
 * work can go below. Run once with the Amazon Corretto Crypto Provider installed and once with the
 * JDK's providers only, each in its own JVM.
 *
 * <p>Besides operations per second (wall clock), each iteration records the CPU time of the benchmark
 * thread ({@link CpuTime}): on a machine shared with other work, CPU time per operation still compares
 * the benchmarks fairly when the wall-clock rates do not.
 *
 * <p>Run: {@code bench/signing.sh} (prints the ratios), or
 * {@code java -cp ... org.openjdk.jmh.Main SamlSigningBenchmark -p crypto=accp}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Benchmark)
public class SamlSigningBenchmark {
    static final String AWS_ROLE = "https://aws.amazon.com/SAML/Attributes/Role";

    /** "accp": {@link CryptoProviders#install()} in setup, as the server does; "jdk": the JDK's providers only. */
    @Param({"accp", "jdk"})
    public String crypto;

    private SamlResponseSpec assertionSigned;
    private SamlResponseSpec bothSigned;
    private PrivateKey key;
    private PrivateKey jdkKey;
    /** As long as the serialised response of {@link #buildAndSignAssertion}: the same bytes to hash. */
    private byte[] payload;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        if ("accp".equals(crypto)) {
            System.out.println("# " + CryptoProviders.install());
        } else if (!"jdk".equals(crypto)) {
            throw new IllegalArgumentException("crypto must be accp or jdk, not " + crypto);
        }
        System.out.println("# SHA256withRSA from " + CryptoProviders.activeSignatureProvider());
        Instant now = Instant.now();
        // Generated through the default provider, as KeypairService reads stored keys: an ACCP key under ACCP.
        GeneratedKey generated = Certificates.generate(KeyType.RSA_2048, "idp.example.com", Duration.ofDays(365), now);
        key = generated.privateKey();
        jdkKey = (PrivateKey) KeyFactory.getInstance("RSA", "SunRsaSign").translateKey(key);
        SigningCredential credential = new SigningCredential(null, generated.certificate(), key);
        assertionSigned = awsResponse(now, credential, true, false);
        bothSigned = awsResponse(now, credential, true, true);
        payload = new byte[XmlWriter.toBytes(ResponseBuilder.build(assertionSigned)).length];
        ThreadLocalRandom.current().nextBytes(payload);
        System.out.println("# serialised response with signed assertion: " + payload.length + " bytes");
    }

    /**
     * CPU time of the benchmark thread (native code included, JIT and GC threads not) and calls made,
     * per measurement iteration; JMH reports both, summed, next to the score.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        public long cpuNanos;
        public long calls;
        private long start;

        @Setup(Level.Iteration)
        public void start() {
            cpuNanos = 0;
            calls = 0;
            start = THREADS.getCurrentThreadCpuTime();
        }

        @TearDown(Level.Iteration)
        public void stop() {
            cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
        }
    }

    /** What Signet answers an AWS sign-in with: the assertion signed, the response not. */
    @Benchmark
    public String buildAndSignAssertion(CpuTime cpu) {
        cpu.calls++;
        return Base64.getEncoder().encodeToString(XmlWriter.toBytes(ResponseBuilder.build(assertionSigned)));
    }

    /** Assertion and response signed: two signatures, the second over the first. */
    @Benchmark
    public String buildAndSignBoth(CpuTime cpu) {
        cpu.calls++;
        return Base64.getEncoder().encodeToString(XmlWriter.toBytes(ResponseBuilder.build(bothSigned)));
    }

    /** The baseline: one SHA256withRSA signature from the default provider over as many bytes. */
    @Benchmark
    public byte[] rawSignature(CpuTime cpu) throws GeneralSecurityException {
        cpu.calls++;
        return sign(Signature.getInstance("SHA256withRSA"), key);
    }

    /** The same with the JDK's SunRsaSign named explicitly (and a key of its own), whatever is installed. */
    @Benchmark
    public byte[] rawSignatureJdk(CpuTime cpu) throws GeneralSecurityException {
        cpu.calls++;
        return sign(Signature.getInstance("SHA256withRSA", "SunRsaSign"), jdkKey);
    }

    private byte[] sign(Signature signature, PrivateKey with) throws GeneralSecurityException {
        signature.initSign(with);
        signature.update(payload);
        return signature.sign();
    }

    static SamlResponseSpec awsResponse(Instant now, SigningCredential credential, boolean signAssertion, boolean signResponse) {
        String provider = "arn:aws:iam::123456789012:saml-provider/Signet";
        return new SamlResponseSpec("https://idp.example.com/application/saml/aws/", "https://signin.aws.amazon.com/saml",
                "urn:amazon:webservices", null,
                new NameId("7c9e6679-7425-40de-944b-e07fc1f90ae7", SamlResponseSpec.NAMEID_PERSISTENT),
                now, Duration.ofMinutes(1), Duration.ofMinutes(5), now.minusSeconds(30), "_session-4f1a2b",
                now.plus(Duration.ofHours(8)),
                List.of(new Attribute(AWS_ROLE, "Role", SamlResponseSpec.ATTRNAME_URI, List.of(
                                "arn:aws:iam::123456789012:role/Admin," + provider,
                                "arn:aws:iam::123456789012:role/Deploy," + provider,
                                "arn:aws:iam::123456789012:role/ReadOnly," + provider)),
                        new Attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "RoleSessionName",
                                SamlResponseSpec.ATTRNAME_URI, List.of("alice@example.com")),
                        new Attribute("https://aws.amazon.com/SAML/Attributes/SessionDuration", "SessionDuration",
                                SamlResponseSpec.ATTRNAME_URI, List.of("28800"))),
                signAssertion, signResponse, SignatureAlgorithm.RSA_SHA256, credential);
    }
}
