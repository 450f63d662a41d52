// Counts crossings into DJL's PyTorch natives and the NDArrays they create, for TrainingStepProfile. ByteBuddy
// advice (byte-buddy and its agent come with the project's test dependencies, in ~/.m2) is woven into JniUtils,
// whose public static methods each wrap one native call, and into PtNDArray's constructors.
package ai.pretrain.training;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;

import java.util.Map;
import java.util.TreeMap;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/** Per-method counts of JniUtils calls (outermost only) and a count of PtNDArray objects, on the training thread. */
public final class JniCallCounter {

  /** Read and written only from the advice, which runs on the thread that trains. */
  public static final Map<String, Long> CALLS = new TreeMap<>();
  public static long arrays;
  public static int depth;

  private JniCallCounter() {}

  /** Weaves the counters in; call before anything touches the engine. Needs -javaagent:byte-buddy-agent.jar. */
  static void install() {
    new AgentBuilder.Default()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .disableClassFormatChanges()
        .type(named("ai.djl.pytorch.jni.JniUtils"))
        .transform((builder, type, loader, module, domain) ->
            builder.visit(Advice.to(NativeCall.class).on(isStatic().and(isPublic()))))
        .type(named("ai.djl.pytorch.engine.PtNDArray"))
        .transform((builder, type, loader, module, domain) ->
            builder.visit(Advice.to(ArrayCreated.class).on(isConstructor())))
        .installOn(ByteBuddyAgent.getInstrumentation());
  }

  /** Public because the advice runs inside JniUtils. */
  public static void count(String method) {
    Long calls = CALLS.get(method);
    CALLS.put(method, calls == null ? 1L : calls + 1);
  }

  static long totalCalls() {
    return CALLS.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Counts a JniUtils method unless another JniUtils method called it. */
  public static final class NativeCall {

    private NativeCall() {}

    @Advice.OnMethodEnter
    static void enter(@Advice.Origin("#m") String method) {
      if (depth++ == 0) {
        count(method);
      }
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit() {
      depth--;
    }
  }

  /** Counts one NDArray wrapper (and the native handle it will delete on close). */
  public static final class ArrayCreated {

    private ArrayCreated() {}

    @Advice.OnMethodExit
    static void exit() {
      arrays++;
    }
  }
}
