package io.datamover.blockstore.api;

import io.datamover.events.Fields;

/**
 * The name of snapshot {@code snapshot} of volume {@code volumeId} in the SnapshotMetadata gRPC API:
 * {@code "<volumeId>.<snapshot>"}.
 */
public record SnapshotRef(String volumeId, long snapshot) {

    public SnapshotRef {
        Fields.id("volumeId", volumeId);
        if (snapshot < 1) {
            throw new IllegalArgumentException("snapshot number must be 1 or more, was " + snapshot);
        }
    }

    public static String name(String volumeId, long snapshot) {
        return new SnapshotRef(volumeId, snapshot).name();
    }

    /**
     * Reads a snapshot name.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code name}
     */
    public static SnapshotRef parse(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("snapshot name is required, as '<volumeId>.<n>'");
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("snapshot name '" + name + "' is not '<volumeId>.<n>'");
        }
        String number = name.substring(dot + 1);
        if (number.isEmpty() || !number.chars().allMatch(c -> c >= '0' && c <= '9') || number.length() > 18) {
            throw new IllegalArgumentException("snapshot name '" + name + "' does not end with a snapshot number");
        }
        return new SnapshotRef(name.substring(0, dot), Long.parseLong(number));
    }

    public String name() {
        return volumeId + "." + snapshot;
    }

    @Override
    public String toString() {
        return name();
    }
}
