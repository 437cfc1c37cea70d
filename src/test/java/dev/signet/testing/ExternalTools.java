package dev.signet.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Outside programs some tests need: when one is missing the test is skipped on a developer's machine
 * and fails in CI (CI=true), so that CI cannot go green by skipping.
 */
public final class ExternalTools {
    public static final String INSTALL = "apt-get install chromium xmlsec1 python3-pysaml2";

    private ExternalTools() {
    }

    /** Debian's Chromium, for browser tests. */
    public static Path requireChromium() {
        return require(Path.of("/usr/bin/chromium"), "chromium");
    }

    /** xmlsec1 (libxml2 + OpenSSL), for checking our XML signatures with code that shares none of ours. */
    public static Path requireXmlsec1() {
        return require(Path.of("/usr/bin/xmlsec1"), "xmlsec1");
    }

    /** Debian's Python with pysaml2, an independent SAML service provider for round trips. */
    public static Path requirePysaml2() {
        require(Path.of("/usr/lib/python3/dist-packages/saml2/__init__.py"), "python3-pysaml2");
        return Path.of("/usr/bin/python3");
    }

    private static Path require(Path program, String debianPackage) {
        if (Files.isExecutable(program) || (Files.isRegularFile(program) && program.toString().endsWith(".py"))) {
            return program;
        }
        String message = debianPackage + " is not installed (no " + program + "); install the Debian package with: "
                + INSTALL;
        if ("true".equals(System.getenv("CI"))) {
            return fail(message + " (CI=true: this test must run, not be skipped)");
        }
        return abort(message);
    }
}
