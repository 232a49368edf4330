package io.datamover.snapshot.config;

import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;
import org.eclipse.microprofile.config.spi.Converter;

/** Durations checked as they are read, so that a bad value fails the start naming its key. */
public final class DurationConverters {

    private DurationConverters() {
    }

    /** A whole number of seconds, at least one: an interval of a schedule. */
    public static class WholeSeconds implements Converter<Duration> {

        @Override
        public Duration convert(String value) {
            Duration duration = DurationConverter.parseDuration(value.trim());
            if (duration.compareTo(Duration.ofSeconds(1)) < 0 || duration.getNano() != 0) {
                throw new IllegalArgumentException("must be a whole number of seconds, at least 1s, was " + value);
            }
            return duration;
        }
    }

    /** A wait, zero or longer. */
    public static class NotNegative implements Converter<Duration> {

        @Override
        public Duration convert(String value) {
            Duration duration = DurationConverter.parseDuration(value.trim());
            if (duration.isNegative()) {
                throw new IllegalArgumentException("must not be negative, was " + value);
            }
            return duration;
        }
    }
}
