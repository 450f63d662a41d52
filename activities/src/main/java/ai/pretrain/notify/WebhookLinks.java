package ai.pretrain.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a webhook's reader follows a run: the API's run and report ({@code PRETRAIN_API_URL}, the address users
 * reach the API at) and the run in the Temporal UI ({@code TEMPORAL_UI_URL}); a link without its base is left out.
 */
public record WebhookLinks(String apiUrl, String temporalUiUrl, String namespace) {

  public Map<String, String> of(String runId) {
    Map<String, String> links = new LinkedHashMap<>();
    if (apiUrl != null && !apiUrl.isBlank()) {
      String run = apiUrl.replaceAll("/+$", "") + "/api/v1/runs/" + runId;
      links.put("run", run);
      links.put("report", run + "/report");
    }
    if (temporalUiUrl != null && !temporalUiUrl.isBlank()) {
      links.put("temporal", temporalUiUrl.replaceAll("/+$", "") + "/namespaces/" + namespace + "/workflows/" + runId);
    }
    return links;
  }
}
