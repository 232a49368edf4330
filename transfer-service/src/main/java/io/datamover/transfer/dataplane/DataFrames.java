package io.datamover.transfer.dataplane;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datamover.events.EventJson;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.peer.ChunkHeader;
import io.datamover.transfer.peer.PeerProtocol;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;

/**
 * The framing of the data plane, a TCP connection (TLS with mutual TLS on) that carries one chunk after the other,
 * each answered before the next is sent. A request is the magic {@code DMC1}, the length of a JSON
 * {@link ChunkHeader} and the header, then {@code bodyBytes} bytes of chunk. An answer is an HTTP-like status, the
 * length of a JSON body and the body: a {@code ChunkReceipt} for 200, an {@code ErrorResponse} otherwise. All
 * integers are big-endian int32.
 */
final class DataFrames {

    static final int MAGIC = 0x444d4331;
    static final int MAX_HEADER_BYTES = 4096;
    static final int MAX_ANSWER_BYTES = 1 << 20;

    private static final ObjectMapper JSON = EventJson.mapper().copy()
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private DataFrames() {
    }

    /** A framing error: the stream cannot be read further, so the connection is answered once and closed. */
    static final class BrokenFrame extends Exception {

        private final String field;

        BrokenFrame(String field, String message) {
            super(message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }

    /** An answer: a status and its JSON body. */
    record Answer(int status, byte[] body) {
    }

    static void writeHeader(DataOutputStream out, ChunkHeader header) throws IOException {
        byte[] json = JSON.writeValueAsBytes(header);
        out.writeInt(MAGIC);
        out.writeInt(json.length);
        out.write(json);
    }

    /**
     * The next request's header, empty when the peer closed the connection between two chunks.
     *
     * @throws BrokenFrame when the stream is not the data plane's or the header is malformed
     */
    static Optional<ChunkHeader> readHeader(DataInputStream in) throws IOException, BrokenFrame {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            return Optional.empty();
        }
        if (magic != MAGIC) {
            throw new BrokenFrame(null, String.format("not a data plane stream: it starts with 0x%08x, 0x%08x (DMC1)"
                    + " expected", magic, MAGIC));
        }
        int length = in.readInt();
        if (length <= 0 || length > MAX_HEADER_BYTES) {
            throw new BrokenFrame("header", "the chunk header declares " + length + " bytes, outside [1, "
                    + MAX_HEADER_BYTES + "]");
        }
        byte[] json = new byte[length];
        in.readFully(json);
        ChunkHeader header;
        try {
            header = JSON.readValue(json, ChunkHeader.class);
        } catch (IOException e) {
            throw new BrokenFrame("header", "the chunk header is not valid JSON: " + e.getMessage());
        }
        if (header.bodyBytes() < 0 || header.bodyBytes() > PeerProtocol.MAX_CHUNK_BYTES) {
            throw new BrokenFrame("bodyBytes", "bodyBytes must lie in [0, " + PeerProtocol.MAX_CHUNK_BYTES
                    + "], was " + header.bodyBytes());
        }
        return Optional.of(header);
    }

    static void writeAnswer(DataOutputStream out, int status, Object body) throws IOException {
        byte[] json = JSON.writeValueAsBytes(body);
        out.writeInt(status);
        out.writeInt(json.length);
        out.write(json);
        out.flush();
    }

    /** @throws TransferException ({@link Reason#PEER_UNREACHABLE}) when the answer is not one */
    static Answer readAnswer(DataInputStream in, String site) throws IOException {
        int status = in.readInt();
        int length = in.readInt();
        if (status < 100 || status > 599 || length < 0 || length > MAX_ANSWER_BYTES) {
            throw new TransferException(Reason.PEER_UNREACHABLE, null, "the data plane of site " + site
                    + " answered with a malformed frame (status " + status + ", " + length + " bytes)");
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return new Answer(status, body);
    }

    static <T> T read(byte[] json, Class<T> type) throws IOException {
        return JSON.readValue(json, type);
    }
}
