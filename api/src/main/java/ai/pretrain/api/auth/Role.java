package ai.pretrain.api.auth;

/** What an API key may do: viewers read, submitters also start and cancel, admins also see every owner's runs. */
public enum Role {
  VIEWER,
  SUBMITTER,
  ADMIN;

  public boolean allows(Role needed) {
    return compareTo(needed) >= 0;
  }
}
