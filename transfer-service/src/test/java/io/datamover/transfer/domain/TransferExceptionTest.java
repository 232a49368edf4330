package io.datamover.transfer.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.datamover.transfer.domain.TransferException.Reason;
import org.junit.jupiter.api.Test;

class TransferExceptionTest {

    @Test
    void shouldTakeTheReasonATargetNamesElseOneFromItsStatus() {
        assertThat(Reason.ofAnswer("CHUNK_CONFLICT", 409)).isEqualTo(Reason.CHUNK_CONFLICT);
        assertThat(Reason.ofAnswer(null, 404)).isEqualTo(Reason.UNKNOWN_TRANSFER);
        assertThat(Reason.ofAnswer("NO_SUCH_REASON", 502)).isEqualTo(Reason.PEER_UNREACHABLE);
        assertThat(Reason.ofAnswer(null, 403)).isEqualTo(Reason.INVALID_REQUEST);
    }

    @Test
    void shouldAnswerWith500ForAReasonThatNeverLeavesTheSource() {
        assertThat(Reason.NO_PEER.answerStatus()).isEqualTo(500);
        assertThat(Reason.CHECKSUM_MISMATCH.answerStatus()).isEqualTo(422);
    }
}
