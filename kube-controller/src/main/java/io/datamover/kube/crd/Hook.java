package io.datamover.kube.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** A command executed in a running pod of the application. */
public class Hook {

    @JsonPropertyDescription("Selects the pod, in the application's namespace, to run the command in.")
    private LabelSelector podSelector;

    @JsonPropertyDescription("The container to run it in; the pod's first container when absent.")
    private String container;

    @JsonPropertyDescription("The command and its arguments (argv, no shell).")
    private List<String> command = new ArrayList<>();

    @JsonPropertyDescription("Seconds the command may run before it counts as failed, 1 to 3600 (30).")
    private Integer timeoutSeconds;

    public LabelSelector getPodSelector() {
        return podSelector;
    }

    public void setPodSelector(LabelSelector podSelector) {
        this.podSelector = podSelector;
    }

    public String getContainer() {
        return container;
    }

    public void setContainer(String container) {
        this.container = container;
    }

    public List<String> getCommand() {
        return command;
    }

    public void setCommand(List<String> command) {
        this.command = command == null ? new ArrayList<>() : command;
    }

    public Integer getTimeoutSeconds() {
        return timeoutSeconds;
    }

    public void setTimeoutSeconds(Integer timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }
}
