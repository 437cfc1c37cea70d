package dev.signet.browser;

import com.microsoft.playwright.BrowserContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One headless Chromium per test class: launched before the first test (so that a missing Chromium
 * skips, or in CI fails, each test with the reason) and closed after the last.
 */
final class Chromium implements BeforeEachCallback, AfterAllCallback {
    private HeadlessChromium browser;

    @Override
    public void beforeEach(ExtensionContext context) {
        if (browser == null) {
            browser = HeadlessChromium.launch();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /** A fresh profile with its own cookies, like a new private window. */
    BrowserContext newContext() {
        return browser.newContext();
    }

}
