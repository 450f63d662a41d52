package ai.pretrain.api.codec;

import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One payload as Temporal's remote codec protocol writes it: protobuf JSON, metadata values and data in base64
 * (standard or URL-safe); as in protobuf JSON, an absent or null field is the empty default.
 */
public record CodecPayload(
    @Schema(nullable = true, additionalProperties = Base64Text.class) Map<String, String> metadata,
    @Schema(nullable = true, pattern = Base64Text.PATTERN) String data) {

  /** A base64 string, standard or URL-safe alphabet, padding optional. */
  @Schema(type = SchemaType.STRING, pattern = Base64Text.PATTERN)
  static final class Base64Text {

    static final String PATTERN = "^(?:(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?"
        + "|(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}(?:==)?|[A-Za-z0-9_-]{3}=?)?)$";

    private Base64Text() {}
  }
}
