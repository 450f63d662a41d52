package ai.pretrain.api.contract;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** Authentication off, in the contract test's own Temporal namespace and artifact directory. */
public class ContractProfile implements QuarkusTestProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(ContractNamespace.class));
  }
}
