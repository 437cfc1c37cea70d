package dev.signet.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Outside programs some tests need. Missing on a developer's machine, the test is skipped with a
 * message saying what to install; missing in CI (CI=true), the test fails, so CI cannot go green by
 * skipping.
 */
public final class ExternalTools {
    public static final String INSTALL = "sudo apt-get install -y chromium xmlsec1";

    private ExternalTools() {
    }

    public static Path requireChromium() {
        return require(Path.of("/usr/bin/chromium"), "chromium");
    }

    public static Path requireXmlsec1() {
        return require(Path.of("/usr/bin/xmlsec1"), "xmlsec1");
    }

    private static Path require(Path program, String name) {
        if (Files.isExecutable(program)) {
            return program;
        }
        String message = name + " is not installed (" + program + "); install it with: " + INSTALL;
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " — CI must run this test, not skip it");
        }
        assumeTrue(false, message);
        return program;
    }
}
