package org.sockstap.core.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One tap rule, after DeleGate's SOCKSTAP parameter:
 * {@code [SOCKSTAP=]ProtoList[:[dstHostList][:[srcHostList][:params]]]}, such as
 * {@code http,ftp:{*.example.com,10.0.0.0/8}:{127.0.0.1}:connect=lazy cache=on
 * route=http://127.0.0.1:3128}.
 *
 * <p>The first three fields are a {@link ConnMap}: separated by {@code :}, in braces when they hold
 * a {@code :}, and {@code *} when empty or missing. The last field, the parameters, takes the rest
 * of the text, so values may hold {@code :} and {@code =}. Parameters are separated by spaces and
 * written {@code name=value}, or {@code name} for an empty value; names are letters, digits,
 * {@code -}, {@code _} and {@code .}, compared as written, each given at most once.
 *
 * @param protocols the application protocols
 * @param destinations the hosts the client asks to reach
 * @param sources the clients
 * @param params the parameters in the order written; unmodifiable
 */
public record TapRule(
    ProtoList protocols, HostList destinations, HostList sources, Map<String, String> params) {

  private static final String PREFIX = "SOCKSTAP=";

  /**
   * Checks the parts and copies the parameters, keeping their order.
   *
   * @param protocols the application protocols
   * @param destinations the hosts the client asks to reach
   * @param sources the clients
   * @param params the parameters; copied
   * @throws NullPointerException when a part, a parameter name or a value is null
   * @throws IllegalArgumentException when a parameter name is not a name or a value holds a space
   */
  public TapRule {
    Objects.requireNonNull(protocols, "protocols");
    Objects.requireNonNull(destinations, "destinations");
    Objects.requireNonNull(sources, "sources");
    Objects.requireNonNull(params, "params");
    Map<String, String> copy = new LinkedHashMap<>(params);
    copy.forEach(
        (name, value) -> {
          Objects.requireNonNull(name, "parameter name");
          Objects.requireNonNull(value, "parameter value");
          if (!validName(name)) {
            throw RuleText.error("tap rule parameter name", name, "letters, digits, '-', '_', '.'");
          }
          // a space would end the value when the rule's text is read back
          if (value.chars().anyMatch(c -> c == ' ' || RuleText.isControl((char) c))) {
            throw RuleText.error(
                "tap rule parameter value", value, "no spaces or control characters");
          }
        });
    params = Collections.unmodifiableMap(copy);
  }

  /**
   * Parses {@code [SOCKSTAP=]ProtoList[:[dstHostList][:[srcHostList][:params]]]}.
   *
   * @param text the rule, optionally prefixed {@code SOCKSTAP=} (in any case); surrounding
   *     whitespace is ignored
   * @return the rule
   * @throws IllegalArgumentException naming the offending part when the text is not a tap rule
   */
  public static TapRule parse(String text) {
    Objects.requireNonNull(text, "text");
    RuleText.rejectControl("tap rule", text);
    String rule = text.trim();
    if (rule.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      rule = rule.substring(PREFIX.length());
    }
    List<String> fields = RuleText.splitFields(rule, 4, "tap rule");
    ConnMap map = ConnMap.of(fields);
    Map<String, String> params =
        fields.size() > 3 ? params(RuleText.unwrap(fields.get(3))) : Map.of();
    return new TapRule(map.protocols(), map.destinations(), map.sources(), params);
  }

  private static Map<String, String> params(String text) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : text.trim().split(" +")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (!validName(name)) {
        throw RuleText.error(
            "tap rule parameter", pair, "name=value with a name of letters, digits, '-', '_', '.'");
      }
      if (params.put(name, eq < 0 ? "" : pair.substring(eq + 1)) != null) {
        throw RuleText.error("tap rule parameter", pair, "each name at most once");
      }
    }
    return params;
  }

  private static boolean validName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!RuleText.isAsciiLetterOrDigit(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the connections this rule is about.
   *
   * @return the protocols, destinations and sources as a connMap
   */
  public ConnMap connMap() {
    return new ConnMap(protocols, destinations, sources);
  }

  /**
   * Returns whether the rule applies to a connection.
   *
   * @param protocol the protocol, or null when not known yet (see {@link ProtoList#matches})
   * @param destination the destination
   * @param source the client
   * @return true when protocol, destination and client all match
   */
  public boolean matches(@Nullable String protocol, HostRef destination, HostRef source) {
    return protocols.matches(protocol)
        && destinations.matches(destination)
        && sources.matches(source);
  }

  /**
   * Returns the canonical text without the {@code SOCKSTAP=} prefix, which {@link #parse} reads
   * back to an equal rule: the connMap, then {@code :} and the parameters when there are any.
   *
   * @return the text, such as {@code http:*:*:cache=on}
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(connMap().toString());
    String separator = ":";
    for (Map.Entry<String, String> param : params.entrySet()) {
      b.append(separator).append(param.getKey());
      if (!param.getValue().isEmpty()) {
        b.append('=').append(param.getValue());
      }
      separator = " ";
    }
    return b.toString();
  }
}
