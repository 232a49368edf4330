package io.datamover.events;

/** A byte range of a volume: {@code length} bytes from {@code offset}. */
public record Extent(long offset, long length) {

    public Extent {
        Fields.notNegative("offset", offset);
        Fields.positive("length", length);
    }

    public long end() {
        return offset + length;
    }
}
