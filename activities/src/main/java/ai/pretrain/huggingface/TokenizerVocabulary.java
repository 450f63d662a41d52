package ai.pretrain.huggingface;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The ids a {@code tokenizer.json} can give: its model's vocabulary (WordPiece and BPE map tokens to ids, Unigram lists
 * them in id order) and its added tokens. Read as a stream, since a multilingual vocabulary is tens of megabytes.
 */
public final class TokenizerVocabulary {

  private static final JsonFactory JSON = new JsonFactory();

  private TokenizerVocabulary() {}

  /** The largest id the tokenizer gives; -1 for a file without a vocabulary. */
  public static long largestId(Path tokenizerJson) throws IOException {
    long largest = -1;
    try (JsonParser parser = JSON.createParser(tokenizerJson.toFile())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return largest;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if ("model".equals(field) && parser.currentToken() == JsonToken.START_OBJECT) {
          largest = Math.max(largest, modelVocabulary(parser));
        } else if ("added_tokens".equals(field) && parser.currentToken() == JsonToken.START_ARRAY) {
          largest = Math.max(largest, addedTokens(parser));
        } else {
          parser.skipChildren();
        }
      }
    }
    return largest;
  }

  private static long modelVocabulary(JsonParser parser) throws IOException {
    long largest = -1;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (!"vocab".equals(field)) {
        parser.skipChildren();
      } else if (value == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          parser.nextToken();
          largest = Math.max(largest, parser.getValueAsLong(-1));
        }
      } else if (value == JsonToken.START_ARRAY) {
        long entries = 0;
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          parser.skipChildren();
          entries++;
        }
        largest = Math.max(largest, entries - 1);
      }
    }
    return largest;
  }

  private static long addedTokens(JsonParser parser) throws IOException {
    long largest = -1;
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if ("id".equals(field)) {
          largest = Math.max(largest, parser.getValueAsLong(-1));
        } else {
          parser.skipChildren();
        }
      }
    }
    return largest;
  }
}
