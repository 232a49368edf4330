package io.datamover.blockstore.api;

/**
 * The body of every error response of the block store.
 *
 * @param error a message naming the problem
 * @param field the request field at fault, null when none is
 */
public record ErrorBody(String error, String field) {
}
