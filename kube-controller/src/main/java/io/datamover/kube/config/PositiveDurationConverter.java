package io.datamover.kube.config;

import io.quarkus.runtime.configuration.DurationConverter;
import java.time.Duration;
import org.eclipse.microprofile.config.spi.Converter;

/** A duration longer than zero, so that a bad value fails the start naming its key. */
public class PositiveDurationConverter implements Converter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration duration = DurationConverter.parseDuration(value.trim());
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("must be longer than zero, was " + value);
        }
        return duration;
    }
}
