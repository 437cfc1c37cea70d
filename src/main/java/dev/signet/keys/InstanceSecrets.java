package dev.signet.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance's own secrets: the cookie/CSRF signing key and the key-encryption key for private
 * keys stored later. Taken from configuration when given; otherwise generated once into
 * {@code <data.dir>/secrets/} with owner-only permissions and never overwritten.
 */
public record InstanceSecrets(byte[] cookieKey, byte[] keyEncryptionKey) {
    private static final Logger log = LoggerFactory.getLogger(InstanceSecrets.class);

    public static InstanceSecrets load(Path dataDir, byte[] configuredCookieKey, byte[] configuredKek) {
        Path dir = dataDir.resolve("secrets");
        byte[] cookie = configuredCookieKey != null ? configuredCookieKey : loadOrCreate(dir, "cookie.key");
        byte[] kek = configuredKek != null ? configuredKek : loadOrCreate(dir, "kek.key");
        return new InstanceSecrets(cookie, kek);
    }

    private static byte[] loadOrCreate(Path dir, String name) {
        Path file = dir.resolve(name);
        try {
            if (Files.exists(file)) {
                return decode(file);
            }
            createOwnerOnlyDirectory(dir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                return decode(file); // another process created it first
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
            log.info("generated instance secret {}", file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create instance secret " + file, e);
        }
    }

    private static byte[] decode(Path file) throws IOException {
        try {
            byte[] key = Base64.getDecoder().decode(Files.readString(file).strip());
            if (key.length < 32) {
                throw new IllegalStateException("instance secret " + file + " is shorter than 32 bytes");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("instance secret " + file + " is not valid base64", e);
        }
    }

    private static void createOwnerOnlyDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }
}
