package io.datamover.transfer.peer;

/** Body of a commit: the SHA-256 of the delta's uncompressed chunk bodies in chunk order, as 64 hex digits. */
public record CommitRequest(String digest) {
}
