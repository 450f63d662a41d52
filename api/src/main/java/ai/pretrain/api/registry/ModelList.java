package ai.pretrain.api.registry;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Every model in the registry, by name. */
public record ModelList(List<Entry> models) {

  /** One model: how many versions it has, its latest and its aliases; {@code self} reads it. */
  public record Entry(String name, int versions, @Schema(nullable = true) Integer latestVersion,
      Map<String, Integer> aliases, String self) {}
}
