package dev.signet.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.config.ConfigLoader;
import dev.signet.storage.AuditRepository;
import dev.signet.storage.Database;
import dev.signet.testing.TestDatabase;
import dev.signet.testing.TestSignet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write-behind audit queue stores every event, and events arriving close together are stored in a few batches, not one by one. */
class DeferredAuditWriterTest {
    private Path dir;
    private Database db;
    private final AuditRepository repository = new AuditRepository();

    @BeforeEach
    void openDatabase() throws Exception {
        dir = Files.createTempDirectory("signet-audit-writer");
        Map<String, String> env = new HashMap<>(TestDatabase.settingsFor(dir));
        env.put("SIGNET_DATA_DIR", dir.toString());
        db = Database.open(ConfigLoader.load(env, null));
    }

    @AfterEach
    void closeDatabase() {
        db.close();
        TestDatabase.dropFor(dir);
        TestSignet.deleteRecursively(dir);
    }

    @Test
    void events_arriving_one_after_another_share_batches() throws InterruptedException {
        int events = 100;
        long batches;
        long elapsedMillis;
        try (DeferredAuditWriter writer = new DeferredAuditWriter(db, repository)) {
            long started = System.nanoTime();
            for (int i = 0; i < events; i++) {
                writer.submit(event(i));
                Thread.sleep(1); // as SSO answers arrive on a busy node, not all at once
            }
            elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            writer.flush();
            batches = writer.batchesWritten();
        }
        assertThat(stored()).isEqualTo(events);
        // The writer waits LINGER after an event before it writes, so there is at most one batch (an insert and a
        // commit) per LINGER of the time the events took to arrive, plus the last one and the flush's. Written as
        // they came, a batch would follow each write's own few milliseconds.
        assertThat(batches).as("batches for %d events arriving over %d ms", events, elapsedMillis)
                .isBetween(1L, elapsedMillis / DeferredAuditWriter.LINGER.toMillis() + 2);
    }

    @Test
    void events_submitted_just_before_close_are_stored() {
        try (DeferredAuditWriter writer = new DeferredAuditWriter(db, repository)) {
            for (int i = 0; i < 3; i++) {
                writer.submit(event(i));
            }
        }
        assertThat(stored()).isEqualTo(3);
    }

    @Test
    void a_flush_right_after_a_submit_stores_the_event_without_waiting_for_the_batch() {
        try (DeferredAuditWriter writer = new DeferredAuditWriter(db, repository)) {
            writer.submit(event(1));
            writer.flush();
            assertThat(stored()).as("stored when flush returns, while the writer still gathers").isEqualTo(1);
        }
    }

    @Test
    void every_submitter_reads_its_own_events_after_a_flush_while_others_submit() throws Exception {
        int threads = 4;
        int perThread = 25;
        try (DeferredAuditWriter writer = new DeferredAuditWriter(db, repository)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> missed = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String owner = "owner-" + t;
                    missed.add(pool.submit(() -> {
                        int notThere = 0;
                        for (int i = 0; i < perThread; i++) {
                            writer.submit(event(owner, i));
                            writer.flush();
                            notThere += storedFor(owner) == i + 1 ? 0 : 1;
                        }
                        return notThere;
                    }));
                }
                for (Future<Integer> m : missed) {
                    assertThat(m.get(60, TimeUnit.SECONDS)).as("reads after a flush that missed the reader's own event").isZero();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(stored()).isEqualTo(threads * perThread);
    }

    private int storedFor(String owner) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM audit_events WHERE event_type = 'test.deferred'"
                + " AND subject_username = :owner").bind("owner", owner).mapTo(Integer.class).one());
    }

    private int stored() {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM audit_events WHERE event_type = 'test.deferred'")
                .mapTo(Integer.class).one());
    }

    private static AuditEvent event(int i) {
        return event("user", i);
    }

    private static AuditEvent event(String owner, int i) {
        return new AuditEvent(UUID.randomUUID(), Instant.now(), "test.deferred", Outcome.SUCCESS, null, null, null,
                owner, "127.0.0.1", "test", "request-" + i, Map.of("n", i));
    }
}
