package org.sockstap.examples.load;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What {@code serve} starts.
 *
 * @param listeners the loopback address of each target to run, at least one
 * @param httpSize the http target's body size when the path does not give one
 * @param durationSeconds how long to serve, 0 until the process is stopped
 */
record ServeOptions(Map<TargetKind, InetSocketAddress> listeners, long httpSize,
    int durationSeconds) {
  ServeOptions {
    if (listeners.isEmpty()) {
      throw new IllegalArgumentException("listeners: none (expected: at least one target)");
    }
    // an EnumMap keeps the targets in a fixed order for the lines serve prints
    listeners = Collections.unmodifiableMap(new EnumMap<>(listeners));
  }
}
