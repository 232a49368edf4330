package io.datamover.snapshot.domain;

import java.util.Arrays;
import java.util.Optional;

/** A workload in a claim's namespace that the csi backend scales: {@code Deployment/web}, {@code StatefulSet/db}. */
public record Workload(Kind kind, String name) {

    public enum Kind {
        DEPLOYMENT("Deployment"),
        STATEFUL_SET("StatefulSet");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static Optional<Kind> of(String code) {
            return Arrays.stream(values()).filter(kind -> kind.code.equals(code)).findFirst();
        }
    }

    @Override
    public String toString() {
        return kind.code() + "/" + name;
    }

    /** The workload {@code Kind/name} names; empty for anything else. */
    public static Optional<Workload> parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1) {
            return Optional.empty();
        }
        return Kind.of(text.substring(0, slash)).map(kind -> new Workload(kind, text.substring(slash + 1)));
    }
}
