package dev.signet.audit;

import dev.signet.storage.AuditRepository;
import dev.signet.storage.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes audit events that record no change of their own (an assertion issued, a request refused)
 * in batches from a background thread, so the SSO hot path does not wait for a commit per event.
 * Events of changes are still written in the change's own transaction ({@link AuditLog#record}).
 * A full queue makes the caller write synchronously rather than lose an event; a database outage
 * keeps the batch and retries; an event the database refuses for its content is logged and dropped
 * rather than holding up the others. Readers call {@link #flush} first, so a node reads its own events.
 */
public final class DeferredAuditWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeferredAuditWriter.class);
    private static final int CAPACITY = 10_000;
    private static final int BATCH = 500;
    /** How long the writer waits after an event for others to join its batch: the most an event waits to be stored. */
    static final java.time.Duration LINGER = java.time.Duration.ofMillis(25);

    private final Database db;
    private final AuditRepository repository;
    private final BlockingQueue<AuditEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
    /** Held while a batch is taken and written, so that flush() returns only when earlier events are stored. */
    private final ReentrantLock writing = new ReentrantLock();
    /** Taken from the queue, not yet stored; guarded by {@link #writing}. */
    private final List<AuditEvent> pending = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong submitted = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    /** Batches stored (each one insert and one commit), for tests. */
    private final java.util.concurrent.atomic.AtomicLong batches = new java.util.concurrent.atomic.AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public DeferredAuditWriter(Database db, AuditRepository repository) {
        this.db = db;
        this.repository = repository;
        this.thread = new Thread(this::run, "audit-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public void submit(AuditEvent event) {
        submitted.incrementAndGet();
        if (!queue.offer(event)) {
            db.transaction(h -> {
                repository.insert(h, event);
                return null;
            });
            written.incrementAndGet();
        }
    }

    /**
     * Returns once every event submitted before the call is stored (or after five seconds, when the
     * database does not take them), so a node always reads its own events.
     */
    public void flush() {
        long target = submitted.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (written.get() < target && System.nanoTime() < deadline) {
            writing.lock();
            try {
                writeBatches();
            } finally {
                writing.unlock();
            }
            if (written.get() < target) {
                // The writer thread holds an event it has taken but not yet written: let it finish.
                Thread.onSpinWait();
                sleep(2);
            }
        }
    }

    long batchesWritten() {
        return batches.get();
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                AuditEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null && pending.isEmpty()) {
                    continue;
                }
                if (first != null) {
                    writing.lock();
                    try {
                        pending.add(first); // a flush() meanwhile writes it
                    } finally {
                        writing.unlock();
                    }
                    if (queue.size() < BATCH) {
                        // Gather what arrives in the next moment into the same insert and commit: written at
                        // once, each event of a busy node would cost the database two round trips of its own.
                        Thread.sleep(LINGER.toMillis());
                    }
                }
                writing.lock();
                try {
                    writeBatches(!running);
                } finally {
                    writing.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("audit events not written yet, retrying in a second: {}", e.toString());
                sleep(1000);
            }
        }
    }

    /** Drains the queue in batches; a batch that fails stays pending for the next attempt. Called with the lock held. */
    private void writeBatches() {
        writeBatches(true);
    }

    /**
     * Writes what is pending and queued, up to a batch; then more batches only while {@code untilEmpty}
     * or a full batch is waiting. The writer thread stops after that, so what arrives during a write
     * waits for the next batch rather than going alone.
     */
    private void writeBatches(boolean untilEmpty) {
        do {
            queue.drainTo(pending, Math.max(0, BATCH - pending.size()));
            if (pending.isEmpty()) {
                return;
            }
            List<AuditEvent> batch = List.copyOf(pending);
            try {
                db.transaction(h -> {
                    repository.insertAll(h, batch);
                    return null;
                });
            } catch (RuntimeException e) {
                if (isConnectionProblem(e)) {
                    throw e;
                }
                writeOneByOne(batch);
            }
            pending.clear();
            written.addAndGet(batch.size());
            batches.incrementAndGet();
        } while (untilEmpty ? !queue.isEmpty() : queue.size() >= BATCH);
    }

    /** A batch the database refuses for its content: store what it takes, report the rest, never block the queue. */
    private void writeOneByOne(List<AuditEvent> batch) {
        for (AuditEvent event : batch) {
            try {
                db.transaction(h -> {
                    repository.insert(h, event);
                    return null;
                });
            } catch (RuntimeException e) {
                if (isConnectionProblem(e)) {
                    throw e;
                }
                log.error("audit event {} ({}) could not be stored and is dropped: {}", event.id(), event.type(), e.toString());
            }
        }
    }

    private static boolean isConnectionProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof org.jdbi.v3.core.ConnectionException
                    || (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking new work after the queue is empty; never interrupts a write in progress (H2 closes its file then). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("{} audit event(s) could not be written at shutdown: {}", queue.size() + pending.size(), e.toString());
        }
    }
}
