package org.sockstap.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sockstap.core.rules.Hosts.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConnMapTest {

  /** Hosts as in {@link Hosts#host}; an empty protocol column is a protocol not known yet. */
  @ParameterizedTest(name = "{0} ~ {1} {2} <- {3} = {4}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          http:*.example.com:127.0.0.1      | http  | www.example.com:80 | /127.0.0.1 | true
          http:*.example.com:127.0.0.1      | ftp   | www.example.com:80 | /127.0.0.1 | false
          http:*.example.com:127.0.0.1      |       | www.example.com:80 | /127.0.0.1 | false
          http:*.example.com:127.0.0.1      | http  | www.example.org:80 | /127.0.0.1 | false
          http:*.example.com:127.0.0.1      | http  | www.example.com:80 | /10.0.0.1  | false
          *:*.example.com:127.0.0.1         |       | www.example.com:80 | /127.0.0.1 | true
          ''                                | smtp  | x:25               | /10.0.0.1  | true
          http                              | http  | x:25               | /10.0.0.1  | true
          http::                            | http  | x:25               | /10.0.0.1  | true
          :x                                | smtp  | x:25               | /10.0.0.1  | true
          :x                                | smtp  | y:25               | /10.0.0.1  | false
          ::10.0.0.0/8                      | smtp  | y:25               | /10.0.0.1  | true
          ::10.0.0.0/8                      | smtp  | y:25               | /11.0.0.1  | false
          {http,ftp}:{a.com,b.com}:*        | ftp   | b.com:21           | /1.2.3.4   | true
          *:{[::1]:{80,443},10.0.0.0/8}:*   | http  | /[::1]:443         | /1.2.3.4   | true
          *:{[::1]:{80,443},10.0.0.0/8}:*   | http  | /10.1.1.1:9        | /1.2.3.4   | true
          *:{[::1]:{80,443},10.0.0.0/8}:*   | http  | /[::1]:22          | /1.2.3.4   | false
          *:{::1}:*                         | http  | /[::1]:22          | /1.2.3.4   | true
          *:{{::1}:80}:{fe80::/10}          | http  | /[::1]:80          | /[fe80::9] | true
          *:{{::1}:80}:{fe80::/10}          | http  | /[::1]:80          | /[fec0::9] | false
          *:[::1]:*                         | http  | /[::1]:80          | /[fe80::9] | true
          *:*:*@*                           | http  | x:80               | alice@/1.2.3.4 | true
          *:*:*@*                           | http  | x:80               | /1.2.3.4   | false
          *:{*:{25,587}}:*                  | smtp  | mail:587           | /1.2.3.4   | true
          """)
  void matches(String map, String protocol, String dst, String src, boolean expected) {
    assertEquals(expected, ConnMap.parse(map).matches(protocol, host(dst), host(src)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          http:a:b:c          | conn map: "http:a:b:c" (expected: ProtoList:dstHostList:srcHostList
          http:a.com:80:*     | conn map: "http:a.com:80:*"
          http:[::1]:80:*     | {} around a ':'
          http:{a.com:*       | conn map: "http:{a.com:*" (expected: balanced {} and [])
          http:a.com}:*       | balanced {} and []
          ht tp:*:*           | protocol list element: "ht tp"
          http:a..com:*       | host list element: "a..com"
          http:*:10.0.0.256   | host list element: "10.0.0.256"
          http:::1            | {} around a ':'
          """)
  void rejects(String map, String fragment) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ConnMap.parse(map));
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ''                                 | *:*:*
          HTTP                               | http:*:*
          http,ftp:{*.EX.com,10.0.0.1/8}:{1.2.3.4} | http,ftp:{*.ex.com,10.0.0.0/8}:1.2.3.4
          *:{{::1}:80}:*                     | *:{[::1]:80}:*
          *::1.2.3.4                         | *:*:1.2.3.4
          *:{::1}:{::1}                      | *:{[::1]}:{[::1]}
          """)
  void canonicalText(String map, String canonical) {
    ConnMap parsed = ConnMap.parse(map);
    assertEquals(canonical, parsed.toString());
    assertEquals(parsed, ConnMap.parse(canonical));
  }

  @Test
  void anyTakesEverything() {
    assertEquals("*:*:*", ConnMap.any().toString());
    assertTrue(ConnMap.any().matches(null, Hosts.named(null), Hosts.named(null)));
    assertEquals(ConnMap.any(), ConnMap.parse(""));
  }

  @Test
  void rejectsNullParts() {
    assertThrows(
        NullPointerException.class, () -> new ConnMap(null, HostList.any(), HostList.any()));
  }
}
