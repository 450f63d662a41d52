package ai.pretrain.api.logs;

import ai.pretrain.artifact.StoreLayout;
import ai.pretrain.api.artifacts.StoreReader;
import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.api.runs.RunInspector;
import ai.pretrain.pipeline.Stages;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a stage's log from the store, where the worker writes it in chunks ({@code runs/<run>/logs/<stage>/attempt-NN/
 * chunk-NNNNNN.log}), so it is there after the worker is gone; in follow mode, keeps writing new chunks until the run
 * ends.
 */
@ApplicationScoped
public class StageLogService {

  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration MAX_FOLLOW = Duration.ofHours(1);

  private final RunInspector inspector;
  private final StoreReader store;

  StageLogService(RunInspector inspector, StoreReader store) {
    this.inspector = inspector;
    this.store = store;
  }

  /** Checks the caller may read the run and that the stage exists; 404 otherwise. */
  public void authorize(String runId, String stage, Caller caller) {
    if (!Stages.IN_ORDER.contains(stage)) {
      throw ProblemException.unknownStage(stage, Stages.IN_ORDER);
    }
    inspector.view(runId, caller);
  }

  /** Writes every chunk written so far, attempt by attempt; with {@code follow}, then the new ones until the run ends. */
  public void write(String runId, String stage, Caller caller, boolean follow, OutputStream out) throws IOException {
    Set<String> written = new HashSet<>();
    long deadline = System.nanoTime() + MAX_FOLLOW.toNanos();
    while (true) {
      boolean running = follow && "RUNNING".equals(inspector.view(runId, caller).status());
      for (String chunk : chunks(runId, stage)) {
        if (written.add(chunk)) {
          Optional<byte[]> bytes = store.readSmall(chunk);
          if (bytes.isPresent()) {
            out.write(bytes.get());
          }
        }
      }
      out.flush();
      if (!running || System.nanoTime() > deadline) {
        return;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private List<String> chunks(String runId, String stage) throws IOException {
    String prefix = store.uriOf(StoreLayout.stageLogs(runId, stage));
    return store.list(prefix).stream().filter(uri -> uri.endsWith(".log")).toList();
  }
}
