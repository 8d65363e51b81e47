package org.sockstap.core.internal.relay;

import java.nio.channels.SelectionKey;

/** What a relay loop's selection keys are attached to: a tunnel's end or a detection. */
interface LoopMember {

  /** Handles the readiness of one of its keys, on the loop's thread. */
  void ready(SelectionKey key, long now);

  /** The next time it wants {@link #tick} called, in {@link System#nanoTime} terms. */
  long deadline();

  /** Called when its deadline passed, and about once a second besides. */
  void tick(long now);

  /** The loop is stopping: fail and close. */
  void shutDown();
}
