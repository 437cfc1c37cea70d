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
    /** The file that proves python3-pysaml2 is installed; .ci/run checks the same path. */
    private static final Path PYSAML2 = Path.of("/usr/lib/python3/dist-packages/saml2/__init__.py");

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

    /**
     * Debian's pysaml2 (which verifies with xmlsec1), a SAML service provider written by others; returns the
     * Debian interpreter, since a pyenv or virtualenv python first on PATH does not see Debian's packages.
     */
    public static Path requirePysaml2() {
        requireXmlsec1();
        Path python = require(Path.of("/usr/bin/python3"), "python3");
        if (Files.isRegularFile(PYSAML2)) {
            return python;
        }
        return missing(PYSAML2, "python3-pysaml2");
    }

    private static Path require(Path program, String debianPackage) {
        if (Files.isExecutable(program)) {
            return program;
        }
        return missing(program, debianPackage);
    }

    private static Path missing(Path program, String debianPackage) {
        String message = debianPackage + " is not installed (no " + program + "); install the Debian package with: "
                + INSTALL;
        if ("true".equals(System.getenv("CI"))) {
            return fail(message + " (CI=true: this test must run, not be skipped)");
        }
        return abort(message);
    }
}
