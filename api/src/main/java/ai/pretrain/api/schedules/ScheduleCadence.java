package ai.pretrain.api.schedules;

import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.spec.Violation;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * When a schedule starts runs: a cron expression (five fields, or a macro such as {@code @daily}) or an ISO-8601
 * interval, exactly one. Temporal checks a cron expression's values; this checks its shape first so a malformed one is
 * refused with the fix.
 */
final class ScheduleCadence {

  static final int MAX_CRON_CHARS = 100;
  private static final Pattern CRON = Pattern.compile(
      "@(yearly|annually|monthly|weekly|daily|hourly)|([0-9A-Za-z*/,?-]+ +){4}[0-9A-Za-z*/,?-]+");
  private static final Duration SHORTEST = Duration.ofMinutes(1);
  private static final Duration LONGEST = Duration.ofDays(366);

  private ScheduleCadence() {}

  /** The Temporal schedule spec; throws a 400 naming {@code cron} or {@code interval} when neither or both is right. */
  static ScheduleSpec of(String cron, String interval) {
    if ((cron == null) == (interval == null)) {
      throw ProblemException.invalidRequest(List.of(new Violation(cron == null ? "cron" : "interval",
          "give exactly one of cron (e.g. '0 3 * * *') and interval (e.g. 'PT6H')")));
    }
    if (cron != null) {
      String trimmed = cron.trim();
      if (trimmed.length() > MAX_CRON_CHARS || !CRON.matcher(trimmed).matches()) {
        throw ProblemException.invalidRequest(List.of(new Violation("cron", "'" + cron + "' is not a cron expression; "
            + "write five fields, minute hour day-of-month month day-of-week (e.g. '0 3 * * *'), or @daily")));
      }
      return ScheduleSpec.newBuilder().setCronExpressions(List.of(trimmed)).build();
    }
    Duration every;
    try {
      every = Duration.parse(interval.trim());
    } catch (DateTimeParseException e) {
      throw ProblemException.invalidRequest(List.of(new Violation("interval", "'" + interval + "' is not an ISO-8601 "
          + "duration; write e.g. PT30M, PT6H or P1D")));
    }
    if (every.compareTo(SHORTEST) < 0 || every.compareTo(LONGEST) > 0) {
      throw ProblemException.invalidRequest(List.of(new Violation("interval", interval + " is outside PT1M..P366D")));
    }
    return ScheduleSpec.newBuilder().setIntervals(List.of(new ScheduleIntervalSpec(every))).build();
  }
}
