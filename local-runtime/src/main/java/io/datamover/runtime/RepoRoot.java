package io.datamover.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The root directory of this repository, where the services' jars are built. */
public final class RepoRoot {

    /** System property that names the repository root explicitly. */
    public static final String PROPERTY = "datamover.home";

    private RepoRoot() {
    }

    /** {@code datamover.home} if set, else the nearest directory above {@code user.dir} holding {@code mvnw} and the parent pom. */
    public static Path find() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the data mover repository above " + start
                + ": set -D" + PROPERTY + "=<directory holding mvnw and the datamover-parent pom.xml>");
    }

    private static boolean isRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        if (!Files.isRegularFile(dir.resolve("mvnw")) || !Files.isRegularFile(pom)) {
            return false;
        }
        try {
            return Files.readString(pom).contains("<artifactId>datamover-parent</artifactId>");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pom, e);
        }
    }
}
