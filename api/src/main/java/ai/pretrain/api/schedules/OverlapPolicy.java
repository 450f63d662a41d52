package ai.pretrain.api.schedules;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import java.util.Arrays;
import java.util.Optional;

/** What a schedule does when a start comes due while its last run is still running, by the names the API uses. */
enum OverlapPolicy {
  SKIP("skip", ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP),
  BUFFER_ONE("bufferOne", ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE),
  BUFFER_ALL("bufferAll", ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL),
  CANCEL_OTHER("cancelOther", ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER),
  TERMINATE_OTHER("terminateOther", ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER),
  ALLOW_ALL("allowAll", ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);

  final String apiName;
  final ScheduleOverlapPolicy temporal;

  OverlapPolicy(String apiName, ScheduleOverlapPolicy temporal) {
    this.apiName = apiName;
    this.temporal = temporal;
  }

  static Optional<OverlapPolicy> named(String name) {
    return Arrays.stream(values()).filter(p -> p.apiName.equals(name)).findFirst();
  }

  /** The API's name of Temporal's policy; Temporal's unspecified policy is skip. */
  static String nameOf(ScheduleOverlapPolicy policy) {
    return Arrays.stream(values()).filter(p -> p.temporal == policy).map(p -> p.apiName).findFirst()
        .orElse(SKIP.apiName);
  }
}
