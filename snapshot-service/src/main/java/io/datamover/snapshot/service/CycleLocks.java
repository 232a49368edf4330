package io.datamover.snapshot.service;

import jakarta.inject.Singleton;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One lock per protected volume or group, by its id, held by the schedule's cycles and by the steps of a switchover
 * alike: a switchover never runs beside a snapshot of its group. A volume protected alone and the group of that one
 * volume a switchover moves share the id, and so the lock.
 */
@Singleton
public class CycleLocks {

    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    public Object of(String id) {
        return locks.computeIfAbsent(id, key -> new Object());
    }
}
