package org.sockstap.protocols.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.sockstap.protocols.http.wire.HeaderField;
import org.sockstap.protocols.http.wire.Headers;
import org.sockstap.protocols.http.wire.HopByHop;

/**
 * The header rules for one direction (DeleGate's HTTPCONF {@code kill-head}, {@code add-head},
 * {@code replace-head}): fields to remove, to replace and to add, applied in that order after
 * hop-by-hop stripping. Immutable.
 *
 * @param kill names of the fields to remove
 * @param replace fields that replace every field of their name (added when absent); several with
 *     one name all stay
 * @param add fields appended as they are
 */
record HeaderRules(List<String> kill, List<HeaderField> replace, List<HeaderField> add) {

  /** No rules. */
  static final HeaderRules NONE = new HeaderRules(List.of(), List.of(), List.of());

  /**
   * Fields no rule may touch: framing (a rule could desynchronise the message from its body),
   * the target, the 100-continue handshake the proxy runs itself, and the connection-specific
   * fields the proxy manages (RFC 9110 §7.6.1).
   */
  private static final Set<String> PROTECTED = Set.of(
      "content-length", "transfer-encoding", "host", "expect");

  /** Copies the lists. */
  HeaderRules {
    kill = List.copyOf(kill);
    replace = List.copyOf(replace);
    add = List.copyOf(add);
  }

  /**
   * Returns why a rule may not name this field, or null when it may.
   *
   * @param name a field name
   * @return the reason, for an error message
   */
  static @Nullable String protectedReason(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (PROTECTED.contains(lower)) {
      return "not " + name + ": framing, Host and Expect are the proxy's";
    }
    if (HopByHop.isHopByHop(name)) {
      return "not " + name + ": connection-specific fields are the proxy's";
    }
    return null;
  }

  /** Applies the rules, in place. */
  void apply(Headers headers) {
    for (String name : kill) {
      headers.remove(name);
    }
    Set<String> replaced = new LinkedHashSet<>();
    for (HeaderField field : replace) {
      if (replaced.add(field.name().toLowerCase(Locale.ROOT))) {
        headers.remove(field.name());
      }
    }
    for (HeaderField field : replace) {
      headers.add(field);
    }
    for (HeaderField field : add) {
      headers.add(field);
    }
  }

  boolean isEmpty() {
    return kill.isEmpty() && replace.isEmpty() && add.isEmpty();
  }

  /** Fields whose values are credentials: never shown. */
  private static final Set<String> SECRET = Set.of("authorization", "cookie", "set-cookie");

  /**
   * The parameter text of a field list, {@code Name:value,...}, values not re-encoded and
   * credentials hidden.
   */
  static String text(List<HeaderField> fields) {
    List<String> parts = new ArrayList<>();
    for (HeaderField field : fields) {
      boolean secret = SECRET.contains(field.name().toLowerCase(Locale.ROOT));
      parts.add(field.name() + ":" + (secret ? "..." : field.value()));
    }
    return String.join(",", parts);
  }
}
