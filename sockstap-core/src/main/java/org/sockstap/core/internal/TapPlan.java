package org.sockstap.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.sockstap.api.ProtocolDetector;
import org.sockstap.core.rules.HostRef;
import org.sockstap.core.rules.TapRule;

/**
 * How one connection is tapped: the detectors to run (the union of the protocols of every tap
 * rule whose host lists match), the connect mode (from the first such rule) and, once the
 * protocol is known, the parameters of the first matching rule that names it.
 *
 * @param candidates the detectors to run, in detection order
 * @param lazy whether the connect mode is {@code lazy}
 * @param matched the tap rules whose host lists matched, in order
 */
public record TapPlan(List<ProtocolDetector> candidates, boolean lazy, List<TapRule> matched) {

  /** The connect-mode parameter of a tap rule. */
  public static final String CONNECT_PARAM = "connect";

  /**
   * Plans a connection.
   *
   * @param rules the tap rules in order
   * @param detectors every installed detector, in detection order
   * @param destination the destination
   * @param source the client
   * @return the plan, or null when the connection is not tapped (no rule matches, or no
   *     installed detector is named by the matching rules)
   */
  public static @Nullable TapPlan select(
      List<TapRule> rules, List<ProtocolDetector> detectors, HostRef destination, HostRef source) {
    List<TapRule> matched = new ArrayList<>();
    for (TapRule rule : rules) {
      if (rule.destinations().matches(destination) && rule.sources().matches(source)) {
        matched.add(rule);
      }
    }
    if (matched.isEmpty()) {
      return null;
    }
    List<ProtocolDetector> candidates = new ArrayList<>();
    for (ProtocolDetector detector : detectors) {
      for (TapRule rule : matched) {
        if (rule.protocols().matches(detector.protocol())) {
          candidates.add(detector);
          break;
        }
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    String mode = matched.get(0).params().getOrDefault(CONNECT_PARAM, "eager");
    return new TapPlan(List.copyOf(candidates), "lazy".equals(mode), List.copyOf(matched));
  }

  /**
   * Returns the parameters for a detected protocol.
   *
   * @param protocol the protocol
   * @return the parameters of the first matched rule naming it
   */
  public Map<String, String> paramsFor(String protocol) {
    for (TapRule rule : matched) {
      if (rule.protocols().matches(protocol)) {
        return rule.params();
      }
    }
    return Map.of();
  }
}
