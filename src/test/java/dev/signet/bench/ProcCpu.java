package dev.signet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU time of processes from Linux's /proc: utime + stime of /proc/PID/stat, in clock ticks (USER_HZ,
 * 100 per second on every mainstream architecture), and the whole machine's counters of /proc/stat.
 * Where /proc is missing (not Linux) every reading is 0 and the CPU columns say nothing.
 */
final class ProcCpu {
    static final long TICKS_PER_SECOND = 100;

    private ProcCpu() {
    }

    /** The fields of /proc/PID/stat after the command name: index 0 is the state, 1 the parent, 11 utime, 12 stime. */
    private static String[] statFields(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** utime + stime of one process (all its threads), or 0 when it is gone. */
    static long ticks(long pid) {
        try {
            String[] f = statFields(pid);
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static long parentOf(long pid) {
        try {
            return Long.parseLong(statFields(pid)[1]);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("no process " + pid + " in /proc", e);
        }
    }

    /** utime + stime of {@code root} and of its direct children whose command (comm) is {@code comm}. */
    static long treeTicks(long root, String comm) {
        long sum = ticks(root);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String command = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (command.equals(comm) && Long.parseLong(f[1]) == root) {
                        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return sum;
    }

    /** One thread of a process: its ID, its name (comm, cut to 15 characters) and its utime + stime. */
    record ThreadTicks(String tid, String comm, long ticks) {
    }

    /** Every thread of a process from /proc/PID/task/TID/{comm,stat}; empty when the process is gone. */
    static List<ThreadTicks> threads(long pid) {
        List<ThreadTicks> threads = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm")).trim();
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    threads.add(new ThreadTicks(task.getFileName().toString(), comm, Long.parseLong(f[11]) + Long.parseLong(f[12])));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return threads;
    }

    /**
     * CPU ticks of a JVM process: in all, and of three kinds of its threads (by their name in
     * /proc/PID/task/TID/comm, cut to 15 characters): the password hashing pool, the JIT compiler
     * threads and the garbage collector's. A thread that ends between two readings takes its CPU time
     * out of its group but not out of the total.
     */
    record JvmTicks(long total, long hashing, long jit, long gc) {
        static final JvmTicks ZERO = new JvmTicks(0, 0, 0, 0);

        static JvmTicks of(long pid) {
            long hashing = 0;
            long jit = 0;
            long gc = 0;
            for (ThreadTicks t : threads(pid)) {
                if (t.comm().startsWith("password-hash")) {
                    hashing += t.ticks();
                } else if (t.comm().startsWith("C1 CompilerThre") || t.comm().startsWith("C2 CompilerThre")) {
                    jit += t.ticks();
                } else if (t.comm().startsWith("G1 ") || t.comm().startsWith("GC Thread")) {
                    gc += t.ticks();
                }
            }
            return new JvmTicks(ticks(pid), hashing, jit, gc);
        }

        JvmTicks plus(JvmTicks o) {
            return new JvmTicks(total + o.total, hashing + o.hashing, jit + o.jit, gc + o.gc);
        }

        JvmTicks minus(JvmTicks o) {
            return new JvmTicks(total - o.total, hashing - o.hashing, jit - o.jit, gc - o.gc);
        }
    }

    /** Busy and total ticks of all cores (/proc/stat: busy = user + nice + system + irq + softirq + steal). */
    record Machine(long busy, long total) {
        static Machine now() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long[] v = new long[8];
                for (int i = 0; i < 8 && i + 1 < f.length; i++) {
                    v[i] = Long.parseLong(f[i + 1]);
                }
                return new Machine(v[0] + v[1] + v[2] + v[5] + v[6] + v[7], v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7]);
            } catch (IOException | RuntimeException e) {
                return new Machine(0, 0);
            }
        }
    }
}
