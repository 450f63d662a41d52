package ai.pretrain.api.schema;

import ai.pretrain.spec.SpecParser;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Serves the JSON Schema that every submitted spec is checked against. */
@Path("/api/v1/schema/pipeline-spec")
public class SchemaResource {

  private final String schema;

  SchemaResource() {
    try (InputStream in = SpecParser.class.getResourceAsStream(SpecParser.SCHEMA_RESOURCE)) {
      schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SpecParser.SCHEMA_RESOURCE, e);
    }
  }

  @GET
  @APIResponse(responseCode = "200", description = "The pipeline spec's JSON Schema (draft 2020-12)", content = {
      @Content(mediaType = "application/schema+json", schema = @Schema(type = SchemaType.OBJECT)),
      @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT))})
  @Operation(summary = "The JSON Schema every submitted spec is checked against")
  @Produces({"application/schema+json", MediaType.APPLICATION_JSON})
  public String schema() {
    return schema;
  }
}
