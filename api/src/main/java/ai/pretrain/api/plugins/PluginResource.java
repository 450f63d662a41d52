package ai.pretrain.api.plugins;

import ai.pretrain.plugin.Augmentation;
import ai.pretrain.plugin.DatasetReader;
import ai.pretrain.plugin.EncoderArchitecture;
import ai.pretrain.plugin.Metric;
import ai.pretrain.plugin.Plugin;
import ai.pretrain.plugin.PluginKind;
import ai.pretrain.plugin.PluginRegistry;
import ai.pretrain.plugin.PretrainingObjective;
import ai.pretrain.plugin.TextCorpusReader;
import ai.pretrain.plugin.TextDatasetReader;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Lists the plugins specs may name: the built-in ones and those of plugin jars on the API's classpath. */
@Path("/api/v1/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {

  /** One installed plugin as the catalogue shows it. */
  public record PluginEntry(String name, String summary) {}

  /**
   * The catalogue, by the spec field that names each kind: {@code dataset.name} (tables and images, or text),
   * {@code pretrain.corpus}, {@code pretrain.architecture}, {@code pretrain.objective},
   * {@code fineTune.augmentations[].name}, {@code evaluate.metrics}.
   */
  public record PluginCatalog(List<PluginEntry> datasets, List<PluginEntry> textDatasets, List<PluginEntry> corpora,
      List<PluginEntry> architectures, List<PluginEntry> objectives, List<PluginEntry> augmentations,
      List<PluginEntry> metrics) {}

  private final PluginRegistry plugins = PluginRegistry.installed();

  @GET
  @APIResponse(responseCode = "200", description = "The catalogue",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = PluginCatalog.class)))
  @Operation(summary = "The installed plugins a spec may name, by kind, each with a one-line summary")
  public PluginCatalog list() {
    return new PluginCatalog(entries(DatasetReader.KIND), entries(TextDatasetReader.KIND),
        entries(TextCorpusReader.KIND), entries(EncoderArchitecture.KIND), entries(PretrainingObjective.KIND),
        entries(Augmentation.KIND), entries(Metric.KIND));
  }

  private List<PluginEntry> entries(PluginKind<? extends Plugin> kind) {
    return plugins.all(kind).values().stream().map(p -> new PluginEntry(p.name(), p.summary())).toList();
  }
}
