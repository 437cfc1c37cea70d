package dev.signet.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Signet node as an operator runs it: {@code java -Xmx1g -jar signet.jar serve} in a process of its
 * own, configured only through SIGNET_* environment variables, its output in {@code node.log} of its
 * data directory. The server refuses SIGNET_* variables it does not know, so none is inherited.
 * Unlike {@link dev.signet.testing.NodeProcess} (the tests' node in a JVM of its own: class path, cheap
 * Argon2, the test database) it runs the jar with the production defaults, which is what a benchmark measures.
 */
final class SignetNode implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    final String name;
    final Path dataDir;
    final int port;
    final URI base;
    private final Path log;
    private final Process process;

    private SignetNode(String name, Path dataDir, int port, Path log, Process process) {
        this.name = name;
        this.dataDir = dataDir;
        this.port = port;
        this.base = URI.create("http://127.0.0.1:" + port);
        this.log = log;
        this.process = process;
    }

    /** Starts the jar with these settings (data directory and port added) and waits until /health/ready answers 200. */
    static SignetNode start(String name, Path jar, Path dataDir, Map<String, String> settings) throws IOException, InterruptedException {
        int port = freePort();
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("node.log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx1g", "-jar", jar.toString(), "serve")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SIGNET_"));
        env.putAll(settings);
        env.put("SIGNET_DATA_DIR", dataDir.toString());
        env.put("SIGNET_LISTEN_HOST", "127.0.0.1");
        env.put("SIGNET_LISTEN_PORT", Integer.toString(port));
        long t0 = System.nanoTime();
        SignetNode node = new SignetNode(name, dataDir, port, log, pb.start());
        try {
            node.awaitReady(t0);
        } catch (IOException | RuntimeException | InterruptedException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private void awaitReady(long t0) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(base.resolve("/health/ready")).timeout(Duration.ofSeconds(2)).build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " exited with " + process.exitValue() + " during start-up:\n" + logTail(40));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    System.out.printf("node %s: %s ready after %d ms (pid %d, log %s)%n", name, base,
                            (System.nanoTime() - t0) / 1_000_000, pid(), log);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() - t0 > READY_TIMEOUT.toNanos()) {
                throw new IllegalStateException("node " + name + " not ready after " + READY_TIMEOUT.toSeconds() + " s:\n" + logTail(40));
            }
            Thread.sleep(100);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The last lines of the node's log, for an error message. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGTERM, as an operator stops it; SIGKILL after 15 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
