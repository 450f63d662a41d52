package ai.pretrain.api.codec;

import ai.pretrain.api.auth.Caller;
import ai.pretrain.api.auth.Role;
import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.api.temporal.TemporalConfig;
import ai.pretrain.codec.PayloadEncryption;
import ai.pretrain.spec.Violation;
import com.google.protobuf.ByteString;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodecException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response.Status;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Temporal's remote codec protocol over the API's payload encryption: what the Temporal UI calls to show payloads
 * decoded. Payloads this codec did not encrypt, or whose key is no longer configured, come back as they were, so one
 * of them never hides the rest of a history.
 */
@ApplicationScoped
public class RemoteCodec {

  private static final Logger LOG = Logger.getLogger(RemoteCodec.class);

  private final Optional<PayloadEncryption> encryption;
  private final TemporalConfig temporal;
  private final CodecConfig config;
  private final List<String> origins;

  RemoteCodec(PayloadCodecs codecs, TemporalConfig temporal, CodecConfig config) {
    this.encryption = codecs.encryption();
    this.temporal = temporal;
    this.config = config;
    this.origins = config.corsOrigins().orElse(List.of()).stream()
        .map(String::trim).filter(o -> !o.isEmpty()).map(o -> o.replaceAll("/+$", "")).toList();
  }

  /** Whether a browser page from {@code origin} (the Temporal UI) may call the codec. */
  public boolean allowsOrigin(String origin) {
    return origins.contains(origin);
  }

  public CodecPayloads decode(CodecPayloads request, String namespace, Caller caller) {
    authorize(caller, config.decodeRole(), "decode");
    List<Payload> payloads = parse(request, namespace);
    List<Payload> decoded = new ArrayList<>(payloads.size());
    for (Payload payload : payloads) {
      try {
        decoded.add(encryption.map(e -> e.decode(List.of(payload)).get(0)).orElse(payload));
      } catch (PayloadCodecException e) {
        LOG.debugf("payload left encoded: %s", e.getMessage());
        decoded.add(payload);
      }
    }
    return write(decoded);
  }

  public CodecPayloads encode(CodecPayloads request, String namespace, Caller caller) {
    authorize(caller, Role.SUBMITTER, "encode");
    List<Payload> payloads = parse(request, namespace);
    return write(encryption.map(e -> e.encode(payloads)).orElse(payloads));
  }

  private static void authorize(Caller caller, Role needed, String what) {
    if (!caller.role().allows(needed)) {
      throw new WebApplicationException("'" + caller.owner() + "' has the " + caller.role().name().toLowerCase()
          + " role; to " + what + " payloads takes " + needed.name().toLowerCase() + " or above", Status.FORBIDDEN);
    }
  }

  private List<Payload> parse(CodecPayloads request, String namespace) {
    if (namespace != null && !namespace.isBlank() && !namespace.equals(temporal.namespace())) {
      throw invalid("X-Namespace", "is '" + namespace + "' but this codec serves namespace '" + temporal.namespace()
          + "'");
    }
    if (request == null || request.payloads() == null) {
      throw invalid("payloads", "is required: send {\"payloads\": [{\"metadata\": {...}, \"data\": \"<base64>\"}]}");
    }
    List<Payload> payloads = new ArrayList<>(request.payloads().size());
    for (int i = 0; i < request.payloads().size(); i++) {
      CodecPayload wire = request.payloads().get(i);
      String field = "payloads[" + i + "]";
      if (wire == null) {
        throw invalid(field, "is null");
      }
      Payload.Builder payload = Payload.newBuilder();
      if (wire.metadata() != null) {
        for (Map.Entry<String, String> entry : wire.metadata().entrySet()) {
          if (entry.getValue() == null) {
            throw invalid(field + ".metadata." + entry.getKey(), "is null; a metadata value is base64 bytes");
          }
          payload.putMetadata(entry.getKey(), bytes(entry.getValue(), field + ".metadata." + entry.getKey()));
        }
      }
      payloads.add(payload.setData(bytes(wire.data(), field + ".data")).build());
    }
    return payloads;
  }

  private static CodecPayloads write(List<Payload> payloads) {
    Base64.Encoder base64 = Base64.getEncoder();
    return new CodecPayloads(payloads.stream().map(p -> {
      Map<String, String> metadata = new LinkedHashMap<>();
      p.getMetadataMap().forEach((k, v) -> metadata.put(k, base64.encodeToString(v.toByteArray())));
      return new CodecPayload(metadata, base64.encodeToString(p.getData().toByteArray()));
    }).toList());
  }

  /** Protobuf JSON writes standard base64; URL-safe base64 is accepted too. */
  private static ByteString bytes(String base64, String field) {
    if (base64 == null || base64.isEmpty()) {
      return ByteString.EMPTY;
    }
    try {
      return ByteString.copyFrom(base64.indexOf('-') >= 0 || base64.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(base64) : Base64.getDecoder().decode(base64));
    } catch (IllegalArgumentException e) {
      throw invalid(field, "is not base64");
    }
  }

  private static ProblemException invalid(String field, String message) {
    return ProblemException.invalidRequest(List.of(new Violation(field, message)));
  }
}
