package ai.pretrain.api.schedules;

import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.problem.Problem;
import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.api.runs.RunService;
import ai.pretrain.api.runs.SpecIntake;
import ai.pretrain.api.temporal.RunMemo;
import ai.pretrain.api.temporal.TemporalConfig;
import ai.pretrain.pipeline.PipelineWorkflow;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.Violation;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleState;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Pipeline schedules as Temporal Schedules (so the Temporal UI's Schedules page shows them): each starts runs of a
 * spec that passed the same checks as {@code POST /api/v1/runs}, with the same memo and search attributes as a run
 * submitted by the schedule's owner, so the stage cache, the run list and the owner rules treat them alike. The owner,
 * pipeline and cadence are kept in the schedule's memo; a caller sees and changes only their own unless an admin.
 */
@ApplicationScoped
public class ScheduleService {

  private static final String CRON = "cron";
  private static final String INTERVAL = "interval";

  private final ScheduleClient schedules;
  private final SpecIntake intake;
  private final RunService runs;
  private final TemporalConfig temporal;

  ScheduleService(ScheduleClient schedules, SpecIntake intake, RunService runs, TemporalConfig temporal) {
    this.schedules = schedules;
    this.intake = intake;
    this.runs = runs;
    this.temporal = temporal;
  }

  /** Creates the schedule; 400 naming the field when the spec, cadence or overlap policy is refused. */
  public ScheduleView create(ScheduleRequest request, Caller caller) {
    if (request == null || request.spec() == null || request.spec().isNull()) {
      throw ProblemException.invalidRequest(List.of(new Violation("spec",
          "is required: the pipeline spec as a JSON object, or its YAML as a string")));
    }
    var cadence = ScheduleCadence.of(request.cron(), request.interval());
    OverlapPolicy overlap = request.overlap() == null ? OverlapPolicy.SKIP : OverlapPolicy.named(request.overlap())
        .orElseThrow(() -> ProblemException.invalidRequest(List.of(new Violation("overlap", "'" + request.overlap()
            + "' is not an overlap policy; use skip, bufferOne, bufferAll, cancelOther, terminateOther or allowAll"))));
    PipelineSpec spec = intake.admit(request.spec().isTextual() ? request.spec().asText() : request.spec().toString());
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String id = "schedule-" + spec.name() + "-" + suffix;
    // Temporal appends each start's time to this id, so every scheduled run has an id of its own.
    var options = runs.options("run-" + spec.name() + "-" + suffix, spec, caller, Map.of(RunMemo.SCHEDULE, id))
        .build();
    Schedule schedule = Schedule.newBuilder()
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(PipelineWorkflow.class)
            .setOptions(options)
            .setArguments(spec)
            .build())
        .setSpec(cadence)
        .setPolicy(SchedulePolicy.newBuilder().setOverlap(overlap.temporal).build())
        .setState(ScheduleState.newBuilder().setPaused(Boolean.TRUE.equals(request.paused()))
            .setNote("created by " + caller.owner() + " through the API").build())
        .build();
    Map<String, Object> memo = new HashMap<>(Map.of(RunMemo.OWNER, caller.owner(), RunMemo.SPEC_NAME, spec.name()));
    memo.put(request.cron() != null ? CRON : INTERVAL, request.cron() != null ? request.cron().trim()
        : request.interval().trim());
    call(id, request.cron() != null ? CRON : INTERVAL, () ->
        schedules.createSchedule(id, schedule, ScheduleOptions.newBuilder().setMemo(memo).build()));
    return describe(id, caller);
  }

  /** Every schedule the caller may see. */
  public ScheduleList list(Caller caller) {
    List<String> ids = call(null, null, () -> schedules.listSchedules(1000)
        .filter(listed -> caller.sees(memo(listed)))
        .map(ScheduleListDescription::getScheduleId)
        .toList());
    List<ScheduleView> views = new ArrayList<>();
    for (String id : ids) {
      try {
        views.add(describe(id, caller));
      } catch (ProblemException deletedSinceListed) {
        // the list is read from Temporal's visibility store, which lags a deletion by moments
      }
    }
    return new ScheduleList(views);
  }

  /** The schedule with its next and recent runs; 404 when unknown or another owner's. */
  public ScheduleView describe(String id, Caller caller) {
    ScheduleDescription described = call(id, null, () -> schedules.getHandle(id).describe());
    String owner = (String) described.getMemo(RunMemo.OWNER, String.class);
    if (!caller.sees(owner)) {
      throw ScheduleProblems.notFound(id);
    }
    String path = "/api/v1/schedules/" + id;
    return new ScheduleView(id, (String) described.getMemo(RunMemo.SPEC_NAME, String.class), owner,
        (String) described.getMemo(CRON, String.class), (String) described.getMemo(INTERVAL, String.class),
        OverlapPolicy.nameOf(described.getSchedule().getPolicy().getOverlap()),
        described.getSchedule().getState().isPaused(), described.getInfo().getNumActions(),
        described.getInfo().getNextActionTimes(),
        described.getInfo().getRecentActions().stream()
            .filter(result -> result.getAction() instanceof ScheduleActionExecutionStartWorkflow)
            .map(result -> {
              String runId = ((ScheduleActionExecutionStartWorkflow) result.getAction()).getWorkflowId();
              return new ScheduledRun(runId, result.getScheduledAt(), result.getStartedAt(), "/api/v1/runs/" + runId);
            })
            .toList(),
        temporal.uiUrl().replaceAll("/+$", "") + "/namespaces/" + temporal.namespace() + "/schedules/" + id,
        Map.of("self", path, "pause", path + "/pause", "unpause", path + "/unpause", "trigger", path + "/trigger"));
  }

  public ScheduleView pause(String id, Caller caller) {
    describe(id, caller);
    call(id, null, () -> schedules.getHandle(id).pause("paused by " + caller.owner() + " through the API"));
    return describe(id, caller);
  }

  public ScheduleView unpause(String id, Caller caller) {
    describe(id, caller);
    call(id, null, () -> schedules.getHandle(id).unpause("unpaused by " + caller.owner() + " through the API"));
    return describe(id, caller);
  }

  /** Starts a run now, under the schedule's overlap policy, paused or not. */
  public TriggerAccepted trigger(String id, Caller caller) {
    describe(id, caller);
    call(id, null, () -> schedules.getHandle(id).trigger());
    return new TriggerAccepted(id, "TRIGGERED");
  }

  /** Deletes the schedule; the runs it started stay. */
  public void delete(String id, Caller caller) {
    describe(id, caller);
    call(id, null, () -> schedules.getHandle(id).delete());
  }

  private static String memo(ScheduleListDescription listed) {
    return (String) listed.getMemo(RunMemo.OWNER, String.class);
  }

  private static void call(String id, String field, Runnable request) {
    call(id, field, () -> {
      request.run();
      return null;
    });
  }

  /**
   * One call to Temporal, its refusals in the API's terms: an unknown schedule is 404, a value Temporal refuses is a
   * 400 naming {@code field}; unreachable Temporal stays a gRPC error (503).
   */
  private static <T> T call(String id, String field, Supplier<T> request) {
    try {
      return request.get();
    } catch (ScheduleAlreadyRunningException e) {
      throw ProblemException.of(Problem.of("schedule-exists", "Schedule exists", 409,
          "a schedule with id '" + id + "' already exists; submit again for a new id"));
    } catch (ScheduleException e) {
      throw e.getCause() instanceof StatusRuntimeException grpc ? translate(grpc, id, field) : e;
    } catch (StatusRuntimeException e) {
      throw translate(e, id, field);
    }
  }

  private static RuntimeException translate(StatusRuntimeException e, String id, String field) {
    Status.Code code = e.getStatus().getCode();
    if (code == Status.Code.INVALID_ARGUMENT && field != null) {
      return ProblemException.invalidRequest(List.of(new Violation(field, "Temporal refused it: "
          + e.getStatus().getDescription())));
    }
    if (code == Status.Code.NOT_FOUND || code == Status.Code.INVALID_ARGUMENT) {
      return ScheduleProblems.notFound(id);
    }
    return e;
  }
}
