package io.datamover.service.config;

import org.eclipse.microprofile.config.spi.Converter;

/** Reads a count that must be at least 1, so that a bad value fails the start naming its key. */
public class PositiveIntConverter implements Converter<Integer> {

    @Override
    public Integer convert(String value) {
        int number = Integer.parseInt(value.trim());
        if (number < 1) {
            throw new IllegalArgumentException("must be at least 1, was " + number);
        }
        return number;
    }
}
