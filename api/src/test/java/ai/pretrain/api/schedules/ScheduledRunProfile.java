package ai.pretrain.api.schedules;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The scheduled-run test's own namespace. */
public class ScheduledRunProfile implements QuarkusTestProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(ScheduleTestNamespace.class));
  }
}
