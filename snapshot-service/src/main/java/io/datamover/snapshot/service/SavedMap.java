package io.datamover.snapshot.service;

import io.datamover.snapshot.storage.StateFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Values by key, kept in memory and saved to their file on every change; a change returns once it
 * is saved. Reads need no lock; changes must be made under the owner's lock.
 */
final class SavedMap<T> {

    private final StateFile<T> file;
    private final Function<T, String> key;
    private volatile TreeMap<String, T> byKey = new TreeMap<>();

    SavedMap(StateFile<T> file, Function<T, String> key) {
        this.file = file;
        this.key = key;
        file.load().forEach(value -> byKey.put(key.apply(value), value));
    }

    Path path() {
        return file.path();
    }

    List<T> all() {
        return List.copyOf(byKey.values());
    }

    Optional<T> find(String id) {
        return Optional.ofNullable(byKey.get(id));
    }

    /** Adds or replaces the value of its key. */
    T put(T value) {
        TreeMap<String, T> next = new TreeMap<>(byKey);
        next.put(key.apply(value), value);
        file.save(next.values());
        byKey = next;
        return value;
    }

    /** @return whether there was a value of that key */
    boolean remove(String id) {
        if (!byKey.containsKey(id)) {
            return false;
        }
        TreeMap<String, T> next = new TreeMap<>(byKey);
        next.remove(id);
        file.save(next.values());
        byKey = next;
        return true;
    }
}
