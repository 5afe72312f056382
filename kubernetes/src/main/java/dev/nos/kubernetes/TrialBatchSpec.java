package dev.nos.kubernetes;

import dev.nos.trial.TrialRequest;
import io.fabric8.generator.annotation.Required;

import java.util.ArrayList;
import java.util.List;

/** The search a batch belongs to and its requests, verbatim (the JSON {@code nos trial --request} reads). */
public class TrialBatchSpec {
    @Required
    private String search;
    @Required
    private List<TrialRequest> requests = new ArrayList<>();

    public String getSearch() { return search; }
    public void setSearch(String search) { this.search = search; }
    public List<TrialRequest> getRequests() { return requests; }
    public void setRequests(List<TrialRequest> requests) { this.requests = requests; }
}
