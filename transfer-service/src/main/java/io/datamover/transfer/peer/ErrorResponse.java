package io.datamover.transfer.peer;

/**
 * Body of every error answer of the peer protocol.
 *
 * @param error a message naming the problem
 * @param field the request field at fault, null when none is
 * @param reason the {@code TransferException.Reason} name, so that the source can tell whether to try again
 */
public record ErrorResponse(String error, String field, String reason) {
}
