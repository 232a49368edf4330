package io.datamover.transfer.it;

import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.Consumer;

/** An informer's handler for the stand-ins, which act when an object appears and when it goes, not on updates. */
record AddDeleteHandler<T>(Consumer<T> added, Consumer<T> deleted) implements ResourceEventHandler<T> {

    @Override
    public void onAdd(T object) {
        added.accept(object);
    }

    @Override
    public void onUpdate(T before, T after) {
    }

    @Override
    public void onDelete(T object, boolean finalStateUnknown) {
        deleted.accept(object);
    }
}
