package io.datamover.kube.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputTailTest {

    @Test
    void shouldKeepEverythingThatFitsWithoutTrailingWhiteSpace() {
        OutputTail tail = new OutputTail(64);

        write(tail, "locked\n");
        tail.write('!');
        tail.write('\n');

        assertThat(tail.text()).isEqualTo("locked\n!");
    }

    @Test
    void shouldKeepOnlyTheLastBytesAndSaySoWhenEarlierOutputWasDropped() {
        OutputTail tail = new OutputTail(8);

        write(tail, "0123456789");
        write(tail, "abcdef");

        assertThat(tail.text()).isEqualTo("...89abcdef");
    }

    @Test
    void shouldBeEmptyWithoutOutput() {
        assertThat(new OutputTail(8).text()).isEmpty();
    }

    private static void write(OutputTail tail, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        tail.write(bytes, 0, bytes.length);
    }
}
