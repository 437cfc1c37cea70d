package dev.signet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The production-mode load benchmark ({@code bench/load.sh}): password logins and IdP-initiated SSO
 * responses per second, with p50/p99 latency, on the packaged jar in three setups, one after the other:
 * {@code h2} (one node, embedded H2), {@code postgres} (one node on PostgreSQL) and {@code two-nodes}
 * (two nodes on one PostgreSQL database, the client sending each request to the other node than the
 * one before, so every session is made on one node and used on both).
 *
 * <p>Per setup: 50 users in a group, an AWS application with three roles for that group (all through
 * the admin API with the bootstrap token); warm-up of logins and SSO (unmeasured, for the JIT); then
 * the baseline {@code GET /health/live} (the HTTP ceiling of the same nodes and client), logins
 * (each a fresh browser: GET /login, POST /login, 303 with a session cookie) and SSO (each client
 * signed in once, then GET /application/saml/{slug}/sso/binding/init until the deadline). Around each
 * measured phase it reads every node's /metrics, for the JDBC round trips per operation, and the CPU
 * time of the node processes and of PostgreSQL's from /proc, for the cost of one operation on each side.
 */
public final class ClusterLoadBenchmark {
    static final String TOKEN = "load-bench-token-0123456789abcdefghijklmnopqrstuvwxyz";
    static final String ADMIN_PASSWORD = "load-bench-admin-password-0123456789";
    static final String SLUG = "aws";
    static final String SSO_PATH = "/application/saml/" + SLUG + "/sso/binding/init";
    static final String SSO_ROUTE = "/application/saml/{slug}/sso/binding/init";
    static final String GROUP = "bench-aws";
    static final List<String> SETUPS = List.of("h2", "postgres", "two-nodes");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterLoadBenchmark() {
    }

    record Options(List<String> setups, Duration duration, Duration warmup, Duration baseline, int loginClients,
                   int ssoClients, int users, Path jar) {
        static Options parse(String[] args) {
            Map<String, String> o = new HashMap<>();
            for (String a : args) {
                if (a.equals("--help") || a.equals("-h")) {
                    usage();
                    System.exit(0);
                }
                if (!a.startsWith("--") || !a.contains("=")) {
                    throw new IllegalArgumentException("unknown argument '" + a + "' (see --help)");
                }
                o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
            for (String k : o.keySet()) {
                if (!List.of("setups", "duration", "warmup", "baseline", "login-clients", "sso-clients", "users", "jar").contains(k)) {
                    throw new IllegalArgumentException("unknown option --" + k + " (see --help)");
                }
            }
            List<String> setups = List.of(o.getOrDefault("setups", String.join(",", SETUPS)).split(","));
            for (String s : setups) {
                if (!SETUPS.contains(s)) {
                    throw new IllegalArgumentException("--setups takes " + String.join(",", SETUPS) + ", not " + s);
                }
            }
            if (!o.containsKey("jar")) {
                throw new IllegalArgumentException("--jar=PATH to the packaged signet.jar is required (bench/load.sh passes it)");
            }
            Options opts = new Options(setups,
                    LoginLoadBenchmark.parseDuration(o.getOrDefault("duration", "20s")),
                    LoginLoadBenchmark.parseDuration(o.getOrDefault("warmup", "20s")),
                    LoginLoadBenchmark.parseDuration(o.getOrDefault("baseline", "5s")),
                    Integer.parseInt(o.getOrDefault("login-clients", "4")),
                    Integer.parseInt(o.getOrDefault("sso-clients", "8")),
                    Integer.parseInt(o.getOrDefault("users", "50")),
                    Path.of(o.get("jar")));
            for (Duration d : List.of(opts.duration, opts.warmup, opts.baseline)) {
                if (d.isNegative() || d.compareTo(Duration.ofMinutes(10)) > 0) {
                    throw new IllegalArgumentException("durations are bounded to 10 minutes");
                }
            }
            if (opts.duration.isZero() || opts.baseline.isZero()) {
                throw new IllegalArgumentException("--duration and --baseline must be more than 0");
            }
            if (opts.loginClients < 1 || opts.loginClients > 256 || opts.ssoClients < 1 || opts.ssoClients > 256
                    || opts.users < 1 || opts.users > 10_000) {
                throw new IllegalArgumentException("--login-clients and --sso-clients 1..256, --users 1..10000");
            }
            if (!Files.isRegularFile(opts.jar)) {
                throw new IllegalArgumentException("no jar at " + opts.jar);
            }
            return opts;
        }

        static void usage() {
            System.out.println("""
                    ClusterLoadBenchmark (bench/load.sh): logins/s and IdP-initiated SSO/s on the packaged jar, with
                    JDBC round trips and CPU per operation, on H2, PostgreSQL and two nodes on PostgreSQL.
                      --setups=h2,postgres,two-nodes   which setups, in this order
                      --duration=20s        each measured phase (logins, SSO)
                      --warmup=20s          unmeasured logins, then as long unmeasured SSO, per setup (JIT)
                      --baseline=5s         GET /health/live, the HTTP ceiling of the same nodes and client
                      --login-clients=4     concurrent login loops (each login a fresh browser)
                      --sso-clients=8       concurrent SSO loops (each signed in once)
                      --users=50            users created through the admin API
                      --jar=PATH            the packaged server (bench/load.sh passes it)
                    Only 127.0.0.1 is loaded; every loop ends at its deadline.""");
        }
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
        String machine = machine();
        System.out.println(machine);
        System.out.printf(Locale.ROOT, "jar: %s; per setup: warm-up %ds logins + %ds SSO, baseline %ds (%d clients), "
                        + "logins %ds (%d clients), SSO %ds (%d clients), %d users%n%n", opts.jar, opts.warmup.toSeconds(),
                opts.warmup.toSeconds(), opts.baseline.toSeconds(), opts.ssoClients, opts.duration.toSeconds(), opts.loginClients,
                opts.duration.toSeconds(), opts.ssoClients, opts.users);

        Resources resources = new Resources();
        Runtime.getRuntime().addShutdownHook(new Thread(resources::close, "load-bench-cleanup"));
        List<Row> rows = new ArrayList<>();
        int exit = 0;
        try {
            for (String setup : opts.setups) {
                rows.add(runSetup(opts, setup, resources));
            }
        } catch (Exception e) {
            System.err.println("ABORTED: " + (e instanceof LoadPhase.PhaseFailure || e instanceof IllegalStateException
                    ? e.getMessage() : e.toString()));
            resources.printLogTails();
            exit = 1;
        } finally {
            resources.close();
        }
        printTable(rows, machine);
        System.exit(exit);
    }

    static String machine() {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException | RuntimeException e) {
            // not Linux: leave unknown
        }
        return String.format(Locale.ROOT, "machine: nproc %d, CPU %s, Java %s (%s); nodes: java -Xmx1g -jar, client and "
                        + "PostgreSQL on the same machine", Runtime.getRuntime().availableProcessors(), cpu,
                System.getProperty("java.version"), System.getProperty("java.vm.name"));
    }

    /** Nodes, PostgreSQL and temporary directories of the run: stopped and removed at the end, on error and at exit. */
    static final class Resources {
        private final List<SignetNode> nodes = Collections.synchronizedList(new ArrayList<>());
        private final List<Path> dirs = Collections.synchronizedList(new ArrayList<>());
        private BenchPostgres postgres;

        synchronized BenchPostgres postgres() throws Exception {
            if (postgres == null) {
                long t0 = System.nanoTime();
                postgres = BenchPostgres.start();
                System.out.printf(Locale.ROOT, "PostgreSQL (embedded) started in %d ms: %s%n", (System.nanoTime() - t0) / 1_000_000,
                        postgres.describe());
            }
            return postgres;
        }

        Path newDir(String prefix) throws IOException {
            Path d = Files.createTempDirectory(prefix);
            dirs.add(d);
            return d;
        }

        void add(SignetNode node) {
            nodes.add(node);
        }

        void printLogTails() {
            synchronized (nodes) {
                for (SignetNode n : nodes) {
                    System.err.println("--- last lines of node " + n.name + " (" + n.dataDir.resolve("node.log") + ") ---");
                    System.err.println(n.logTail(20));
                }
            }
        }

        void stopNodes() {
            synchronized (nodes) {
                nodes.forEach(SignetNode::close);
                nodes.clear();
            }
        }

        synchronized void close() {
            stopNodes();
            if (postgres != null) {
                try {
                    postgres.close();
                } catch (IOException e) {
                    System.err.println("stopping PostgreSQL: " + e);
                }
                postgres = null;
            }
            synchronized (dirs) {
                dirs.forEach(LoginLoadBenchmark::deleteRecursively);
                dirs.clear();
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // One setup

    /** The measured phases of one setup. */
    record Row(String setup, int nodes, boolean postgres, LoadPhase.Result live, LoadPhase.Result logins, LoadPhase.Result sso) {
    }

    static Row runSetup(Options opts, String setup, Resources resources) throws Exception {
        System.out.println("=== " + setup + " ===");
        boolean pg = !setup.equals("h2");
        int count = setup.equals("two-nodes") ? 2 : 1;
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("SIGNET_BOOTSTRAP_PASSWORD", ADMIN_PASSWORD);
        settings.put("SIGNET_BOOTSTRAP_TOKEN", TOKEN);
        // Only failures count; the benchmark aborts at the first one anyway. 1000 is the highest the server takes.
        settings.put("SIGNET_LOGIN_THROTTLE_MAX_FAILURES", "1000");
        BenchPostgres postgres = null;
        if (pg) {
            postgres = resources.postgres();
            settings.putAll(postgres.newDatabase());
        }
        if (count > 1) {
            // One installation: shared keys and the load balancer's address (docs/postgresql.md, "Several nodes").
            settings.put("SIGNET_COOKIE_KEY", randomKey());
            settings.put("SIGNET_KEY_ENCRYPTION_KEY", randomKey());
            settings.put("SIGNET_PUBLIC_URL", "http://signet-lb.bench.test");
        }
        List<SignetNode> nodes = new ArrayList<>();
        // One after the other: the first migrates the database and makes the administrator and keypair.
        for (int i = 0; i < count; i++) {
            SignetNode node = SignetNode.start(setup + "-" + (char) ('a' + i), opts.jar,
                    resources.newDir("signet-load-" + setup + "-").resolve("data"), settings);
            resources.add(node);
            nodes.add(node);
        }
        List<String[]> users = populate(nodes.get(0).base, opts.users);

        BenchPostgres db = postgres;
        LoadPhase.Probe probe = new LoadPhase.Probe() {
            private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

            @Override
            public List<MetricsScrape> scrape() throws Exception {
                List<MetricsScrape> all = new ArrayList<>();
                for (SignetNode n : nodes) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(n.base.resolve("/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("GET /metrics on " + n.name + " answered " + r.statusCode());
                    }
                    all.add(MetricsScrape.parse(r.body()));
                }
                return all;
            }

            @Override
            public ProcCpu.JvmTicks nodeTicks() {
                return nodes.stream().map(n -> ProcCpu.JvmTicks.of(n.pid())).reduce(ProcCpu.JvmTicks.ZERO, ProcCpu.JvmTicks::plus);
            }

            @Override
            public long postgresTicks() {
                return db == null ? 0 : db.cpuTicks();
            }
        };

        List<URI> bases = nodes.stream().map(n -> n.base).toList();
        AtomicInteger nextUser = new AtomicInteger();
        LoadPhase.WorkerFactory logins = i -> new LoginWorker(new Browser(bases, i), users, nextUser);
        LoadPhase.WorkerFactory sso = i -> new SsoWorker(new Browser(bases, i), users.get(i % users.size()));
        LoadPhase.WorkerFactory live = i -> new LiveWorker(new Browser(bases, i));

        if (!opts.warmup.isZero()) {
            report(LoadPhase.run("warm-up logins", opts.loginClients, opts.warmup, logins, probe));
            report(LoadPhase.run("warm-up SSO", opts.ssoClients, opts.warmup, sso, probe));
            LoadPhase.run("warm-up live", opts.ssoClients, Duration.ofSeconds(2), live, probe);
        }
        LoadPhase.Result baseline = report(LoadPhase.run("baseline /health/live", opts.ssoClients, opts.baseline, live, probe));
        LoadPhase.Result login = report(LoadPhase.run("logins", opts.loginClients, opts.duration, logins, probe));
        LoadPhase.Result signOn = report(LoadPhase.run("SSO", opts.ssoClients, opts.duration, sso, probe));
        checkCounts(login, signOn);
        for (SignetNode n : nodes) {
            if (!n.alive()) {
                throw new IllegalStateException("node " + n.name + " died during the run:\n" + n.logTail(40));
            }
        }
        resources.stopNodes();
        System.out.println();
        return new Row(setup, count, pg, baseline, login, signOn);
    }

    static LoadPhase.Result report(LoadPhase.Result r) {
        ProcCpu.JvmTicks n = r.nodeTicks();
        System.out.printf(Locale.ROOT, "%-22s %9.1f/s  p50 %7.2f ms  p99 %7.2f ms  (%d in %.0f s, %d clients)%n"
                        + "%22s CPU per op: nodes %.3f ms (password hashing %.3f, JIT %.3f, GC %.3f), PostgreSQL %.3f ms, "
                        + "client %.3f ms; other processes %.1f%% of the machine%n",
                r.name(), r.rate(), r.p(0.5), r.p(0.99), r.inWindow(), r.seconds(), r.clients(), "", r.per(r.nodeCpuMs()),
                r.per(n.hashing() * LoadPhase.TICK_MS), r.per(n.jit() * LoadPhase.TICK_MS), r.per(n.gc() * LoadPhase.TICK_MS),
                r.per(r.postgresCpuMs()), r.per(r.clientCpuMs()), 100 * r.others());
        Map<String, Double> roundTrips = r.metrics().roundTripsByRoute();
        if (!roundTrips.isEmpty()) {
            StringBuilder s = new StringBuilder();
            roundTrips.forEach((route, trips) -> s.append(s.length() == 0 ? "" : ", ").append(route)
                    .append(String.format(Locale.ROOT, " %.3f", r.per(trips))));
            System.out.printf(Locale.ROOT, "%22s DB round trips per op: %s%n", "", s);
        }
        return r;
    }

    /** The nodes' request counters must agree with what the client completed, or the per-operation figures are off. */
    static void checkCounts(LoadPhase.Result login, LoadPhase.Result sso) {
        double posts = login.metrics().requests("POST", "/login");
        double ssos = sso.metrics().requests("GET", SSO_ROUTE);
        if (posts != login.completed() || ssos != sso.completed()) {
            System.out.printf(Locale.ROOT, "note: the nodes counted %.0f POST /login and %.0f SSO requests, the client %d and %d%n",
                    posts, ssos, login.completed(), sso.completed());
        }
    }

    static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    // ------------------------------------------------------------------------------------------------
    // Users, group and AWS application through the admin API

    static List<String[]> populate(URI base, int n) throws Exception {
        long t0 = System.nanoTime();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String group = api(http, base, "POST", "/groups", "{\"name\":\"" + GROUP + "\"}").get("id").asText();
        List<String[]> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            users.add(new String[] {"load-user-" + i, "load-password-" + i + "-0123456789"});
        }
        // In parallel: each user costs the server one password hash.
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Exception> error = new AtomicReference<>();
        Thread[] workers = new Thread[Math.min(4, n)];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n && error.get() == null) {
                    String[] u = users.get(i);
                    try {
                        String id = api(http, base, "POST", "/users", "{\"username\":\"" + u[0] + "\",\"password\":\"" + u[1]
                                + "\",\"email\":\"" + u[0] + "@example.com\"}").get("id").asText();
                        api(http, base, "PUT", "/groups/" + group + "/members/" + id, null);
                    } catch (Exception e) {
                        error.compareAndSet(null, e);
                    }
                }
            }, "create-users-" + w);
            workers[w].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        if (error.get() != null) {
            throw error.get();
        }
        // The AWS preset, as bench/sso.sh makes it: Role x3 from the role mapping, RoleSessionName, SessionDuration.
        StringBuilder roles = new StringBuilder("[");
        for (String role : List.of("Admin", "ReadOnly", "Billing")) {
            roles.append(roles.length() > 1 ? "," : "").append("{\"group\":\"").append(GROUP)
                    .append("\",\"account\":\"123456789012\",\"role\":\"").append(role).append("\",\"provider\":\"Signet\"}");
        }
        api(http, base, "POST", "/aws/applications", "{\"slug\":\"" + SLUG + "\",\"name\":\"" + SLUG
                + "\",\"sessionDuration\":28800,\"roles\":" + roles + "]}");
        System.out.printf(Locale.ROOT, "setup: %d users in group %s, AWS application '%s' with 3 roles, through the admin API in %.1f s%n",
                n, GROUP, SLUG, (System.nanoTime() - t0) / 1e9);
        return users;
    }

    static JsonNode api(HttpClient http, URI base, String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/v1" + path)).header("Authorization", "Bearer " + TOKEN);
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " /api/v1" + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    // ------------------------------------------------------------------------------------------------
    // The client

    /**
     * One client thread's connections, one kept-alive connection per node: each request goes to the
     * node after the one the previous request went to (client {@code i} starts at node {@code i}), as a
     * round-robin load balancer without sticky sessions would send them.
     */
    static final class Browser implements AutoCloseable {
        private final List<SocketHttpClient> connections = new ArrayList<>();
        private int next;

        Browser(List<URI> nodes, int client) {
            nodes.forEach(n -> connections.add(new SocketHttpClient(n)));
            next = client % nodes.size();
        }

        SocketHttpClient node() {
            SocketHttpClient c = connections.get(next);
            next = (next + 1) % connections.size();
            return c;
        }

        /** GET /login, POST /login as a browser with an empty cookie jar; returns the session cookie. */
        String signIn(String username, String password) throws IOException {
            SocketHttpClient.Response page = node().get("/login", null);
            if (page.status() != 200) {
                throw new IOException("GET /login answered " + page.status());
            }
            String csrfCookie = page.cookie("signet_csrf");
            if (csrfCookie == null) {
                throw new IOException("GET /login set no signet_csrf cookie");
            }
            String csrf;
            try {
                csrf = LoginLoadBenchmark.csrfFrom(page.body());
            } catch (LoginLoadBenchmark.LoginFailure e) {
                throw new IOException(e.getMessage());
            }
            SocketHttpClient.Response r = node().postForm("/login", "signet_csrf=" + csrfCookie,
                    "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                            + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                            + "&csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8));
            String session = r.cookie("signet_session");
            if (r.status() != 303 || session == null || session.isEmpty()) {
                throw new IOException("POST /login for " + username + " answered " + r.status()
                        + (session == null ? " without a signet_session cookie" : "") + ": "
                        + r.body().substring(0, Math.min(200, r.body().length())).replaceAll("\\s+", " "));
            }
            return session;
        }

        @Override
        public void close() throws IOException {
            for (SocketHttpClient c : connections) {
                c.close();
            }
        }
    }

    /** A login per operation, users in turn. */
    record LoginWorker(Browser browser, List<String[]> users, AtomicInteger nextUser) implements LoadPhase.Worker {
        @Override
        public void run() throws IOException {
            String[] u = users.get(Math.floorMod(nextUser.getAndIncrement(), users.size()));
            browser.signIn(u[0], u[1]);
        }

        @Override
        public void close() throws IOException {
            browser.close();
        }
    }

    /** Signed in once; an IdP-initiated SSO per operation. */
    static final class SsoWorker implements LoadPhase.Worker {
        private final Browser browser;
        private final String cookie;

        SsoWorker(Browser browser, String[] user) throws IOException {
            this.browser = browser;
            this.cookie = "signet_session=" + browser.signIn(user[0], user[1]);
        }

        @Override
        public void run() throws IOException {
            SocketHttpClient.Response r = browser.node().get(SSO_PATH, cookie);
            if (r.status() != 200 || !r.body().contains("SAMLResponse")) {
                throw new IOException("GET " + SSO_PATH + " answered " + r.status() + (r.status() == 200 ? " without a SAMLResponse" : "")
                        + ": " + r.body().substring(0, Math.min(200, r.body().length())).replaceAll("\\s+", " "));
            }
        }

        @Override
        public void close() throws IOException {
            browser.close();
        }
    }

    /** GET /health/live per operation. */
    record LiveWorker(Browser browser) implements LoadPhase.Worker {
        @Override
        public void run() throws IOException {
            SocketHttpClient.Response r = browser.node().get("/health/live", null);
            if (r.status() != 200) {
                throw new IOException("GET /health/live answered " + r.status());
            }
        }

        @Override
        public void close() throws IOException {
            browser.close();
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Report

    static void printTable(List<Row> rows, String machine) {
        if (rows.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println(machine);
        System.out.println("| setup | /health/live req/s | logins/s | login p50 | p99 | SSO/s | SSO p50 | p99 | SSO/s ÷ live "
                + "| DB round trips per login (request / with background) | per SSO (request / with background) "
                + "| PG CPU ms per SSO | node CPU ms per SSO | other processes |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.1f | %.0f ms | %.0f ms | %.0f | %.1f ms | %.1f ms | %.3f | %s | %s | %s | %.3f | %s |%n",
                    r.setup, r.live.rate(), r.logins.rate(), r.logins.p(0.5), r.logins.p(0.99), r.sso.rate(), r.sso.p(0.5),
                    r.sso.p(0.99), r.sso.rate() / r.live.rate(), loginRoundTrips(r.logins), ssoRoundTrips(r.sso),
                    r.postgres ? String.format(Locale.ROOT, "%.3f", r.sso.per(r.sso.postgresCpuMs())) : "-",
                    r.sso.per(r.sso.nodeCpuMs()), String.format(Locale.ROOT, "%.0f%% / %.0f%%", 100 * r.logins.others(),
                            100 * r.sso.others()));
        }
        System.out.println();
        System.out.println("Round trips: JDBC round trips counted by the nodes (signet_db_round_trips_total) per operation the client "
                + "completed; 'request' counts the operation's own routes, 'with background' every route and background work. "
                + "Other processes: share of the machine used by anything but the nodes, PostgreSQL and this client, during "
                + "logins / SSO.");
        for (Row r : rows) {
            if (!r.postgres) {
                continue;
            }
            double pgPerSso = r.sso.per(r.sso.postgresCpuMs());
            System.out.printf(Locale.ROOT, "%s: PostgreSQL CPU %.3f ms per SSO, %.3f ms per login; node CPU %.3f ms per SSO, "
                            + "%.2f ms per login => one PostgreSQL core carries about %.0f SSO/s%n", r.setup, pgPerSso,
                    r.logins.per(r.logins.postgresCpuMs()), r.sso.per(r.sso.nodeCpuMs()), r.logins.per(r.logins.nodeCpuMs()),
                    1000 / pgPerSso);
        }
        for (Row r : rows) {
            if (!r.postgres) {
                System.out.printf(Locale.ROOT, "%s: node CPU %.3f ms per SSO, %.2f ms per login (H2 runs inside the node)%n",
                        r.setup, r.sso.per(r.sso.nodeCpuMs()), r.logins.per(r.logins.nodeCpuMs()));
            }
        }
    }

    static String loginRoundTrips(LoadPhase.Result r) {
        LoadPhase.MetricsDelta m = r.metrics();
        if (!m.hasRoundTrips()) {
            return "n/a (no " + MetricsScrape.ROUND_TRIPS + ")";
        }
        double request = m.roundTrips("GET", "/login") + m.roundTrips("POST", "/login");
        return String.format(Locale.ROOT, "%.2f / %.2f", r.per(request), r.per(m.allRoundTrips()));
    }

    static String ssoRoundTrips(LoadPhase.Result r) {
        LoadPhase.MetricsDelta m = r.metrics();
        if (!m.hasRoundTrips()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f / %.2f", r.per(m.roundTrips("GET", SSO_ROUTE)), r.per(m.allRoundTrips()));
    }
}
