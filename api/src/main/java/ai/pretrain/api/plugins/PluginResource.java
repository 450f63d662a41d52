package ai.pretrain.api.plugins;

import ai.pretrain.plugin.Augmentation;
import ai.pretrain.plugin.DatasetReader;
import ai.pretrain.plugin.PluginRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Lists the plugins specs may name: the built-in ones and those of plugin jars on the API's classpath. */
@Path("/api/v1/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {

  /** One installed plugin as the catalogue shows it. */
  public record PluginEntry(String name, String summary) {}

  /** The catalogue, by the spec field that names each kind. */
  public record PluginCatalog(List<PluginEntry> datasets, List<PluginEntry> augmentations) {}

  private final PluginRegistry plugins = PluginRegistry.installed();

  @GET
  public PluginCatalog list() {
    return new PluginCatalog(
        plugins.all(DatasetReader.KIND).values().stream().map(p -> new PluginEntry(p.name(), p.summary())).toList(),
        plugins.all(Augmentation.KIND).values().stream().map(p -> new PluginEntry(p.name(), p.summary())).toList());
  }
}
