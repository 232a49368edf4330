package io.datamover.snapshot.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the csi backend cannot do yet fails at once, naming the backend, the operation, the volume and the site. */
class CsiStorageTest {

    private final CsiStorage storage = new CsiStorage(null, null, "stockholm", Optional.empty(),
            Duration.ofSeconds(1), Duration.ofSeconds(1), 4096);

    @Test
    void shouldRefuseARejoinNamingTheBackendTheVolumeAndTheSite() {
        ProtectionException refusal = catchThrowableOfType(ProtectionException.class,
                () -> storage.rejoin("pvc-1", 3));

        assertThat(refusal.reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(refusal.getMessage()).startsWith("the csi storage backend cannot rejoin volume pvc-1 at site"
                + " stockholm as a replica at snapshot 3 yet").contains("datamover.storage=embedded");
    }
}
