package dev.signet.keys;

import dev.signet.audit.AuditEvent.Outcome;
import dev.signet.audit.AuditLog;
import dev.signet.audit.Origin;
import dev.signet.errors.Checks;
import dev.signet.errors.ConflictException;
import dev.signet.errors.FieldErrors;
import dev.signet.errors.NotFoundException;
import dev.signet.keys.Certificates.GeneratedKey;
import dev.signet.storage.Database;
import dev.signet.storage.InstanceStateRepository;
import dev.signet.storage.KeypairRepository;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing keypairs: generate, import, list, delete, and hand out the private key for signing.
 * Private keys are sealed with the instance key-encryption key before they reach the database and
 * never leave this class otherwise.
 */
public final class KeypairService {
    private static final Logger log = LoggerFactory.getLogger(KeypairService.class);
    public static final String DEFAULT_NAME = "Signet self-signed";
    private static final String DEFAULT_MARKER = "keypair.default.created";
    private static final int DEFAULT_VALIDITY_DAYS = 3650;

    private final Database db;
    private final KeypairRepository keypairs;
    private final KeyEncryption encryption;
    private final dev.signet.storage.SamlProviderRepository inUse = new dev.signet.storage.SamlProviderRepository();
    private final AuditLog audit;
    private final Clock clock;
    /** Keypairs never change once stored, so decrypted keys can be cached until deleted. */
    private final Map<UUID, SigningCredential> credentials = new ConcurrentHashMap<>();

    public KeypairService(Database db, KeypairRepository keypairs, KeyEncryption encryption, AuditLog audit, Clock clock) {
        this.db = db;
        this.keypairs = keypairs;
        this.encryption = encryption;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates the default self-signed keypair on the first start of an instance (never again). */
    public void ensureDefault() {
        InstanceStateRepository state = new InstanceStateRepository();
        if (db.read(h -> state.get(h, DEFAULT_MARKER)).isPresent()) {
            return;
        }
        Instant now = clock.instant();
        GeneratedKey generated = Certificates.generate(KeyType.RSA_2048, DEFAULT_NAME, Duration.ofDays(DEFAULT_VALIDITY_DAYS), now);
        db.transaction(h -> {
            if (!state.insertIfAbsent(h, DEFAULT_MARKER, now.toString(), now)) {
                return null;
            }
            Keypair k = store(h, DEFAULT_NAME, generated.certificate(), generated.privateKey(), now);
            audit.record(h, Origin.system(), "keypair.generated", Outcome.SUCCESS, null, null,
                    Map.of("keypair", k.name(), "fingerprint", k.fingerprintSha256()));
            log.info("generated the default signing keypair '{}' (RSA 2048, SHA-256 fingerprint {})", k.name(), k.fingerprintSha256());
            return null;
        });
    }

    public List<Keypair> list() {
        return db.read(keypairs::list);
    }

    /** The keypair new SAML providers sign with: the one created on first start, else the newest. */
    public Optional<Keypair> defaultKeypair() {
        List<Keypair> all = list();
        return all.stream().filter(k -> k.name().equals(DEFAULT_NAME)).findFirst()
                .or(() -> all.stream().reduce((first, second) -> second));
    }

    public Optional<Keypair> find(UUID id) {
        return db.read(h -> keypairs.findById(h, id));
    }

    public Keypair get(UUID id) {
        return db.read(h -> keypairs.findById(h, id)).orElseThrow(() -> new NotFoundException("keypair"));
    }

    public Keypair generate(String name, String keyType, String commonName, Integer validityDays, Origin origin) {
        FieldErrors errors = new FieldErrors();
        Checks.text(errors, "name", name, 150, true);
        Optional<KeyType> type = keyType == null ? Optional.of(KeyType.RSA_2048) : KeyType.fromWire(keyType);
        if (type.isEmpty()) {
            errors.add("keyType", "Must be one of rsa-2048, rsa-3072, rsa-4096, ec-p256, ec-p384.");
        }
        String cn = commonName == null || commonName.isBlank() ? name : commonName;
        Checks.text(errors, "commonName", cn, 64, true);
        int days = validityDays == null ? DEFAULT_VALIDITY_DAYS : validityDays;
        if (days < 1 || days > 36500) {
            errors.add("validityDays", "Must be from 1 to 36500 days.");
        }
        errors.throwIfAny();
        Instant now = clock.instant();
        GeneratedKey generated = Certificates.generate(type.get(), cn.strip(), Duration.ofDays(days), now);
        return db.transaction(h -> {
            requireFreeName(h, name.strip());
            Keypair k = store(h, name.strip(), generated.certificate(), generated.privateKey(), now);
            audit.record(h, origin, "keypair.generated", Outcome.SUCCESS, null, null,
                    Map.of("keypair", k.name(), "fingerprint", k.fingerprintSha256()));
            return k;
        });
    }

    /** Imports a PEM certificate with its PEM private key (PKCS#1, PKCS#8, or encrypted PKCS#8 with a passphrase). */
    public Keypair importPem(String name, String certificatePem, String privateKeyPem, String passphrase, Origin origin) {
        FieldErrors errors = new FieldErrors();
        Checks.text(errors, "name", name, 150, true);
        X509Certificate certificate = null;
        PrivateKey key = null;
        if (certificatePem == null || certificatePem.isBlank()) {
            errors.add("certificate", "Paste the certificate in PEM format.");
        } else {
            try {
                certificate = Certificates.parseCertificate(certificatePem);
            } catch (IllegalArgumentException e) {
                errors.add("certificate", e.getMessage());
            }
        }
        if (privateKeyPem == null || privateKeyPem.isBlank()) {
            errors.add("privateKey", "Paste the private key in PEM format.");
        } else {
            try {
                key = Certificates.parsePrivateKey(privateKeyPem, passphrase == null ? null : passphrase.toCharArray());
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage().contains("passphrase") ? "passphrase" : "privateKey", e.getMessage());
            }
        }
        if (certificate != null) {
            if (KeyType.of(certificate.getPublicKey()).isEmpty()) {
                errors.add("certificate", "Only RSA 2048/3072/4096 and EC P-256/P-384 keys are supported.");
            } else if (certificate.getNotAfter().toInstant().isBefore(clock.instant())) {
                errors.add("certificate", "The certificate expired on " + certificate.getNotAfter().toInstant() + ".");
            }
            if (key != null && !Certificates.matches(certificate, key)) {
                errors.add("privateKey", "The private key does not belong to the certificate.");
            }
        }
        errors.throwIfAny();
        X509Certificate cert = certificate;
        PrivateKey privateKey = key;
        Instant now = clock.instant();
        return db.transaction(h -> {
            requireFreeName(h, name.strip());
            Keypair k = store(h, name.strip(), cert, privateKey, now);
            audit.record(h, origin, "keypair.imported", Outcome.SUCCESS, null, null,
                    Map.of("keypair", k.name(), "fingerprint", k.fingerprintSha256()));
            return k;
        });
    }

    public void delete(UUID id, Origin origin) {
        db.transaction(h -> {
            Keypair k = keypairs.findById(h, id).orElseThrow(() -> new NotFoundException("keypair"));
            List<String> users = inUse.slugsUsingKeypair(h, id);
            if (!users.isEmpty()) {
                throw new ConflictException("id", "The keypair signs for " + users.size() + " application(s) ("
                        + String.join(", ", users) + "); give them another keypair first.");
            }
            keypairs.delete(h, id);
            audit.record(h, origin, "keypair.deleted", Outcome.SUCCESS, null, null,
                    Map.of("keypair", k.name(), "fingerprint", k.fingerprintSha256()));
            return null;
        });
        credentials.remove(id);
    }

    /** The private key and certificate to sign with. */
    public SigningCredential signingCredential(UUID id) {
        return credentials.computeIfAbsent(id, this::loadCredential);
    }

    private SigningCredential loadCredential(UUID id) {
        return db.read(h -> {
            Keypair k = keypairs.findById(h, id).orElseThrow(() -> new NotFoundException("keypair"));
            byte[] der = encryption.open(keypairs.sealedPrivateKey(h, id).orElseThrow(), id.toString());
            try {
                PrivateKey key = KeyFactory.getInstance(k.keyType().algorithm()).generatePrivate(new PKCS8EncodedKeySpec(der));
                return new SigningCredential(k, Certificates.parseCertificate(k.certificatePem()), key);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("stored private key of keypair " + id + " is unreadable", e);
            } finally {
                java.util.Arrays.fill(der, (byte) 0);
            }
        });
    }

    private void requireFreeName(org.jdbi.v3.core.Handle h, String name) {
        if (keypairs.nameTaken(h, name)) {
            throw new ConflictException("name", "A keypair named '" + name + "' already exists.");
        }
    }

    private Keypair store(org.jdbi.v3.core.Handle h, String name, X509Certificate certificate, PrivateKey key, Instant now) {
        UUID id = UUID.randomUUID();
        Keypair k = new Keypair(id, name, KeyType.of(certificate.getPublicKey()).orElseThrow(),
                Certificates.toPem(certificate), Certificates.fingerprint(certificate),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), now);
        keypairs.insert(h, k, encryption.seal(key.getEncoded(), id.toString()));
        return k;
    }

    /** What a signer needs: the keypair's facts, its certificate and its private key. */
    public record SigningCredential(Keypair keypair, X509Certificate certificate, PrivateKey privateKey) {
    }
}
