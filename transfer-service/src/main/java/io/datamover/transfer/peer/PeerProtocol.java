package io.datamover.transfer.peer;

/** Names shared by both ends of the peer protocol (see DESIGN.md of this module). */
public final class PeerProtocol {

    /** Header carrying a chunk's checksum, {@code crc32c:<8 hex digits>}. */
    public static final String CHECKSUM_HEADER = "X-Datamover-Checksum";

    private PeerProtocol() {
    }

    public static String transferPath(String volumeId, long snapshot) {
        return "/transfers/" + volumeId + "/" + snapshot;
    }
}
