package io.strongroom.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strongroom.testkit.FreePorts;
import io.strongroom.testkit.MotoServer;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser (Debian's Chromium, headless, through chromedriver) against a real server process
 * with the awskms seal on moto_server: one server and one browser for the whole class, the tests in order, as an
 * operator would go: initialize, seal (API), unseal with recovery shares, log in, secrets, policies, keys.
 *
 * <p>Each test ends with a check of the browser's console: no error may appear, except Chrome's own line for an
 * API answer that is not 2xx ("Failed to load resource ... /v1/..."), which the pages expect and show (a policy's
 * parse error is a 400, a deleted version a 404). A screenshot of each page goes to {@code target/ui-screenshots}
 * (or {@code -Dui.screenshots=DIR}; the README's pictures in {@code docs/ui/} are made so).
 *
 * <p>Skipped, with the reason, when chromium or chromedriver is missing ({@code ./test} installs them as root).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Path dir;
    private static ServerProcess server;
    private static ChromeDriver browser;
    private static ChromeDriverService driverService;
    private static WebDriverWait wait;
    private static URI address;
    private static final List<String> recoveryKeys = new ArrayList<>();
    private static String rootToken;

    /** Chromium's binary: Debian puts the real one under /usr/lib/chromium (/usr/bin/chromium is a shell wrapper). */
    static Optional<Path> chromium() {
        for (String candidate : new String[] {"/usr/lib/chromium/chromium", "/usr/bin/chromium",
                "/usr/bin/chromium-browser"}) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static Optional<Path> chromedriver() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, "chromedriver");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        Path debian = Path.of("/usr/bin/chromedriver");
        return Files.isExecutable(debian) ? Optional.of(debian) : Optional.empty();
    }

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        Optional<Path> chrome = chromium();
        Optional<Path> driver = chromedriver();
        Assumptions.assumeTrue(chrome.isPresent() && driver.isPresent(),
                "UI browser tests skipped: chromium and chromedriver are not installed "
                        + "(as root: apt-get install -y chromium chromium-driver)");
        dir = Files.createTempDirectory("ui-browser");
        MotoServer moto = MotoServer.shared();
        String keyArn = moto.createKey();
        int port = FreePorts.pick();
        address = URI.create("http://127.0.0.1:" + port);
        Path config = dir.resolve("server.hcl");
        Files.writeString(config, """
                ui = true
                storage "file" {
                  path = "%s"
                }
                listener "tcp" {
                  address     = "127.0.0.1:%d"
                  tls_disable = true
                }
                seal "awskms" {
                  region     = "us-east-1"
                  access_key = "AKIDUITEST"
                  secret_key = "ui-secret-key-never-logged"
                  kms_key_id = "%s"
                  endpoint   = "%s"
                }
                cluster_name = "ui"
                """.formatted(dir.resolve("data"), port, keyArn, moto.endpoint()));
        server = ServerProcess.start(config, dir.resolve("server.log"), address, Map.of());
        server.awaitHealth(501, Duration.ofSeconds(60)); // vault-compat: 501 = not initialized

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chrome.get().toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + Files.createDirectory(dir.resolve("profile")),
                "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        driverService = new ChromeDriverService.Builder().usingDriverExecutable(driver.get().toFile())
                .usingAnyFreePort().withLogOutput(Files.newOutputStream(dir.resolve("chromedriver.log")))
                .build();
        browser = new ChromeDriver(driverService, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        wait = new WebDriverWait(browser, WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (server != null) {
            server.stop();
        }
    }

    /** No console errors from the pages (see the class comment for the one kind of line that is expected). */
    @AfterEach
    void consoleIsClean() {
        if (browser == null) {
            return;
        }
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            String m = entry.getMessage();
            boolean apiAnswer = m.contains(address + "/v1/") && m.contains("Failed to load resource");
            if (entry.getLevel().intValue() >= Level.WARNING.intValue() && !apiAnswer) {
                errors.add(entry.getLevel() + " " + m);
            }
        }
        assertThat(errors).as("browser console").isEmpty();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static void open(String hash) {
        browser.get(address + "/ui/" + hash);
    }

    private static WebElement el(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private static void waitText(String css, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    private static void type(String css, String text) {
        WebElement input = el(css);
        input.clear();
        input.sendKeys(text);
    }

    private static void click(String css) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    /**
     * Screenshot of the whole current page as NAME.png into the folder named by the system property
     * {@code ui.screenshots} ({@code -Dui.screenshots=$PWD/docs/ui} refreshes the README's pictures), else into
     * {@code target/ui-screenshots}: a test run does not rewrite committed files unasked.
     */
    private static void screenshot(String name) throws Exception {
        Path folder = Path.of(System.getProperty("ui.screenshots", "target/ui-screenshots")).toAbsolutePath();
        long height = (Long) ((JavascriptExecutor) browser).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        Dimension before = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(Math.max(height + 140, 500), 2400)));
        Files.createDirectories(folder);
        Files.write(folder.resolve(name + ".png"),
                ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(before);
    }

    private static JsonNode api(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(address.resolve("/v1/" + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (rootToken != null) {
            b.header("X-Vault-Token", rootToken);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private static String text(String css) {
        return el(css).getText();
    }

    // ---- the pages, in an operator's order --------------------------------------------------------------------

    @Test
    @Order(1)
    void statusPage_freshServer_initializesWithRecoverySharesAndShowsKeysOnce() throws Exception {
        browser.get(address + "/"); // vault-compat: / redirects to /ui/ with ui = true
        wait.until(ExpectedConditions.urlContains("/ui/"));
        type("#init-shares", "3");
        type("#init-threshold", "2");
        screenshot("initialize");
        click("#init-submit");
        el("#init-keys");
        List<WebElement> keys = browser.findElements(By.cssSelector("#init-key-list li"));
        assertThat(keys).hasSize(3);
        keys.forEach(k -> recoveryKeys.add(k.getText()));
        rootToken = text("#init-root-token");
        assertThat(rootToken).startsWith("hvs.");
        assertThat(text("#init-keys .notice")).contains("shown once");
        screenshot("initialize-keys");
        click("#init-continue");
        waitText("#seal-summary", "Unsealed");
        assertThat(text("#seal-type")).isEqualTo("awskms");
        // the page keeps no key: after leaving it, nothing of them is in the document
        assertThat(browser.getPageSource()).doesNotContain(recoveryKeys.get(0));
        waitText("#who", "root");
    }

    @Test
    @Order(2)
    void statusPage_sealedByApi_unsealsWithRecoveryShares_progressAndReset() throws Exception {
        api("POST", "sys/seal", null);
        open("#/status?after-seal");
        waitText("#seal-summary", "Sealed");
        assertThat(text("#unseal-progress")).isEqualTo("0/2");
        WebElement share = el("#unseal-key");
        assertThat(share.getAttribute("type")).isEqualTo("password"); // masked input
        share.sendKeys(recoveryKeys.get(0));
        click("#unseal-submit");
        waitText("#unseal-progress", "1/2");
        assertThat(el("#unseal-key").getAttribute("value")).isEmpty(); // the share is not left in the page
        screenshot("unseal");
        click("#unseal-reset");
        waitText("#unseal-progress", "0/2");
        type("#unseal-key", recoveryKeys.get(1));
        click("#unseal-submit");
        waitText("#unseal-progress", "1/2");
        type("#unseal-key", recoveryKeys.get(2) + Keys.ENTER); // keyboard: Enter submits
        el("#unsealed");
        waitText("#seal-summary", "Unsealed");
        assertThat(server.health()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void loginPage_rootToken_loggedInWithKeyboardOnly() throws Exception {
        click("#logout");
        el("#login-token");
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#logout")));
        assertThat(el("#nav-login").isDisplayed()).isTrue();
        screenshot("login");
        type("#login-token", "not-a-token" + Keys.ENTER);
        waitText("#main .error", "permission denied");
        type("#login-token", rootToken + Keys.ENTER);
        waitText("#who", "root");
        assertThat(((JavascriptExecutor) browser).executeScript(
                "return [localStorage.length, document.cookie, sessionStorage.getItem('strongroom.token')]"))
                .isEqualTo(List.of(0L, "", rootToken)); // the token lives in sessionStorage only
    }

    @Test
    @Order(4)
    void statusPage_loggedIn_showsKmsKeyArnAndRegion() throws Exception {
        open("#/status?logged-in");
        el("#kms-key");
        // GET sys/seal/key-usage names the current key's ARN (issue 9); the region is read from the ARN
        wait.until(d -> !d.findElements(By.cssSelector("#kms-arn")).isEmpty());
        assertThat(text("#kms-arn")).startsWith("arn:aws:kms:us-east-1:");
        assertThat(text("#kms-region")).isEqualTo("us-east-1");
        screenshot("status");
    }

    @Test
    @Order(5)
    void secrets_kv2_createEditReadOldVersionDeleteUndelete() throws Exception {
        api("POST", "sys/mounts/secret", "{\"type\":\"kv\",\"options\":{\"version\":\"2\"}}");
        open("#/secrets");
        click("#mounts a.mount-link[href*='secret']");
        el("#secret-list-empty");
        click("#create-secret");
        type("#secret-path", "app/db");
        type("#kv-key-0", "password");
        type("#kv-value-0", "first-value");
        assertThat(el("#kv-value-0").getAttribute("type")).isEqualTo("password");
        click("#secret-save");
        waitText("#secret-version", "version 1");
        assertThat(text("#value-0")).doesNotContain("first-value"); // masked until revealed
        click("#reveal-0");
        waitText("#value-0", "first-value");

        click("#secret-edit");
        wait.until(d -> "first-value".equals(d.findElement(By.cssSelector("#kv-value-0")).getAttribute("value")));
        type("#kv-value-0", "second-value");
        click("#secret-save");
        waitText("#secret-version", "version 2");
        click("#reveal-0");
        waitText("#value-0", "second-value");
        screenshot("secret");

        click("#history-link-1");
        waitText("#secret-version", "version 1");
        click("#reveal-0");
        waitText("#value-0", "first-value");
        assertThat(text("#history-2")).contains("current");

        open("#/secrets/secret%2F/show/app/db?version=2");
        waitText("#secret-version", "version 2");
        click("#secret-delete");
        waitText("#secret-state", "deleted");
        assertThat(text("#history-2")).contains("deleted");
        screenshot("secret-deleted");
        click("#secret-undelete");
        el("#secret-data");
        click("#reveal-0");
        waitText("#value-0", "second-value");
        assertThat(text("#history-2")).contains("current");

        open("#/secrets/secret%2F/list/app/");
        el("#secret-list a.secret-link");
        screenshot("secrets");
    }

    @Test
    @Order(6)
    void secrets_kv2_metadataSaved_thenCasEditAndDestroy() throws Exception {
        open("#/secrets/secret%2F/metadata/app/db");
        type("#meta-max-versions", "5");
        WebElement cas = el("#meta-cas-required");
        if (!cas.isSelected()) {
            cas.click();
        }
        click("#meta-save");
        waitText("#meta-result", "Saved.");
        JsonNode meta = api("GET", "secret/metadata/app/db", null).path("data");
        assertThat(meta.path("max_versions").asInt()).isEqualTo(5);
        assertThat(meta.path("cas_required").asBoolean()).isTrue();

        // with cas_required the UI's writes still go through: it always sends the version it edited
        open("#/secrets/secret%2F/edit/app/db");
        wait.until(d -> "second-value".equals(d.findElement(By.cssSelector("#kv-value-0")).getAttribute("value")));
        type("#kv-value-0", "third-value");
        click("#secret-save");
        waitText("#secret-version", "version 3");

        open("#/secrets/secret%2F/show/app/db?version=1");
        waitText("#secret-version", "version 1");
        click("#secret-destroy");
        waitText("#secret-destroy", "Really destroy version 1");
        click("#secret-destroy");
        waitText("#secret-state", "destroyed");
        assertThat(text("#history-1")).contains("destroyed");
        assertThat(api("GET", "secret/metadata/app/db", null).path("data").path("versions").path("1")
                .path("destroyed").asBoolean()).isTrue();
    }

    @Test
    @Order(7)
    void secrets_scriptValue_shownAsTextNeverRun() throws Exception {
        String evil = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\">";
        open("#/secrets/secret%2F/create/");
        type("#secret-path", "xss");
        type("#kv-key-0", "<b>key</b>");
        type("#kv-value-0", evil);
        click("#secret-save");
        waitText("#secret-version", "version 1");
        click("#reveal-0");
        waitText("#value-0", evil);
        assertThat(text("#secret-data .secret-key")).isEqualTo("<b>key</b>");
        Object injected = ((JavascriptExecutor) browser).executeScript(
                "return [typeof window.__pwned, document.querySelectorAll('#main script, #main img, #main b').length]");
        assertThat(injected).isEqualTo(List.of("undefined", 0L));
    }

    @Test
    @Order(8)
    void secrets_kv1_writeAndRead() throws Exception {
        api("POST", "sys/mounts/kv1", "{\"type\":\"kv\",\"options\":{\"version\":\"1\"}}");
        open("#/secrets/kv1%2F/create/");
        type("#secret-path", "plain");
        type("#kv-key-0", "user");
        type("#kv-value-0", "alice");
        click("#secret-save");
        el("#secret-data");
        click("#reveal-0");
        waitText("#value-0", "alice");
        assertThat(api("GET", "kv1/plain", null).path("data").path("user").asText()).isEqualTo("alice");
    }

    @Test
    @Order(9)
    void policies_syntaxError_shownAtItsLine_thenSavedAndHighlighted() throws Exception {
        open("#/policies");
        el("#policy-list");
        click("#policy-create");
        type("#policy-name", "app-read");
        WebElement body = el("#policy-body");
        body.clear();
        body.sendKeys("# app policy\npath \"secret/data/app/*\" {\n  capabilities = [\"read\" \"list\"]\n}\n");
        click("#policy-save");
        waitText("#policy-error-line", "Line 3");
        assertThat(text("#policy-result .error[role=alert]:last-child")).contains("failed to parse policy");
        assertThat(el("#policy-gutter span.error-line").getText()).isEqualTo("3");
        screenshot("policy-error");

        // a capability error carries no line in Vault's text; the page finds the stanza it names
        body = el("#policy-body");
        body.clear();
        body.sendKeys("path \"secret/data/a\" {\n  capabilities = [\"read\"]\n}\n\npath \"secret/data/b\" {\n"
                + "  capabilities = [\"reed\"]\n}\n");
        click("#policy-save");
        waitText("#policy-error-line", "Line 5");
        assertThat(text("#policy-result")).contains("invalid capability \"reed\"");

        body = el("#policy-body");
        body.clear();
        body.sendKeys("# app policy\npath \"secret/data/app/*\" {\n  capabilities = [\"read\", \"list\"]\n}\n");
        click("#policy-save");
        el("#policy-text span.hl-key");
        assertThat(text("#policy-text")).contains("capabilities = [\"read\", \"list\"]");
        assertThat(browser.findElements(By.cssSelector("#policy-text span.hl-cap"))).hasSize(2);
        screenshot("policy");
    }

    @Test
    @Order(10)
    void forbidden_tokenWithoutList_explainsCapabilityAndPath() throws Exception {
        JsonNode created = api("POST", "auth/token/create", "{\"policies\":[\"app-read\"]}");
        String appToken = created.path("auth").path("client_token").asText();
        click("#logout");
        type("#login-token", appToken + Keys.ENTER);
        waitText("#who", "app-read");
        open("#/policies");
        waitText("#main .error", "permission denied");
        waitText("#main .error .denied-detail", "\"list\"");
        assertThat(text("#main .error .denied-detail")).contains("sys/policies/acl").contains("[\"deny\"]");
        screenshot("forbidden");
        click("#logout");
        type("#login-token", rootToken + Keys.ENTER);
        waitText("#who", "root");
    }

    @Test
    @Order(11)
    void keysPage_realServer_showsInventoryPerArnAndRewrapState() throws Exception {
        open("#/keys");
        // the server's own inventory (issue 9): the current key with its entries, and the rewrap state
        wait.until(d -> !d.findElements(By.cssSelector("#key-table")).isEmpty());
        assertThat(text("#key-table")).contains("arn:aws:kms:us-east-1:").contains("current");
        el("#rewrap-progress");
        screenshot("keys");
    }

    /**
     * The keys page against the contract of GET sys/seal/key-usage and GET sys/sealwrap/rewrap (built in parallel
     * with this UI): the page's fetch answers those two paths with the contract's shapes, everything else goes to
     * the server. A hash change keeps the page (and the patched fetch) loaded.
     */
    @Test
    @Order(12)
    void keysPage_contractAnswers_inventoryPerArnAndRewrapProgress() throws Exception {
        open("#/status?before-contract");
        el("#seal-summary");
        String current = "arn:aws:kms:eu-west-1:111122223333:key/2222aaaa-0000-0000-0000-000000000002";
        String older = "arn:aws:kms:us-east-1:111122223333:key/1111aaaa-0000-0000-0000-000000000001";
        ((JavascriptExecutor) browser).executeScript("""
                const usage = {data: {current_key_id: arguments[0], total_entries: 40,
                  keys: {[arguments[0]]: {entries: 30, current: true}, [arguments[1]]: {entries: 10, current: false}}}};
                const rewrap = {data: {entries: {processed: 25, succeeded: 24, failed: 1}, is_running: true,
                  fully_wrapped: false}};
                const real = window.fetch.bind(window);
                window.fetch = (url, init) => {
                  const body = String(url).includes("/v1/sys/seal/key-usage") ? usage
                    : String(url).includes("/v1/sys/sealwrap/rewrap") ? rewrap : null;
                  return body ? Promise.resolve(new Response(JSON.stringify(body), {status: 200,
                    headers: {"Content-Type": "application/json"}})) : real(url, init);
                };
                """, current, older);
        open("#/keys?contract");
        el("#key-table");
        assertThat(text("#key-table")).contains(current).contains(older).contains("eu-west-1").contains("current")
                .contains("older");
        assertThat(el("#rewrap-progress").getAttribute("value")).isEqualTo("25");
        assertThat(el("#rewrap-progress").getAttribute("max")).isEqualTo("40");
        assertThat(text("#rewrap")).contains("running").contains("25 of 40");
        screenshot("keys-contract");
        open("#/status?contract");
        waitText("#kms-arn", current);
        assertThat(text("#kms-region")).isEqualTo("eu-west-1");
        browser.navigate().refresh(); // the real fetch again for the tests after this one
        el("#seal-summary");
    }

    @Test
    @Order(13)
    void keyboard_tab_reachesPageButtonsSkipLinkAndEveryNavLinkInOrder() {
        open("#/status?keyboard");
        el("#seal-summary");
        WebElement body = browser.findElement(By.tagName("body"));
        List<String> focused = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            body.sendKeys(Keys.TAB);
            WebElement active = browser.switchTo().activeElement();
            focused.add(active.getAttribute("id").isEmpty() ? active.getAttribute("class") : active.getAttribute("id"));
            body = active;
        }
        // from the page's content (focused after each page change) on, then around through the header, in order
        assertThat(focused).contains("status-refresh").containsSubsequence("skip", "nav-status", "nav-secrets",
                "nav-policies", "nav-keys", "logout");
    }

    @Test
    @Order(14)
    void narrowWindow_pagesFitWithoutSideways() throws Exception {
        Dimension wide = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            for (String page : List.of("#/status?narrow", "#/secrets/secret%2F/show/app/db", "#/policies/app-read")) {
                open(page);
                el("#main h1");
                Thread.sleep(300); // the page's data arrives after its heading; bounded
                Object fits = ((JavascriptExecutor) browser).executeScript(
                        "return document.documentElement.scrollWidth <= window.innerWidth + 1");
                assertThat(fits).as(page).isEqualTo(true);
            }
            open("#/secrets/secret%2F/show/app/db");
            el("#secret-data");
            screenshot("secret-narrow");
        } finally {
            browser.manage().window().setSize(wide);
        }
    }
}
