package io.datamover.transfer.dataplane;

import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.peer.ChunkHeader;
import io.datamover.transfer.peer.ChunkReceipt;
import io.datamover.transfer.peer.ErrorResponse;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The source end of a target's data plane. Each {@link Connection} carries one stream's chunks one after the other.
 * A plain connection is a {@link SocketChannel}, so a chunk can go from a file to it without passing through the
 * service ({@link Body#writeTo}); with mutual TLS every byte is encrypted by the service, and the peer's certificate
 * must name the host of its peer address, as over HTTPS.
 */
public final class DataPlaneClient {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int BUFFER = 1 << 20;

    /** A chunk's bytes, written to the connection after its header. */
    @FunctionalInterface
    public interface Body {

        /** Writes exactly the header's {@code bodyBytes} bytes. */
        void writeTo(WritableByteChannel channel) throws IOException;
    }

    private final String site;
    private final String host;
    private final int port;
    private final SSLContext tls;
    private final Duration timeout;

    /**
     * @param site the target site, named in errors
     * @param tls the context to call it with over mutual TLS, null for plain TCP
     * @param timeout how long to wait for a chunk's answer
     */
    public DataPlaneClient(String site, String host, int port, SSLContext tls, Duration timeout) {
        this.site = site;
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.timeout = timeout;
    }

    /** The target's data plane port. */
    public int port() {
        return port;
    }

    /** Whether chunks cross the link encrypted, so that they cannot go from a file to the socket untouched. */
    public boolean encrypted() {
        return tls != null;
    }

    /** @throws TransferException ({@link Reason#PEER_UNREACHABLE}) when the target cannot be reached */
    public Connection connect() {
        try {
            return tls == null ? plain() : encrypted(tls);
        } catch (IOException e) {
            throw new TransferException(Reason.PEER_UNREACHABLE, null, "cannot connect to the data plane of site "
                    + site + " at " + host + ":" + port + ": " + e, e);
        }
    }

    private Connection plain() throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.socket().connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return new Connection(channel.socket(), channel);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    private Connection encrypted(SSLContext context) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        try {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout((int) timeout.toMillis());
            socket.startHandshake();
            return new Connection(socket, null);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** One connection to the target's data plane; not for concurrent use. */
    public final class Connection implements Closeable {

        private final Socket socket;
        private final SocketChannel channel;
        private final DataOutputStream out;
        private final DataInputStream in;

        private Connection(Socket socket, SocketChannel channel) throws IOException {
            this.socket = socket;
            this.channel = channel;
            socket.setTcpNoDelay(true);
            socket.setSendBufferSize(BUFFER);
            socket.setSoTimeout((int) timeout.toMillis());
            this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), BUFFER));
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        }

        /** Sends a chunk held in memory and waits for its receipt. */
        public ChunkReceipt send(ChunkHeader header, byte[] body) {
            return exchange(header, () -> {
                out.write(body);
                out.flush();
            });
        }

        /**
         * Sends a chunk that {@code body} writes straight to the socket (a plain connection only) and waits for its
         * receipt.
         */
        public ChunkReceipt sendFrom(ChunkHeader header, Body body) {
            if (channel == null) {
                throw new IllegalStateException("a chunk is written straight to the socket only without TLS");
            }
            return exchange(header, () -> {
                out.flush();
                body.writeTo(channel);
            });
        }

        private ChunkReceipt exchange(ChunkHeader header, IoStep body) {
            DataFrames.Answer answer;
            try {
                DataFrames.writeHeader(out, header);
                body.run();
                answer = DataFrames.readAnswer(in, site);
            } catch (IOException e) {
                throw new TransferException(Reason.PEER_UNREACHABLE, null, "sending chunk " + header.chunk()
                        + " of snapshot " + header.snapshot() + " of volume " + header.volumeId()
                        + " to the data plane of site " + site + " at " + host + ":" + port + " failed: " + e, e);
            }
            try {
                if (answer.status() == 200) {
                    return DataFrames.read(answer.body(), ChunkReceipt.class);
                }
                ErrorResponse error = DataFrames.read(answer.body(), ErrorResponse.class);
                throw new TransferException(Reason.ofAnswer(error.reason(), answer.status()), error.field(),
                        "site " + site + " refused chunk " + header.chunk() + " of snapshot " + header.snapshot()
                                + " of volume " + header.volumeId() + " with " + answer.status() + ": "
                                + error.error());
            } catch (IOException e) {
                throw new TransferException(Reason.PEER_UNREACHABLE, null, "the data plane of site " + site
                        + " answered chunk " + header.chunk() + " with " + answer.status() + " and an unreadable"
                        + " body: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // the connection is given up either way
            }
        }
    }

    @FunctionalInterface
    private interface IoStep {

        void run() throws IOException;
    }
}
