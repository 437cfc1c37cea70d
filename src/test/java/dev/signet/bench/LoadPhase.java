package dev.signet.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One phase of load: {@code clients} threads repeat one operation for a fixed time against a set of
 * nodes. The threads and their connections (and sessions) are made first; then the nodes' metrics
 * and the CPU counters are read with no request in flight, the threads run, stop after the first
 * operation that ends past the deadline, and everything is read again: so the deltas of the counters
 * belong exactly to the operations the threads completed. Rates and latency percentiles count only
 * the operations that ended inside the window. Any failed operation aborts the phase.
 */
final class LoadPhase {
    /** One client thread's operation; it throws when the answer is not the expected one. */
    interface Worker extends AutoCloseable {
        void run() throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    /** Makes the worker of client thread {@code index} (0-based); may sign in first. */
    interface WorkerFactory {
        Worker create(int index) throws Exception;
    }

    /** What a phase measured; counter deltas are summed over all nodes. */
    record Result(String name, int clients, double seconds, long inWindow, long completed, long[] latencies,
                  MetricsDelta metrics, ProcCpu.JvmTicks nodeTicks, double postgresCpuMs, double clientCpuMs, double machineBusyMs,
                  double machineMs) {
        /** CPU time of the node processes, in all. */
        double nodeCpuMs() {
            return nodeTicks.total() * TICK_MS;
        }

        double rate() {
            return inWindow / seconds;
        }

        double p(double q) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(q * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, i))] / 1e6;
        }

        /** Per completed operation. */
        double per(double total) {
            return completed == 0 ? Double.NaN : total / completed;
        }

        /** Share of all cores' time used by processes other than the nodes, PostgreSQL and this JVM. */
        double others() {
            return machineMs <= 0 ? Double.NaN : Math.max(0, machineBusyMs - nodeCpuMs() - postgresCpuMs - clientCpuMs) / machineMs;
        }
    }

    /** The nodes' metrics after minus before. */
    record MetricsDelta(List<MetricsScrape> before, List<MetricsScrape> after) {
        boolean hasRoundTrips() {
            return after.stream().anyMatch(s -> s.has(MetricsScrape.ROUND_TRIPS));
        }

        double roundTrips(String method, String route) {
            return sum(s -> s.roundTrips(method, route));
        }

        double allRoundTrips() {
            return sum(MetricsScrape::allRoundTrips);
        }

        double requests(String method, String route) {
            return sum(s -> s.requests(method, route));
        }

        /** Round trips by "METHOD route", those that changed only, largest first. */
        Map<String, Double> roundTripsByRoute() {
            Map<String, Double> d = new TreeMap<>();
            for (int i = 0; i < after.size(); i++) {
                for (MetricsScrape.Sample s : after.get(i).samples()) {
                    if (s.name().equals(MetricsScrape.ROUND_TRIPS)) {
                        d.merge(s.label("method") + " " + s.label("route"), s.value(), Double::sum);
                    }
                }
                for (MetricsScrape.Sample s : before.get(i).samples()) {
                    if (s.name().equals(MetricsScrape.ROUND_TRIPS)) {
                        d.merge(s.label("method") + " " + s.label("route"), -s.value(), Double::sum);
                    }
                }
            }
            d.values().removeIf(v -> v == 0);
            Map<String, Double> sorted = new LinkedHashMap<>();
            d.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return sorted;
        }

        private double sum(java.util.function.ToDoubleFunction<MetricsScrape> f) {
            double d = 0;
            for (int i = 0; i < after.size(); i++) {
                d += f.applyAsDouble(after.get(i)) - f.applyAsDouble(before.get(i));
            }
            return d;
        }
    }

    /** What the phase reads before and after: the nodes' metrics and CPU counters. */
    interface Probe {
        List<MetricsScrape> scrape() throws Exception;

        /** CPU ticks of the node processes, summed. */
        ProcCpu.JvmTicks nodeTicks();

        /** CPU ticks of PostgreSQL's processes, 0 without PostgreSQL. */
        long postgresTicks();
    }

    static final double TICK_MS = 1000.0 / ProcCpu.TICKS_PER_SECOND;

    private LoadPhase() {
    }

    static Result run(String name, int clients, Duration duration, WorkerFactory factory, Probe probe) throws Exception {
        List<Worker> workers = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                workers.add(factory.create(i));
            }
            return runWith(name, workers, duration, probe);
        } finally {
            for (Worker w : workers) {
                try {
                    w.close();
                } catch (Exception e) {
                    // a connection the server closed: nothing to clean up
                }
            }
        }
    }

    private static Result runWith(String name, List<Worker> workers, Duration duration, Probe probe) throws Exception {
        int clients = workers.size();
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicLong completed = new AtomicLong();
        LoginLoadBenchmark.LongList[] latencies = new LoginLoadBenchmark.LongList[clients];
        Thread[] threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            Worker worker = workers.get(c);
            LoginLoadBenchmark.LongList mine = latencies[c] = new LoginLoadBenchmark.LongList();
            threads[c] = new Thread(() -> {
                try {
                    go.await();
                    long end = window[1];
                    while (failure.get() == null) {
                        long t0 = System.nanoTime();
                        worker.run();
                        long t1 = System.nanoTime();
                        completed.incrementAndGet();
                        if (t1 - end >= 0) {
                            break;
                        }
                        mine.add(t1 - t0);
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e.getMessage() == null ? e.toString() : e.getMessage());
                }
            }, "loadgen-" + name + "-" + (c + 1));
            threads[c].setDaemon(true);
            threads[c].start();
        }

        settle();
        List<MetricsScrape> before = probe.scrape();
        ProcCpu.JvmTicks nodes0 = probe.nodeTicks();
        long pg0 = probe.postgresTicks();
        long client0 = processCpuNanos();
        ProcCpu.Machine machine0 = ProcCpu.Machine.now();
        window[0] = System.nanoTime();
        window[1] = window[0] + duration.toNanos();
        go.countDown();
        for (Thread t : threads) {
            t.join(duration.toMillis() + 120_000);
            if (t.isAlive()) {
                failure.compareAndSet(null, "a client thread did not finish within 2 minutes of the deadline");
            }
        }
        if (failure.get() != null) {
            throw new PhaseFailure(name + ": " + failure.get());
        }
        settle();
        ProcCpu.JvmTicks nodes1 = probe.nodeTicks();
        long pg1 = probe.postgresTicks();
        long client1 = processCpuNanos();
        ProcCpu.Machine machine1 = ProcCpu.Machine.now();
        List<MetricsScrape> after = probe.scrape();

        long[] lat = LoginLoadBenchmark.LongList.sortedUnion(latencies);
        return new Result(name, clients, duration.toNanos() / 1e9, lat.length, completed.get(), lat,
                new MetricsDelta(before, after), nodes1.minus(nodes0), (pg1 - pg0) * TICK_MS,
                (client1 - client0) / 1e6, (machine1.busy() - machine0.busy()) * TICK_MS, (machine1.total() - machine0.total()) * TICK_MS);
    }

    /**
     * Background work that follows requests (the batched audit writer) trails them by a few
     * milliseconds: reading the counters a moment after the clients stop keeps it with its phase.
     */
    private static void settle() throws InterruptedException {
        Thread.sleep(300);
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** A phase that could not complete: a failed operation or a stuck client. */
    static final class PhaseFailure extends Exception {
        PhaseFailure(String message) {
            super(message);
        }
    }
}
