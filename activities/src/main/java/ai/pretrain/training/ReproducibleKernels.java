package ai.pretrain.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The process environment under which libtorch's CPU kernels give bit-identical results run to run on every
 * processor. libtorch calls MKL for matrix products; on AVX-512 code paths MKL picks its reduction order by the
 * memory alignment of its operands (which DJL's Java-allocated buffers do not fix) unless its conditional numerical
 * reproducibility is strict, and MKL and OpenMP may change the thread count between calls unless told not to
 * (oneAPI MKL developer guide, "Reproducibility Conditions"). These are read once, when libtorch loads, so they must be
 * in the environment of the process: the scripts, surefire, the images and the chart set them.
 */
public final class ReproducibleKernels {

  /** Each variable and the value it needs, in the order the log names them. */
  public static final Map<String, String> REQUIRED = requiredSettings();

  private ReproducibleKernels() {}

  private static Map<String, String> requiredSettings() {
    Map<String, String> required = new LinkedHashMap<>();
    required.put("MKL_CBWR", "AUTO,STRICT");
    required.put("MKL_DYNAMIC", "FALSE");
    required.put("OMP_DYNAMIC", "FALSE");
    return Collections.unmodifiableMap(required);
  }

  /** One variable as found in the environment, against what reproducibility needs. */
  public record Setting(String variable, String required, String found) {

    /** Whether the environment has the value (MKL and OpenMP read them without regard to case or spaces). */
    public boolean satisfied() {
      return found != null && normalized(found).equals(normalized(required));
    }

    private static String normalized(String value) {
      return value.replace(" ", "").toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
      return variable + "=" + (found == null ? "<unset>" : found);
    }
  }

  /** What the environment holds for each required variable. */
  public static List<Setting> check(Map<String, String> environment) {
    return REQUIRED.entrySet().stream()
        .map(e -> new Setting(e.getKey(), e.getValue(), environment.get(e.getKey())))
        .toList();
  }

  /** Whether every required variable has its value. */
  public static boolean reproducible(Map<String, String> environment) {
    return check(environment).stream().allMatch(Setting::satisfied);
  }

  /** One log line saying what was found and, when something is missing, what to set. */
  public static String describe(Map<String, String> environment) {
    List<Setting> settings = check(environment);
    String found = settings.stream().map(Setting::toString).collect(Collectors.joining(" "));
    if (settings.stream().allMatch(Setting::satisfied)) {
      return "CPU kernels reproducible (" + found + "): the same spec and seed give bit-identical weights and a "
          + "resumed training ends where an uninterrupted one does";
    }
    String fix = settings.stream().filter(s -> !s.satisfied())
        .map(s -> s.variable() + "=" + s.required()).collect(Collectors.joining(" "));
    return "CPU kernels NOT reproducible (" + found + "): on AVX-512 processors the same seed can give different "
        + "weights and a resumed training can end elsewhere than an uninterrupted one; set " + fix
        + " in the worker's environment (the chart and images do)";
  }
}
