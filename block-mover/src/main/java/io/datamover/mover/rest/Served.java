package io.datamover.mover.rest;

import io.datamover.events.Fields;
import io.datamover.mover.config.MoverConfig;
import io.datamover.mover.domain.MoverException;
import io.datamover.mover.domain.MoverException.Reason;
import java.util.OptionalLong;

/** Checks that a request is about what this mover serves, in the mode it runs in, naming the field at fault. */
final class Served {

    private Served() {
    }

    /**
     * @throws MoverException 400 for a volume id or snapshot number that is not one, 404 for another volume or
     *     snapshot, 409 for a request of the other mode
     */
    static void check(MoverConfig config, MoverConfig.Mode mode, String volumeId, String n) {
        volume(config, volumeId);
        long snapshot = number("snapshot", n);
        if (snapshot != config.snapshot()) {
            throw new MoverException(Reason.NOT_FOUND, "snapshot", "this mover " + (config.mode()
                    == MoverConfig.Mode.REPLICA ? "writes" : "serves") + " snapshot " + config.snapshot()
                    + " of volume " + volumeId + ", not " + snapshot);
        }
        mode(config, mode);
    }

    /** 409 for a request of the other mode. */
    static void mode(MoverConfig config, MoverConfig.Mode mode) {
        if (config.mode() != mode) {
            String what = "snapshot " + config.snapshot() + " of volume " + config.volumeId();
            throw new MoverException(Reason.CONFLICT, null, config.mode() == MoverConfig.Mode.REPLICA
                    ? "this mover writes " + what + " into a replica and serves no reads"
                    : "this mover serves " + what + " read-only");
        }
    }

    /** A request about the volume, not one of its snapshots: 400 for an id that is not one, 404 for another. */
    static void volume(MoverConfig config, String volumeId) {
        try {
            Fields.id("volumeId", volumeId);
        } catch (IllegalArgumentException e) {
            throw MoverException.invalid("volumeId", e.getMessage());
        }
        if (!volumeId.equals(config.volumeId())) {
            throw new MoverException(Reason.NOT_FOUND, "volumeId", "this mover serves volume " + config.volumeId()
                    + ", not " + volumeId);
        }
    }

    /** The {@code base} a request states must be the delta's: 400 when not a number, 409 when another. */
    static void base(MoverConfig config, String base) {
        OptionalLong stated = base == null || base.isEmpty() ? OptionalLong.empty()
                : OptionalLong.of(number("base", base));
        if (!stated.equals(config.baseSnapshot())) {
            throw new MoverException(Reason.CONFLICT, "base", "this mover writes the delta of snapshot "
                    + config.snapshot() + " of volume " + config.volumeId() + " from " + describe(config.baseSnapshot())
                    + ", not from " + describe(stated));
        }
    }

    private static String describe(OptionalLong base) {
        return base.isPresent() ? "base " + base.getAsLong() : "no base (a full copy)";
    }

    private static long number(String field, String value) {
        try {
            long number = Long.parseLong(value);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw MoverException.invalid(field, field + " must be a number of 1 or more, was '" + value + "'");
    }
}
