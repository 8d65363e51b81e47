package org.sockstap.core.rules;

/** STUB: to be implemented. */
public final class HostList {
  private HostList() {}

  /**
   * Parses a host list.
   *
   * @param text the list
   * @return the list
   */
  public static HostList parse(String text) {
    throw new UnsupportedOperationException();
  }

  /**
   * Returns the list that matches every host.
   *
   * @return {@code *}
   */
  public static HostList any() {
    throw new UnsupportedOperationException();
  }

  /**
   * Returns whether the host is in the list.
   *
   * @param host the host
   * @return true when it is
   */
  public boolean matches(HostRef host) {
    throw new UnsupportedOperationException();
  }
}
