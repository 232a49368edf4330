package io.datamover.transfer.dataplane;

import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.datamover.transfer.peer.ChunkHeader;
import io.datamover.transfer.peer.ChunkReceipt;
import io.datamover.transfer.peer.ErrorResponse;
import io.datamover.transfer.peer.PeerHttp;
import io.datamover.transfer.receiver.TargetTransfers;
import io.datamover.transfer.rest.PathParams;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import org.jboss.logging.Logger;

/**
 * The target end of the data plane: a TCP port (TLS requiring a client certificate with mutual TLS on) where
 * sources send chunks one after the other on each connection, a thread per connection. Each chunk is received
 * exactly as {@code PUT /transfers/{volumeId}/{snapshot}/chunks/{k}} receives it ({@link TargetTransfers}), and
 * answered with the same receipt or error.
 */
@ApplicationScoped
public class DataPlaneServer {

    private static final Logger LOG = Logger.getLogger(DataPlaneServer.class);
    private static final int BUFFER = 1 << 20;

    private final TransferConfig config;
    private final TargetTransfers transfers;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile ServerSocket server;
    private volatile Semaphore slots;

    public DataPlaneServer(TransferConfig config, TargetTransfers transfers) {
        this.config = config;
        this.transfers = transfers;
    }

    void start(@Observes StartupEvent event) {
        TransferConfig.DataPlane plane = config.transfer().dataPlane();
        if (!plane.enabled()) {
            LOG.infof("data plane of site %s is off (datamover.transfer.data-plane.enabled): sources PUT chunks"
                    + " over HTTP", config.site());
            return;
        }
        try {
            ServerSocket socket = config.transfer().tls().enabled() ? tlsSocket() : new ServerSocket();
            socket.setReuseAddress(true);
            socket.setReceiveBufferSize(BUFFER);
            socket.bind(new InetSocketAddress(plane.host(), plane.port()));
            slots = new Semaphore(plane.maxConnections());
            server = socket;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the data plane of site " + config.site() + " on "
                    + plane.host() + ":" + plane.port() + " (datamover.transfer.data-plane.port): " + e, e);
        }
        Thread acceptor = new Thread(this::accept, "data-plane-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.infof("data plane of site %s listening on %s:%d%s, announced as port %d", config.site(), plane.host(),
                server.getLocalPort(), config.transfer().tls().enabled() ? " (mutual TLS)" : "",
                advertisedPort().orElseThrow());
    }

    void stop(@Observes ShutdownEvent event) {
        ServerSocket socket = server;
        if (socket != null) {
            closeQuietly(socket);
            open.forEach(DataPlaneServer::closeQuietly);
        }
    }

    /** The port sources are told to send chunks to, empty when the data plane is off. */
    public Optional<Integer> advertisedPort() {
        ServerSocket socket = server;
        if (socket == null) {
            return Optional.empty();
        }
        return Optional.of(config.transfer().dataPlane().advertisedPort().orElse(socket.getLocalPort()));
    }

    private SSLServerSocket tlsSocket() throws IOException {
        SSLServerSocket socket = (SSLServerSocket) PeerHttp.sslContext(config.transfer().tls())
                .getServerSocketFactory().createServerSocket();
        socket.setNeedClientAuth(true);
        return socket;
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warnf("data plane of site %s: accepting a connection failed: %s", config.site(), e);
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                LOG.warnf("data plane of site %s: refusing a connection from %s, %d are open"
                        + " (datamover.transfer.data-plane.max-connections)", config.site(),
                        socket.getRemoteSocketAddress(), config.transfer().dataPlane().maxConnections());
                closeQuietly(socket);
                continue;
            }
            Thread worker = new Thread(() -> {
                try {
                    serve(socket);
                } finally {
                    slots.release();
                }
            }, "data-plane-" + connections.incrementAndGet());
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void serve(Socket socket) {
        open.add(socket);
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) config.transfer().dataPlane().idleTimeout().toMillis());
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            while (true) {
                Optional<ChunkHeader> header;
                try {
                    header = DataFrames.readHeader(in);
                } catch (DataFrames.BrokenFrame e) {
                    LOG.infof("data plane of site %s: closing the connection from %s: %s", config.site(),
                            socket.getRemoteSocketAddress(), e.getMessage());
                    DataFrames.writeAnswer(out, 400, new ErrorResponse(e.getMessage(), e.field(),
                            Reason.INVALID_REQUEST.name()));
                    return;
                }
                if (header.isEmpty()) {
                    return;
                }
                byte[] body = new byte[(int) header.get().bodyBytes()];
                in.readFully(body);
                answer(out, header.get(), body);
            }
        } catch (SocketException e) {
            LOG.debugf("data plane of site %s: connection from %s ended: %s", config.site(),
                    socket.getRemoteSocketAddress(), e);
        } catch (IOException e) {
            LOG.infof("data plane of site %s: connection from %s broke: %s", config.site(),
                    socket.getRemoteSocketAddress(), e);
        } finally {
            open.remove(socket);
        }
    }

    private void answer(DataOutputStream out, ChunkHeader header, byte[] body) throws IOException {
        try {
            ChunkReceipt receipt = transfers.receiveChunk(PathParams.volumeId(header.volumeId()),
                    PathParams.snapshot(header.snapshot()), header.chunk(), body,
                    header.checksum(), header.encoding());
            DataFrames.writeAnswer(out, 200, receipt);
        } catch (TransferException e) {
            int status = e.reason().answerStatus();
            if (status >= 500) {
                LOG.errorf(e, "data plane of site %s: chunk %d of %s refused (%s): %s", config.site(),
                        header.chunk(), header.volumeId(), e.reason(), e.getMessage());
            } else {
                LOG.infof("data plane of site %s: chunk %d of %s refused (%s): %s", config.site(), header.chunk(),
                        header.volumeId(), e.reason(), e.getMessage());
            }
            DataFrames.writeAnswer(out, status, new ErrorResponse(e.getMessage(), e.field(), e.reason().name()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "data plane of site %s: chunk %d of %s failed", config.site(), header.chunk(),
                    header.volumeId());
            DataFrames.writeAnswer(out, 500, new ErrorResponse("receiving the chunk failed: " + e, null,
                    Reason.STAGING_FAILED.name()));
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // closing on shutdown or after a refusal: nothing left to do with it
        }
    }
}
