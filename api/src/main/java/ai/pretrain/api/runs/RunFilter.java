package ai.pretrain.api.runs;

import ai.pretrain.api.auth.ApiKeys;
import ai.pretrain.api.problem.ProblemException;
import ai.pretrain.spec.Violation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query parameters of {@code GET /api/v1/runs}, validated: every refused parameter is named in one 400.
 *
 * @param statuses Temporal execution statuses as visibility names them ({@code Running}, {@code Failed}, …)
 * @param pageToken Temporal's next-page token, decoded from the base64url the previous page returned
 */
public record RunFilter(
    Set<String> statuses,
    Optional<String> name,
    Optional<String> owner,
    Optional<Instant> from,
    Optional<Instant> to,
    int pageSize,
    byte[] pageToken) {

  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 1000;

  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,40}");
  private static final Map<String, String> STATUSES = Map.of(
      "RUNNING", "Running",
      "COMPLETED", "Completed",
      "FAILED", "Failed",
      "CANCELED", "Canceled",
      "TERMINATED", "Terminated",
      "CONTINUED_AS_NEW", "ContinuedAsNew",
      "TIMED_OUT", "TimedOut");

  /** Parses the raw parameters; {@code null} or blank means not given. */
  public static RunFilter parse(String status, String name, String owner, String from, String to, String pageSize,
      String pageToken) {
    List<Violation> violations = new ArrayList<>();
    Set<String> statuses = new LinkedHashSet<>();
    if (given(status)) {
      for (String one : status.split(",")) {
        String visibility = STATUSES.get(one.trim().toUpperCase(Locale.ROOT));
        if (visibility == null) {
          violations.add(new Violation("status", "'" + one.trim() + "' is not one of " + String.join(", ",
              List.of("RUNNING", "COMPLETED", "FAILED", "CANCELED", "TERMINATED", "CONTINUED_AS_NEW", "TIMED_OUT"))));
        } else {
          statuses.add(visibility);
        }
      }
    }
    if (given(name) && !NAME.matcher(name).matches()) {
      violations.add(new Violation("name", "must be a pipeline name: 1 to 40 of a-z, 0-9 and '-'"));
    }
    if (given(owner) && !ApiKeys.OWNER.matcher(owner).matches()) {
      violations.add(new Violation("owner", "must be 1 to 64 of A-Z, a-z, 0-9, '.', '_', '@' and '-'"));
    }
    Optional<Instant> fromTime = instant("from", from, violations);
    Optional<Instant> toTime = instant("to", to, violations);
    if (fromTime.isPresent() && toTime.isPresent() && !fromTime.get().isBefore(toTime.get())) {
      violations.add(new Violation("to", "must be after 'from'"));
    }
    int size = DEFAULT_PAGE_SIZE;
    if (given(pageSize)) {
      try {
        size = Integer.parseInt(pageSize.trim());
      } catch (NumberFormatException e) {
        size = -1;
      }
      if (size < 1 || size > MAX_PAGE_SIZE) {
        violations.add(new Violation("pageSize", "must be a whole number from 1 to " + MAX_PAGE_SIZE));
      }
    }
    byte[] token = new byte[0];
    if (given(pageToken)) {
      try {
        token = Base64.getUrlDecoder().decode(pageToken.trim());
      } catch (IllegalArgumentException e) {
        violations.add(new Violation("pageToken", "is not a token from a previous page's nextPageToken"));
      }
    }
    if (!violations.isEmpty()) {
      throw ProblemException.invalidRequest(violations);
    }
    return new RunFilter(statuses, optional(name), optional(owner), fromTime, toTime, size, token);
  }

  /** The same filter for one owner only, as a non-admin caller sees the list. */
  RunFilter ownedBy(String onlyOwner) {
    return new RunFilter(statuses, name, Optional.of(onlyOwner), from, to, pageSize, pageToken);
  }

  /** The Temporal visibility query; every value was validated above, and quotes are escaped all the same. */
  String visibilityQuery() {
    List<String> clauses = new ArrayList<>();
    clauses.add("WorkflowType = 'PipelineWorkflow'");
    if (!statuses.isEmpty()) {
      clauses.add("ExecutionStatus IN (" + String.join(", ", statuses.stream().map(RunFilter::quoted).toList()) + ")");
    }
    name.ifPresent(n -> clauses.add(RunSearchAttributes.PIPELINE_NAME.getName() + " = " + quoted(n)));
    owner.ifPresent(o -> clauses.add(RunSearchAttributes.OWNER.getName() + " = " + quoted(o)));
    from.ifPresent(t -> clauses.add("StartTime >= " + quoted(t.toString())));
    to.ifPresent(t -> clauses.add("StartTime < " + quoted(t.toString())));
    return String.join(" AND ", clauses);
  }

  private static Optional<Instant> instant(String field, String value, List<Violation> violations) {
    if (!given(value)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(value.trim()));
    } catch (DateTimeParseException e) {
      violations.add(new Violation(field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z"));
      return Optional.empty();
    }
  }

  private static String quoted(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static Optional<String> optional(String value) {
    return given(value) ? Optional.of(value.trim()) : Optional.empty();
  }

  private static boolean given(String value) {
    return value != null && !value.isBlank();
  }
}
