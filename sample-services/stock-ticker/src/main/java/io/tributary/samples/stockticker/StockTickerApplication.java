package io.tributary.samples.stockticker;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Entry point of the stock-ticker service. With the {@code dev} profile and no {@code spring.kafka.bootstrap-servers}
 * it brings its own broker and tick generator (see {@code io.tributary.samples.stockticker.dev}).
 */
@SpringBootApplication
public class StockTickerApplication {

    public static void main(String[] args) {
        SpringApplication.run(StockTickerApplication.class, args);
    }
}
