package io.datamover.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void shouldDefineATopicForEveryEventTypeAndTheDeadLetters() {
        List<String> expected = Stream.concat(Arrays.stream(EventType.values()).map(EventType::topic),
                Stream.of(Topics.DEAD_LETTER)).toList();

        assertThat(Topics.definitions()).extracting(Topics.Definition::name).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldNameTopicsAfterTheEventCodes() {
        assertThat(Topics.SNAPSHOT_TAKEN).isEqualTo("datamover.snapshot-taken");
        assertThat(Topics.REPLICA_STATE).isEqualTo("datamover.replica-state");
        assertThat(Topics.DEAD_LETTER).isEqualTo("datamover.dead-letter");
        assertThat(Arrays.stream(EventType.values()))
                .allSatisfy(type -> assertThat(type.topic()).isEqualTo("datamover." + type.code()));
    }

    @Test
    void shouldCoPartitionEveryTopic() {
        assertThat(Topics.definitions()).allSatisfy(topic -> assertThat(topic.partitions()).isEqualTo(3));
    }

    @Test
    void shouldCompactReplicaStateAndExportsOnlyAndDeleteTheRest() {
        Set<String> compacted = Set.of(Topics.REPLICA_STATE, Topics.APPLICATION_EXPORTED);
        assertThat(Topics.definitions()).allSatisfy(topic -> assertThat(topic.configs()).isEqualTo(
                Map.of("cleanup.policy", compacted.contains(topic.name()) ? "compact" : "delete")));
    }
}
