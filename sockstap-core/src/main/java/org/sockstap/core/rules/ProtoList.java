package org.sockstap.core.rules;

import org.jspecify.annotations.Nullable;

/** STUB: to be implemented. */
public final class ProtoList {
  private ProtoList() {}

  /**
   * Parses.
   *
   * @param text the list
   * @return the list
   */
  public static ProtoList parse(String text) {
    throw new UnsupportedOperationException();
  }

  /**
   * All protocols.
   *
   * @return {@code *}
   */
  public static ProtoList any() {
    throw new UnsupportedOperationException();
  }

  /**
   * Whether the protocol is in the list; {@code null} (not known yet) matches when the list
   * includes {@code *}.
   *
   * @param protocol lower-case name or null
   * @return true when it is
   */
  public boolean matches(@Nullable String protocol) {
    throw new UnsupportedOperationException();
  }
}
