package io.datamover.snapshot.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.datamover.snapshot.domain.ProtectionException;
import io.datamover.snapshot.domain.ProtectionException.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the csi backend cannot do yet fails at once, naming the backend, the operation, the volume and the site. */
class CsiStorageTest {

    private final CsiStorage storage = new CsiStorage(null, "stockholm", Optional.empty(), Duration.ofSeconds(1),
            4096);

    @ParameterizedTest
    @ValueSource(strings = {"freeze and snapshot", "promote", "demote", "freeze", "thaw", "rejoin"})
    void shouldRefuseWhatTheSwitchoverNeedsNamingTheBackendAndTheOperation(String operation) {
        Consumer<CsiStorage> call = switch (operation) {
            case "freeze and snapshot" -> csi -> csi.freezeAndSnapshot(List.of("pvc-1"), "final snapshot");
            case "promote" -> csi -> csi.promote("pvc-1");
            case "demote" -> csi -> csi.demote("pvc-1");
            case "freeze" -> csi -> csi.freeze("pvc-1", "fenced");
            case "thaw" -> csi -> csi.thaw("pvc-1");
            default -> csi -> csi.rejoin("pvc-1", 3);
        };

        ProtectionException refusal = catchThrowableOfType(ProtectionException.class, () -> call.accept(storage));

        assertThat(refusal.reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(refusal.getMessage()).startsWith("the csi storage backend cannot " + operation + " yet (")
                .contains("pvc-1", "site stockholm");
    }
}
