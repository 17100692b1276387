package org.yizhan.web;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.yizhan.support.TestApp;

/**
 * Debian's headless Chromium driven by its own chromedriver (never Selenium Manager: no download),
 * pointed at the shared test server. One browser per test class; {@link #close()} quits it.
 */
final class Browser implements AutoCloseable {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    final ChromeDriver driver;
    final String base;
    private final Path profile;

    Browser() {
        try {
            profile = Files.createTempDirectory("yizhan-chromium-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-quic",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--window-size=1440,900",
                "--lang=zh-CN");
        // DevTools' network events (the page's and its workers' requests), read by requestedUrls().
        // And the console (JavaScript errors and console.error), read by consoleErrors().
        options.setCapability("goog:loggingPrefs", Map.of("performance", "ALL", "browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        base = "http://127.0.0.1:" + TestApp.get().port();
        desktop();
    }

    /** The viewport of a phone (360 × 640 CSS px, touch). */
    void phone() {
        viewport(360, 640, true);
    }

    /** A desktop viewport (1440 × 900). */
    void desktop() {
        viewport(1440, 900, false);
    }

    private void viewport(int w, int h, boolean mobile) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", w, "height", h, "deviceScaleFactor", 1, "mobile", mobile));
        // Leaflet measures its container on resize; tell it the size changed.
        if (driver.getCurrentUrl().startsWith("http")) {
            js("if (window.Y) Y.map.invalidateSize(false)");
        }
    }

    /**
     * Sends {@code X-Forwarded-For: address} with every request from now on: the test server trusts
     * 127.0.0.1 as a proxy, so the page counts as that rider for the reports' rate limits (each test its
     * own rider, so that the browser tests together stay within one client's burst).
     */
    void asClient(String address) {
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("X-Forwarded-For", address)));
    }

    void open(String pathAndQuery) {
        assertNoConsoleErrors();
        // through about:blank, so that a URL differing only in its #fragment still loads a fresh page
        driver.get("about:blank");
        driver.get(base + pathAndQuery);
        // a fresh page each time, in zh-CN: a language an earlier test switched to is forgotten and the page reloaded
        if (js("const l = localStorage.getItem('yizhan.lang'); localStorage.removeItem('yizhan.lang'); return l")
                != null) {
            driver.navigate().refresh();
        }
        waitFor(() -> Boolean.TRUE.equals(js("return !!(window.Y && Y.current())")));
    }

    /** The admin view, signed in afresh with the test server's admin token (sessionStorage cleared first). */
    void signInAsAdmin() {
        open("/#admin");
        js("sessionStorage.clear()");
        open("/#admin");
        visible("#a-token").sendKeys(TestApp.ADMIN_TOKEN);
        find("#a-login button[type=submit]").click();
        waitFor(() -> find("#a-who").getText().contains("admin"));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement visible(String css) {
        return wait(Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void waitFor(java.util.function.Supplier<Boolean> condition) {
        wait(Duration.ofSeconds(30)).until(d -> condition.get());
    }

    WebDriverWait wait(Duration d) {
        return new WebDriverWait(driver, d);
    }

    /** A real mouse click on the map at a WGS 84 position (the map must show it). */
    void clickMapAt(double lon, double lat) {
        @SuppressWarnings("unchecked")
        Map<String, Number> p = (Map<String, Number>) js(
                "const p = Y.map.latLngToContainerPoint([arguments[0], arguments[1]]); const s = Y.map.getSize();"
                        + "return {x: p.x - s.x / 2, y: p.y - s.y / 2};",
                lat,
                lon);
        new Actions(driver)
                .moveToElement(find("#map"), p.get("x").intValue(), p.get("y").intValue())
                .click()
                .perform();
    }

    /**
     * The URLs of the requests the browser sent since the last call (DevTools' Network.requestWillBeSent
     * events, from the page and its workers), in order.
     */
    List<String> requestedUrls() {
        List<String> urls = new java.util.ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
            JsonObject m = new JsonObject(e.getMessage()).getJsonObject("message");
            if (m != null && "Network.requestWillBeSent".equals(m.getString("method"))) {
                urls.add(m.getJsonObject("params").getJsonObject("request").getString("url"));
            }
        }
        return urls;
    }

    /**
     * The console's errors since the last call: uncaught exceptions, failed promises and console.error
     * lines. A request the server refused ("Failed to load resource: … 401") is the browser's note about
     * an answer, which the tests check themselves, and is not counted.
     */
    List<String> consoleErrors() {
        List<String> errors = new java.util.ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()
                    && !e.getMessage().contains("Failed to load resource")) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    /** Fails when the page logged an error since the last look (each {@link #open} and {@link #close} looks). */
    void assertNoConsoleErrors() {
        List<String> errors = consoleErrors();
        if (!errors.isEmpty()) {
            throw new AssertionError("the page logged errors in the browser console: " + errors);
        }
    }

    void screenshot(String name) {
        try {
            Thread.sleep(500); // let Leaflet's zoom and pan animations finish
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Path dir = Path.of("target", "screenshots");
            Files.createDirectories(dir);
            Files.copy(
                    driver.getScreenshotAs(OutputType.FILE).toPath(),
                    dir.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        List<String> errors;
        try {
            errors = consoleErrors();
        } finally {
            driver.quit();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp profile left behind is harmless
        }
        if (!errors.isEmpty()) {
            throw new AssertionError("the page logged errors in the browser console: " + errors);
        }
    }
}
