package ai.pretrain.api.artifacts;

import ai.pretrain.api.problem.Problem;
import ai.pretrain.artifact.ArtifactRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Streams one artifact from the store: {@code ETag} is its sha256, {@code Range: bytes=a-b} gives 206 with that
 * slice, an unsatisfiable range 416, a matching {@code If-None-Match} 304.
 */
@ApplicationScoped
public class ArtifactDownload {

  private static final Map<String, String> MEDIA_TYPES = Map.of(
      "json", MediaType.APPLICATION_JSON,
      "md", "text/markdown; charset=utf-8",
      "csv", "text/csv; charset=utf-8",
      "html", MediaType.TEXT_HTML + "; charset=utf-8",
      "txt", MediaType.TEXT_PLAIN + "; charset=utf-8",
      "png", "image/png",
      "svg", "image/svg+xml",
      "zip", "application/zip");

  private final StoreReader store;

  ArtifactDownload(StoreReader store) {
    this.store = store;
  }

  /** {@code inline} shows it in the browser (the report) instead of offering it as a file. */
  public Response stream(ArtifactRef ref, String range, String ifNoneMatch, boolean inline) throws IOException {
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
        // a range of a JSON or HTML file is not a JSON or HTML document, so a part is served as plain bytes
        .type(slice.isPresent() ? MediaType.APPLICATION_OCTET_STREAM : mediaType(ref.uri()))
        .header(HttpHeaders.CONTENT_LENGTH, length)
        .header(HttpHeaders.ETAG, etag)
        .header("Accept-Ranges", "bytes")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Disposition", (inline ? "inline" : "attachment") + "; filename=\"" + fileName(ref.uri()) + "\"");
    if (inline) {
      // The report is self-contained (inline style, data-URI images): nothing else may load or run from it.
      response.header("Content-Security-Policy", "default-src 'none'; img-src data:; style-src 'unsafe-inline'");
    }
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
