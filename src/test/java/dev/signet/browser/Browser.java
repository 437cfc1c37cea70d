package dev.signet.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import dev.signet.testing.ExternalTools;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Headless Debian Chromium driven by Playwright, without Playwright's own browser download. */
final class Browser implements AutoCloseable {
    private final Playwright playwright;
    private final com.microsoft.playwright.Browser chromium;

    private Browser(Playwright playwright, com.microsoft.playwright.Browser chromium) {
        this.playwright = playwright;
        this.chromium = chromium;
    }

    static Browser launch() {
        Path executable = ExternalTools.requireChromium();
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            com.microsoft.playwright.Browser chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(executable)
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--disable-sync", "--no-first-run")));
            return new Browser(playwright, chromium);
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** A fresh browser profile: own cookies, like a new private window. */
    BrowserContext newContext() {
        return chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1100, 720));
    }

    @Override
    public void close() {
        chromium.close();
        playwright.close();
    }
}
