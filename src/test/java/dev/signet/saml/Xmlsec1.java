package dev.signet.saml;

import dev.signet.keys.Certificates;
import dev.signet.testing.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Verifies XML signatures with Debian's xmlsec1 (libxml2 + OpenSSL): an implementation sharing no code with ours. */
final class Xmlsec1 {
    private Xmlsec1() {
    }

    /** The verdict and what xmlsec1 printed. */
    record Result(boolean verified, String output) {
    }

    /**
     * Verifies the signature of the element named {@code idElement} (namespace:localName), trusting only
     * the given certificate (as an SP trusts the one from the IdP metadata).
     */
    static Result verify(String xml, String idElement, X509Certificate certificate) throws IOException, InterruptedException {
        return verify(xml, idElement, certificate, null);
    }

    /** As {@link #verify(String, String, X509Certificate)}, for the ds:Signature that {@code signatureXpath} selects. */
    static Result verify(String xml, String idElement, X509Certificate certificate, String signatureXpath)
            throws IOException, InterruptedException {
        Path program = ExternalTools.requireXmlsec1();
        Path dir = Files.createTempDirectory("xmlsec1-");
        try {
            Path doc = Files.writeString(dir.resolve("signed.xml"), xml, StandardCharsets.UTF_8);
            Path cert = Files.writeString(dir.resolve("cert.pem"), Certificates.toPem(certificate), StandardCharsets.US_ASCII);
            List<String> command = new ArrayList<>(List.of(program.toString(), "--verify", "--id-attr:ID", idElement,
                    "--trusted-pem", cert.toString()));
            if (signatureXpath != null) {
                command.addAll(List.of("--node-xpath", signatureXpath));
            }
            command.add(doc.toString());
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("xmlsec1 did not finish");
            }
            return new Result(p.exitValue() == 0 && output.contains("OK"), output);
        } finally {
            dev.signet.testing.TestSignet.deleteRecursively(dir);
        }
    }
}
