package org.sockstap.core.internal.route;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The end of one connect attempt, shared by every step of it (resolving, connecting, each
 * handshake read), so the whole attempt stays within the caller's timeout.
 */
final class Deadline {
  private final Duration timeout;
  private final long deadlineNanos;

  private Deadline(Duration timeout, long deadlineNanos) {
    this.timeout = timeout;
    this.deadlineNanos = deadlineNanos;
  }

  /**
   * Starts the clock.
   *
   * @param timeout a positive duration
   * @return the deadline that far from now
   * @throws IllegalArgumentException when the timeout is zero or negative
   */
  static Deadline after(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: positive)");
    }
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException e) {
      nanos = Long.MAX_VALUE;
    }
    // nanoTime arithmetic wraps consistently, so deadline - now stays right even when this
    // addition overflows.
    return new Deadline(timeout, System.nanoTime() + nanos);
  }

  /** Returns the nanoseconds left; zero or less once the deadline has passed. */
  long remainingNanos() {
    return deadlineNanos - System.nanoTime();
  }

  /**
   * Returns the milliseconds left as a socket timeout: at least 1 (0 would mean "forever" to the
   * socket API) and at most {@link Integer#MAX_VALUE}.
   *
   * @param route the route, for the message
   * @param step what is waited for, for the message
   * @return the milliseconds left
   * @throws UpstreamFailure {@code TTL_EXPIRED} when nothing is left
   */
  int remainingMillis(String route, String step) throws UpstreamFailure {
    long nanos = remainingNanos();
    if (nanos <= 0) {
      throw expired(route, step, null);
    }
    long millis = (nanos + 999_999) / 1_000_000;
    return (int) Math.min(millis, Integer.MAX_VALUE);
  }

  /**
   * Returns the failure for a step that did not finish in time.
   *
   * @param route the route
   * @param step what was waited for
   * @param cause the timeout exception, if any
   * @return a {@code TTL_EXPIRED} failure
   */
  UpstreamFailure expired(String route, String step, @Nullable Throwable cause) {
    String message = route + ": " + step + " not done within " + timeout.toMillis() + " ms";
    return cause == null
        ? new UpstreamFailure(UpstreamFailure.Kind.TTL_EXPIRED, message)
        : new UpstreamFailure(UpstreamFailure.Kind.TTL_EXPIRED, message, cause);
  }
}
