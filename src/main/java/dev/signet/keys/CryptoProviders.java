package dev.signet.keys;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the Amazon Corretto Crypto Provider (AWS-LC, native code) in front of the JDK's JCA providers
 * where its native library loads and passes its self-tests, so that everything asking JCA by algorithm
 * name (Santuario's XML signatures and digests, certificate generation, HMAC, AES-GCM, key factories)
 * gets it; anywhere else the JDK providers stay exactly as they were. BouncyCastle is only ever used as
 * an explicit provider object and argon2 is native code of its own, so neither is affected.
 */
public final class CryptoProviders {
    private static final Logger log = LoggerFactory.getLogger(CryptoProviders.class);

    /** What the first call decided; later calls return it unchanged. Guarded by the class lock. */
    private static String installed;

    private CryptoProviders() {
    }

    /**
     * Makes ACCP the default JCA provider when it is healthy; otherwise changes nothing. Once per JVM:
     * later calls (from any thread) do nothing and return the same description, which is also the
     * one line logged at INFO.
     */
    public static synchronized String install() {
        if (installed == null) {
            installed = installOnce();
            log.info("crypto: {}", installed);
        }
        return installed;
    }

    /** The provider that {@code Signature.getInstance("SHA256withRSA")} returns now, for diagnostics. */
    public static String activeSignatureProvider() {
        try {
            return Signature.getInstance("SHA256withRSA").getProvider().getName();
        } catch (GeneralSecurityException e) {
            return "none (" + e.getMessage() + ")";
        }
    }

    private static String installOnce() {
        try {
            AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
            // Checked before installing, so that no other thread ever picks up a provider without its
            // native code. assertHealthy also runs ACCP's self-tests.
            Throwable loadingError = accp.getLoadingError();
            if (loadingError != null) {
                return unavailable(loadingError);
            }
            accp.assertHealthy();
            AmazonCorrettoCryptoProvider.install();
            Provider first = Security.getProviders()[0];
            if (!AmazonCorrettoCryptoProvider.PROVIDER_NAME.equals(first.getName())) {
                // A provider list that pins something else first (java.security, another library); do not fight it.
                return "Amazon Corretto Crypto Provider installed but " + first.getName()
                        + " is still the first JCA provider; signatures use " + activeSignatureProvider();
            }
            return "Amazon Corretto Crypto Provider " + accp.getVersionStr() + " (" + accp.getAwsLcVersionStr()
                    + ") is the default JCA provider";
        } catch (RuntimeException | LinkageError e) {
            // Other OS or CPU (no native library in the jar), a noexec temporary directory, a failed
            // self-test, or the jar missing altogether (NoClassDefFoundError). All of these happen before
            // install(), so the provider list is as it was.
            return unavailable(e);
        }
    }

    private static String unavailable(Throwable reason) {
        Throwable root = reason;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
        return "Amazon Corretto Crypto Provider unavailable (" + why + "); using the JDK providers ("
                + activeSignatureProvider() + " for SHA256withRSA)";
    }
}
