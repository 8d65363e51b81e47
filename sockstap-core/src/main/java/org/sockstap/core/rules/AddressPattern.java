package org.sockstap.core.rules;

/**
 * An address, CIDR block or address/mask, held as a 128-bit network and mask so a match is two
 * ANDs and two compares. IPv4 patterns are held in their IPv4-mapped form, see {@link IpAddress}.
 */
final class AddressPattern {

  private static final String EXPECTED_ADDRESS =
      "an IPv4 address of four decimal octets 0-255 or an IPv6 address";

  private final long netHi;
  private final long netLo;
  private final long maskHi;
  private final long maskLo;
  private final String text;

  private AddressPattern(IpAddress address, int prefix) {
    int bits = address.ipv4() ? prefix + 96 : prefix;
    this.maskHi = IpAddress.hiMask(bits);
    this.maskLo = IpAddress.loMask(bits);
    IpAddress net = new IpAddress(address.hi() & maskHi, address.lo() & maskLo, address.ipv4());
    this.netHi = net.hi();
    this.netLo = net.lo();
    String literal = address.ipv4() ? net.toString() : "[" + net + "]";
    this.text = prefix == address.familyBits() ? literal : literal + "/" + prefix;
  }

  /**
   * Parses {@code address}, {@code address/prefix} or {@code address/mask}; host bits beyond the
   * prefix are ignored, as routers do.
   *
   * @param spec the text, without brackets around an IPv6 address
   * @param element the whole element, for messages
   */
  static AddressPattern parse(String spec, String element) {
    int slash = spec.indexOf('/');
    String literal = slash < 0 ? spec : spec.substring(0, slash);
    IpAddress address = IpAddress.parse(literal);
    if (address == null) {
      throw RuleText.error("host list element", element, EXPECTED_ADDRESS);
    }
    int bits = address.familyBits();
    if (slash < 0) {
      return new AddressPattern(address, bits);
    }
    String suffix = spec.substring(slash + 1);
    if (!suffix.isEmpty() && suffix.chars().allMatch(c -> c >= '0' && c <= '9')) {
      int prefix = suffix.length() > 3 ? Integer.MAX_VALUE : Integer.parseInt(suffix);
      if (prefix > bits) {
        throw RuleText.error("host list element", element, "prefix length 0-" + bits);
      }
      return new AddressPattern(address, prefix);
    }
    IpAddress mask = IpAddress.parse(suffix);
    if (mask == null || mask.ipv4() != address.ipv4()) {
      throw RuleText.error(
          "host list element",
          element,
          "a prefix length 0-" + bits + " or a netmask of the address's family");
    }
    int prefix = mask.maskPrefix();
    if (prefix < 0) {
      throw RuleText.error("host list element", element, "a contiguous netmask");
    }
    return new AddressPattern(address, prefix);
  }

  /** Whether the address is in the block. */
  boolean matches(IpAddress address) {
    return (address.hi() & maskHi) == netHi && (address.lo() & maskLo) == netLo;
  }

  /** Returns the network and prefix length, IPv6 in brackets, e.g. {@code [fe80::]/10}. */
  @Override
  public String toString() {
    return text;
  }
}
