package io.tributary.samples.stockticker.dashboard;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.tributary.samples.stockticker.StockTickerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dev-mode live page in a real headless Chromium: the service runs with the {@code dev} profile (its own embedded
 * broker, the tick generator), the browser opens {@code /}, and the figures the page shows must move as server-sent
 * events arrive. Event time runs 200x faster than the wall clock here (1 s per tick) so windows close within seconds.
 *
 * <p>Skipped, not failed, when no Chromium binary is found; CI installs one ({@code .ci/run}).
 */
class LivePageIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path browserProfile;

    @Test
    void pageLoadsAndItsFiguresMove() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        assumeTrue(chromium.isPresent(), "no Chromium found (chromium, chromium-browser or google-chrome on the PATH, "
                + "-Dchromium.binary or CHROME_BIN): the live-page browser test is skipped; "
                + "install it with 'apt-get install -y chromium'");

        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(StockTickerApplication.class)
                .profiles("dev")
                .properties("server.port=0", "ticker.generator.event-time-step=1s", "ticker.dashboard.interval=250ms")
                .run()) {
            URI page = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/");
            try (HeadlessChromium browser = HeadlessChromium.open(chromium.get(), page, browserProfile)) {
                // the browser's first document is about:blank, also "complete": wait for the page's own
                await("page loaded").atMost(PATIENCE)
                        .until(() -> browser.evaluate("location.href + ' ' + document.readyState"),
                                (page + " complete")::equals);
                assertThat(browser.evaluate("document.title")).isEqualTo("Stock ticker · Tributary");
                await("events arriving").atMost(PATIENCE)
                        .until(() -> browser.evaluate("document.getElementById('connection').textContent"),
                                "live"::equals);

                long firstRead = await("records read").atMost(PATIENCE)
                        .until(() -> figure(browser, "records-in"), count -> count > 0);
                await("records-in moves").atMost(PATIENCE)
                        .until(() -> figure(browser, "records-in"), count -> count > firstRead);
                await("duplicates counted").atMost(PATIENCE)
                        .until(() -> figure(browser, "duplicates"), count -> count > 0);
                await("ticks enriched through the company-API stub").atMost(PATIENCE)
                        .until(() -> figure(browser, "enriched"), count -> count > 0);
                await("a watermark shown").atMost(PATIENCE)
                        .until(() -> browser.evaluate("document.querySelector("
                                + "'#watermarks tr[data-processor=dedup] [data-field=watermark]')?.textContent"),
                                watermark -> watermark.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d"));
                await("tumbling windows drawn").atMost(PATIENCE)
                        .until(() -> windows(browser, "tumbling"), count -> count > 0);
                await("sliding windows drawn").atMost(PATIENCE)
                        .until(() -> windows(browser, "sliding"), count -> count > 0);

                assertThat(browser.evaluate("[...document.querySelectorAll('#processors tr[data-processor]')]"
                        + ".map(row => row.dataset.processor).join(',')"))
                        .contains("dedup", "tumbling", "sliding", "enrich");
                assertThat(browser.evaluate("document.querySelectorAll('#chart-sliding svg polyline').length"))
                        .isNotEqualTo("0");
                assertThat(browser.evaluate("document.querySelector('#chart-sliding .chart').dataset.symbol"))
                        .isNotBlank();
            }
        }
    }

    private static long figure(HeadlessChromium browser, String id) throws Exception {
        return Long.parseLong(browser.evaluate("document.getElementById('" + id + "').dataset.value"));
    }

    private static long windows(HeadlessChromium browser, String kind) throws Exception {
        return Long.parseLong(browser.evaluate("document.getElementById('chart-" + kind + "').dataset.windows"));
    }
}
