package org.sockstap.core.internal;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.ConnectionSummary;
import org.sockstap.api.ConnectionSummary.Outcome;

/**
 * What one connection has done so far, filled in by its thread as it goes and turned into the
 * {@link ConnectionSummary} and the connection log line when it closes.
 */
final class ConnectionRecord {
  @Nullable String command;
  @Nullable String protocol;
  @Nullable String route;
  @Nullable String detection;
  @Nullable String inspected;
  @Nullable String detail;
  private @Nullable Outcome outcome;

  /** Records how the connection ended, replacing anything recorded before. */
  void end(Outcome how, @Nullable String why) {
    outcome = how;
    detail = why;
  }

  /** Records how the connection ended unless that is already known. */
  void endIfOpen(Outcome how, @Nullable String why) {
    if (outcome == null) {
      end(how, why);
    }
  }

  ConnectionSummary summary(long fromClient, long fromServer, Duration duration) {
    Outcome how = outcome == null ? Outcome.COMPLETED : outcome;
    return new ConnectionSummary(protocol, how, fromClient, fromServer, duration, detail);
  }
}
