package io.datamover.kube.domain;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** An output stream that keeps only the last bytes written to it: the tail of a hook's stdout or stderr. */
public final class OutputTail extends OutputStream {

    private final byte[] ring;
    private long written;

    /** @param limit how many of the last bytes are kept */
    public OutputTail(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("an output tail keeps at least one byte, not " + limit);
        }
        this.ring = new byte[limit];
    }

    @Override
    public synchronized void write(int b) {
        ring[(int) (written % ring.length)] = (byte) b;
        written++;
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    /** What is kept, as UTF-8 without trailing white space; {@code ...} in front when earlier output was dropped. */
    public synchronized String text() {
        int kept = (int) Math.min(written, ring.length);
        byte[] tail = new byte[kept];
        int start = (int) ((written - kept) % ring.length);
        for (int i = 0; i < kept; i++) {
            tail[i] = ring[(start + i) % ring.length];
        }
        String text = new String(tail, StandardCharsets.UTF_8).stripTrailing();
        return written > ring.length ? "..." + text : text;
    }
}
