package io.datamover.transfer.peer;

/** Names shared by both ends of the peer protocol (see DESIGN.md of this module). */
public final class PeerProtocol {

    /** Header carrying a chunk's checksum, {@code crc32c:<8 hex digits>}. */
    public static final String CHECKSUM_HEADER = "X-Datamover-Checksum";

    /** Most bytes a chunk can hold: 64 MiB of data and the framing of its records; the HTTP body limit is 72M. */
    public static final long MAX_CHUNK_BYTES = 72L * 1024 * 1024;

    private PeerProtocol() {
    }

    public static String transferPath(String volumeId, long snapshot) {
        return "/transfers/" + volumeId + "/" + snapshot;
    }
}
