package org.sockstap.core.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A list of application protocols in DeleGate's protoList syntax, such as {@code http,ftp} or
 * {@code *,!telnet}.
 *
 * <p>Elements are protocol names (letters, digits, {@code -}, {@code _} and {@code .}, starting
 * with a letter or digit, compared in lower case), {@code *} for every protocol, and exclusions
 * {@code !name}, {@code -name} and {@code !*}. They are read left to right like a {@link HostList}:
 * the result starts as "in" when the first element is an exclusion and "out" otherwise, and each
 * element naming the protocol sets it to "in", or "out" for an exclusion. So {@code !telnet} means
 * every protocol but telnet.
 *
 * <p>A protocol that is not known yet ({@code null}) is named only by {@code *} and {@code !*}: it
 * matches when the list would take some protocol it does not mention, so {@code *},
 * {@code *,!http} and {@code !http} match it, {@code http} and {@code !*} do not.
 *
 * <p>Empty text and {@code *} name every protocol. Instances are immutable and safe to share; the
 * result for every name is worked out when parsing, so {@link #matches} is one map lookup.
 */
public final class ProtoList {

  private static final String EXPECTED =
      "a protocol name of letters, digits, '-', '_' and '.', *, or !name, -name, !*";

  private static final ProtoList ANY = parse("*");

  /** The result for each protocol the list mentions. */
  private final Map<String, Boolean> named;

  /** The result for every protocol the list does not mention, and for an unknown one. */
  private final boolean others;

  private final String text;

  private ProtoList(Map<String, Boolean> named, boolean others, String text) {
    this.named = named;
    this.others = others;
    this.text = text;
  }

  /**
   * Parses a protocol list; braces around the whole list are removed.
   *
   * @param text the list, such as {@code http,https} or {@code *,!smtp}
   * @return the list
   * @throws IllegalArgumentException naming the offending element when the text is not a list of
   *     protocols
   */
  public static ProtoList parse(String text) {
    Objects.requireNonNull(text, "text");
    RuleText.rejectControl("protocol list", text);
    String list = RuleText.unwrap(text);
    if (list.isEmpty()) {
      list = "*";
    }
    List<String> parts = RuleText.splitList(list, "protocol list");
    List<String> names = new ArrayList<>(parts.size());
    boolean[] negated = new boolean[parts.size()];
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      negated[i] = part.startsWith("!") || part.startsWith("-");
      String name = negated[i] ? part.substring(1) : part;
      if (!name.equals("*") && !validName(name)) {
        throw RuleText.error("protocol list element", part, EXPECTED);
      }
      names.add(name.toLowerCase(Locale.ROOT));
    }
    boolean others = evaluate(names, negated, null);
    Map<String, Boolean> named = new HashMap<>();
    StringBuilder canonical = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (!name.equals("*")) {
        named.put(name, evaluate(names, negated, name));
      }
      canonical.append(i == 0 ? "" : ",").append(negated[i] ? "!" : "").append(name);
    }
    return new ProtoList(Map.copyOf(named), others, canonical.toString());
  }

  private static boolean validName(String name) {
    if (name.isEmpty() || !RuleText.isAsciiLetterOrDigit(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!RuleText.isAsciiLetterOrDigit(c) && c != '-' && c != '_' && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** Reads the list left to right for one protocol; {@code null} is named only by {@code *}. */
  private static boolean evaluate(
      List<String> names, boolean[] negated, @Nullable String protocol) {
    boolean in = negated[0];
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      if (name.equals("*") || name.equals(protocol)) {
        in = !negated[i];
      }
    }
    return in;
  }

  /**
   * Returns the list that names every protocol.
   *
   * @return {@code *}
   */
  public static ProtoList any() {
    return ANY;
  }

  /**
   * Returns whether the protocol is in the list. A protocol not known yet ({@code null}) is in it
   * when the list takes protocols it does not mention, see the class description.
   *
   * @param protocol the protocol name (compared in lower case), or {@code null} when not known yet
   * @return true when it is
   */
  public boolean matches(@Nullable String protocol) {
    if (protocol == null) {
      return others;
    }
    Boolean result = named.get(protocol.toLowerCase(Locale.ROOT));
    return result == null ? others : result;
  }

  /**
   * Returns whether the list names every protocol, so that callers may skip asking.
   *
   * @return true when every protocol, known or not, is in the list
   */
  public boolean isAny() {
    return others && !named.containsValue(Boolean.FALSE);
  }

  /**
   * Returns the canonical text of the list, which {@link #parse} reads back to an equal list:
   * names in lower case, exclusions written {@code !name}.
   *
   * @return the text, such as {@code *,!telnet}
   */
  @Override
  public String toString() {
    return text;
  }

  /**
   * Compares the canonical texts.
   *
   * @param other another object
   * @return whether it is a protocol list with the same canonical text
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ProtoList && ((ProtoList) other).text.equals(text);
  }

  /**
   * Returns the hash of the canonical text.
   *
   * @return the hash
   */
  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
