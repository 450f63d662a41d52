package ai.pretrain.api.artifacts;

import ai.pretrain.api.auth.CurrentCaller;
import ai.pretrain.api.problem.Problem;
import ai.pretrain.artifact.ArtifactRef;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A run's artifacts: the list with lineage, and each one streamed from the store with ranges and its sha256. */
@Path("/api/v1/runs/{id}/artifacts")
@Tag(name = "artifacts", description = "What a run's stages wrote to the artifact store")
public class ArtifactResource {

  private static final Map<String, String> MEDIA_TYPES = Map.of(
      "json", MediaType.APPLICATION_JSON,
      "md", "text/markdown; charset=utf-8",
      "csv", "text/csv; charset=utf-8",
      "html", MediaType.TEXT_HTML + "; charset=utf-8",
      "txt", MediaType.TEXT_PLAIN + "; charset=utf-8",
      "png", "image/png",
      "svg", "image/svg+xml",
      "zip", "application/zip");

  private final ArtifactService artifacts;
  private final CurrentCaller caller;

  ArtifactResource(ArtifactService artifacts, CurrentCaller caller) {
    this.artifacts = artifacts;
    this.caller = caller;
  }

  /** Every artifact the run's stages have written so far, each with its lineage. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Every artifact of a run, with its lineage")
  public RunArtifacts list(@PathParam("id") String id) {
    return artifacts.list(id, caller.get());
  }

  /**
   * Streams one artifact: {@code ETag} is its sha256, {@code Range: bytes=a-b} gives 206 with that slice, a
   * matching {@code If-None-Match} gives 304.
   */
  @GET
  @Path("/{stage}/{name}")
  @Produces(MediaType.WILDCARD)
  @Operation(summary = "Stream one artifact; ETag is its sha256; Range gives 206")
  public Response download(@PathParam("id") String id, @PathParam("stage") String stage,
      @PathParam("name") String name, @HeaderParam("Range") String range,
      @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) throws IOException {
    ArtifactRef ref = artifacts.find(id, stage, name, caller.get());
    StoreReader store = artifacts.store();
    Optional<Long> stored = store.size(ref.uri());
    if (stored.isEmpty()) {
      return Problem.of("artifact-missing", "Artifact missing from the store", 410,
          "the run recorded " + ref.uri() + " but the store no longer has it").toResponse();
    }
    long size = stored.get();
    String etag = "\"" + ref.sha256() + "\"";
    if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(etag))) {
      return Response.notModified().header(HttpHeaders.ETAG, etag).build();
    }
    Optional<ByteRange> slice;
    try {
      slice = ByteRange.parse(range, size);
    } catch (ByteRange.Unsatisfiable e) {
      return Response.fromResponse(Problem.of("range-not-satisfiable", "Range not satisfiable", 416,
              "the artifact has " + size + " bytes; the Range header asked for none of them").toResponse())
          .header("Content-Range", "bytes */" + size)
          .build();
    }
    long offset = slice.map(ByteRange::first).orElse(0L);
    long length = slice.map(ByteRange::length).orElse(size);
    StreamingOutput body = out -> {
      try (InputStream in = store.open(ref.uri(), offset, length)) {
        in.transferTo(out);
      }
    };
    Response.ResponseBuilder response = (slice.isPresent() ? Response.status(206) : Response.ok())
        .entity(body)
        .type(mediaType(ref.uri()))
        .header(HttpHeaders.CONTENT_LENGTH, length)
        .header(HttpHeaders.ETAG, etag)
        .header("Accept-Ranges", "bytes")
        .header("Content-Disposition", "attachment; filename=\"" + fileName(ref.uri()) + "\"");
    slice.ifPresent(r -> response.header("Content-Range", r.contentRange(size)));
    return response.build();
  }

  private static String mediaType(String uri) {
    String file = fileName(uri);
    int dot = file.lastIndexOf('.');
    String extension = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
    return MEDIA_TYPES.getOrDefault(extension, MediaType.APPLICATION_OCTET_STREAM);
  }

  /** The URI's last segment, safe inside a quoted header value. */
  private static String fileName(String uri) {
    return uri.substring(uri.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
