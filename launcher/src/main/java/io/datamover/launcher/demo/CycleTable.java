package io.datamover.launcher.demo;

import io.datamover.launcher.ByteSize;
import java.io.PrintStream;

/** Prints one row per replication cycle, under a header printed with the first row. */
final class CycleTable {

    private static final String FORMAT = "   %8s  %-6s  %12s  %12s  %9s  %12s  %8s%n";

    private final PrintStream out;
    private boolean headerPrinted;

    CycleTable(PrintStream out) {
        this.out = out;
    }

    void row(DemoReport.CycleReport cycle) {
        if (!headerPrinted) {
            out.printf(FORMAT, "snapshot", "method", "changed", "shipped", "cycle", "lag bytes", "lag s");
            headerPrinted = true;
        }
        out.printf(FORMAT, cycle.snapshot(), cycle.method(), ByteSize.format(cycle.changedBytes()),
                ByteSize.format(cycle.shippedBytes()), String.format("%.2f s", cycle.cycleMillis() / 1000.0),
                cycle.lagBytes() < 0 ? "?" : ByteSize.format(cycle.lagBytes()),
                cycle.lagSeconds() < 0 ? "?" : Long.toString(cycle.lagSeconds()));
    }
}
