package io.datamover.blockstore.api;

/** A request to the block store failed: see {@link #status()} and {@link #field()}. */
public class BlockStoreException extends RuntimeException {

    /** Status of a request that got no HTTP response at all. */
    public static final int UNREACHABLE = 0;

    private final int status;
    private final String field;

    public BlockStoreException(int status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public BlockStoreException(int status, String message) {
        this(status, message, null);
    }

    public BlockStoreException(String message, Throwable cause) {
        super(message, cause);
        this.status = UNREACHABLE;
        this.field = null;
    }

    /** The HTTP status of the response, {@link #UNREACHABLE} when the store did not answer. */
    public int status() {
        return status;
    }

    /** The request field the store named as wrong, null if none. */
    public String field() {
        return field;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    public boolean isConflict() {
        return status == 409;
    }
}
