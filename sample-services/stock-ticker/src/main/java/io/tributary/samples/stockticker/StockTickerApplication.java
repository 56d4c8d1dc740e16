package io.tributary.samples.stockticker;

import io.tributary.samples.stockticker.generator.TickLoader;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Entry point of the stock-ticker service. With the {@code dev} profile and no {@code spring.kafka.bootstrap-servers}
 * it brings its own broker, tick generator and live page (see {@code io.tributary.samples.stockticker.dev} and
 * {@code .dashboard}). With {@code --generate} among its arguments it runs the {@link TickLoader} instead: loads
 * ticks into a topic and exits.
 */
@SpringBootApplication
public class StockTickerApplication {

    public static void main(String[] args) {
        if (TickLoader.requested(args)) {
            System.exit(TickLoader.run(args));
        }
        SpringApplication.run(StockTickerApplication.class, args);
    }
}
