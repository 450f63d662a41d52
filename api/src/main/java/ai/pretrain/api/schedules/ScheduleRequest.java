package ai.pretrain.api.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A schedule to create: the spec it runs, when (a cron expression or an interval), and what an overlap does. */
public record ScheduleRequest(
    @Schema(description = "The pipeline spec, as a JSON object or as YAML/JSON text; checked as POST /api/v1/runs "
        + "checks it", required = true)
    JsonNode spec,
    @Schema(description = "When runs start, as a cron expression in UTC (minute hour day-of-month month day-of-week, "
        + "e.g. '0 3 * * *'); give this or interval", maxLength = ScheduleCadence.MAX_CRON_CHARS)
    String cron,
    @Schema(description = "Or start a run every interval, an ISO-8601 duration from PT1M to P366D, e.g. 'PT6H'",
        maxLength = 32)
    String interval,
    @Schema(description = "What a start does while the last run is still running: skip (default), bufferOne, "
        + "bufferAll, cancelOther, terminateOther or allowAll",
        enumeration = {"skip", "bufferOne", "bufferAll", "cancelOther", "terminateOther", "allowAll"})
    String overlap,
    @Schema(description = "Create the schedule paused (default false)")
    Boolean paused) {}
