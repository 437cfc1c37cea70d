package dev.signet.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.web.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A SAML service provider that we did not write (pysaml2, run by {@code src/test/python/pysaml2_sp.py}), as a
 * process on an ephemeral port, so tests can prove that what Signet sends is accepted, and what it must not
 * send is refused, by someone else's SP.
 */
public final class PySaml2Sp implements AutoCloseable {
    private static final Path SCRIPT = Path.of("src/test/python/pysaml2_sp.py");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int KEPT_LINES = 200;

    /** The binding the SP sends its AuthnRequest with. */
    public enum Binding { REDIRECT, POST }

    /**
     * How the SP is configured, as its administrator would: whom it trusts (the IdP metadata) and what it demands.
     * Start from {@link #trusting(byte[])} and change one thing at a time.
     */
    public record Options(byte[] idpMetadata, String entityId, boolean allowUnsolicited, boolean wantResponseSigned,
                          boolean wantAssertionsSigned, String spKeyPem, String spCertPem, boolean signRequests,
                          Binding binding, boolean forceAuthn, boolean isPassive, String nameIdFormat) {

        /** SP-initiated only, assertions must be signed, requests unsigned over HTTP-Redirect. */
        public static Options trusting(byte[] idpMetadata) {
            return new Options(idpMetadata, null, false, false, true, null, null, false, Binding.REDIRECT, false, false, null);
        }

        public Options entityId(String id) {
            return new Options(idpMetadata, id, allowUnsolicited, wantResponseSigned, wantAssertionsSigned, spKeyPem,
                    spCertPem, signRequests, binding, forceAuthn, isPassive, nameIdFormat);
        }

        /** Accept IdP-initiated responses (no InResponseTo). */
        public Options allowUnsolicited(boolean allow) {
            return new Options(idpMetadata, entityId, allow, wantResponseSigned, wantAssertionsSigned, spKeyPem,
                    spCertPem, signRequests, binding, forceAuthn, isPassive, nameIdFormat);
        }

        public Options wantResponseSigned(boolean want) {
            return new Options(idpMetadata, entityId, allowUnsolicited, want, wantAssertionsSigned, spKeyPem,
                    spCertPem, signRequests, binding, forceAuthn, isPassive, nameIdFormat);
        }

        public Options wantAssertionsSigned(boolean want) {
            return new Options(idpMetadata, entityId, allowUnsolicited, wantResponseSigned, want, spKeyPem,
                    spCertPem, signRequests, binding, forceAuthn, isPassive, nameIdFormat);
        }

        /** Sign AuthnRequests (and LogoutRequests) with this PEM key; the certificate goes into the SP metadata. */
        public Options signRequests(String keyPem, String certPem) {
            return new Options(idpMetadata, entityId, allowUnsolicited, wantResponseSigned, wantAssertionsSigned, keyPem,
                    certPem, true, binding, forceAuthn, isPassive, nameIdFormat);
        }

        public Options binding(Binding b) {
            return new Options(idpMetadata, entityId, allowUnsolicited, wantResponseSigned, wantAssertionsSigned, spKeyPem,
                    spCertPem, signRequests, b, forceAuthn, isPassive, nameIdFormat);
        }

        public Options forceAuthn(boolean force) {
            return new Options(idpMetadata, entityId, allowUnsolicited, wantResponseSigned, wantAssertionsSigned, spKeyPem,
                    spCertPem, signRequests, binding, force, isPassive, nameIdFormat);
        }

        public Options isPassive(boolean passive) {
            return new Options(idpMetadata, entityId, allowUnsolicited, wantResponseSigned, wantAssertionsSigned, spKeyPem,
                    spCertPem, signRequests, binding, forceAuthn, passive, nameIdFormat);
        }

        /** The NameIDPolicy format of the AuthnRequest and the NameIDFormat of the SP metadata. */
        public Options nameIdFormat(String format) {
            return new Options(idpMetadata, entityId, allowUnsolicited, wantResponseSigned, wantAssertionsSigned, spKeyPem,
                    spCertPem, signRequests, binding, forceAuthn, isPassive, format);
        }
    }

    /** What an SP endpoint answered: the HTTP status and the JSON body ({@code ok}, then the details or {@code error}). */
    public record Outcome(int status, JsonNode body) {
        public boolean ok() {
            return status == 200 && body.path("ok").asBoolean(false);
        }

        public String error() {
            return body.path("error").asText(null);
        }
    }

    private final Process process;
    private final Output output;
    private final Path dir;
    private final String baseUrl;
    private final String entityId;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private PySaml2Sp(Process process, Output output, Path dir, int port, String entityId) {
        this.process = process;
        this.output = output;
        this.dir = dir;
        this.baseUrl = "http://127.0.0.1:" + port;
        this.entityId = entityId != null ? entityId : baseUrl + "/metadata";
    }

    /** Starts the SP and returns once it listens; fails with its output when it does not within 30 seconds. */
    public static PySaml2Sp start(Options options) throws IOException {
        Path python = ExternalTools.requirePysaml2();
        if (!Files.isRegularFile(SCRIPT)) {
            throw new IllegalStateException(SCRIPT.toAbsolutePath() + " not found: run the tests from the project directory");
        }
        Path dir = Files.createTempDirectory("pysaml2-sp-");
        List<String> command = new ArrayList<>(List.of(python.toString(), SCRIPT.toAbsolutePath().toString(),
                "--port", "0", "--idp-metadata", Files.write(dir.resolve("idp-metadata.xml"), options.idpMetadata()).toString(),
                "--binding", options.binding().name().toLowerCase()));
        if (options.entityId() != null) {
            command.addAll(List.of("--entity-id", options.entityId()));
        }
        if (options.spKeyPem() != null) {
            command.addAll(List.of("--sp-key", Files.writeString(dir.resolve("sp.key"), options.spKeyPem()).toString(),
                    "--sp-cert", Files.writeString(dir.resolve("sp.crt"), options.spCertPem()).toString()));
        }
        if (options.nameIdFormat() != null) {
            command.addAll(List.of("--name-id-format", options.nameIdFormat()));
        }
        flag(command, options.signRequests(), "--sign-requests");
        flag(command, options.allowUnsolicited(), "--allow-unsolicited");
        flag(command, options.wantResponseSigned(), "--want-response-signed");
        flag(command, !options.wantAssertionsSigned(), "--no-want-assertions-signed");
        flag(command, options.forceAuthn(), "--force-authn");
        flag(command, options.isPassive(), "--is-passive");

        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        Output output = new Output();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        output.drain(process.getInputStream(), "out", listening);
        output.drain(process.getErrorStream(), "err", null);
        process.onExit().thenRun(() -> listening.completeExceptionally(
                new IllegalStateException("pysaml2 SP exited with " + process.exitValue())));
        try {
            return new PySaml2Sp(process, output, dir, listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                    options.entityId());
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            new PySaml2Sp(process, output, dir, 0, null).close();
            throw new IllegalStateException("pysaml2 SP did not start (" + e + "); its output:\n" + output.recent(), e);
        }
    }

    private static void flag(List<String> command, boolean on, String flag) {
        if (on) {
            command.add(flag);
        }
    }

    /** The last lines of the SP's stdout and stderr, read by background threads so the process never blocks. */
    private static final class Output {
        private final Deque<String> lines = new ArrayDeque<>();
        private final List<Thread> readers = new ArrayList<>();

        void drain(InputStream stream, String name, CompletableFuture<Integer> listening) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (listening != null && line.startsWith("LISTENING ")) {
                            listening.complete(Integer.parseInt(line.substring("LISTENING ".length()).trim()));
                        }
                        add(name + ": " + line);
                    }
                } catch (IOException e) {
                    // the process ended; nothing more to read
                }
            }, "pysaml2-sp-" + name);
            t.setDaemon(true);
            t.start();
            readers.add(t);
        }

        synchronized void add(String line) {
            lines.addLast(line);
            while (lines.size() > KEPT_LINES) {
                lines.removeFirst();
            }
        }

        /** Waits briefly for the readers after the process ended, so a dying traceback is not lost. */
        void finish() throws InterruptedException {
            for (Thread t : readers) {
                t.join(1000);
            }
        }

        synchronized String recent() {
            return String.join("\n", lines);
        }
    }

    /** The last lines the SP printed (stdout and stderr, marked), for assertion messages. */
    public String recentOutput() {
        return output.recent();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String entityId() {
        return entityId;
    }

    /** The AssertionConsumerService (HTTP-POST binding). */
    public String acsUrl() {
        return baseUrl + "/acs";
    }

    public String metadataUrl() {
        return baseUrl + "/metadata";
    }

    /** The SP's metadata, to import into Signet. */
    public byte[] metadata() throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(metadataUrl())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /metadata answered " + r.statusCode() + "\n" + recentOutput());
        }
        return r.body();
    }

    /** Starts an SP-initiated login: the 302 (HTTP-Redirect) or the auto-posting form (HTTP-POST) to the IdP. */
    public HttpResponse<String> login(String relayState) throws IOException, InterruptedException {
        return get("/login?relay_state=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8));
    }

    /** Posts a base64 SAMLResponse to the ACS, as the browser's auto-submitting form would. */
    public Outcome postToAcs(String samlResponse, String relayState) throws IOException, InterruptedException {
        String form = "SAMLResponse=" + URLEncoder.encode(samlResponse, StandardCharsets.UTF_8)
                + (relayState == null ? "" : "&RelayState=" + URLEncoder.encode(relayState, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(acsUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return outcome(r);
    }

    /** GET on any SP path (e.g. {@code /logout}, or {@code /sls?...} from a redirect), not following redirects. */
    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON an SP endpoint answered with. */
    public Outcome outcome(HttpResponse<String> r) {
        try {
            return new Outcome(r.statusCode(), Json.MAPPER.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON from the SP (" + r.statusCode() + "): " + r.body() + "\n" + recentOutput(), e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            output.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TestSignet.deleteRecursively(dir);
    }
}
