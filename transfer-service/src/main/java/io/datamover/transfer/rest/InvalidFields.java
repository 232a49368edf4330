package io.datamover.transfer.rest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the field name out of the contract's validation messages ({@code field 'x' ...}). */
final class InvalidFields {

    private static final Pattern FIELD = Pattern.compile("field '([^']+)'");

    private InvalidFields() {
    }

    static String named(String message) {
        Matcher matcher = FIELD.matcher(message == null ? "" : message);
        return matcher.find() ? matcher.group(1) : null;
    }
}
