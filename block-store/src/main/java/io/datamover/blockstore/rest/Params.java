package io.datamover.blockstore.rest;

import io.datamover.blockstore.domain.StoreException;

/** Query and path parameters, checked with a 400 that names the parameter. */
final class Params {

    /** The largest read in one request. */
    static final int MAX_READ = 64 * 1024 * 1024;

    private Params() {
    }

    static long requiredLong(String name, String value) {
        if (value == null || value.isBlank()) {
            throw StoreException.invalid(name, name + " is required");
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw StoreException.invalid(name, name + " must be an integer, was '" + value + "'");
        }
    }

    static Long optionalLong(String name, String value) {
        return value == null || value.isBlank() ? null : requiredLong(name, value);
    }

    /** An optional {@code true} or {@code false}, false when absent. */
    static boolean flag(String name, String value) {
        if (value == null || value.isBlank() || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw StoreException.invalid(name, name + " must be true or false, was '" + value + "'");
    }

    static long snapshot(String value) {
        long snapshot = requiredLong("snapshot", value);
        if (snapshot < 1) {
            throw StoreException.invalid("snapshot", "snapshot must be 1 or more, was " + snapshot);
        }
        return snapshot;
    }

    static int readLength(String value) {
        long length = requiredLong("length", value);
        if (length < 0 || length > MAX_READ) {
            throw StoreException.invalid("length", "length must be in [0, " + MAX_READ + "], was " + length);
        }
        return (int) length;
    }
}
