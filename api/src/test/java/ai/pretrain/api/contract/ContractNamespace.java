package ai.pretrain.api.contract;

import ai.pretrain.api.TemporalDevServer;
import ai.pretrain.pipeline.RunSearchAttributes;
import com.google.protobuf.util.Durations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Temporal namespace and an artifact directory of the contract test's own: the fuzzer cancels runs and deletes
 * artifacts, so it must only ever see what it created, never another test's (or engineer's) runs in {@code default}
 * or the shared bucket.
 */
public class ContractNamespace implements QuarkusTestResourceLifecycleManager {

  static final String NAMESPACE = "pretrain-contract";
  private static final Duration NAMESPACE_VISIBLE_WITHIN = Duration.ofSeconds(60);

  private static final List<SearchAttributeKey<?>> SEARCH_ATTRIBUTES = List.of(RunSearchAttributes.PIPELINE_NAME,
      RunSearchAttributes.OWNER, RunSearchAttributes.STAGE, RunSearchAttributes.BEST_METRIC);

  @Override
  public Map<String, String> start() {
    TemporalDevServer.require();
    String address = System.getenv("TEMPORAL_ADDRESS");
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      register(stubs);
      OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
          OperatorServiceStubsOptions.newBuilder().setChannel(stubs.getRawChannel()).validateAndBuildWithDefaults());
      try {
        addSearchAttributes(operator);
      } finally {
        operator.shutdown();
      }
    } finally {
      stubs.shutdown();
    }
    try {
      Path store = Files.createTempDirectory("pretrain-contract-store");
      return Map.of("pretrain.temporal.address", address, "pretrain.temporal.namespace", NAMESPACE,
          "pretrain.store.uri", store.toUri().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void register(WorkflowServiceStubs stubs) {
    try {
      stubs.blockingStub().describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(NAMESPACE).build());
      return;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw e;
      }
    }
    stubs.blockingStub().registerNamespace(RegisterNamespaceRequest.newBuilder().setNamespace(NAMESPACE)
        .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1)).build());
  }

  /**
   * Adds the run search attributes, waiting out the moments after a registration in which the server's namespace cache
   * does not know the namespace yet (on a freshly started dev server this answers NOT_FOUND for a few seconds).
   */
  private static void addSearchAttributes(OperatorServiceStubs operator) {
    AddSearchAttributesRequest request = AddSearchAttributesRequest.newBuilder().setNamespace(NAMESPACE)
        .putAllSearchAttributes(SEARCH_ATTRIBUTES.stream()
            .collect(Collectors.toMap(SearchAttributeKey::getName, SearchAttributeKey::getValueType))).build();
    long deadline = System.nanoTime() + NAMESPACE_VISIBLE_WITHIN.toNanos();
    while (true) {
      try {
        operator.blockingStub().addSearchAttributes(request);
        return;
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.ALREADY_EXISTS) {
          return;
        }
        if (code != Status.Code.NOT_FOUND || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for namespace " + NAMESPACE, e);
      }
    }
  }

  /**
   * The namespace stays for the next run; runs the fuzzer started there have no worker and stay harmless. Schedules it
   * created would go on starting such runs for ever, so every schedule in the namespace is deleted.
   */
  @Override
  public void stop() {
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(System.getenv("TEMPORAL_ADDRESS")).build());
    try {
      ScheduleClient schedules = ScheduleClient.newInstance(stubs,
          ScheduleClientOptions.newBuilder().setNamespace(NAMESPACE).build());
      schedules.listSchedules().map(ScheduleListDescription::getScheduleId)
          .forEach(id -> schedules.getHandle(id).delete());
    } finally {
      stubs.shutdown();
    }
  }
}
