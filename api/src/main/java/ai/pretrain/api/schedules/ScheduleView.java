package ai.pretrain.api.schedules;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A schedule: the pipeline it runs, its owner, when (cron or interval), the overlap policy, whether it is paused,
 * its next start times and its most recent runs, newest last.
 */
public record ScheduleView(
    String scheduleId,
    String pipeline,
    String owner,
    String cron,
    String interval,
    String overlap,
    boolean paused,
    long runsStarted,
    List<Instant> nextRuns,
    List<ScheduledRun> recentRuns,
    String temporalUi,
    Map<String, String> links) {}
