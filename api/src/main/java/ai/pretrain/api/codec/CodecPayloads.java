package ai.pretrain.api.codec;

import java.util.List;

/** The body of a codec request and of its answer: {@code {"payloads": [...]}}. */
public record CodecPayloads(List<CodecPayload> payloads) {}
