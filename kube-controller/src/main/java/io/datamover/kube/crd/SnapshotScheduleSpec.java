package io.datamover.kube.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The spec of a {@link SnapshotSchedule}. */
public class SnapshotScheduleSpec {

    @JsonPropertyDescription("Time between two snapshots, a Go duration such as 30s, 5m or 1h30m: whole seconds, at"
            + " least 1s.")
    private String interval;

    @JsonPropertyDescription("How many snapshots of each volume to keep, at least 1.")
    private Integer retain;

    public String getInterval() {
        return interval;
    }

    public void setInterval(String interval) {
        this.interval = interval;
    }

    public Integer getRetain() {
        return retain;
    }

    public void setRetain(Integer retain) {
        this.retain = retain;
    }
}
