package io.datamover.transfer.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldLetOneBurstThroughAtOnceAndMakeTheNextWaitAtTheRate() {
        TokenBucket bucket = new TokenBucket(1000, 500, 0);

        assertThat(bucket.tryTake(500, 0)).isZero();
        assertThat(bucket.tryTake(500, 0)).isEqualTo(SECOND / 2);
        assertThat(bucket.tryTake(500, SECOND / 2)).isZero();
    }

    @Test
    void shouldRefillContinuouslyButNeverBeyondTheBurst() {
        TokenBucket bucket = new TokenBucket(1000, 500, 0);
        bucket.tryTake(500, 0);

        assertThat(bucket.tryTake(250, SECOND / 4)).isZero();
        assertThat(bucket.tryTake(500, 10 * SECOND)).isZero();
        assertThat(bucket.tryTake(1, 10 * SECOND)).isEqualTo(SECOND / 1000);
    }

    @Test
    void shouldLetARequestLargerThanTheBurstGoWhenTheBucketIsFullAndRepayTheDebt() {
        TokenBucket bucket = new TokenBucket(1000, 500, 0);

        assertThat(bucket.tryTake(1500, 0)).isZero();
        assertThat(bucket.tryTake(500, 0)).isEqualTo(3 * SECOND / 2);
    }

    @Test
    void shouldApplyANewRateToCallersAlreadyWaiting() {
        TokenBucket bucket = new TokenBucket(1000, 1000, 0);
        bucket.tryTake(1000, 0);
        assertThat(bucket.tryTake(1000, 0)).isEqualTo(SECOND);

        bucket.setBytesPerSecond(4000, 0);

        assertThat(bucket.tryTake(1000, 0)).isEqualTo(SECOND / 4);
        assertThat(bucket.tryTake(1000, SECOND / 4)).isZero();
        assertThat(bucket.bytesPerSecond()).isEqualTo(4000);
    }

    @Test
    void shouldNeverWaitWhenUnlimited() {
        TokenBucket bucket = new TokenBucket(1000, 100, 0);
        bucket.setBytesPerSecond(0, 0);

        assertThat(bucket.tryTake(1L << 40, 0)).isZero();
    }

    @Test
    void shouldRefuseANegativeRateNamingTheField() {
        assertThatThrownBy(() -> new TokenBucket(-1, 100, 0)).hasMessageContaining("field 'bytesPerSecond'");
    }
}
