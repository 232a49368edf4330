package io.datamover.blockstore.api;

/** The body of {@code POST /volumes/{id}/snapshots/{n}/clones}: the id of the new volume. */
public record CloneVolume(String id) {
}
