package ai.pretrain.api.codec;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of a codec request and of its answer: {@code {"payloads": [...]}}. */
public record CodecPayloads(@Schema(required = true) List<CodecPayload> payloads) {}
