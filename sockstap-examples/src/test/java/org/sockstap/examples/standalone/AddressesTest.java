package org.sockstap.examples.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {
  @ParameterizedTest
  @CsvSource({
      "127.0.0.1, 1080, 127.0.0.1:1080",
      "::1, 1080, [::1]:1080",
      "::, 0, [::]:0",
      "2001:db8::1:0:0:1, 443, [2001:db8::1:0:0:1]:443",
  })
  void formatsResolvedAddresses(String ip, int port, String expected) throws Exception {
    assertEquals(expected, Addresses.format(new InetSocketAddress(InetAddress.getByName(ip), port)));
  }

  @ParameterizedTest
  @CsvSource({
      "0:0:0:0:0:0:0:1, ::1",
      "0:0:0:0:0:0:0:0, ::",
      "1:0:0:0:0:0:0:0, 1::",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
      "fe80:0:0:0:0:0:0:1%2, fe80::1%2",
  })
  void shortensIpv6AsRfc5952Says(String full, String expected) {
    assertEquals(expected, Addresses.shortIpv6(full));
  }

  @ParameterizedTest
  @CsvSource({"example.com, 80, example.com:80", "::1, 1080, [::1]:1080"})
  void formatsUnresolvedAddresses(String host, int port, String expected) {
    assertEquals(expected, Addresses.format(InetSocketAddress.createUnresolved(host, port)));
  }
}
