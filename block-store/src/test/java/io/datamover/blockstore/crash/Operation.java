package io.datamover.blockstore.crash;

/** An operation of the crash workload; the one in flight when the store is killed is settled after the restart. */
sealed interface Operation {

    /** What an operation does, to count which ones the kills interrupted. */
    enum Kind { WRITE, SNAPSHOT, DELETE_SNAPSHOT, READ_DELTA, APPLY, DELETE_REPLICA_SNAPSHOT }

    Kind kind();

    /** Writes {@code data} to the primary at {@code offset}. */
    record Write(long offset, byte[] data) implements Operation {
        @Override
        public Kind kind() {
            return Kind.WRITE;
        }
    }

    /** Takes a snapshot of the primary. */
    record TakeSnapshot() implements Operation {
        @Override
        public Kind kind() {
            return Kind.SNAPSHOT;
        }
    }

    /** Deletes snapshot {@code snapshot} of the primary. */
    record DeleteSnapshot(long snapshot) implements Operation {
        @Override
        public Kind kind() {
            return Kind.DELETE_SNAPSHOT;
        }
    }

    /** Reads the delta of the primary's snapshot {@code target} from {@code base} (null: a full copy). */
    record ReadDelta(Long base, long target) implements Operation {
        @Override
        public Kind kind() {
            return Kind.READ_DELTA;
        }
    }

    /** Applies {@code delta} to the replica: in one request, or {@code inParts} (begin, parts, seal). */
    record Apply(ShippedDelta delta, boolean inParts) implements Operation {
        @Override
        public Kind kind() {
            return Kind.APPLY;
        }
    }

    /** Deletes snapshot {@code snapshot} of the replica. */
    record DeleteReplicaSnapshot(long snapshot) implements Operation {
        @Override
        public Kind kind() {
            return Kind.DELETE_REPLICA_SNAPSHOT;
        }
    }
}
