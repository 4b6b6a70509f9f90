package dev.orderpay.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by Selenium (issue #14): {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver} (override with {@code -Dbrowser.binary=}, {@code -Dbrowser.driver=}),
 * nothing downloaded. Saves screenshots at 1280 and 375 px into {@code target/screenshots} and runs
 * axe-core on the page.
 */
final class PageBrowser implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(Long.getLong("browser.wait-seconds", 30));
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    final ChromeDriver driver;
    final Path downloads;
    private final Path profile;

    PageBrowser() {
        try {
            profile = Files.createTempDirectory("orderpay-chromium-profile");
            downloads = Files.createTempDirectory("orderpay-downloads");
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("browser.binary", "/usr/bin/chromium"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-US",
                "--user-data-dir=" + profile.toAbsolutePath());
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        prefs.put("intl.accept_languages", "en-US,en");
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("browser.driver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toAbsolutePath().toString()));
    }

    /** A wait that also retries when the page re-rendered the element between finding and reading it. */
    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    <T> T until(Function<WebDriver, T> condition) {
        return waiting().until(condition);
    }

    WebElement visible(String css) {
        return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    WebElement clickable(String css) {
        return until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
    }

    void click(String css) {
        WebElement e = clickable(css);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The text of the visible element {@code css}, read again if the page re-rendered it meanwhile. */
    String text(String css) {
        return until(d -> {
            WebElement e = d.findElement(By.cssSelector(css));
            return e.isDisplayed() ? e.getText() : null;
        });
    }

    /** Waits until the order list has loaded (no longer busy). */
    void listLoaded() {
        until(ExpectedConditions.attributeToBe(By.id("results"), "aria-busy", "false"));
    }

    /** The order IDs of the rows shown. */
    List<String> rows() {
        return all("#orders-table tbody tr").stream().map(r -> r.getAttribute("data-order")).collect(Collectors.toList());
    }

    /**
     * Saves {@code target/screenshots/<name>-1280.png} and {@code -375.png} (the whole page, up to 4000 px
     * high) and asserts axe-core finds no serious or critical violation at either width.
     */
    void capture(String name) {
        for (int width : new int[] {1280, 375}) {
            driver.manage().window().setSize(new Dimension(width, 900));
            waitForLayout();
            long height = ((Number) ((JavascriptExecutor) driver)
                    .executeScript("return document.documentElement.scrollHeight")).longValue();
            driver.manage().window().setSize(new Dimension(width, (int) Math.min(Math.max(height + 40, 700), 4000)));
            ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
            waitForLayout();
            try {
                Files.write(SCREENSHOTS.resolve(name + "-" + width + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertAccessible(name + " at " + width + " px");
        }
        driver.manage().window().setSize(new Dimension(1280, 900));
        waitForLayout();
    }

    /** axe-core (WCAG 2 A/AA rules and best practices): no serious or critical violation. */
    void assertAccessible(String where) {
        Results results = new AxeBuilder().analyze(driver);
        List<String> bad = results.getViolations().stream()
                .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
                .map(PageBrowser::describe).toList();
        assertThat(bad).as("axe-core serious/critical violations on " + where).isEmpty();
    }

    private static String describe(Rule r) {
        return r.getId() + " (" + r.getImpact() + "): " + r.getHelp() + " — " + r.getNodes().stream()
                .map(n -> String.valueOf(n.getTarget())).limit(5).collect(Collectors.joining(", "));
    }

    private void waitForLayout() {
        ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(done));");
    }

    @Override
    public void close() {
        driver.quit();
        deleteQuietly(profile);
        deleteQuietly(downloads);
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
