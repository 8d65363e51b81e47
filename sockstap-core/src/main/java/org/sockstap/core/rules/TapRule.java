package org.sockstap.core.rules;

import java.util.Map;

/**
 * STUB.
 *
 * @param protocols protocols
 * @param destinations destination hosts
 * @param sources client hosts
 * @param params parameters
 */
public record TapRule(
    ProtoList protocols, HostList destinations, HostList sources, Map<String, String> params) {

  /**
   * Parses {@code ProtoList[:[dstHostList][:[srcHostList][:params]]]}.
   *
   * @param text the rule, optionally prefixed {@code SOCKSTAP=}
   * @return the rule
   */
  public static TapRule parse(String text) {
    throw new UnsupportedOperationException();
  }
}
