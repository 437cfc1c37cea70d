package dev.signet.bench;

import dev.signet.Signet;
import dev.signet.authentication.Argon2Engine;
import dev.signet.authentication.Argon2Engines;
import dev.signet.config.ConfigLoader;
import dev.signet.config.SignetConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Load benchmark: full browser-style password logins per second over HTTP, against the raw Argon2id
 * hash rate at the same parameters measured in the same run (goal: logins at least 90% of raw).
 *
 * <p>By default it starts Signet in this JVM (fresh temporary data directory, port 0 on 127.0.0.1,
 * throttling raised) once per parameter set; with {@code --url} it drives a server that is already
 * running (loopback only) whose Argon2 settings must match {@code --params}. The run:
 * <ol>
 *   <li>JIT warm-up (in-process only): logins against a throwaway server with cheap Argon2 parameters,
 *       so the login path is compiled as in a server that has been up for a while;</li>
 *   <li>per parameter set: creates {@code --users} users through the admin API (bootstrap token), runs
 *       {@code --warmup} of logins, then alternates raw hash measurements and rounds of logins
 *       (raw, logins, raw, ..., logins, raw) so that drift in the machine's speed hits both alike;</li>
 *   <li>a raw measurement: as many threads as the server's hashing pool hash back to back directly
 *       through the engine the server uses ({@link Argon2Engine#best()}), no HTTP, no client running;</li>
 *   <li>a login round: {@code --clients} threads, each iteration a fresh browser: GET /login (CSRF
 *       cookie + hidden {@code csrf} input), POST /login, which must answer 303 with a
 *       {@code signet_session} cookie; any other answer is counted and aborts the run.</li>
 * </ol>
 * While logins run it records where the CPU goes (per thread group of this JVM, or of the server
 * process from /proc with {@code --server-pid}; /proc/stat for the whole machine) and samples whether
 * the hashing threads have work, so a shortfall can be attributed: client, HTTP/DB work, JIT/GC, an
 * idle hashing pool, or slower hashes. Phases disturbed by other processes are measured again.
 *
 * <p>Run with {@code bench/login.sh}; {@code bench/login.sh --help} lists the options.
 */
public final class LoginLoadBenchmark {
    private static final String TOKEN = "bench-admin-token-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String ADMIN_PASSWORD = "bench-admin-password-0123456789";
    private static final String CSRF_MARK = "name=\"csrf\" value=\"";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private LoginLoadBenchmark() {
    }

    // ------------------------------------------------------------------------------------------------
    // Options

    record Argon2Params(int memoryKib, int iterations) {
        static Argon2Params parse(String s) {
            String[] p = s.trim().split("[/:]");
            if (p.length != 2) {
                throw new IllegalArgumentException("Argon2 parameters must look like 19456/2 (memory KiB / iterations): " + s);
            }
            return new Argon2Params(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        }

        @Override
        public String toString() {
            return "m=" + memoryKib + " KiB, t=" + iterations + ", p=1";
        }
    }

    record Options(String url, String token, List<Argon2Params> params, Duration warmup, Duration duration,
                   Duration rawDuration, int clients, int users, int hashThreads, String client, String engine,
                   boolean rawOnly, Duration quietWait, int attempts, int rounds, Duration jitWarmup, long serverPid) {
        static Options parse(String[] args) {
            Map<String, String> o = new HashMap<>();
            for (String a : args) {
                if (a.equals("--help") || a.equals("-h")) {
                    usage();
                    System.exit(0);
                }
                if (a.equals("--raw-only")) {
                    o.put("raw-only", "true");
                    continue;
                }
                if (!a.startsWith("--") || !a.contains("=")) {
                    throw new IllegalArgumentException("unknown argument '" + a + "' (see --help)");
                }
                o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
            int cores = Runtime.getRuntime().availableProcessors();
            List<Argon2Params> params = new ArrayList<>();
            for (String p : o.getOrDefault("params", "19456/2,7168/5").split(",")) {
                params.add(Argon2Params.parse(p));
            }
            Options opts = new Options(
                    o.remove("url"),
                    o.getOrDefault("token", TOKEN),
                    params,
                    parseDuration(o.getOrDefault("warmup", "20s")),
                    parseDuration(o.getOrDefault("duration", "6s")),
                    parseDuration(o.getOrDefault("raw-duration", "3s")),
                    Integer.parseInt(o.getOrDefault("clients", Integer.toString(2 * cores))),
                    Integer.parseInt(o.getOrDefault("users", "50")),
                    Integer.parseInt(o.getOrDefault("hash-threads", Integer.toString(cores))),
                    o.getOrDefault("client", "socket"),
                    o.getOrDefault("engine", "best"),
                    o.containsKey("raw-only"),
                    parseDuration(o.getOrDefault("quiet-wait", "120s")),
                    Integer.parseInt(o.getOrDefault("attempts", "3")),
                    Integer.parseInt(o.getOrDefault("rounds", "10")),
                    parseDuration(o.getOrDefault("jit-warmup", "60s")),
                    Long.parseLong(o.getOrDefault("server-pid", "-1")));
            for (String k : o.keySet()) {
                if (!List.of("token", "params", "warmup", "duration", "raw-duration", "clients", "users", "hash-threads",
                        "client", "engine", "raw-only", "quiet-wait", "attempts", "rounds", "jit-warmup", "server-pid").contains(k)) {
                    throw new IllegalArgumentException("unknown option --" + k + " (see --help)");
                }
            }
            if (!List.of("socket", "jdk").contains(opts.client)) {
                throw new IllegalArgumentException("--client must be socket or jdk");
            }
            if (Stream.of(opts.duration, opts.rawDuration, opts.warmup, opts.jitWarmup, opts.quietWait)
                    .anyMatch(d -> d.compareTo(Duration.ofMinutes(10)) > 0)) {
                throw new IllegalArgumentException("durations are bounded to 10 minutes");
            }
            if (opts.clients < 1 || opts.clients > 512 || opts.users < 1 || opts.users > 10_000 || opts.hashThreads < 1
                    || opts.rounds < 1 || opts.rounds > 20 || opts.attempts < 1 || opts.attempts > 10) {
                throw new IllegalArgumentException("--clients 1..512, --users 1..10000, --hash-threads >= 1, --rounds 1..20, --attempts 1..10");
            }
            if (opts.url != null) {
                String host = URI.create(opts.url).getHost();
                if (!List.of("127.0.0.1", "localhost", "[::1]", "::1").contains(host)) {
                    throw new IllegalArgumentException("load tests only hit the loopback address (127.0.0.1), not " + host);
                }
            }
            return opts;
        }

        static void usage() {
            System.out.println("""
                    LoginLoadBenchmark: password logins/s over HTTP vs. raw Argon2id hashes/s, same run.
                      --params=19456/2,7168/5   Argon2id memory KiB / iterations to measure (one server each)
                      --jit-warmup=60s          first, logins against a throwaway in-process server with
                                                m=1024 KiB, t=1, so the JIT has compiled the login path as in
                                                a long-running server (0s: skip)
                      --warmup=20s              logins before measuring, per parameter set
                      --rounds=10               measured rounds; the raw hash rate is measured before the
                                                first and after every round (raw, load, raw, load, ..., raw),
                                                so that drift of the machine's speed hits both alike
                      --duration=6s             measured logins per round
                      --raw-duration=3s         each raw hash measurement
                      --clients=N               concurrent login loops (default 2 x cores)
                      --users=50                users created through the admin API
                      --hash-threads=N          raw-hash threads = server hashing pool (default cores)
                      --client=socket|jdk       socket: minimal keep-alive HTTP/1.1 client (cheap on CPU);
                                                jdk: java.net.http.HttpClient (for comparison)
                      --engine=best|native|bouncycastle   engine of the raw measurement (server uses best)
                      --url=http://127.0.0.1:9000  use a running server instead (its Argon2 settings must
                                                match --params; its bootstrap token via --token=...)
                      --server-pid=PID          with --url: the server's process, so that its CPU counts as the
                                                server's (per thread, from /proc) and not as other load
                      --raw-only                only the raw hash rate
                      --quiet-wait=120s         before each phase, wait up to this long for other processes
                                                to leave the machine idle (0s: do not wait)
                      --attempts=3              measure a phase again (up to this many times in all) when
                                                other processes took more than 5% of the machine meanwhile""");
        }
    }

    static Duration parseDuration(String s) {
        String v = s.trim();
        if (v.equals("0")) {
            return Duration.ZERO;
        }
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
        }
        if (v.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)) * 60);
        }
        return Duration.ofSeconds(Long.parseLong(v));
    }

    // ------------------------------------------------------------------------------------------------
    // Main

    public static void main(String[] args) throws Exception {
        Options opts;
        try {
            opts = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        printMachine(opts);
        Machine.serverPid = opts.serverPid;
        Machine.serverUnknown = opts.url != null && opts.serverPid <= 0;
        if (opts.url != null && opts.serverPid <= 0) {
            System.out.println("note: without --server-pid the server's CPU cannot be told from other load: logins are not "
                    + "checked for disturbance and the CPU breakdown covers the client only\n");
        }
        if (opts.url == null && !opts.rawOnly && !opts.jitWarmup.isZero()) {
            warmJit(opts);
        }
        List<Result> results = new ArrayList<>();
        for (Argon2Params p : opts.params) {
            Result r = runOne(opts, p);
            results.add(r);
            if (r.failure != null) {
                printTable(results);
                System.err.println("ABORTED: " + r.failures + " failed login(s); first: " + r.failure);
                System.exit(1);
            }
        }
        printTable(results);
        System.exit(0);
    }

    static void printMachine(Options opts) {
        String cpu = "?";
        String mem = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
            mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            // not Linux: leave unknown
        }
        System.out.printf(Locale.ROOT, "machine: %d cores (%s), memory %s, Java %s (%s), max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(), cpu, mem, System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "target: %s; clients=%d (%s), users=%d, warm-up %ds, then %d x (raw %ds on %d thread(s), "
                        + "logins %ds), raw %ds%n%n",
                opts.url == null ? "Signet in this JVM" : opts.url, opts.clients, opts.client, opts.users,
                opts.warmup.toSeconds(), opts.rounds, opts.rawDuration.toSeconds(), opts.hashThreads, opts.duration.toSeconds(),
                opts.rawDuration.toSeconds());
    }

    // ------------------------------------------------------------------------------------------------
    // One parameter set

    static final class Result {
        Argon2Params params;
        String engine;
        final List<Raw> raws = new ArrayList<>();
        final List<Load> rounds = new ArrayList<>();
        Load load;
        long failures;
        String failure;

        /** Mean of every raw measurement of this parameter set. */
        double raw() {
            return raws.stream().mapToDouble(Raw::rate).average().orElse(0);
        }

        /** Each round's logins/s over the mean of the raw rates measured just before and just after it. */
        double[] roundRatios() {
            double[] r = new double[rounds.size()];
            for (int i = 0; i < r.length; i++) {
                double raw = i + 1 < raws.size() ? (raws.get(i).rate() + raws.get(i + 1).rate()) / 2 : raws.get(i).rate();
                r[i] = rounds.get(i).rate / raw;
            }
            return r;
        }

        /** True when other processes or the hypervisor took more than 5% of the machine in some phase. */
        boolean disturbed() {
            return Stream.concat(raws.stream().map(Raw::machine),
                            Machine.serverUnknown ? Stream.empty() : rounds.stream().map(l -> l.cpu.machine()))
                    .anyMatch(u -> u != null && u.disturbed());
        }
    }

    static Result runOne(Options opts, Argon2Params p) throws Exception {
        System.out.println("=== Argon2id " + p + " ===");
        Result r = new Result();
        r.params = p;
        Argon2Engine engine = Argon2Engines.byName(opts.engine);
        r.engine = engine.name();

        Signet signet = null;
        Path dataDir = null;
        String baseUrl = opts.url;
        try {
            if (baseUrl == null && !opts.rawOnly) {
                dataDir = Files.createTempDirectory("signet-bench-");
                long t0 = System.nanoTime();
                signet = startServer(opts, p, dataDir);
                baseUrl = "http://127.0.0.1:" + signet.port();
                System.out.printf(Locale.ROOT, "server: in-process at %s, started in %d ms%n", baseUrl,
                        (System.nanoTime() - t0) / 1_000_000);
            }

            if (opts.rawOnly) {
                for (int i = 0; i <= opts.rounds - 1; i++) {
                    r.raws.add(measureRaw(opts, engine, p, "raw " + (i + 1)));
                }
                return r;
            }

            String token = opts.url == null ? TOKEN : opts.token;
            List<String[]> users = createUsers(baseUrl, token, opts.users, Math.min(opts.clients, 8));
            if (!opts.warmup.isZero()) {
                quiet(opts);
                Load warm = runLoad(opts, baseUrl, users, Duration.ZERO, opts.warmup);
                System.out.printf(Locale.ROOT, "warm-up: %.1f logins/s over %d s%s%n", warm.rate, opts.warmup.toSeconds(),
                        warm.firstFailure == null ? "" : "; FAILED: " + warm.firstFailure);
                if (warm.firstFailure != null) {
                    r.load = warm;
                    r.failures = warm.failures;
                    r.failure = warm.firstFailure;
                    return r;
                }
            }
            r.raws.add(measureRaw(opts, engine, p, "raw 0"));
            for (int round = 1; round <= opts.rounds; round++) {
                Load load = null;
                for (int attempt = 1; attempt <= opts.attempts; attempt++) {
                    quiet(opts);
                    // Connections are opened anew each round: one second of logins before counting.
                    load = runLoad(opts, baseUrl, users, Duration.ofSeconds(1), opts.duration);
                    boolean unknownServer = opts.url != null && opts.serverPid <= 0;
                if (load.firstFailure != null || unknownServer || !load.cpu.machine().disturbed() || attempt == opts.attempts) {
                        break;
                    }
                    System.out.printf(Locale.ROOT, "round %d: other load on the machine (%s): measuring again%n", round,
                            load.cpu.machine());
                }
                System.out.printf(Locale.ROOT, "round %d: %s", round, load.describe());
                r.rounds.add(load);
                if (load.firstFailure != null) {
                    break;
                }
                r.raws.add(measureRaw(opts, engine, p, "raw " + round));
            }
            r.load = Load.merge(r.rounds);
            r.failures = r.load.failures;
            r.failure = r.load.firstFailure;
            System.out.printf(Locale.ROOT, "%nall %d round(s): %s", r.rounds.size(), r.load.describe());
            System.out.printf(Locale.ROOT, "=> logins/raw = %.1f%% (raw = mean of %d measurements, %.1f .. %.1f hashes/s; "
                            + "per round %s)%n%n", 100 * r.load.rate / r.raw(), r.raws.size(),
                    r.raws.stream().mapToDouble(Raw::rate).min().orElse(0), r.raws.stream().mapToDouble(Raw::rate).max().orElse(0),
                    Arrays.stream(r.roundRatios()).mapToObj(x -> String.format(Locale.ROOT, "%.1f%%", 100 * x)).toList());
            return r;
        } finally {
            if (signet != null) {
                signet.close();
            }
            if (dataDir != null) {
                deleteRecursively(dataDir);
            }
        }
    }

    static Signet startServer(Options opts, Argon2Params p, Path dataDir) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SIGNET_LISTEN_HOST", "127.0.0.1");
        env.put("SIGNET_LISTEN_PORT", "0");
        env.put("SIGNET_DATA_DIR", dataDir.toString());
        env.put("SIGNET_BOOTSTRAP_PASSWORD", ADMIN_PASSWORD);
        env.put("SIGNET_BOOTSTRAP_TOKEN", TOKEN);
        env.put("SIGNET_PASSWORD_ARGON2_MEMORY_KIB", Integer.toString(p.memoryKib));
        env.put("SIGNET_PASSWORD_ARGON2_ITERATIONS", Integer.toString(p.iterations));
        env.put("SIGNET_PASSWORD_HASHING_THREADS", Integer.toString(opts.hashThreads));
        env.put("SIGNET_LOGIN_THROTTLE_MAX_FAILURES", "1000");
        SignetConfig config = ConfigLoader.load(env, null);
        return Signet.start(config, Clock.systemUTC());
    }

    /**
     * A long-running server has compiled its login path long ago; at 50 logins/s the JIT needs minutes
     * (some 10,000 logins) to get there and burns a core meanwhile. A throwaway server with cheap
     * Argon2 parameters (m=1024 KiB, t=1) runs those logins in seconds, in this JVM, before measuring.
     */
    static void warmJit(Options opts) throws Exception {
        Path dir = Files.createTempDirectory("signet-bench-jit-");
        Signet signet = startServer(opts, new Argon2Params(1024, 1), dir);
        try {
            String url = "http://127.0.0.1:" + signet.port();
            List<String[]> users = createUsers(url, TOKEN, 20, Math.min(opts.clients, 8));
            Load warm = runLoad(opts, url, users, Duration.ZERO, opts.jitWarmup);
            if (warm.firstFailure != null) {
                throw new IllegalStateException("JIT warm-up login failed: " + warm.firstFailure);
            }
            System.out.printf(Locale.ROOT, "JIT warm-up: %d logins at m=1024 KiB, t=1 in %d s (%.0f/s) on a throwaway server%n%n",
                    warm.logins, opts.jitWarmup.toSeconds(), warm.rate);
        } finally {
            signet.close();
            deleteRecursively(dir);
        }
    }

    private static Raw measureRaw(Options opts, Argon2Engine engine, Argon2Params p, String label) throws InterruptedException {
        Raw raw = null;
        for (int attempt = 1; attempt <= opts.attempts; attempt++) {
            quiet(opts);
            raw = rawRate(engine, p, opts.hashThreads, opts.rawDuration);
            if (!raw.machine().disturbed() || attempt == opts.attempts) {
                break;
            }
            System.out.println(label + ": disturbed by other load (" + raw + "): measuring again");
        }
        System.out.println(label + ": " + raw);
        return raw;
    }

    private static void quiet(Options opts) throws InterruptedException {
        if (!opts.quietWait.isZero()) {
            Machine.waitForQuiet(opts.quietWait);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Raw hash rate

    record Raw(int threads, long hashes, double seconds, double rate, double cpuMsPerHash, double cpuShare, Machine.Usage machine) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f hashes/s on %d thread(s) (%d hashes in %.1f s; %.1f ms CPU per hash; "
                    + "hash threads on CPU %.1f%% of the time; %s)", rate, threads, hashes, seconds, cpuMsPerHash, 100 * cpuShare, machine);
        }
    }

    /**
     * {@code threads} threads hash back to back for {@code duration} (after one warm-up hash each);
     * hashes completing inside the window are counted.
     */
    static Raw rawRate(Argon2Engine engine, Argon2Params p, int threads, Duration duration) throws InterruptedException {
        byte[] password = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
        AtomicLong count = new AtomicLong();
        AtomicLong cpu = new AtomicLong();
        long[] window = new long[2];
        Thread[] workers = new Thread[threads];
        java.util.concurrent.CyclicBarrier ready = new java.util.concurrent.CyclicBarrier(threads + 1);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < threads; i++) {
            workers[i] = new Thread(() -> {
                byte[] salt = new byte[16];
                try {
                    ThreadLocalRandom.current().nextBytes(salt);
                    engine.hash(password, salt, p.memoryKib, p.iterations, 1, 32); // warm-up
                    ready.await();
                    go.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                long cpuLast = cpu0;
                long n = 0;
                while (true) {
                    ThreadLocalRandom.current().nextBytes(salt);
                    engine.hash(password, salt, p.memoryKib, p.iterations, 1, 32);
                    if (System.nanoTime() - window[1] >= 0) {
                        break; // completed after the window: not counted
                    }
                    n++;
                    cpuLast = THREADS.getCurrentThreadCpuTime();
                }
                count.addAndGet(n);
                cpu.addAndGet(cpuLast - cpu0);
            }, "raw-hash-" + (i + 1));
            workers[i].setDaemon(true);
            workers[i].start();
        }
        try {
            ready.await();
        } catch (java.util.concurrent.BrokenBarrierException e) {
            throw new IllegalStateException(e);
        }
        Machine m0 = Machine.now();
        window[0] = System.nanoTime();
        window[1] = window[0] + duration.toNanos();
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        Machine.Usage usage = Machine.now().since(m0);
        double seconds = duration.toNanos() / 1e9;
        long n = count.get();
        return new Raw(threads, n, seconds, n / seconds, n == 0 ? 0 : cpu.get() / 1e6 / n,
                cpu.get() / 1e9 / (seconds * threads), usage);
    }

    // ------------------------------------------------------------------------------------------------
    // Users

    static List<String[]> createUsers(String baseUrl, String token, int n, int parallel) throws Exception {
        String run = HexFormat.of().formatHex(randomBytes(4));
        List<String[]> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            users.add(new String[] {"bench-" + run + "-" + i, "bench-password-" + run + "-" + i + "-xyz"});
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger next = new AtomicInteger();
        AtomicReference<String> error = new AtomicReference<>();
        long t0 = System.nanoTime();
        Thread[] workers = new Thread[parallel];
        for (int w = 0; w < parallel; w++) {
            workers[w] = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n && error.get() == null) {
                    String[] u = users.get(i);
                    String body = "{\"username\":\"" + u[0] + "\",\"password\":\"" + u[1] + "\"}";
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/users"))
                                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 201) {
                            error.compareAndSet(null, "creating " + u[0] + ": " + r.statusCode() + " " + r.body());
                        }
                    } catch (IOException | InterruptedException e) {
                        error.compareAndSet(null, "creating " + u[0] + ": " + e);
                    }
                }
            }, "create-users-" + w);
            workers[w].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        if (error.get() != null) {
            throw new IllegalStateException(error.get());
        }
        System.out.printf(Locale.ROOT, "users: %d created through the admin API in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
        return users;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    // ------------------------------------------------------------------------------------------------
    // Load

    static final class Load {
        int clients;
        double seconds;
        long logins;
        double rate;
        long[] latencies;
        long[] postLatencies;
        long failures;
        String firstFailure;
        CpuSnapshot.Delta cpu;
        long busySamples;
        long threadSamples;
        double busyThreadSeconds;

        static long percentile(long[] sorted, double q) {
            if (sorted.length == 0) {
                return 0;
            }
            int i = (int) Math.ceil(q * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }

        static double ms(long nanos) {
            return nanos / 1e6;
        }

        /** Several rounds as one: their logins over their summed time, latencies and CPU pooled. */
        static Load merge(List<Load> rounds) {
            Load m = new Load();
            m.clients = rounds.get(0).clients;
            List<CpuSnapshot.Delta> cpus = new ArrayList<>();
            List<long[]> lat = new ArrayList<>();
            List<long[]> post = new ArrayList<>();
            for (Load l : rounds) {
                m.seconds += l.seconds;
                m.logins += l.logins;
                m.failures += l.failures;
                if (m.firstFailure == null) {
                    m.firstFailure = l.firstFailure;
                }
                m.busySamples += l.busySamples;
                m.threadSamples += l.threadSamples;
                m.busyThreadSeconds += l.busyThreadSeconds;
                cpus.add(l.cpu);
                lat.add(l.latencies);
                post.add(l.postLatencies);
            }
            m.rate = m.logins / m.seconds;
            m.latencies = lat.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            m.postLatencies = post.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            m.cpu = CpuSnapshot.Delta.sum(cpus);
            return m;
        }

        String describe() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "logins: %.1f/s (%d in %.1f s, %d clients, %d failed)%n", rate, logins, seconds,
                    clients, failures));
            s.append(String.format(Locale.ROOT, "  latency GET+POST: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms; "
                            + "POST only: p50 %.0f ms, p99 %.0f ms%n",
                    ms(percentile(latencies, 0.50)), ms(percentile(latencies, 0.90)), ms(percentile(latencies, 0.99)),
                    ms(percentile(latencies, 1.0)), ms(percentile(postLatencies, 0.50)), ms(percentile(postLatencies, 0.99))));
            if (cpu != null) {
                s.append(cpu.describe(logins));
            }
            if (threadSamples > 0) {
                s.append(String.format(Locale.ROOT, "  hashing pool: a hash in progress in %.1f%% of thread samples; "
                                + "hashing threads on CPU %.1f%% of that time%n",
                        100.0 * busySamples / threadSamples, 100 * cpu.hashOnCpu(busyThreadSeconds)));
            }
            return s.toString();
        }
    }

    /** Logins from {@code opts.clients} threads; those completing within [rampUp, rampUp + duration) count. */
    static Load runLoad(Options opts, String baseUrl, List<String[]> users, Duration rampUp, Duration duration)
            throws InterruptedException {
        URI base = URI.create(baseUrl);
        long start = System.nanoTime();
        long measureStart = start + rampUp.toNanos();
        long measureEnd = measureStart + duration.toNanos();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        AtomicInteger nextUser = new AtomicInteger(ThreadLocalRandom.current().nextInt(users.size()));
        LongList[] lat = new LongList[opts.clients];
        LongList[] postLat = new LongList[opts.clients];
        Thread[] workers = new Thread[opts.clients];
        for (int c = 0; c < opts.clients; c++) {
            LongList myLat = lat[c] = new LongList();
            LongList myPost = postLat[c] = new LongList();
            workers[c] = new Thread(() -> {
                try (LoginClient client = opts.client.equals("jdk") ? new JdkClient(base) : new SocketClient(base)) {
                    while (firstFailure.get() == null) {
                        String[] u = users.get(Math.floorMod(nextUser.getAndIncrement(), users.size()));
                        long t0 = System.nanoTime();
                        long postStart;
                        try {
                            postStart = client.login(u[0], u[1]);
                        } catch (LoginFailure | IOException | RuntimeException e) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, u[0] + ": " + e);
                            break;
                        }
                        long t1 = System.nanoTime();
                        if (t1 - measureEnd >= 0) {
                            break;
                        }
                        if (t1 - measureStart >= 0) {
                            myLat.add(t1 - t0);
                            myPost.add(t1 - postStart);
                        }
                    }
                } catch (IOException e) {
                    firstFailure.compareAndSet(null, "closing: " + e);
                }
            }, "loadgen-" + (c + 1));
            workers[c].setDaemon(true);
        }
        for (Thread w : workers) {
            w.start();
        }
        HashSampler sampler = new HashSampler();
        sleepUntil(measureStart, firstFailure);
        CpuSnapshot before = CpuSnapshot.take();
        sampler.start();
        sleepUntil(measureEnd, firstFailure);
        sampler.stop();
        CpuSnapshot after = CpuSnapshot.take();
        for (Thread w : workers) {
            w.join(60_000);
        }

        Load load = new Load();
        load.clients = opts.clients;
        load.seconds = duration.toNanos() / 1e9;
        load.latencies = LongList.sortedUnion(lat);
        load.postLatencies = LongList.sortedUnion(postLat);
        load.logins = load.latencies.length;
        load.rate = load.logins / load.seconds;
        load.failures = failures.get();
        load.firstFailure = firstFailure.get();
        load.cpu = after.minus(before);
        load.busySamples = sampler.busy;
        load.threadSamples = sampler.threadSamples;
        load.busyThreadSeconds = sampler.busyThreadSeconds();
        return load;
    }

    private static void sleepUntil(long deadline, AtomicReference<String> abort) throws InterruptedException {
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && abort.get() == null) {
            Thread.sleep(Math.min(100, Math.max(1, left / 1_000_000)));
        }
    }

    /** Growable primitive list of latencies in nanoseconds, one per client thread. */
    static final class LongList {
        private long[] values = new long[1024];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        static long[] sortedUnion(LongList[] lists) {
            long[] all = Arrays.stream(lists).flatMapToLong(l -> Arrays.stream(l.values, 0, l.size)).toArray();
            Arrays.sort(all);
            return all;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Clients

    static final class LoginFailure extends Exception {
        LoginFailure(String message) {
            super(message);
        }
    }

    /** One browser: each login starts with an empty cookie jar on a kept-alive connection. */
    interface LoginClient extends AutoCloseable {
        /** GET /login, POST /login; returns System.nanoTime() when the POST was sent. */
        long login(String username, String password) throws IOException, LoginFailure;

        @Override
        void close() throws IOException;
    }

    static String csrfFrom(String html) throws LoginFailure {
        int i = html.indexOf(CSRF_MARK);
        if (i < 0) {
            throw new LoginFailure("login page without a csrf input");
        }
        int from = i + CSRF_MARK.length();
        return html.substring(from, html.indexOf('"', from));
    }

    static String cookieValue(List<String> setCookies, String name) {
        for (String c : setCookies) {
            if (c.startsWith(name + "=")) {
                int end = c.indexOf(';');
                return c.substring(name.length() + 1, end < 0 ? c.length() : end);
            }
        }
        return null;
    }

    static String form(String username, String password, String csrf) {
        return "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
    }

    static void checkSuccess(int status, List<String> setCookies, String body) throws LoginFailure {
        String session = cookieValue(setCookies, "signet_session");
        if (status != 303 || session == null || session.isEmpty()) {
            throw new LoginFailure("POST /login answered " + status + (session == null ? " without a signet_session cookie" : "")
                    + (body == null || body.isEmpty() ? "" : ": " + body.substring(0, Math.min(200, body.length())).replaceAll("\\s+", " ")));
        }
    }

    /** The login over {@link SocketHttpClient}: cheap on CPU, so the server keeps the cores it hashes on. */
    static final class SocketClient implements LoginClient {
        private final SocketHttpClient http;

        SocketClient(URI base) {
            this.http = new SocketHttpClient(base);
        }

        @Override
        public long login(String username, String password) throws IOException, LoginFailure {
            SocketHttpClient.Response page = http.get("/login", null);
            if (page.status() != 200) {
                throw new LoginFailure("GET /login answered " + page.status());
            }
            String csrfCookie = page.cookie("signet_csrf");
            if (csrfCookie == null) {
                throw new LoginFailure("GET /login set no signet_csrf cookie");
            }
            String body = form(username, password, csrfFrom(page.body()));
            long postStart = System.nanoTime();
            SocketHttpClient.Response r = http.postForm("/login", "signet_csrf=" + csrfCookie, body);
            checkSuccess(r.status(), r.setCookies(), r.body());
            return postStart;
        }

        @Override
        public void close() throws IOException {
            http.close();
        }
    }

    /** The same login through java.net.http.HttpClient (HTTP/1.1, no redirects, cookies by hand). */
    static final class JdkClient implements LoginClient {
        private final URI base;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        JdkClient(URI base) {
            this.base = base;
        }

        @Override
        public long login(String username, String password) throws IOException, LoginFailure {
            try {
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(base.resolve("/login"))
                        .header("User-Agent", "signet-bench").GET().build(), HttpResponse.BodyHandlers.ofString());
                if (page.statusCode() != 200) {
                    throw new LoginFailure("GET /login answered " + page.statusCode());
                }
                String csrfCookie = cookieValue(page.headers().allValues("set-cookie"), "signet_csrf");
                if (csrfCookie == null) {
                    throw new LoginFailure("GET /login set no signet_csrf cookie");
                }
                long postStart = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/login"))
                        .header("User-Agent", "signet-bench").header("Cookie", "signet_csrf=" + csrfCookie)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(username, password, csrfFrom(page.body())))).build(),
                        HttpResponse.BodyHandlers.ofString());
                checkSuccess(r.statusCode(), r.headers().allValues("set-cookie"), r.body());
                return postStart;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public void close() {
            // HttpClient has no close() before Java 21; its threads are daemons.
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Where the CPU goes

    /** CPU time per thread group of this JVM and of the whole process, plus the machine (/proc/stat). */
    static final class CpuSnapshot {
        final long wallNanos = System.nanoTime();
        /** Thread ("j" + Java thread ID, or "p" + Linux task ID of the --server-pid process) to {group, CPU ns}. */
        final Map<String, Object[]> threads = new HashMap<>();
        final long processNanos;
        final Machine machine;
        /** Milliseconds spent compiling (JIT) and in GC pauses/cycles, as the JVM counts them. */
        final long jitMs;
        final long gcMs;

        private CpuSnapshot() {
            for (ThreadInfo ti : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (ti == null) {
                    continue;
                }
                long cpu = THREADS.getThreadCpuTime(ti.getThreadId());
                if (cpu >= 0) {
                    threads.put("j" + ti.getThreadId(), new Object[] {group(ti.getThreadName()), cpu});
                }
            }
            if (Machine.serverPid > 0) {
                serverThreads(Machine.serverPid, threads);
            }
            processNanos = Machine.processCpuNanos();
            machine = Machine.now();
            var jit = ManagementFactory.getCompilationMXBean();
            jitMs = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
            gcMs = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> Math.max(0, g.getCollectionTime())).sum();
        }

        static CpuSnapshot take() {
            return new CpuSnapshot();
        }

        /**
         * The threads of a server in another process, from /proc/PID/task/TID/{comm,stat}: every thread,
         * the JVM's own included (names cut to 15 characters, e.g. "C2 CompilerThre", "G1 Conc#0").
         */
        static void serverThreads(long pid, Map<String, Object[]> into) {
            for (ProcCpu.ThreadTicks t : ProcCpu.threads(pid)) {
                into.put("p" + t.tid(), new Object[] {"server process: " + serverGroup(t.comm()),
                        t.ticks() * (1_000_000_000L / Machine.CLOCK_TICKS)});
            }
        }

        static String serverGroup(String comm) {
            String g = group(comm);
            g = g.substring(g.indexOf(':') + 2);
            if (comm.startsWith("C1 ") || comm.startsWith("C2 ")) {
                return "JIT compiler threads";
            }
            if (comm.startsWith("G1 ") || comm.startsWith("GC ")) {
                return "GC threads";
            }
            if (comm.startsWith("JettyServerThre")) {
                return "JettyServerThreadPool";
            }
            return g;
        }

        static String group(String threadName) {
            if (threadName.startsWith("password-hash-")) {
                return "server: password hashing pool";
            }
            if (threadName.startsWith("loadgen-") || threadName.startsWith("HttpClient-")) {
                return "client: load generator";
            }
            if (threadName.startsWith("hash-sampler")) {
                return "client: sampler";
            }
            if (threadName.startsWith("MVStore") || threadName.startsWith("H2")) {
                return "server: H2 background threads";
            }
            if (threadName.startsWith("signet-db")) {
                return "server: Hikari housekeeping";
            }
            if (threadName.startsWith("main")) {
                return "bench: main";
            }
            // Jetty/Javalin request threads and selectors, named like JettyServerThreadPool-42 or qtp123-45.
            String g = threadName.replaceAll("[-#_ ]?\\d+", "");
            String side = Machine.serverPid > 0 || Machine.serverUnknown ? "this JVM: " : "server: ";
            return side + (g.isEmpty() ? threadName : g.substring(0, Math.min(40, g.length())));
        }

        /**
         * Per thread: CPU now minus CPU then (threads started meanwhile count from zero; the CPU of threads
         * that ended meanwhile is lost, which is why the load generator keeps its threads for a round).
         */
        Delta minus(CpuSnapshot before) {
            Map<String, Long> d = new TreeMap<>();
            threads.forEach((id, now) -> {
                Object[] then = before.threads.get(id);
                long delta = (Long) now[1] - (then == null ? 0L : (Long) then[1]);
                d.merge((String) now[0], delta, Long::sum);
            });
            return new Delta(wallNanos - before.wallNanos, d, processNanos - before.processNanos, machine.since(before.machine),
                    jitMs - before.jitMs, gcMs - before.gcMs);
        }

        record Delta(long wallNanos, Map<String, Long> groups, long processNanos, Machine.Usage machine, long jitMs, long gcMs) {
            long threadsOfThisJvm() {
                return groups.entrySet().stream().filter(e -> !e.getKey().startsWith("server process: "))
                        .mapToLong(Map.Entry::getValue).sum();
            }

            static Delta sum(List<Delta> all) {
                long wall = 0;
                long process = 0;
                long jit = 0;
                long gc = 0;
                double busy = 0;
                double system = 0;
                double steal = 0;
                double others = 0;
                Map<String, Long> groups = new TreeMap<>();
                for (Delta d : all) {
                    wall += d.wallNanos;
                    process += d.processNanos;
                    jit += d.jitMs;
                    gc += d.gcMs;
                    d.groups.forEach((g, v) -> groups.merge(g, v, Long::sum));
                    busy += d.machine.busy() * d.wallNanos;
                    system += d.machine.system() * d.wallNanos;
                    steal += d.machine.steal() * d.wallNanos;
                    others += d.machine.others() * d.wallNanos;
                }
                return new Delta(wall, groups, process, new Machine.Usage(busy / wall, system / wall, steal / wall, others / wall),
                        jit, gc);
            }

            double hashOnCpu(double busyThreadSeconds) {
                Long h = hashNanos();
                return h == null || busyThreadSeconds <= 0 ? 0 : h / 1e9 / busyThreadSeconds;
            }

            long group(String name) {
                return groups.getOrDefault(name, 0L);
            }

            /** Share of all cores' time spent by the server's hashing threads; -1 when they are not in this JVM. */
            double hashShare() {
                Long h = hashNanos();
                return h == null ? -1 : h / (wallNanos * (double) Runtime.getRuntime().availableProcessors());
            }

            Long hashNanos() {
                Long h = groups.get("server: password hashing pool");
                return h != null ? h : groups.get("server process: password hashing pool");
            }

            String describe(long logins) {
                StringBuilder s = new StringBuilder();
                double wall = wallNanos / 1e9;
                int cores = Runtime.getRuntime().availableProcessors();
                long threadsTotal = threadsOfThisJvm();
                s.append(String.format(Locale.ROOT, "CPU while measuring (%.1f s x %d cores = %.1f core-s), per login:%n",
                        wall, cores, wall * cores));
                List<Map.Entry<String, Long>> top = new ArrayList<>(groups.entrySet());
                top.sort(Map.Entry.<String, Long>comparingByValue().reversed());
                for (Map.Entry<String, Long> e : top) {
                    if (e.getValue() < 1_000_000L) {
                        continue;
                    }
                    s.append(String.format(Locale.ROOT, "  %-40s %8.3f ms/login  %5.1f%% of machine%n", e.getKey(),
                            e.getValue() / 1e6 / Math.max(1, logins), 100.0 * e.getValue() / (wallNanos * (double) cores)));
                }
                if (processNanos >= 0) {
                    long jvm = processNanos - threadsTotal;
                    s.append(String.format(Locale.ROOT, "  %-40s %8.3f ms/login  %5.1f%% of machine%n",
                            "this JVM: GC, JIT, ended threads", jvm / 1e6 / Math.max(1, logins),
                            100.0 * jvm / (wallNanos * (double) cores)));
                }
                s.append(String.format(Locale.ROOT, "  (JVM counters: JIT compiling %.2f ms/login, GC %.2f ms/login)%n",
                        (double) jitMs / Math.max(1, logins), (double) gcMs / Math.max(1, logins)));
                s.append("  ").append(machine).append('\n');
                return s.toString();
            }
        }
    }

    /** The whole machine's CPU (/proc/stat) and this process's CPU, to tell our load from anybody else's. */
    record Machine(long wallNanos, long[] ticks, long processNanos, long serverNanos) {
        /** Linux USER_HZ, the unit of /proc/.../stat times (100 on every mainstream architecture). */
        static final long CLOCK_TICKS = 100;
        /** The process of a server given with --url and --server-pid, so its CPU is not counted as "other". */
        static volatile long serverPid = -1;
        /** A server in another process whose PID we were not given: its CPU looks like other load. */
        static volatile boolean serverUnknown;

        static Machine now() {
            return new Machine(System.nanoTime(), procStat(), processCpuNanos(), serverCpuNanos());
        }

        static long serverCpuNanos() {
            if (serverPid <= 0) {
                return 0;
            }
            try {
                String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * (1_000_000_000L / CLOCK_TICKS);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }

        static long processCpuNanos() {
            java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
            return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
        }

        /** user nice system idle iowait irq softirq steal, in clock ticks; empty where /proc/stat is absent. */
        static long[] procStat() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long[] v = new long[8];
                for (int i = 0; i < 8 && i + 1 < f.length; i++) {
                    v[i] = Long.parseLong(f[i + 1]);
                }
                return v;
            } catch (IOException | RuntimeException e) {
                return new long[0];
            }
        }

        Usage since(Machine before) {
            if (ticks.length != 8 || before.ticks.length != 8) {
                return new Usage(-1, -1, -1, -1);
            }
            long[] d = new long[8];
            for (int i = 0; i < 8; i++) {
                d[i] = ticks[i] - before.ticks[i];
            }
            double total = Arrays.stream(d).sum();
            if (total <= 0) {
                return new Usage(-1, -1, -1, -1);
            }
            double busy = (d[0] + d[1] + d[2] + d[5] + d[6]) / total;
            double system = (d[2] + d[5] + d[6]) / total;
            double steal = d[7] / total;
            double coreNanos = (wallNanos - before.wallNanos) * (double) Runtime.getRuntime().availableProcessors();
            double self = processNanos < 0 ? 0 : (processNanos - before.processNanos) / coreNanos;
            double server = (serverNanos - before.serverNanos) / coreNanos;
            return new Usage(busy, system, steal, Math.max(0, busy - self - server));
        }

        /** Fractions of all cores: busy (any process), of it kernel, stolen by the hypervisor, other processes. */
        record Usage(double busy, double system, double steal, double others) {
            boolean disturbed() {
                return others > 0.05 || steal > 0.05;
            }

            @Override
            public String toString() {
                return busy < 0 ? "machine: n/a" : String.format(Locale.ROOT,
                        "machine: busy %.1f%% (kernel %.1f%%), steal %.1f%%, other processes %.1f%%%s",
                        100 * busy, 100 * system, 100 * steal, 100 * others,
                        disturbed() ? "  << DISTURBED: other load on the machine" : "");
            }
        }

        /**
         * Waits (up to {@code max}) until other processes leave the machine nearly idle for a second, so a
         * build or test run elsewhere does not end up in the numbers.
         */
        static void waitForQuiet(Duration max) throws InterruptedException {
            long deadline = System.nanoTime() + max.toNanos();
            boolean told = false;
            while (true) {
                Machine a = now();
                Thread.sleep(1000);
                Usage u = now().since(a);
                if (u.busy < 0 || u.others + u.steal < 0.05) {
                    if (told) {
                        System.out.println("machine quiet again");
                    }
                    return;
                }
                if (System.nanoTime() - deadline >= 0) {
                    System.out.printf(Locale.ROOT, "machine still busy (other processes %.0f%%); measuring anyway%n", 100 * u.others);
                    return;
                }
                if (!told) {
                    System.out.printf(Locale.ROOT, "waiting for other processes to finish (they use %.0f%% of the machine)...%n",
                            100 * u.others);
                    told = true;
                }
            }
        }
    }

    /**
     * Samples the state of the server's hashing threads every 5 ms: a thread that is RUNNABLE has a
     * hash to compute (native code counts as RUNNABLE); WAITING means the pool's queue was empty.
     */
    static final class HashSampler {
        private final Thread thread;
        private volatile boolean stop;
        private long samples;
        private long busy;
        private long threadSamples;
        private long startNanos;
        private long endNanos;

        HashSampler() {
            thread = new Thread(this::run, "hash-sampler");
            thread.setDaemon(true);
        }

        void start() {
            startNanos = System.nanoTime();
            thread.start();
        }

        void stop() throws InterruptedException {
            stop = true;
            thread.join();
            endNanos = System.nanoTime();
        }

        private void run() {
            long[] ids = Stream.of(THREADS.getThreadInfo(THREADS.getAllThreadIds())).filter(t -> t != null
                    && t.getThreadName().startsWith("password-hash-")).mapToLong(ThreadInfo::getThreadId).toArray();
            if (ids.length == 0) {
                samples = -1;
                return;
            }
            while (!stop) {
                for (ThreadInfo ti : THREADS.getThreadInfo(ids)) {
                    if (ti != null) {
                        threadSamples++;
                        if (ti.getThreadState() == Thread.State.RUNNABLE) {
                            busy++;
                        }
                    }
                }
                samples++;
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Fraction of thread samples with a hash in progress, or -1 when the pool is not in this JVM. */
        double busyFraction() {
            return samples <= 0 || threadSamples == 0 ? -1 : (double) busy / threadSamples;
        }

        double busyThreadSeconds() {
            if (samples <= 0 || threadSamples == 0) {
                return 0;
            }
            double threadsPerSample = (double) threadSamples / samples;
            return busyFraction() * threadsPerSample * (endNanos - startNanos) / 1e9;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Report

    static void printTable(List<Result> results) {
        System.out.println();
        if (results.stream().anyMatch(Result::disturbed)) {
            System.out.println("(*) other processes used more than 5% of the machine during this row: numbers are not clean");
        }
        System.out.println("| Argon2id | engine | raw hashes/s (threads; min..max) | logins/s | logins / raw (per round) "
                + "| machine CPU in hashing during logins | p50 | p90 | p99 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            String params = r.params + (r.disturbed() ? " (*)" : "");
            String raw = r.raws.isEmpty() ? "-" : String.format(Locale.ROOT, "%.1f (%d; %.1f..%.1f)", r.raw(),
                    r.raws.get(0).threads(), r.raws.stream().mapToDouble(Raw::rate).min().orElse(0),
                    r.raws.stream().mapToDouble(Raw::rate).max().orElse(0));
            if (r.load == null || r.rounds.isEmpty()) {
                System.out.printf(Locale.ROOT, "| %s | %s | %s | - | - | - | - | - | - |%n", params, r.engine, raw);
                continue;
            }
            Load l = r.load;
            String perRound = String.join(", ", Arrays.stream(r.roundRatios())
                    .mapToObj(x -> String.format(Locale.ROOT, "%.0f", 100 * x)).toList());
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.1f | %.1f%% (%s) | %s | %.0f ms | %.0f ms | %.0f ms |%n",
                    params, r.engine, raw, l.rate, 100 * l.rate / r.raw(), perRound, l.cpu.hashShare() < 0 ? "n/a"
                            : String.format(Locale.ROOT, "%.1f%%", 100 * l.cpu.hashShare()),
                    Load.ms(Load.percentile(l.latencies, 0.5)), Load.ms(Load.percentile(l.latencies, 0.9)),
                    Load.ms(Load.percentile(l.latencies, 0.99)));
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: temporary directory
        }
    }
}
