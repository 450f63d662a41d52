package ai.pretrain.report;

import java.util.Base64;

/** One chart of the report, drawn to PNG: embedded in the page and stored beside it as its own artifact. */
record Chart(String name, String title, int width, int height, byte[] png) {

  String dataUri() {
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
  }
}
