package ai.pretrain.api.schedules;

/** A schedule was asked to start a run now; the run appears among its recent runs within moments. */
public record TriggerAccepted(String scheduleId, String status) {}
