package io.tributary.samples.stockticker.dashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A headless Chromium showing one page, driven over the Chrome DevTools Protocol with the JDK's own WebSocket client:
 * just enough to evaluate JavaScript in the page and read the result. Exists so the live page is tested in a real
 * browser without a WebDriver dependency.
 *
 * <p>{@link #find()} looks for the binary; {@link #open} starts it with a throw-away profile directory and connects;
 * {@link #close()} ends the browser process it started and that process's children. Calls are blocking and meant
 * for one test thread.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final Pattern DEVTOOLS_URL = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;
    private final WebSocket page;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    private HeadlessChromium(Process process, WebSocket.Builder connector, URI pageUrl) throws Exception {
        this.process = process;
        this.page = connector.buildAsync(pageUrl, new Listener()).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The Chromium binary: {@code -Dchromium.binary}, else {@code $CHROME_BIN}, else the first of {@code chromium},
     * {@code chromium-browser}, {@code google-chrome}, {@code google-chrome-stable} on the {@code PATH}.
     */
    static Optional<Path> find() {
        String configured = System.getProperty("chromium.binary", System.getenv("CHROME_BIN"));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .flatMap(dir -> NAMES.stream().map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
    }

    /** Starts Chromium headless on {@code url} and connects to that page. */
    static HeadlessChromium open(Path binary, URI url, Path profileDir) throws Exception {
        Process process = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*",
                "--user-data-dir=" + profileDir, url.toString()).redirectErrorStream(true).start();
        try {
            URI browser = URI.create(devToolsUrl(process));
            HttpClient http = HttpClient.newHttpClient();
            URI list = URI.create("http://" + browser.getAuthority() + "/json/list");
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(list).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String pageUrl = null;
            for (JsonNode target : targets) {
                if ("page".equals(target.path("type").asString())) {
                    pageUrl = target.path("webSocketDebuggerUrl").asString();
                    break;
                }
            }
            if (pageUrl == null) {
                throw new IllegalStateException("Chromium lists no page target: " + targets);
            }
            return new HeadlessChromium(process, http.newWebSocketBuilder(), URI.create(pageUrl));
        }
        catch (Exception ex) {
            stop(process);
            throw ex;
        }
    }

    /**
     * Evaluates a JavaScript expression in the page and returns its value as a string; a thrown exception or a
     * value that is not a string, number or boolean comes back as {@code ""}.
     */
    String evaluate(String expression) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> response = new CompletableFuture<>();
        pending.put(id, response);
        String request = JSON.writeValueAsString(Map.of("id", id, "method", "Runtime.evaluate",
                "params", Map.of("expression", expression, "returnByValue", true)));
        page.sendText(request, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        JsonNode result = response.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).path("result");
        JsonNode value = result.path("result").path("value");
        return result.has("exceptionDetails") || !value.isValueNode() || value.isNull() ? "" : value.asString();
    }

    @Override
    public void close() {
        page.abort();
        stop(process);
    }

    private static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(ProcessHandle::destroy);
    }

    /** Reads Chromium's output until it names its DevTools endpoint, then keeps draining it on a daemon thread. */
    private static String devToolsUrl(Process process) throws Exception {
        BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = new CompletableFuture<>();
        StringBuilder seen = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    Matcher matcher = DEVTOOLS_URL.matcher(line);
                    if (matcher.find()) {
                        url.complete(matcher.group(1));
                    }
                    else if (!url.isDone()) {
                        seen.append(line).append('\n');
                    }
                }
            }
            catch (IOException ex) {
                // the process ended
            }
            url.completeExceptionally(new IllegalStateException("Chromium exited before it opened DevTools:\n" + seen));
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        return url.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                JsonNode received = JSON.readTree(message.toString());
                message.setLength(0);
                // events carry no id; responses answer a request
                if (received.has("id")) {
                    CompletableFuture<JsonNode> response = pending.remove(received.get("id").asInt());
                    if (response != null) {
                        response.complete(received);
                    }
                }
            }
            socket.request(1);
            return null;
        }
    }
}
