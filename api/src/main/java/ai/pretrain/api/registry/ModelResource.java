package ai.pretrain.api.registry;

import ai.pretrain.api.artifacts.ArtifactDownload;
import ai.pretrain.api.auth.CurrentCaller;
import ai.pretrain.api.openapi.ProblemResponses;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The model registry: register runs' exported models as versions, read them, download their files, move aliases. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models", description = "Registered models: versions of runs' exported models, and aliases")
public class ModelResource {

  private final ModelRegistry registry;
  private final ModelCatalog catalog;
  private final ArtifactDownload download;
  private final CurrentCaller caller;

  ModelResource(ModelRegistry registry, ModelCatalog catalog, ArtifactDownload download, CurrentCaller caller) {
    this.registry = registry;
    this.catalog = catalog;
    this.download = download;
    this.caller = caller;
  }

  @GET
  @APIResponse(responseCode = "200", description = "Every registered model",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModelList.class)))
  @Operation(summary = "List registered models with their latest version and aliases")
  public ModelList list() {
    return catalog.list();
  }

  @GET
  @Path("/{name}")
  @APIResponse(responseCode = "200", description = "The model's versions and aliases",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModelView.class)))
  @APIResponse(responseCode = "400", description = "The name is not a model name; the violation gives the pattern")
  @APIResponse(responseCode = "404", description = "No model of this name")
  @Operation(summary = "A model's versions and where its aliases point")
  public ModelView model(@PathParam("name")
      @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = RegistryNames.MODEL_PATTERN)) String name) {
    return catalog.model(name);
  }

  /** Registers a completed run's exported model as the model's next version (see {@link ModelRegistry}). */
  @POST
  @Path("/{name}/versions")
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "201", description = "The new version",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = ModelVersion.class)))
  @APIResponse(responseCode = "400",
      description = "The name is not a model name, runId is missing, or the body is not JSON; the violations name "
          + "the field")
  @APIResponse(responseCode = "404", description = "No run runId")
  @APIResponse(responseCode = "409",
      description = "The run has not completed, exported no model, or its artifacts were deleted")
  @Extension(name = ProblemResponses.REACHES_TEMPORAL, value = "true")
  @Operation(summary = "Register a completed run's exported model as the model's next version",
      description = "Copies the run's export (weights, model card, Hugging Face folder, tokenizer, test predictions) "
          + "into the registry with its metrics, dataset, spec and lineage; concurrent registrations each get their "
          + "own number")
  public Response register(@PathParam("name")
      @Parameter(schema = @Schema(type = SchemaType.STRING,
          pattern = RegistryNames.MODEL_PATTERN)) String name, RegisterVersion request, @Context UriInfo uri) {
    ModelVersion version = registry.register(name, request, caller.get());
    return Response.created(uri.getBaseUriBuilder().path(ModelCatalog.self(name) + "/versions/" + version.version())
        .build()).entity(version).build();
  }

  @GET
  @Path("/{name}/versions/{version}")
  @APIResponse(responseCode = "200", description = "The version",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = ModelVersion.class)))
  @APIResponse(responseCode = "400", description = "The name or version is malformed; the violation names it")
  @APIResponse(responseCode = "404", description = "No such model, version or alias")
  @APIResponse(responseCode = "410", description = "The version was deleted")
  @Operation(summary = "A model version, by number or alias: its run, metrics, dataset, spec and files")
  public ModelVersion version(@PathParam("name")
      @Parameter(schema = @Schema(type = SchemaType.STRING,
          pattern = RegistryNames.MODEL_PATTERN)) String name, @PathParam("version")
      @Parameter(description = "A version number or an alias",
          schema = @Schema(type = SchemaType.STRING, pattern = RegistryNames.VERSION_PATTERN)) String version) {
    return catalog.version(name, version);
  }

  @DELETE
  @Path("/{name}/versions/{version}")
  @APIResponse(responseCode = "200", description = "The version was deleted; its number is not given again",
      content = @Content(mediaType = MediaType.APPLICATION_JSON,
          schema = @Schema(implementation = DeletedVersion.class)))
  @APIResponse(responseCode = "400", description = "The name or version is malformed; the violation names it")
  @APIResponse(responseCode = "403", description = "Only an admin deletes a version")
  @APIResponse(responseCode = "404", description = "No such model, version or alias")
  @APIResponse(responseCode = "409", description = "An alias points at the version")
  @APIResponse(responseCode = "410", description = "The version was already deleted")
  @Operation(summary = "Delete a model version's files (admin); its number stays taken")
  public DeletedVersion delete(@PathParam("name")
      @Parameter(schema = @Schema(type = SchemaType.STRING,
          pattern = RegistryNames.MODEL_PATTERN)) String name, @PathParam("version")
      @Parameter(description = "A version number or an alias",
          schema = @Schema(type = SchemaType.STRING, pattern = RegistryNames.VERSION_PATTERN)) String version) {
    return registry.deleteVersion(name, version, caller.get());
  }

  /** Streams one file of a version, as a run's artifact is streamed: ETag its sha256, ranges, If-None-Match. */
  @GET
  @Path("/{name}/versions/{version}/files/{file: .+}")
  @Produces(MediaType.WILDCARD)
  @APIResponse(responseCode = "200", description = "The file's bytes",
      content = @Content(mediaType = "*/*", schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @APIResponse(responseCode = "206", description = "The requested byte range",
      content = @Content(mediaType = "*/*", schema = @Schema(type = SchemaType.STRING, format = "binary")))
  @APIResponse(responseCode = "304", description = "If-None-Match named the file's ETag")
  @APIResponse(responseCode = "400", description = "The name or version is malformed; the violation names it")
  @APIResponse(responseCode = "404", description = "No such model, version, alias or file")
  @APIResponse(responseCode = "410", description = "The version was deleted, or the store no longer has the file")
  @APIResponse(responseCode = "416", description = "The Range lies outside the file")
  @Operation(summary = "Stream one file of a model version; ETag is its sha256; Range gives 206")
  public Response file(@PathParam("name")
      @Parameter(schema = @Schema(type = SchemaType.STRING,
          pattern = RegistryNames.MODEL_PATTERN)) String name, @PathParam("version")
      @Parameter(description = "A version number or an alias",
          schema = @Schema(type = SchemaType.STRING, pattern = RegistryNames.VERSION_PATTERN)) String version,
      @PathParam("file") @Parameter(description = "The file's path in the version, e.g. huggingface/config.json",
          schema = @Schema(type = SchemaType.STRING))
      String file, @HeaderParam("Range") String range,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) throws IOException {
    return download.stream(catalog.file(name, version, file), range, ifNoneMatch, false);
  }

  @PUT
  @Path("/{name}/aliases/{alias}")
  @Consumes(MediaType.APPLICATION_JSON)
  @APIResponse(responseCode = "200", description = "Where the alias points now, and its history",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModelAlias.class)))
  @APIResponse(responseCode = "400",
      description = "The name, alias or version is malformed, or the body is not JSON; the violations name the field")
  @APIResponse(responseCode = "404", description = "No such model or version")
  @APIResponse(responseCode = "409", description = "Too many concurrent moves of the alias; retry")
  @APIResponse(responseCode = "410", description = "The version was deleted")
  @Operation(summary = "Point an alias (champion, staging) at a version; who moved it and when is kept")
  public ModelAlias moveAlias(@PathParam("name")
      @Parameter(schema = @Schema(type = SchemaType.STRING,
          pattern = RegistryNames.MODEL_PATTERN)) String name, @PathParam("alias")
      @Parameter(schema = @Schema(type = SchemaType.STRING,
          pattern = RegistryNames.ALIAS_PATTERN)) String alias, MoveAlias request) {
    return registry.moveAlias(name, alias, request, caller.get());
  }

  @GET
  @Path("/{name}/aliases/{alias}")
  @APIResponse(responseCode = "200", description = "Where the alias points now, and its history",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModelAlias.class)))
  @APIResponse(responseCode = "400", description = "The name or alias is malformed; the violation names it")
  @APIResponse(responseCode = "404", description = "No such model or alias")
  @Operation(summary = "Where an alias points, and every move it has had with who and when")
  public ModelAlias alias(@PathParam("name")
      @Parameter(schema = @Schema(type = SchemaType.STRING,
          pattern = RegistryNames.MODEL_PATTERN)) String name, @PathParam("alias")
      @Parameter(schema = @Schema(type = SchemaType.STRING, pattern = RegistryNames.ALIAS_PATTERN)) String alias) {
    RegistryNames.alias(alias);
    return catalog.alias(name, alias);
  }
}
