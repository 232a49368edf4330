package io.datamover.kube.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The quiesce hooks of a {@link ProtectedApplication}. */
public class Hooks {

    @JsonPropertyDescription("Run before each group snapshot, e.g. to flush and lock a database.")
    private Hook pre;

    @JsonPropertyDescription("Run after each group snapshot attempt that ran the pre hook, e.g. to unlock it.")
    private Hook post;

    public Hook getPre() {
        return pre;
    }

    public void setPre(Hook pre) {
        this.pre = pre;
    }

    public Hook getPost() {
        return post;
    }

    public void setPost(Hook post) {
        this.post = post;
    }
}
