package ai.pretrain.api.auth;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the request being served, set by {@link ApiKeyFilter}. */
@RequestScoped
public class CurrentCaller {

  private Caller caller = Caller.ANONYMOUS;

  public Caller get() {
    return caller;
  }

  void set(Caller caller) {
    this.caller = caller;
  }
}
