package io.datamover.transfer.sender;

import io.datamover.blockstore.api.DeltaFormat;
import io.datamover.events.Fields;
import io.datamover.transfer.config.TransferConfig;
import io.datamover.transfer.domain.TokenBucket;
import io.datamover.transfer.domain.TransferException;
import io.datamover.transfer.domain.TransferException.Reason;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The bandwidth limit of each target site: one token bucket shared by every stream of every transfer
 * to that site, bursting at most one chunk.
 */
@ApplicationScoped
public class Bandwidth {

    private static final Logger LOG = Logger.getLogger(Bandwidth.class);

    private final long burstBytes;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public Bandwidth(TransferConfig config) {
        this.burstBytes = config.transfer().chunkBytes() + DeltaFormat.HEADER_LENGTH;
        for (Map.Entry<String, MemorySize> limit : config.transfer().bandwidth().entrySet()) {
            bucket(limit.getKey()).setBytesPerSecond(limit.getValue().asLongValue(), System.nanoTime());
        }
        config.transfer().peers().keySet().forEach(this::bucket);
    }

    /** Limits by site, 0 meaning unlimited: every site with a peer address or a limit. */
    public SortedMap<String, Long> limits() {
        SortedMap<String, Long> limits = new TreeMap<>();
        buckets.forEach((site, bucket) -> limits.put(site, bucket.bytesPerSecond()));
        return limits;
    }

    /** Takes effect for the chunks not sent yet. */
    public void setLimit(String site, long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new TransferException(Reason.INVALID_REQUEST, "bytesPerSecond",
                    "bytesPerSecond must not be negative, was " + bytesPerSecond);
        }
        TokenBucket bucket = bucket(site);
        synchronized (bucket) {
            bucket.setBytesPerSecond(bytesPerSecond, System.nanoTime());
            bucket.notifyAll();
        }
        LOG.infof("bandwidth to site %s set to %s", site,
                bytesPerSecond == 0 ? "unlimited" : bytesPerSecond + " bytes per second");
    }

    /** Waits until {@code bytes} may go on the wire to the site; a change of the limit wakes the waiters. */
    void acquire(String site, long bytes) throws InterruptedException {
        TokenBucket bucket = bucket(site);
        synchronized (bucket) {
            for (long wait = bucket.tryTake(bytes, System.nanoTime()); wait > 0;
                    wait = bucket.tryTake(bytes, System.nanoTime())) {
                TimeUnit.NANOSECONDS.timedWait(bucket, wait);
            }
        }
    }

    private TokenBucket bucket(String site) {
        Fields.id("site", site);
        return buckets.computeIfAbsent(site, s -> new TokenBucket(0, burstBytes, System.nanoTime()));
    }
}
