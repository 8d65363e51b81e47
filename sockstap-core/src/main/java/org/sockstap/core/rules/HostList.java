package org.sockstap.core.rules;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A list of hosts in DeleGate's hostList syntax, such as {@code *.example.com,!secret.example.com}.
 *
 * <p>Elements are separated by commas and read left to right. Matching starts from "in" when the
 * first element is an exclusion ({@code !...}) and from "out" otherwise; each element that names
 * the host sets the result to "in", or to "out" for an exclusion. So {@code !*.evil.com} and
 * {@code *,!*.evil.com} both mean every host but those of {@code evil.com}, and
 * {@code *.corp.com,!secret.corp.com} means {@code corp.com} except one host.
 *
 * <p>An element is {@code [!][user@]host[:ports]}:
 *
 * <ul>
 *   <li>host {@code *} names every host, including one whose name and address are unknown;
 *   <li>a name, compared without regard to case, may start or end with {@code *}:
 *       {@code *.example.com} names {@code example.com} and its subdomains, {@code *example.com}
 *       any name ending so, {@code www.*} any name starting so. Name patterns compare the name the
 *       client gave ({@link HostRef#name()}); for a host given only as an address they compare
 *       that address's literal, so {@code 192.168.*} works. A resolved address is never compared
 *       with a name pattern, nor is a name ever looked up to compare it with an address;
 *   <li>an IPv4 address ({@code 10.0.0.1}), an IPv6 address ({@code ::1}), a CIDR block
 *       ({@code 10.0.0.0/8}, {@code fe80::/10}) or address/mask ({@code 10.0.0.0/255.0.0.0})
 *       compares {@link HostRef#address()}, or the name when that is itself an IP literal. An
 *       IPv4-mapped IPv6 address ({@code ::ffff:127.0.0.1}) is the same host as its IPv4 address,
 *       both in the list and in the host. An IPv6 pattern followed by ports goes in brackets or
 *       braces: {@code [::1]:80}, {@code {fe80::/10}:443};
 *   <li>{@code :80}, {@code :8000-8100} or {@code :{80,443,8000-8100}} requires the host's port to
 *       be one of those; a host without a port ({@code -1}) never matches such an element;
 *   <li>{@code alice@} requires that authenticated user (compared exactly), {@code *@} any
 *       authenticated user; an element without {@code @} ignores the user.
 * </ul>
 *
 * <p>Empty text and {@code *} name every host. Parsing never resolves names. Instances are
 * immutable and safe to share; {@link #matches} allocates little and runs once per connection.
 */
public final class HostList {

  private static final HostList ANY = new HostList(new HostElement[] {HostElement.parse("*")});

  private final HostElement[] elements;
  private final String text;

  private HostList(HostElement[] elements) {
    this.elements = elements;
    StringBuilder b = new StringBuilder();
    for (HostElement element : elements) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(element);
    }
    this.text = b.toString();
  }

  /**
   * Parses a host list; braces around the whole list are removed.
   *
   * @param text the list, such as {@code *.example.com,!10.0.0.0/8,*:{25,587}}
   * @return the list
   * @throws IllegalArgumentException naming the offending element when the text is not a host
   *     list
   */
  public static HostList parse(String text) {
    Objects.requireNonNull(text, "text");
    RuleText.rejectControl("host list", text);
    String list = RuleText.unwrap(text);
    if (list.isEmpty() || list.equals("*")) {
      return ANY;
    }
    List<String> parts = RuleText.splitList(list, "host list");
    HostElement[] elements = new HostElement[parts.size()];
    for (int i = 0; i < elements.length; i++) {
      elements[i] = HostElement.parse(parts.get(i));
    }
    return new HostList(elements);
  }

  /**
   * Returns the list that names every host.
   *
   * @return {@code *}
   */
  public static HostList any() {
    return ANY;
  }

  /**
   * Returns whether the host is in the list.
   *
   * @param host the host
   * @return true when it is
   */
  public boolean matches(HostRef host) {
    Objects.requireNonNull(host, "host");
    HostTarget target = new HostTarget(host);
    boolean in = elements[0].negated;
    for (HostElement element : elements) {
      // an element that cannot change the result needs no comparing
      if (in == element.negated && element.matches(target)) {
        in = !element.negated;
      }
    }
    return in;
  }

  /**
   * Returns whether the list certainly names every host: it has an unconditional {@code *} with
   * no exclusion after it. Callers may skip matching then. The answer is conservative: a list
   * such as {@code !a.com,a.com} names every host too but is not recognised.
   *
   * @return true when every host is in the list
   */
  public boolean isAny() {
    for (int i = elements.length - 1; i >= 0; i--) {
      if (elements[i].negated) {
        return false;
      }
      if (elements[i].isEveryHost()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the canonical text of the list, which {@link #parse} reads back to an equal list:
   * names in lower case, masks as prefix lengths, IPv6 in brackets, port lists in braces.
   *
   * @return the text, such as {@code *.example.com,!10.0.0.0/8}
   */
  @Override
  public String toString() {
    return text;
  }

  /**
   * Compares the canonical texts.
   *
   * @param other another object
   * @return whether it is a host list with the same canonical text
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof HostList && ((HostList) other).text.equals(text);
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
