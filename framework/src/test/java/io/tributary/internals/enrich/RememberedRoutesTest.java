package io.tributary.internals.enrich;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default client's remembered routes: the same route as HttpClient's system planner, planned once per target,
 * and planned again as soon as a proxy property changes; a selector other than the JDK's is asked every time.
 */
class RememberedRoutesTest {

    private static final HttpHost TARGET = new HttpHost("http", "companies.example", 8080);

    @AfterEach
    void clearProxyProperties() {
        System.clearProperty("http.proxyHost");
        System.clearProperty("http.proxyPort");
        System.clearProperty("http.nonProxyHosts");
    }

    @Test
    void remembersTheRouteOfATarget() throws Exception {
        RememberedRoutes routes = new RememberedRoutes(ProxySelector.getDefault());

        HttpRoute first = routes.determineRoute(TARGET, null, HttpClientContext.create());
        HttpRoute second = routes.determineRoute(TARGET, null, HttpClientContext.create());

        assertThat(first.getProxyHost()).isNull();
        assertThat(first.getTargetHost()).isEqualTo(TARGET);
        assertThat(second).isSameAs(first);
    }

    @Test
    void plansAgainWhenAProxyPropertyChanges() throws Exception {
        RememberedRoutes routes = new RememberedRoutes(ProxySelector.getDefault());
        HttpRoute direct = routes.determineRoute(TARGET, null, HttpClientContext.create());

        System.setProperty("http.proxyHost", "proxy.example");
        System.setProperty("http.proxyPort", "3128");
        HttpRoute proxied = routes.determineRoute(TARGET, null, HttpClientContext.create());
        System.setProperty("http.nonProxyHosts", "*.example");
        HttpRoute exempted = routes.determineRoute(TARGET, null, HttpClientContext.create());

        assertThat(direct.getProxyHost()).isNull();
        assertThat(proxied.getProxyHost()).isEqualTo(new HttpHost("http", "proxy.example", 3128));
        assertThat(proxied.getTargetHost()).isEqualTo(TARGET);
        assertThat(exempted.getProxyHost()).isNull();
    }

    @Test
    void asksASelectorOtherThanTheJdksEveryTime() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        ProxySelector own = new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                asked.incrementAndGet();
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException failure) {
            }
        };
        RememberedRoutes routes = new RememberedRoutes(own);

        routes.determineRoute(TARGET, null, HttpClientContext.create());
        routes.determineRoute(TARGET, null, HttpClientContext.create());

        assertThat(asked).hasValue(2);
    }
}
