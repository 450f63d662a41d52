package ai.pretrain.api.schema;

import ai.pretrain.spec.SpecParser;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Serves the JSON Schema that every submitted spec is checked against. */
@Path("/api/v1/schema/pipeline-spec")
public class SchemaResource {

  private final byte[] schema;

  SchemaResource() {
    try (InputStream in = SpecParser.class.getResourceAsStream(SpecParser.SCHEMA_RESOURCE)) {
      schema = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SpecParser.SCHEMA_RESOURCE, e);
    }
  }

  @GET
  @Operation(summary = "The JSON Schema every submitted spec is checked against")
  @Produces({"application/schema+json", MediaType.APPLICATION_JSON})
  public byte[] schema() {
    return schema;
  }
}
