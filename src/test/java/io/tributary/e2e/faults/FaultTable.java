package io.tributary.e2e.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The suite's table: one row per scenario, printed and written to {@code target/fault-injection-report.md}. */
final class FaultTable {

    /** One scenario's figures; recovery is the longest time from a fault until results were committed again. */
    record Row(String scenario, ContractCheck.Outcome outcome, int faults, Duration recovery, List<String> stalled,
            String health) {
    }

    private final List<Row> rows = new ArrayList<>();

    synchronized void add(Row row) {
        rows.add(row);
    }

    synchronized String markdown() {
        StringBuilder table = new StringBuilder();
        table.append("| scenario | faults | records in | results expected / seen | lost | duplicated | unexpected "
                + "| dead-lettered (expected) | stalled partitions | health | recovery (max) |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
        for (Row row : rows) {
            ContractCheck.Outcome o = row.outcome();
            table.append("| ").append(row.scenario()).append(" | ").append(row.faults()).append(" | ")
                    .append(o.records()).append(" | ").append(o.expected()).append(" / ").append(o.seen())
                    .append(" | ").append(o.lost()).append(" | ").append(o.duplicated()).append(" | ")
                    .append(o.unexpected()).append(" | ").append(o.deadLettered()).append(" (")
                    .append(o.deadLetteredExpected()).append(") | ").append(row.stalled().size()).append(" | ")
                    .append(row.health()).append(" | ")
                    .append(String.format("%.1f s", row.recovery().toMillis() / 1000.0)).append(" |\n");
        }
        return table.toString();
    }

    synchronized void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, markdown());
    }
}
