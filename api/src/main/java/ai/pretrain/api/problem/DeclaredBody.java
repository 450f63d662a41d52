package ai.pretrain.api.problem;

import ai.pretrain.spec.Violation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Holds a spec body to the media type it declares. YAML is a superset of JSON, so the spec parser would accept YAML
 * sent as {@code application/json}; a client that says JSON must send JSON, or it finds out now rather than from a
 * proxy or tool that trusts the header.
 */
public final class DeclaredBody {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private DeclaredBody() {}

  /** Throws a 400 naming the body and its content type when a JSON body is not JSON; YAML bodies pass through. */
  public static void check(String body, MediaType declared) {
    if (declared == null || !declared.isCompatible(MediaType.APPLICATION_JSON_TYPE) || body == null
        || body.isBlank()) {
      return;
    }
    try {
      JSON.readTree(body);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      throw ProblemException.bodyNotDeclaredType(List.of(new Violation("body",
          "is not valid JSON" + where + " although it is sent as Content-Type: application/json ("
              + e.getOriginalMessage() + "); fix the JSON, or send YAML as Content-Type: application/yaml")));
    }
  }
}
