package io.datamover.transfer.receiver;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** One lock per volume: the requests of one volume's transfers run one at a time. */
final class VolumeLocks {

    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    <T> T with(String volumeId, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(volumeId, v -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
