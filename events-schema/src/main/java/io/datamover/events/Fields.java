package io.datamover.events;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks of event fields, shared by every record's constructor so that a malformed payload fails
 * while it is read, with a message that names the field.
 */
public final class Fields {

    /** Site, volume and group ids: DNS-1123 labels, so they are safe as file names and Kubernetes names. */
    private static final Pattern ID = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** The lowest priority of a volume group: placement moves groups of a higher priority first. */
    public static final int MIN_PRIORITY = -1000;
    /** The highest priority of a volume group. */
    public static final int MAX_PRIORITY = 1000;

    private Fields() {
    }

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "' is required");
        }
        return value;
    }

    /** Validates an id; returns it unchanged. */
    public static String id(String field, String value) {
        required(field, value);
        if (!ID.matcher(value).matches()) {
            throw new IllegalArgumentException("field '" + field + "' is not a valid id: '" + value
                    + "' (lower-case letters, digits and '-', 1 to 63 characters, starting and ending"
                    + " with a letter or digit)");
        }
        return value;
    }

    /**
     * Validates a qualified id: valid ids joined by '.', at most 253 characters (a DNS-1123 subdomain), e.g.
     * {@code transfer.<site>}; returns it unchanged.
     */
    public static String qualifiedId(String field, String value) {
        required(field, value);
        if (value.length() > 253 || !Arrays.stream(value.split("\\.", -1)).allMatch(Fields::isValidId)) {
            throw new IllegalArgumentException("field '" + field + "' is not a valid qualified id: '" + value
                    + "' (ids of lower-case letters, digits and '-' joined by '.', at most 253 characters)");
        }
        return value;
    }

    /** Validates a text field: present and not empty; returns it unchanged. */
    public static String text(String field, String value) {
        required(field, value);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("field '" + field + "' must not be empty");
        }
        return value;
    }

    /** Validates a list of ids: present, and every element a valid id; returns an unmodifiable copy. */
    public static List<String> ids(String field, List<String> values) {
        required(field, values).forEach(v -> id(field + "[]", v));
        return List.copyOf(values);
    }

    public static boolean isValidId(String value) {
        return value != null && ID.matcher(value).matches();
    }

    public static boolean isValidPriority(long value) {
        return value >= MIN_PRIORITY && value <= MAX_PRIORITY;
    }

    /** Validates a group's priority, if there is one; returns it unchanged. */
    public static Integer priority(String field, Integer value) {
        if (value != null && !isValidPriority(value)) {
            throw new IllegalArgumentException("field '" + field + "' " + priorityRange(value));
        }
        return value;
    }

    /** Why {@code value} is no priority, for the message of a field that holds it. */
    public static String priorityRange(long value) {
        return "must lie between " + MIN_PRIORITY + " and " + MAX_PRIORITY + ", was " + value;
    }

    public static long notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("field '" + field + "' must not be negative, was " + value);
        }
        return value;
    }

    public static long positive(String field, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("field '" + field + "' must be positive, was " + value);
        }
        return value;
    }

    static int schemaVersion(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("field 'schemaVersion' must be 1 or more, was " + value);
        }
        return value;
    }
}
