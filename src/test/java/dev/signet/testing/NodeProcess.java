package dev.signet.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Signet node in a JVM of its own ({@code java dev.signet.Main serve}), for tests that kill it (SIGKILL) or stop it
 * (SIGTERM) as an operator or an orchestrator would. Configured like {@link TestSignet}: a free loopback port, its own
 * data directory, the test admin and cheap Argon2, then the settings given; its environment holds nothing else but
 * PATH, HOME and LANG, because the server refuses SIGNET_* variables it does not know.
 */
public final class NodeProcess implements AutoCloseable {
    /** A JVM start on a loaded two-core machine, migrations included. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final int LOG_TAIL_LINES = 60;

    public final Path dataDir;
    private final Path log;
    private final int port;
    private final Process process;

    private NodeProcess(Path dataDir, Path log, int port, Process process) {
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
        this.process = process;
    }

    /** Starts a node with these settings (keyed by environment name) and returns once /health/ready answers 200. */
    public static NodeProcess start(Map<String, String> settings) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("signet-node-process-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The port is free when picked, not reserved: another process may take it first, so a bind failure retries.
        for (int attempt = 1; ; attempt++) {
            NodeProcess node = launch(dataDir, freePort(), settings);
            try {
                node.awaitReady();
                return node;
            } catch (AssertionError e) {
                node.process.destroyForcibly();
                waitQuietly(node.process);
                if (attempt == 3 || !node.logTail().contains("already in use")) {
                    TestDatabase.dropFor(dataDir);
                    TestSignet.deleteRecursively(dataDir);
                    throw e;
                }
            }
        }
    }

    private static NodeProcess launch(Path dataDir, int port, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        env.put("SIGNET_LISTEN_PORT", Integer.toString(port));
        env.put("SIGNET_DATA_DIR", dataDir.toString());
        env.put("SIGNET_BOOTSTRAP_PASSWORD", TestSignet.ADMIN_PASSWORD);
        env.put("SIGNET_BOOTSTRAP_TOKEN", TestSignet.ADMIN_TOKEN);
        env.put("SIGNET_PASSWORD_ARGON2_MEMORY_KIB", "1024");
        env.put("SIGNET_PASSWORD_ARGON2_ITERATIONS", "1");
        env.putAll(TestDatabase.settingsFor(dataDir));
        env.putAll(settings);
        env.put("SIGNET_LISTEN_PORT", Integer.toString(port));

        Path log = dataDir.resolve("node-" + port + ".log");
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp", System.getProperty("java.class.path"),
                "dev.signet.Main", "serve");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        for (String inherited : List.of("PATH", "HOME", "LANG")) {
            String value = System.getenv(inherited);
            if (value != null) {
                builder.environment().put(inherited, value);
            }
        }
        builder.environment().putAll(env);
        try {
            return new NodeProcess(dataDir, log, port, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command.get(0), e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the node exited with status " + process.exitValue() + " before it was ready:\n" + logTail());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(200);
        }
        throw new AssertionError("the node was not ready within " + START_TIMEOUT.toSeconds() + " s:\n" + logTail());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A new browser-like client (own cookie jar) for this node. */
    public WebClient client() {
        return new WebClient(baseUrl());
    }

    /** A client that calls the admin API with the bootstrap token. */
    public ApiClient api() {
        return new ApiClient(baseUrl(), TestSignet.ADMIN_TOKEN);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the node gets no chance to finish anything; returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        waitQuietly(process);
    }

    /**
     * SIGTERM, as systemd or Kubernetes stop a node; returns the exit status once the process has ended by itself.
     * Fails (and kills it) when it is still running after {@code limit}.
     */
    public int terminate(Duration limit) {
        process.destroy();
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError("the node was still running " + limit.toSeconds() + " s after SIGTERM:\n" + logTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** The last lines the node wrote (standard output and error), for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", new ArrayList<>(lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Kills the node if it still runs and removes its data directory. */
    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
        TestDatabase.dropFor(dataDir);
        TestSignet.deleteRecursively(dataDir);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitQuietly(Process process) {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
