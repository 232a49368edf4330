package io.datamover.blockstore.api;

/** The body of {@code POST /volumes/{id}/freeze}. */
public record Freeze(String reason) {
}
