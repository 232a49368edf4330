package io.datamover.blockstore.api;

/** The body of {@code POST /volumes/{id}/rejoin}: the snapshot the new primary and this copy both hold. */
public record Rejoin(Long snapshot) {
}
