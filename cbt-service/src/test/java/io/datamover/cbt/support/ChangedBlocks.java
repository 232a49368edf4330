package io.datamover.cbt.support;

import io.datamover.events.BlocksChanged;
import io.datamover.events.EventJson;
import io.datamover.events.Topics;
import io.datamover.runtime.TopicReader;
import java.util.Comparator;
import java.util.List;

/** The blocks-changed pages of one volume, as published so far. */
public final class ChangedBlocks implements AutoCloseable {

    private final TopicReader reader;

    public ChangedBlocks(String volumeId) {
        this.reader = TopicReader.fromBeginning(Topics.BLOCKS_CHANGED, record -> volumeId.equals(record.key()));
    }

    /** The pages published for {@code snapshot}, in page order, once all {@code pageCount} of them are there. */
    public List<BlocksChanged> complete(long snapshot) {
        List<BlocksChanged> pages = pages(snapshot);
        return !pages.isEmpty() && pages.size() == pages.get(0).pageCount() ? pages : null;
    }

    public List<BlocksChanged> pages(long snapshot) {
        return reader.poll().stream()
                .map(record -> EventJson.read(record.value(), BlocksChanged.class))
                .filter(page -> page.snapshot() == snapshot)
                .sorted(Comparator.comparingInt(BlocksChanged::page))
                .toList();
    }

    @Override
    public void close() {
        reader.close();
    }
}
