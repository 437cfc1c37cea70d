package dev.signet.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An independent SAML service provider for tests: pysaml2 (Debian's python3-pysaml2) behind a small
 * HTTP script, src/test/python/pysaml2_sp.py. It verifies signatures with xmlsec1 and applies
 * pysaml2's own checks, so a response it accepts is accepted by code that shares nothing with ours.
 */
public final class PySaml2Sp implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int port;
    private final String entityId;
    private final Deque<String> recent = new ArrayDeque<>();

    private PySaml2Sp(Process process, Path dir, int port, String entityId) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.entityId = entityId;
    }

    /** How the SP is configured; {@code extraArguments} are further flags of pysaml2_sp.py. */
    public record Options(String entityId, byte[] idpMetadata, List<String> extraArguments) {
    }

    public static PySaml2Sp start(Options options) throws IOException, InterruptedException {
        Path python = ExternalTools.requirePysaml2();
        Path dir = Files.createTempDirectory("pysaml2-sp-");
        Path metadata = Files.write(dir.resolve("idp-metadata.xml"), options.idpMetadata());
        List<String> command = new ArrayList<>(List.of(python.toString(), Path.of("src/test/python/pysaml2_sp.py").toAbsolutePath().toString(),
                "--entity-id", options.entityId(), "--idp-metadata", metadata.toString()));
        command.addAll(options.extraArguments());
        Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        PySaml2Sp sp;
        try {
            String line = ready.get(30, TimeUnit.SECONDS);
            if (line == null || !line.startsWith("LISTENING ")) {
                String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                process.destroyForcibly();
                throw new IllegalStateException("pysaml2 SP did not start: " + line + "\n" + err);
            }
            sp = new PySaml2Sp(process, dir, Integer.parseInt(line.substring("LISTENING ".length()).strip()), options.entityId());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("pysaml2 SP did not start within 30 s", e);
        }
        sp.drain(process.getErrorStream());
        return sp;
    }

    private void drain(java.io.InputStream stream) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (recent) {
                        recent.addLast(line);
                        if (recent.size() > 200) {
                            recent.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "pysaml2-sp-log");
        t.setDaemon(true);
        t.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public String acsUrl() {
        return baseUrl() + "/acs";
    }

    public String entityId() {
        return entityId;
    }

    public String metadataUrl() {
        return baseUrl() + "/metadata";
    }

    /** The SP's last log lines, for failure messages. */
    public String recentOutput() {
        synchronized (recent) {
            return String.join("\n", recent);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TestSignet.deleteRecursively(dir);
    }
}
