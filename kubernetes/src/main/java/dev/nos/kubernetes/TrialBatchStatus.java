package dev.nos.kubernetes;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.nos.trial.TrialRecord;

import java.util.ArrayList;
import java.util.List;

/** The records of a batch's finished requests (each names its request's id), written by the operator only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TrialBatchStatus {
    private List<TrialRecord> records = new ArrayList<>();

    public List<TrialRecord> getRecords() { return records; }
    public void setRecords(List<TrialRecord> records) { this.records = records; }
}
