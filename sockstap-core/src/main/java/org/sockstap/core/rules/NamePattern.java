package org.sockstap.core.rules;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A host name with an optional {@code *} at either end, compared without regard to case.
 *
 * <p>{@code *.example.com} matches the subdomains of {@code example.com} and the domain itself,
 * because a rule naming a domain almost always means both; {@code *example.com} is a plain suffix
 * match and {@code www.*} a prefix match.
 */
final class NamePattern {

  private static final String EXPECTED_CHARS =
      "a host name of letters, digits, '-', '_' and '.', with '*' only at its start or end";

  /** The name without its wildcards, in lower case. */
  private final String core;

  private final boolean anyPrefix;
  private final boolean anySuffix;

  /** For {@code *.domain}: the domain itself, which matches too. */
  private final @Nullable String domain;

  private NamePattern(String core, boolean anyPrefix, boolean anySuffix) {
    this.core = core;
    this.anyPrefix = anyPrefix;
    this.anySuffix = anySuffix;
    this.domain = anyPrefix && !anySuffix && core.startsWith(".") ? core.substring(1) : null;
  }

  /**
   * Parses a name pattern other than a lone {@code *}.
   *
   * @param text the host part of the element
   * @param element the whole element, for messages
   */
  static NamePattern parse(String text, String element) {
    boolean anyPrefix = text.startsWith("*");
    boolean anySuffix = text.length() > 1 && text.endsWith("*");
    String core =
        text.substring(anyPrefix ? 1 : 0, anySuffix ? text.length() - 1 : text.length());
    if (core.isEmpty() || core.contains("..")) {
      throw RuleText.error("host list element", element, EXPECTED_CHARS);
    }
    for (int i = 0; i < core.length(); i++) {
      char c = core.charAt(i);
      if (c == '*') {
        throw RuleText.error(
            "host list element", element, "'*' only at the start or end of a host name");
      }
      if (!RuleText.isAsciiLetterOrDigit(c) && c != '-' && c != '_' && c != '.') {
        throw RuleText.error("host list element", element, EXPECTED_CHARS);
      }
    }
    if (!anyPrefix && (core.startsWith("-") || core.startsWith("."))) {
      throw RuleText.error("host list element", element, EXPECTED_CHARS);
    }
    return new NamePattern(core.toLowerCase(Locale.ROOT), anyPrefix, anySuffix);
  }

  /**
   * Whether the name matches.
   *
   * @param name a lower-case name
   */
  boolean matches(String name) {
    if (anyPrefix) {
      if (anySuffix) {
        return name.contains(core);
      }
      return name.endsWith(core) || name.equals(domain);
    }
    return anySuffix ? name.startsWith(core) : name.equals(core);
  }

  @Override
  public String toString() {
    return (anyPrefix ? "*" : "") + core + (anySuffix ? "*" : "");
  }
}
