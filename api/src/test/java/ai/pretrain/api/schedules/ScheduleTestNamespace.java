package ai.pretrain.api.schedules;

import ai.pretrain.api.TemporalDevServer;
import com.google.protobuf.util.Durations;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.Map;

/**
 * A Temporal namespace of the scheduled-run test's own, so the worker it starts takes only its runs and no other
 * worker on the shared dev server takes them.
 */
public class ScheduleTestNamespace implements QuarkusTestResourceLifecycleManager {

  static final String NAMESPACE = "pretrain-schedule-test";

  @Override
  public Map<String, String> start() {
    TemporalDevServer.require();
    String address = System.getenv("TEMPORAL_ADDRESS");
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    try {
      DescribeNamespaceRequest describe = DescribeNamespaceRequest.newBuilder().setNamespace(NAMESPACE).build();
      try {
        stubs.blockingStub().describeNamespace(describe);
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
          throw e;
        }
        stubs.blockingStub().registerNamespace(RegisterNamespaceRequest.newBuilder().setNamespace(NAMESPACE)
            .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1)).build());
        awaitVisible(stubs, describe);
      }
    } finally {
      stubs.shutdown();
    }
    return Map.of("pretrain.temporal.address", address, "pretrain.temporal.namespace", NAMESPACE);
  }

  /** A new namespace is served a few seconds after its registration on the dev server. */
  private static void awaitVisible(WorkflowServiceStubs stubs, DescribeNamespaceRequest describe) {
    for (int i = 0; i < 120; i++) {
      try {
        stubs.blockingStub().describeNamespace(describe);
        Thread.sleep(2000);
        return;
      } catch (StatusRuntimeException notYet) {
        sleep();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void stop() {
    // the namespace stays for the next run; the test deletes its schedule itself
  }
}
