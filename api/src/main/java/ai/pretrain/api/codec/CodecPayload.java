package ai.pretrain.api.codec;

import java.util.Map;

/** One payload as Temporal's remote codec protocol writes it: protobuf JSON, metadata values and data in base64. */
public record CodecPayload(Map<String, String> metadata, String data) {}
