package ai.pretrain.sweep;

import ai.pretrain.pipeline.Artifacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** The sweep's results table, one row per trial in leaderboard order, as CSV and as Markdown. */
public record ResultsTable(String metric, String mode, List<Trial> trials) {

  /** Trials best first; those without a metric (failed before their first rung) last, by index. */
  public List<Trial> rows() {
    Objective objective = new Objective(metric, mode);
    List<Trial> rows = new ArrayList<>(trials.stream().filter(t -> t.metric() != null)
        .sorted(objective.leaderboardOrder()).toList());
    trials.stream().filter(t -> t.metric() == null).forEach(rows::add);
    return rows;
  }

  public String csv() {
    List<String> fields = fields();
    StringBuilder out = new StringBuilder("rank,trial,state");
    fields.forEach(f -> out.append(',').append(f));
    out.append(",epochs,").append(metric).append(",").append(metric).append("ByRung,model,message\n");
    int rank = 1;
    for (Trial t : rows()) {
      out.append(t.metric() == null ? "" : String.valueOf(rank++)).append(',').append(t.index()).append(',')
          .append(t.state());
      for (String f : fields) {
        out.append(',').append(number(t.parameters().get(f)));
      }
      out.append(',').append(t.epochs()).append(',').append(number(t.metric())).append(',')
          .append(quote(byRung(t, ";"))).append(',')
          .append(t.result() == null || !t.result().artifacts().containsKey(Artifacts.MODEL) ? ""
              : t.result().artifacts().get(Artifacts.MODEL).uri())
          .append(',').append(quote(t.message() == null ? "" : t.message())).append('\n');
    }
    return out.toString();
  }

  public String markdown() {
    List<String> fields = fields();
    StringBuilder out = new StringBuilder("| rank | trial | state |");
    fields.forEach(f -> out.append(' ').append(f).append(" |"));
    out.append(" epochs | ").append(metric).append(" | by rung |\n| ---: | ---: | --- |");
    fields.forEach(f -> out.append(" ---: |"));
    out.append(" ---: | ---: | --- |\n");
    int rank = 1;
    for (Trial t : rows()) {
      out.append("| ").append(t.metric() == null ? "" : String.valueOf(rank++)).append(" | ").append(t.index())
          .append(" | ").append(t.state()).append(" |");
      for (String f : fields) {
        out.append(' ').append(number(t.parameters().get(f))).append(" |");
      }
      out.append(' ').append(t.epochs()).append(" | ").append(number(t.metric())).append(" | ")
          .append(byRung(t, ", ")).append(" |\n");
    }
    return out.toString();
  }

  private List<String> fields() {
    TreeSet<String> fields = new TreeSet<>();
    trials.forEach(t -> fields.addAll(t.parameters().keySet()));
    return List.copyOf(fields);
  }

  private static String byRung(Trial t, String separator) {
    List<String> parts = t.rungs().stream().map(r -> r.epochs() + ":" + number(r.metric())).toList();
    return String.join(separator, parts);
  }

  private static String number(Double v) {
    if (v == null) {
      return "";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf(v.longValue()) : String.format(Locale.ROOT, "%.6g", v);
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
