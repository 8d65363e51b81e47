package org.sockstap.core.internal.route;

/** STUB until the routes branch lands. */
public record RouteRule(String text) {
  /**
   * Parses.
   *
   * @param text t
   * @return rule
   */
  public static RouteRule parse(String text) {
    return new RouteRule(text);
  }
}
