package ai.pretrain.api.schedules;

import java.util.List;

/** The schedules the caller may see, each with its next and recent runs. */
public record ScheduleList(List<ScheduleView> schedules) {}
