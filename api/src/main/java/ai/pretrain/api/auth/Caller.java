package ai.pretrain.api.auth;

/** Who made a request: the owner its runs are recorded under, and its role. */
public record Caller(String owner, Role role) {

  /** The caller when no keys are configured (development): recorded as {@code anonymous}, sees every run. */
  public static final Caller ANONYMOUS = new Caller("anonymous", Role.ADMIN);

  /** Whether this caller may see a run recorded under {@code runOwner} ({@code null} for runs from before owners). */
  public boolean sees(String runOwner) {
    return role == Role.ADMIN || owner.equals(runOwner);
  }
}
