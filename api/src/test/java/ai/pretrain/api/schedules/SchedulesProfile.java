package ai.pretrain.api.schedules;

import ai.pretrain.api.ApiKeysProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * A key per role, one loopback address (127.0.0.2) allowed as a webhook host, {@code localhost} allowed by name only
 * (so its loopback address is refused), and one worker pool besides the GPU queue. Nothing here resolves a name off
 * this host.
 */
public class SchedulesProfile extends ApiKeysProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> config = new HashMap<>(super.getConfigOverrides());
    config.put("pretrain.webhooks.hosts", "127.0.0.2,localhost");
    config.put("pretrain.task-queues", "gpu-a100");
    return config;
  }
}
