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
 * keeps the batch and retries. Readers call {@link #flush} first, so a node always reads its own events.
 */
public final class DeferredAuditWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeferredAuditWriter.class);
    private static final int CAPACITY = 10_000;
    private static final int BATCH = 500;

    private final Database db;
    private final AuditRepository repository;
    private final BlockingQueue<AuditEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
    /** Held while a batch is taken and written, so that flush() returns only when earlier events are stored. */
    private final ReentrantLock writing = new ReentrantLock();
    private final List<AuditEvent> failed = new ArrayList<>();
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
        if (!queue.offer(event)) {
            db.transaction(h -> {
                repository.insert(h, event);
                return null;
            });
        }
    }

    /** Writes everything submitted so far (and waits for a batch being written). */
    public void flush() {
        writing.lock();
        try {
            writeBatches();
        } finally {
            writing.unlock();
        }
    }

    private void run() {
        while (running) {
            try {
                AuditEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null && failed.isEmpty()) {
                    continue;
                }
                writing.lock();
                try {
                    if (first != null) {
                        failed.add(first);
                    }
                    writeBatches();
                } finally {
                    writing.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("audit events not written yet, retrying in a second: {}", e.toString());
                sleepQuietly();
            }
        }
    }

    /** Drains the queue in batches; a batch that fails stays in {@code failed} for the next attempt. */
    private void writeBatches() {
        do {
            queue.drainTo(failed, BATCH - Math.min(failed.size(), BATCH));
            if (failed.isEmpty()) {
                return;
            }
            List<AuditEvent> batch = List.copyOf(failed);
            db.transaction(h -> {
                repository.insertAll(h, batch);
                return null;
            });
            failed.clear();
        } while (!queue.isEmpty());
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
            flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("{} audit event(s) could not be written at shutdown: {}", queue.size() + failed.size(), e.toString());
        }
    }
}
