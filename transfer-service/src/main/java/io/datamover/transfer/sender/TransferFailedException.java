package io.datamover.transfer.sender;

/** A changed set could not be shipped to one or more of its targets; the message says why for each. */
public class TransferFailedException extends RuntimeException {

    public TransferFailedException(String message) {
        super(message);
    }
}
