package io.datamover.launcher;

import io.datamover.blockstore.api.BlockStoreClient;
import io.datamover.blockstore.api.Verification;
import io.datamover.events.EventJson;
import io.datamover.launcher.cluster.ClusterInfo;
import io.datamover.launcher.cluster.SiteEndpoints;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./datamover verify}: checks a snapshot or a live volume against the checksums kept with its data. */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Reads every sector of a snapshot (or of the live volume) from a block store, checks it against",
            "the checksum the store keeps with it, and prints the blocks that do not match and the SHA-256 of",
            "the content. Exits 0 when intact, 1 when a block is corrupt. Asks the block store of --site in the",
            "running demo (found through <work-dir>/cluster.json) unless --store-url is given."})
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--volume", required = true, description = "The volume to check.")
    String volume;

    @Option(names = "--snapshot", description = "The snapshot to check. Default: the live volume.")
    Long snapshot;

    @Option(names = "--store-url", description = "Base URL of a block store, e.g. http://127.0.0.1:8091.")
    URI storeUrl;

    @Option(names = "--site", description = "The site whose block store to ask in a running demo. Default: the"
            + " first site.")
    String site;

    @Option(names = "--work-dir", defaultValue = ".datamover/demo",
            description = "Work dir of a running demo. Default: ${DEFAULT-VALUE}.")
    Path workDir;

    @Option(names = "--json", description = "Print the store's JSON report as it is, for scripts.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BlockStoreClient store = new BlockStoreClient(storeUrl != null ? storeUrl : demoStore());
        Verification verification = snapshot == null ? store.verifyLive(volume) : store.verify(volume, snapshot);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(EventJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(verification));
        } else {
            print(verification, out);
        }
        out.flush();
        return verification.intact() ? 0 : 1;
    }

    private URI demoStore() throws IOException {
        ClusterInfo cluster = ClusterInfo.read(workDir, "--store-url");
        if (site == null) {
            return cluster.sites().get(0).store();
        }
        return cluster.sites().stream().filter(s -> s.site().equals(site)).map(SiteEndpoints::store).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--site " + site + " is not a site of the running"
                        + " demo; its sites: " + cluster.sites().stream().map(SiteEndpoints::site).toList()));
    }

    private static void print(Verification verification, PrintWriter out) {
        String what = verification.snapshot() == null ? "live volume " + verification.volumeId()
                : "snapshot " + verification.snapshot() + " of " + verification.volumeId();
        out.printf("%s: %s checked in %d ms, %s%n", what, ByteSize.format(verification.checkedBytes()),
                verification.millis(), verification.intact() ? "every sector matches its checksum"
                        : verification.corruptBlockCount() + " corrupt blocks");
        if (!verification.intact()) {
            out.printf("%12s %16s %8s  %s%n", "BLOCK", "OFFSET", "SECTORS", "FILE");
            for (Verification.CorruptBlock block : verification.corruptBlocks()) {
                out.printf("%12d %16d %8d  %s%n", block.block(), block.offset(), block.sectors(), block.file());
            }
            if (verification.corruptBlockCount() > verification.corruptBlocks().size()) {
                out.printf("... and %d more%n", verification.corruptBlockCount() - verification.corruptBlocks().size());
            }
        }
        out.printf("sha256 %s%n", verification.digest());
    }
}
