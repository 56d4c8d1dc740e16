package io.tributary.internals.enrich;

import java.net.ProxySelector;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

/**
 * The default client's route planner: the route (direct, or through the proxy of the JVM's proxy system properties)
 * of each target host, asked of HttpClient's {@link SystemDefaultRoutePlanner} once and remembered while those
 * properties keep their values.
 *
 * <p>Exists because the system planner asks the {@link ProxySelector} per request, and the JDK's default selector
 * reads the properties, builds a URI and matches {@code http.nonProxyHosts} each time: about a tenth of the
 * processor thread's time per enrichment GET in the benchmark's profile. The answer depends only on the target and
 * those properties (and on a proxy named in the request's {@code RequestConfig}, which enrichment never sets), so it
 * is remembered per target and checked against the properties (a dozen reads, no allocation) per request: setting
 * {@code http.proxyHost} at run time still takes effect at the next request.
 * A selector other than the JDK's own (a user's {@link ProxySelector#setDefault}, which may answer per path), or
 * {@code java.net.useSystemProxies=true} (the operating system's settings, which change unseen), is asked per
 * request as before. Thread-safe; at most {@value #MAX_HOSTS} targets are remembered (a URL template whose host
 * varies by record starts over past that).
 */
final class RememberedRoutes implements HttpRoutePlanner {

    /** What the JDK's default selector reads (sun.net.spi.DefaultProxySelector), for http and https targets. */
    static final String[] PROXY_PROPERTIES = {"http.proxyHost", "http.proxyPort", "http.nonProxyHosts",
            "https.proxyHost", "https.proxyPort", "proxyHost", "proxyPort", "socksProxyHost", "socksProxyPort",
            "socksProxyVersion", "socksNonProxyHosts", "java.net.useSystemProxies"};

    static final int MAX_HOSTS = 1_000;

    private static final String JDK_DEFAULT_SELECTOR = "sun.net.spi.DefaultProxySelector";

    /** A route and the proxy properties' values it was planned with. */
    private record Remembered(HttpRoute route, @Nullable String[] properties) {
    }

    private final HttpRoutePlanner planner;
    private final boolean jdkSelector;
    private final ConcurrentHashMap<HttpHost, Remembered> routes = new ConcurrentHashMap<>();

    RememberedRoutes(@Nullable ProxySelector selector) {
        this.planner = new SystemDefaultRoutePlanner(selector);
        this.jdkSelector = selector != null && JDK_DEFAULT_SELECTOR.equals(selector.getClass().getName());
    }

    @Override
    public HttpRoute determineRoute(HttpHost target, @Nullable HttpRequest request, HttpContext context)
            throws HttpException {
        if (!jdkSelector || Boolean.parseBoolean(System.getProperty("java.net.useSystemProxies"))) {
            return planner.determineRoute(target, request, context);
        }
        Remembered remembered = routes.get(target);
        if (remembered != null && unchanged(remembered.properties())) {
            return remembered.route();
        }
        @Nullable String[] properties = new String[PROXY_PROPERTIES.length];
        for (int i = 0; i < properties.length; i++) {
            properties[i] = System.getProperty(PROXY_PROPERTIES[i]);
        }
        HttpRoute route = planner.determineRoute(target, request, context);
        if (routes.size() >= MAX_HOSTS) {
            routes.clear();
        }
        routes.put(target, new Remembered(route, properties));
        return route;
    }

    @Override
    public HttpRoute determineRoute(HttpHost target, HttpContext context) throws HttpException {
        return determineRoute(target, null, context);
    }

    private static boolean unchanged(@Nullable String[] properties) {
        for (int i = 0; i < properties.length; i++) {
            if (!Objects.equals(properties[i], System.getProperty(PROXY_PROPERTIES[i]))) {
                return false;
            }
        }
        return true;
    }
}
