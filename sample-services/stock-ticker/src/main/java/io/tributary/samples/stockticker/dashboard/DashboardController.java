package io.tributary.samples.stockticker.dashboard;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live page's HTTP endpoints: the page itself at {@code /} (one self-contained HTML file with inline script and
 * styles, nothing fetched from elsewhere, so it works offline), its event stream at {@code /dashboard/events}, and
 * the latest snapshot as JSON at {@code /dashboard/snapshot} for scripts and {@code curl}.
 */
@RestController
@ConditionalOnBooleanProperty("ticker.dashboard.enabled")
public class DashboardController {

    private static final Resource PAGE = new ClassPathResource("dashboard/index.html");

    private final DashboardBroadcaster broadcaster;

    public DashboardController(DashboardBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    public Resource page() {
        return PAGE;
    }

    @GetMapping(path = "/dashboard/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events() {
        return broadcaster.subscribe();
    }

    @GetMapping(path = "/dashboard/snapshot", produces = MediaType.APPLICATION_JSON_VALUE)
    public DashboardSnapshot snapshot() {
        return broadcaster.latest();
    }
}
