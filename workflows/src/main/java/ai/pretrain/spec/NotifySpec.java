package ai.pretrain.spec;

import java.util.List;

/**
 * A webhook the run reports to when it ends: the URL (its host must be on the operator's allowlist) and the events it
 * wants, out of {@code completed}, {@code failed} and {@code cancelled}.
 */
public record NotifySpec(String url, List<String> events) {

  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  public NotifySpec {
    events = events == null ? List.of(COMPLETED, FAILED, CANCELLED) : List.copyOf(events);
  }

  public boolean wants(String event) {
    return events.contains(event);
  }
}
