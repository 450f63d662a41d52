package ai.pretrain.api.contract;

import ai.pretrain.api.ApiKeysProfile;
import java.util.List;

/** Authentication on (one API key per role), in the contract test's own Temporal namespace and artifact directory. */
public class ContractAuthProfile extends ApiKeysProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(ContractNamespace.class));
  }
}
