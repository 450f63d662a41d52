package ai.pretrain.api.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.pretrain.api.FinishedRuns;
import ai.pretrain.api.InProcessStages;
import ai.pretrain.api.TemporalDevServer;
import ai.pretrain.pipeline.PipelineProgress;
import ai.pretrain.pipeline.PipelineResult;
import ai.pretrain.pipeline.PipelineWorkflow;
import ai.pretrain.pipeline.StageProgress;
import ai.pretrain.pipeline.StageState;
import ai.pretrain.spec.PipelineSpec;
import ai.pretrain.spec.SpecParser;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every read of the gateway against the real Temporal dev server: a run started with no worker to pick it up (its
 * input, memo, history, describe and status), and a finished run of the stand-in pipeline (its result and query).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowGatewayTest {

  private static final PipelineSpec SPEC = new SpecParser().parse("name: gateway\ndataset:\n  name: mnist\n");

  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  private WorkflowGateway gateway;
  private FinishedRuns finished;

  @BeforeAll
  void connect() {
    TemporalDevServer.require();
    stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(System.getenv("TEMPORAL_ADDRESS")).build());
    client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    gateway = new WorkflowGateway(stubs, client, new InProcessStages.Config());
    finished = new FinishedRuns(client);
  }

  @AfterAll
  void disconnect() {
    finished.close();
    stubs.shutdown();
  }

  @Test
  void readsAWaitingRunsInputMemoAndHistory() {
    Instant before = Instant.now().minusSeconds(1);
    String taskQueue = "gateway-test-" + UUID.randomUUID();
    String runId = FinishedRuns.runId("gateway");
    DataConverter converter = client.getOptions().getDataConverter();
    // A memo value encrypted with a key this API lacks reads as absent, as for runs of another codec key.
    Payload sealed = Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("binary/encrypted"))
        .setData(ByteString.copyFromUtf8("not for this API"))
        .build();
    stubs.blockingStub().startWorkflowExecution(StartWorkflowExecutionRequest.newBuilder()
        .setNamespace("default")
        .setRequestId(UUID.randomUUID().toString())
        .setWorkflowId(runId)
        .setWorkflowType(WorkflowType.newBuilder().setName(PipelineWorkflow.class.getSimpleName()))
        .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
        .setInput(converter.toPayloads(SPEC).orElseThrow())
        .setMemo(Memo.newBuilder()
            .putFields(RunMemo.SPEC_NAME, converter.toPayload("gateway").orElseThrow())
            .putFields(RunMemo.OWNER, sealed))
        .build());
    try {
      DescribeWorkflowExecutionResponse described = gateway.describe(runId).orElseThrow();
      Memo memo = described.getWorkflowExecutionInfo().getMemo();
      assertEquals("RUNNING", WorkflowGateway.statusName(described.getWorkflowExecutionInfo().getStatus()));
      assertEquals("gateway", gateway.memo(memo, RunMemo.SPEC_NAME));
      assertNull(gateway.memo(memo, RunMemo.OWNER));
      assertNull(gateway.memo(memo, RunMemo.DATASET));
      assertEquals(SPEC, gateway.firstInput(runId, PipelineSpec.class));

      List<HistoryEvent> history = gateway.history(runId, null);
      assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, history.get(0).getEventType());
      assertEquals(history, gateway.history(runId, described.getWorkflowExecutionInfo().getExecution().getRunId()));
      assertThrows(DataConverterException.class, () -> gateway.decode(
          history.get(0).getWorkflowExecutionStartedEventAttributes().getInput(), Integer.class));
      assertTrue(gateway.startedSince(before).containsKey(runId));
      assertFalse(gateway.polled(taskQueue), "no worker polls " + taskQueue);
    } finally {
      stubs.blockingStub().terminateWorkflowExecution(TerminateWorkflowExecutionRequest.newBuilder()
          .setNamespace("default")
          .setWorkflowExecution(WorkflowExecution.newBuilder().setWorkflowId(runId))
          .setReason("test over")
          .build());
    }
    assertEquals(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED,
        gateway.describe(runId).orElseThrow().getWorkflowExecutionInfo().getStatus());
  }

  @Test
  void readsAFinishedRunsResultAndAnswersItsQuery() {
    String runId = FinishedRuns.runId("gateway");
    StageProgress prepared =
        new StageProgress("prepareData", StageState.COMPLETED, false, "key", Map.of("rows", 8.0), Map.of(), null);
    finished.complete(runId, "gateway", "alice", List.of(prepared));

    assertEquals("COMPLETED",
        WorkflowGateway.statusName(gateway.describe(runId).orElseThrow().getWorkflowExecutionInfo().getStatus()));
    assertEquals(List.of(prepared), gateway.result(runId, PipelineResult.class).stages());
    assertEquals(List.of(prepared), gateway.query(runId, "progress", PipelineProgress.class).stages());
    assertNull(gateway.failure(runId));
  }

  @Test
  void anUnknownWorkflowIsEmpty() {
    assertTrue(gateway.describe(FinishedRuns.runId("never-started")).isEmpty());
  }
}
