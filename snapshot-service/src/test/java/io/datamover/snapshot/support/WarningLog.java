package io.datamover.snapshot.support;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;

/** The warnings and errors one class of the service logs while a test runs. */
public final class WarningLog extends Handler implements AutoCloseable {

    /** The level and the message with its parameters, e.g. {@code WARN volume db ...}. */
    private static final PatternFormatter LINE = new PatternFormatter("%p %s");

    private final Logger logger;
    private final List<String> messages = new ArrayList<>();

    private WarningLog(Class<?> type) {
        this.logger = Logger.getLogger(type.getName());
        logger.addHandler(this);
    }

    public static WarningLog of(Class<?> type) {
        return new WarningLog(type);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            messages.add(LINE.format(record));
        }
    }

    public synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
