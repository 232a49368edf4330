package io.datamover.transfer.rest;

import io.datamover.events.Fields;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;

/** Checks of path parameters, so that a bad one is answered with 400 naming it, never used as a path. */
public final class PathParams {

    private PathParams() {
    }

    public static String volumeId(String value) {
        if (!Fields.isValidId(value)) {
            throw new TransferException(Reason.INVALID_REQUEST, "volumeId", "volumeId is not a valid id: '" + value
                    + "' (lower-case letters, digits and '-', 1 to 63 characters, starting and ending with a letter"
                    + " or digit)");
        }
        return value;
    }

    public static long snapshot(String value) {
        return snapshot(number("snapshot", value));
    }

    public static long snapshot(long snapshot) {
        if (snapshot < 1) {
            throw new TransferException(Reason.INVALID_REQUEST, "snapshot", "snapshot must be 1 or more, was "
                    + snapshot);
        }
        return snapshot;
    }

    public static int chunk(String value) {
        long k = number("k", value);
        if (k > Integer.MAX_VALUE) {
            throw new TransferException(Reason.INVALID_REQUEST, "k", "chunk index k is too large: " + value);
        }
        return (int) k;
    }

    private static long number(String field, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new TransferException(Reason.INVALID_REQUEST, field, field + " must be a number, was '" + value
                    + "'");
        }
    }
}
