package io.datamover.kube.kubernetes;

import io.datamover.kube.client.GroupRequest;
import io.datamover.kube.client.RemoteHooks;
import io.datamover.kube.crd.ProtectedApplication;
import io.datamover.kube.domain.ApplicationTerms;
import io.datamover.kube.domain.Checked;
import io.datamover.kube.domain.Claim;
import io.datamover.kube.domain.Ids;
import java.util.List;

/**
 * What one ProtectedApplication asks for in this pass: its group id, its spec checked, the claims it selects.
 *
 * @param claims the claims the selector matches; none when the spec is invalid
 */
public record ApplicationPlan(ProtectedApplication resource, String groupId, Checked<ApplicationTerms> terms,
        List<Claim> claims) {

    public static ApplicationPlan of(ProtectedApplication resource, ClusterState state) {
        String groupId = Ids.groupId(resource.getMetadata().getNamespace(), resource.getMetadata().getName());
        Checked<ApplicationTerms> terms = ApplicationTerms.check(resource.getSpec(), state.schedules(),
                state.locations());
        List<Claim> claims = terms.isValid() ? Claim.selected(terms.value().namespace(), terms.value().selector(),
                state.claims(), state.volumeNames()) : List.of();
        return new ApplicationPlan(resource, groupId, terms, claims);
    }

    public boolean isDeleted() {
        return resource.getMetadata().getDeletionTimestamp() != null;
    }

    /** The volumes of the group: every selected claim bound to a volume with a valid id, sorted. */
    public List<String> volumeIds() {
        return claims.stream().filter(Claim::hasValidVolumeId).map(Claim::volumeId).sorted().toList();
    }

    /**
     * The group to register, with the application's hooks for the snapshot-service to ask this controller to run and
     * its priority for placement; null when the spec is invalid or no claim is bound.
     */
    public GroupRequest request() {
        List<String> volumeIds = volumeIds();
        if (!terms.isValid() || volumeIds.isEmpty()) {
            return null;
        }
        ApplicationTerms value = terms.value();
        return new GroupRequest(volumeIds, value.schedule().intervalSeconds(), value.schedule().retain(),
                value.targetSites(), RemoteHooks.of(value.hooks()), value.priority());
    }

    public String name() {
        return resource.getMetadata().getName();
    }
}
