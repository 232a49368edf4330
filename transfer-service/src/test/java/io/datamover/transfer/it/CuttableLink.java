package io.datamover.transfer.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy standing for the WAN link to a site, which a test can cut: every open connection is reset
 * at once, as a broken link or a firewall dropping its state would. It can also hold the replies of the
 * target, so that a cut surely lands on requests the target handled but whose answer the client never
 * gets, and refuse new connections for a while (each is reset as soon as it is accepted).
 */
final class CuttableLink implements AutoCloseable {

    private static final AtomicInteger LINKS = new AtomicInteger();

    private final List<ServerSocket> listeners = new ArrayList<>();
    private final int id = LINKS.incrementAndGet();
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Connection> open = new HashSet<>();
    private final Set<Connection> holding = new HashSet<>();
    private boolean holdReplies;
    private boolean refusing;
    private int refused;

    private CuttableLink() {
    }

    /**
     * For each port on this host, listens on a free loopback port and forwards every connection to it; the
     * ports need not be open yet. Cutting, refusing and holding apply to the connections of all of them.
     */
    static CuttableLink to(int... targetPorts) {
        CuttableLink link = new CuttableLink();
        try {
            for (int port : targetPorts) {
                ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                link.listeners.add(listener);
                InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                daemon("link-" + link.id + "-accept-" + port, () -> link.acceptAll(listener, target)).start();
            }
            return link;
        } catch (IOException e) {
            link.close();
            throw new UncheckedIOException("cannot listen for the cuttable link", e);
        }
    }

    /** The HTTP URL forwarding to the first port. */
    String url() {
        return "http://" + listeners.get(0).getInetAddress().getHostAddress() + ":" + port(0);
    }

    /** The loopback port forwarding to the {@code index}th port. */
    int port(int index) {
        return listeners.get(index).getLocalPort();
    }

    /** From now on, the target's bytes are held instead of forwarded, until {@link #cut()} or {@link #heal()}. */
    synchronized void holdReplies() {
        holdReplies = true;
    }

    /** Connections on which the target answered something the client has not received. */
    synchronized int heldReplies() {
        return holding.size();
    }

    /**
     * Resets every open connection at both ends and drops the held replies; replies on new connections
     * are forwarded again.
     *
     * @return how many connections were open
     */
    synchronized int cut() {
        int cut = open.size();
        open.forEach(Connection::reset);
        open.clear();
        holding.clear();
        holdReplies = false;
        notifyAll();
        return cut;
    }

    /** Resets new connections as soon as they are accepted, until {@link #heal()}. */
    synchronized void refuse() {
        refusing = true;
    }

    /** Forwards the held replies and new connections again. */
    synchronized void heal() {
        refusing = false;
        holdReplies = false;
        notifyAll();
    }

    /** Connections refused so far. */
    synchronized int refused() {
        return refused;
    }

    @Override
    public void close() {
        for (ServerSocket listener : listeners) {
            try {
                listener.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the cuttable link on port " + listener.getLocalPort(),
                        e);
            }
        }
        cut();
    }

    private void acceptAll(ServerSocket listener, InetSocketAddress target) {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            if (isRefusing()) {
                reset(client);
            } else {
                connect(client, target);
            }
        }
    }

    private synchronized boolean isRefusing() {
        if (refusing) {
            refused++;
        }
        return refusing;
    }

    private void connect(Socket client, InetSocketAddress target) {
        Socket server = new Socket();
        try {
            server.connect(target);
        } catch (IOException e) {
            reset(client);
            reset(server);
            return;
        }
        Connection connection = new Connection(client, server);
        synchronized (this) {
            open.add(connection);
        }
        String name = "link-" + id + "-" + connections.incrementAndGet();
        daemon(name + "-request", () -> connection.forward(client, server, false)).start();
        daemon(name + "-reply", () -> connection.forward(server, client, true)).start();
    }

    /** Waits while replies are held; false once the connection is cut. */
    private synchronized boolean mayForwardReply(Connection connection) {
        while (holdReplies && open.contains(connection)) {
            holding.add(connection);
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return open.contains(connection);
    }

    private synchronized void closed(Connection connection) {
        open.remove(connection);
        holding.remove(connection);
        notifyAll();
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Closes the socket with a reset (RST) rather than an orderly shutdown (FIN). */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed: nothing left to cut
        }
        close(socket);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a socket already reset: nothing to do
        }
    }

    /** A client's connection and the one it was forwarded on. */
    private final class Connection {

        private final Socket client;
        private final Socket server;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void forward(Socket from, Socket to, boolean reply) {
            byte[] buffer = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (reply && !mayForwardReply(this)) {
                        return;
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut, or reset by one end: the other end is closed below
            } finally {
                closed(this);
                close(client);
                close(server);
            }
        }

        void reset() {
            CuttableLink.reset(client);
            CuttableLink.reset(server);
        }
    }
}
