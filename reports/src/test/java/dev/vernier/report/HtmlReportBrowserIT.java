package dev.vernier.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vernier.core.api.AccessMode;
import dev.vernier.core.api.CountSource;
import dev.vernier.core.api.DataDestination;
import dev.vernier.core.api.Failure;
import dev.vernier.core.api.FailureKind;
import dev.vernier.core.api.FinishReason;
import dev.vernier.core.api.ModelFacts;
import dev.vernier.core.api.TokenCounts;
import dev.vernier.core.load.LoadStep;
import dev.vernier.core.metrics.Slo;
import dev.vernier.core.run.ProviderRun;
import dev.vernier.core.run.RunResult;
import dev.vernier.core.run.Sample;
import dev.vernier.core.run.StepRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Opens a generated {@code index.html} from disk in headless Chromium (Debian's chromium and
 * chromium-driver; skipped with a message when they are not installed) and checks what a reader
 * would: injected outputs did not run, the console has no errors, every chart has drawn marks (the
 * run is a two-step sweep, so the throughput and latency vs load chart is drawn too), the load steps
 * table shows, sorting and the filters change what is shown. Saves a screenshot to
 * {@code target/report-screenshot.png}.
 */
class HtmlReportBrowserIT {

    /** Payloads that set {@code window.__xss} (or raise an alert) if they ever run. */
    static final List<String> PAYLOADS = List.of(
            "<script>window.__xss=1;alert(1)</script>",
            "\"><img src=x onerror=\"window.__xss=1\">",
            "'><img src=x onerror=alert(1)>",
            "<a href=\"javascript:window.__xss=1\">click me</a> [link](javascript:alert(1)) javascript:alert(1)",
            "</script><script>window.__xss=1</script>",
            "<svg onload=\"window.__xss=1\"></svg><iframe src=\"javascript:window.__xss=1\"></iframe>");

    @TempDir
    static Path tmp;

    static WebDriver driver;
    static Path page;
    /** Why the browser test cannot run here, or null. */
    static String missing;

    /** Each test is reported as skipped, with the reason, when the browser is not installed. */
    @BeforeEach
    void needsTheBrowser() {
        Assumptions.assumeTrue(missing == null, () -> missing);
    }

    @BeforeAll
    static void openReport() throws IOException {
        Path chromium = Paths.get(System.getProperty("vernier.chromium", "/usr/bin/chromium"));
        Path chromedriver = Paths.get(System.getProperty("vernier.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
            missing = "browser test skipped: needs " + chromium + " and " + chromedriver
                    + " (Debian: apt-get install chromium chromium-driver)";
            return;
        }
        Path reportDir = Files.createDirectories(tmp.resolve("run"));
        new HtmlReportWriter().write(hostileRun(), reportDir);
        page = reportDir.resolve(HtmlReportWriter.FILE);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("profile")));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.get(page.toUri().toString());
    }

    @AfterAll
    static void closeBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static List<WebElement> visibleMatrixRows() {
        return driver.findElements(By.cssSelector("#matrix tbody tr")).stream()
                .filter(WebElement::isDisplayed)
                .toList();
    }

    private static List<String> decisionOrder() {
        return driver.findElements(By.cssSelector("#decision tbody tr th")).stream()
                .map(e -> e.getAttribute("data-v"))
                .toList();
    }

    @Test
    void injected_outputs_did_not_run_and_the_console_has_no_errors() {
        assertThat(js("return typeof window.__xss")).isEqualTo("undefined");
        assertThat(driver.findElements(By.cssSelector("#matrix img, #matrix iframe, #matrix a, #matrix svg")))
                .isEmpty();
        String pageText = driver.findElement(By.id("cases")).getText();
        assertThat(pageText)
                .contains("<script>window.__xss=1;alert(1)</script>")
                .contains("</script><script>window.__xss=1</script>");
        assertThat(js("return JSON.parse(document.getElementById('vernier-data').textContent).suite"))
                .isEqualTo("xss </script><script>window.__xss=1</script>");
        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .toList();
        assertThat(severe).as("SEVERE console entries").isEmpty();
        js("console.error('vernier log probe')");
        assertThat(driver.manage().logs().get(LogType.BROWSER).getAll())
                .as("the console log is really read")
                .anyMatch(e -> e.getLevel() == Level.SEVERE && e.getMessage().contains("vernier log probe"));
    }

    @Test
    void every_chart_has_drawn_marks() {
        List<WebElement> charts = driver.findElements(By.cssSelector("svg.chart"));
        // latency, TTFT vs decode, throughput, throughput and latency vs concurrency
        assertThat(charts).hasSize(4);
        for (WebElement chart : charts) {
            assertThat(chart.findElements(By.cssSelector("rect, circle, path")))
                    .as(chart.getAttribute("aria-label"))
                    .isNotEmpty();
            assertThat(chart.getSize().getWidth()).isGreaterThan(100);
        }
    }

    @Test
    void load_steps_table_and_chart_show_every_provider_and_step() {
        assertThat(driver.findElements(By.cssSelector("#steps-table tbody tr"))).hasSize(3 * 2);
        assertThat(driver.findElement(By.id("steps-table")).getText()).contains(PAYLOADS.get(4));
        assertThat(driver.findElements(By.cssSelector("#steps img, #steps script, #steps iframe")))
                .isEmpty();
        assertThat(driver.findElements(By.cssSelector("#chart-concurrency circle.step-point")))
                .hasSize(3 * 2 * 2);
        assertThat(driver.findElements(By.cssSelector("#chart-concurrency path.step-line")))
                .hasSize(3 * 2);
        assertThat(driver.findElements(By.cssSelector("ul.saturation li")))
                .extracting(WebElement::getText)
                .containsExactly(
                        "slow:api: no step met the SLO (p95 TTFT from the intended time within 100 ms)",
                        "fast:local: saturation point: concurrency 4 (highest step whose p95 TTFT from the intended "
                                + "time is within the SLO of 100 ms); every step met it, so the provider may sustain "
                                + "more than the highest load tried",
                        "mid:server: no step met the SLO (p95 TTFT from the intended time within 100 ms)");
    }

    @Test
    void clicking_a_sortable_header_reorders_the_decision_table() {
        List<String> before = decisionOrder();
        assertThat(before).containsExactly("slow:api", "fast:local", "mid:server");
        WebElement header = driver.findElements(By.cssSelector("#decision thead th")).stream()
                .filter(th -> th.getText().startsWith("TTFT p50"))
                .findFirst()
                .orElseThrow();
        header.findElement(By.tagName("button")).click();
        assertThat(decisionOrder()).containsExactly("fast:local", "mid:server", "slow:api");
        header.findElement(By.tagName("button")).click();
        assertThat(decisionOrder()).containsExactly("slow:api", "mid:server", "fast:local");
        assertThat(header.getAttribute("aria-sort")).isEqualTo("descending");
    }

    @Test
    void failures_filter_and_search_box_change_the_rows_shown() {
        WebElement failures = driver.findElement(By.id("filter-failures"));
        WebElement search = driver.findElement(By.id("filter-search"));
        int all = visibleMatrixRows().size();
        assertThat(all).isEqualTo(8);

        failures.click();
        List<WebElement> failing = visibleMatrixRows();
        assertThat(failing)
                .hasSize(1)
                .allSatisfy(r -> assertThat(r.getAttribute("data-fail")).isEqualTo("1"));
        failures.click();
        assertThat(visibleMatrixRows()).hasSize(all);

        search.sendKeys("zebra");
        assertThat(visibleMatrixRows())
                .hasSize(1)
                .allSatisfy(r -> assertThat(r.getText()).contains("zebra"));
        search.clear();
        search.sendKeys(" ");
        search.clear();
        js("arguments[0].dispatchEvent(new Event('input'))", search);
        assertThat(visibleMatrixRows()).hasSize(all);

        driver.findElement(By.id("filter-disagree")).click();
        assertThat(visibleMatrixRows())
                .hasSizeBetween(1, all - 1)
                .allSatisfy(r -> assertThat(r.getAttribute("data-disagree")).isEqualTo("1"));
        driver.findElement(By.id("filter-disagree")).click();
    }

    @Test
    void saves_a_screenshot_of_the_whole_page() throws IOException {
        long height = (Long) js("return Math.min(document.documentElement.scrollHeight, 6000)");
        driver.manage().window().setSize(new Dimension(1400, (int) height));
        js("window.scrollTo(0, 0)");
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Path target = Paths.get(System.getProperty("vernier.screenshot", "target/report-screenshot.png"));
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isGreaterThan(10_000);
        for (String section : List.of("summary", "charts", "cases")) {
            Path part = driver.findElement(By.id(section))
                    .getScreenshotAs(OutputType.FILE)
                    .toPath();
            Files.copy(
                    part,
                    target.resolveSibling("report-screenshot-" + section + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        driver.manage().window().setSize(new Dimension(1400, 1000));
    }

    /**
     * Three providers (the slowest first in suite order), eight cases of two repeats: outputs carry
     * the payloads, one case has a failure, one output mentions "zebra", providers disagree on some.
     * Each provider swept two closed-loop steps (repeat 0 at concurrency 1, repeat 1 at concurrency 4)
     * against an SLO of TTFT &lt;= 100 ms; the slow provider's second step was stopped early with a
     * payload in its reason.
     */
    static RunResult hostileRun() {
        String[] ids = {"slow:api", "fast:local", "mid:server"};
        AccessMode[] modes = {AccessMode.PROPRIETARY_API, AccessMode.IN_PROCESS, AccessMode.SELF_HOSTED_SERVER};
        DataDestination[] dest = {DataDestination.VENDOR, DataDestination.THIS_MACHINE, DataDestination.OWN_SERVER};
        long[] ttftMs = {400, 15, 120};
        long[] gapMs = {12, 8, 20};
        List<ProviderRun> providers = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        int seq = 0;
        for (int p = 0; p < ids.length; p++) {
            providers.add(new ProviderRun(
                    ids[p],
                    modes[p],
                    new ModelFacts(
                            ids[p] + " <i>model</i>",
                            p != 0,
                            p == 0 ? null : "Apache-2.0",
                            p == 1 ? 494_000_000L : null,
                            p == 1 ? "Q4_K_M" : null,
                            dest[p],
                            PAYLOADS.get(1)),
                    p == 1 ? 812.5 : -1,
                    null,
                    Results.ms(20_000),
                    1,
                    null,
                    null,
                    null,
                    null));
            for (int c = 0; c < 8; c++) {
                for (int r = 0; r < 2; r++) {
                    String text = c < PAYLOADS.size()
                            ? PAYLOADS.get(c)
                            : c == 6 ? "A zebra crossing" + (p == 2 ? " (server)" : "") : "Plain answer " + r;
                    boolean fail = p == 0 && c == 7 && r == 1;
                    List<Long> chunks = new ArrayList<>();
                    long ttft = Results.ms(ttftMs[p] + c * 3L + r);
                    for (int t = 0; t < 12; t++) {
                        chunks.add(ttft + Results.ms(gapMs[p]) * t + Results.ms(c % 3));
                    }
                    samples.add(Sample.builder()
                            .seq(seq)
                            .providerId(ids[p])
                            .caseId("case-" + c + (c == 0 ? PAYLOADS.get(4) : ""))
                            .promptId("p1")
                            .repeat(r)
                            .warmup(false)
                            .startedAt(Results.START.plusSeconds(seq))
                            .intendedNanos(Results.ms(seq * 500L))
                            .sendNanos(Results.ms(seq * 500L))
                            .chunkNanos(fail ? List.of() : chunks)
                            .endNanos(fail ? Results.ms(50) : chunks.get(11) + Results.ms(1))
                            .prompt("Prompt " + PAYLOADS.get(0))
                            .text(fail ? "" : text)
                            .finishReason(fail ? FinishReason.ERROR : FinishReason.STOP)
                            .tokens(fail ? TokenCounts.UNKNOWN : TokenCounts.of(9, 12, CountSource.SERVER_USAGE))
                            .failure(fail ? new Failure(FailureKind.SERVER_ERROR, 500, true, PAYLOADS.get(1)) : null)
                            .attempts(fail ? 2 : 1)
                            .providerStats(Map.of())
                            .scores(List.of())
                            .step(r)
                            .build());
                    seq++;
                }
            }
        }
        List<StepRun> steps = new ArrayList<>();
        for (int p = 0; p < ids.length; p++) {
            steps.add(new StepRun(ids[p], 0, new LoadStep.Closed(1), Results.ms(10_000), 8, null));
            steps.add(new StepRun(
                    ids[p],
                    1,
                    new LoadStep.Closed(4),
                    Results.ms(10_000),
                    8,
                    p == 0 ? "stopped early: " + PAYLOADS.get(4) : null));
        }
        return new RunResult(
                "xss " + PAYLOADS.get(4),
                PAYLOADS.get(3),
                Results.START,
                Results.START.plusSeconds(60),
                Map.of("vernier.version", PAYLOADS.get(0), "os.name", "Linux"),
                providers,
                samples,
                null,
                steps,
                new Slo(100, Double.NaN, Double.NaN));
    }
}
