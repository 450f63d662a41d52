package ai.pretrain.api.runs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs submitted (in all), started, completed and failed (tagged by pipeline kind, the dataset). A run's end is counted
 * when this API process first sees it closed (on {@code GET /api/v1/runs/{id}}), so runs nobody looks at are not
 * counted and several API replicas may each count the same run once. Created at startup, so the total is exported at
 * zero before the first submission.
 */
@ApplicationScoped
@Startup
public class RunCounters {

  static final String KIND = "kind";
  private static final int REMEMBERED = 10_000;

  private final MeterRegistry registry;
  private final Counter submitted;
  private final Map<String, Boolean> seenClosed =
      Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      });

  public RunCounters(MeterRegistry registry) {
    this.registry = registry;
    this.submitted = Counter.builder("pretrain.runs.submitted").description("Runs started").register(registry);
  }

  void started(String kind) {
    submitted.increment();
    counter("pretrain.runs.started", "Runs started", kind).increment();
  }

  /** Counts a completed or failed run once per process. */
  void observed(String runId, String kind, WorkflowExecutionStatus status) {
    String name = switch (status) {
      case WORKFLOW_EXECUTION_STATUS_COMPLETED -> "pretrain.runs.completed";
      case WORKFLOW_EXECUTION_STATUS_FAILED -> "pretrain.runs.failed";
      default -> null;
    };
    if (name != null && seenClosed.putIfAbsent(runId, Boolean.TRUE) == null) {
      counter(name, "Runs seen closed with this status", kind).increment();
    }
  }

  private Counter counter(String name, String description, String kind) {
    return Counter.builder(name).description(description).tag(KIND, tag(kind)).register(registry);
  }

  /** A built-in dataset's name; all data by URI counts as {@code uri}, as a tag per URI would grow without bound. */
  private static String tag(String kind) {
    return kind == null ? "unknown" : kind.contains("://") ? "uri" : kind;
  }
}
