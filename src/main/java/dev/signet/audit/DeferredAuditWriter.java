package dev.signet.audit;

import dev.signet.storage.AuditRepository;
import dev.signet.storage.Database;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>Events leave the queue only while {@link #writing} is held, and are stored before it is released
 * (or stay pending under it), so whoever holds the lock sees every event not yet stored.
 */
public final class DeferredAuditWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeferredAuditWriter.class);
    private static final int CAPACITY = 10_000;
    private static final int BATCH = 500;
    /** How long the writer waits after an event for others to join its batch (an event also waits for the write itself). */
    static final Duration LINGER = Duration.ofMillis(25);
    private static final Duration FLUSH_LIMIT = Duration.ofSeconds(5);
    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;
    private final AuditRepository repository;
    private final BlockingQueue<AuditEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
    /** One permit per event queued (at least): wakes the writer without taking the event out of the queue. */
    private final Semaphore arrived = new Semaphore(0);
    /** Held while events are taken from the queue and written. */
    private final ReentrantLock writing = new ReentrantLock();
    /** Taken from the queue, not yet stored (a write failed); guarded by {@link #writing}. */
    private final List<AuditEvent> pending = new ArrayList<>();
    /** Batches stored (each one insert and one commit), for tests. */
    private final AtomicLong batches = new AtomicLong();
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
        if (queue.offer(event)) {
            arrived.release();
        } else {
            db.transaction(h -> {
                repository.insert(h, event);
                return null;
            });
        }
    }

    /**
     * Returns once every event submitted before the call is stored, so a node always reads its own
     * events; gives up after five seconds (logged) when the database does not take them.
     */
    public void flush() {
        try {
            if (!writing.tryLock(FLUSH_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("audit events not flushed: a write has been running for over {} s", FLUSH_LIMIT.toSeconds());
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            writeBatches(true);
        } catch (RuntimeException e) {
            log.warn("audit events not flushed, the writer keeps retrying: {}", e.toString());
        } finally {
            writing.unlock();
        }
    }

    long batchesWritten() {
        return batches.get();
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                boolean woken = arrived.tryAcquire(100, TimeUnit.MILLISECONDS);
                if (woken && running && queue.size() < BATCH) {
                    // Gather what arrives in the next moment into the same insert and commit: written at
                    // once, each event of a busy node would cost the database two round trips of its own.
                    Thread.sleep(LINGER.toMillis());
                }
                arrived.drainPermits();
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

    /**
     * Writes what is pending and queued, up to a batch; then more batches while {@code untilEmpty}, or
     * while a full batch waits. The writer thread stops after that, so that what arrives during a write
     * waits for the next batch rather than going alone. A batch that fails for the connection stays
     * pending for the next attempt. Called with the lock held.
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
                if (hasSqlState(e, UNIQUE_VIOLATION)) {
                    // Stored by an earlier attempt whose commit went through although its answer was lost.
                    continue;
                }
                log.error("audit event {} ({}) could not be stored and is dropped: {}", event.id(), event.type(), e.toString());
            }
        }
    }

    private static boolean isConnectionProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof org.jdbi.v3.core.ConnectionException
                    || (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasSqlState(Throwable e, String state) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
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
        arrived.release();
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
