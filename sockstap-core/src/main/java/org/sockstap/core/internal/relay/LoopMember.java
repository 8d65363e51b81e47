package org.sockstap.core.internal.relay;

import java.nio.channels.SelectionKey;

/** What a relay loop's selection keys are attached to: a tunnel's end or a detection. */
public interface LoopMember {

  /**
   * Handles the readiness of one of its keys, on the loop's thread.
   *
   * @param key the ready key
   * @param now {@link System#nanoTime} at the loop's wake-up
   */
  void ready(SelectionKey key, long now);

  /**
   * Returns the next time it wants {@link #tick} called.
   *
   * @return a {@link System#nanoTime} value
   */
  long deadline();

  /**
   * Called when its deadline passed (tunnels: about once a second).
   *
   * @param now {@link System#nanoTime} now
   */
  void tick(long now);

  /** The loop is stopping: fail and close. */
  void shutDown();
}
