package io.datamover.launcher.demo;

import io.datamover.launcher.ByteSize;
import java.io.PrintStream;

/** A progress bar redrawn in place on a terminal; elsewhere (logs, CI) one line per 25%. */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private boolean drawn;
    private int lastQuarter = -1;
    private String lastLabel = "";

    ProgressBar(PrintStream out) {
        this.out = out;
    }

    synchronized void show(String label, long done, long total) {
        if (total <= 0) {
            return;
        }
        double share = Math.min(1.0, done / (double) total);
        if (!label.equals(lastLabel)) {
            lastLabel = label;
            lastQuarter = -1;
        }
        String text = String.format("   %-28s [%-" + WIDTH + "s] %3.0f%%  %s / %s", label,
                "#".repeat((int) (share * WIDTH)), share * 100, ByteSize.format(done), ByteSize.format(total));
        if (terminal) {
            out.print("\r" + text);
            drawn = true;
        } else if ((int) (share * 4) > lastQuarter) {
            lastQuarter = (int) (share * 4);
            out.println(text);
        }
    }

    synchronized void finish() {
        if (drawn) {
            out.println();
            drawn = false;
        }
    }
}
