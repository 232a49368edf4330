package io.datamover.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded broker as a process of its own:
 * {@code BrokerMain --data-dir DIR --ready-file FILE}. Once the broker is up and every contract
 * topic exists, the bootstrap servers are written to the ready file (atomically, so a reader never
 * sees half of it); the process then runs until it is terminated, and stops the broker cleanly.
 */
public final class BrokerMain {

    private static final System.Logger LOG = System.getLogger(BrokerMain.class.getName());

    private BrokerMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dataDir = Path.of(option(args, "--data-dir"));
        Path readyFile = Path.of(option(args, "--ready-file")).toAbsolutePath();
        Files.deleteIfExists(readyFile);

        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                kafka.close();
                Files.deleteIfExists(readyFile);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "unclean stop of the Kafka broker", e);
            } finally {
                stopped.countDown();
            }
        }, "broker-shutdown"));

        writeAtomically(readyFile, kafka.bootstrapServers());
        LOG.log(System.Logger.Level.INFO, "Kafka broker listening on {0} (ready file {1})",
                kafka.bootstrapServers(), readyFile);
        System.out.println("datamover broker ready: " + kafka.bootstrapServers());
        stopped.await();
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path parent = file.getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        Files.writeString(temp, content);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException("usage: BrokerMain --data-dir DIR --ready-file FILE (missing " + name + ")");
    }
}
