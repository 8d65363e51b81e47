package org.sockstap.protocols.http.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sockstap.protocols.http.wire.RequestHead;
import org.sockstap.protocols.http.wire.ResponseHead;

class InvalidationTest {

  private static String key(String target) {
    return CacheKey.of("a.test", 80, "a.test", "GET", target);
  }

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(Heads.request("POST", "/x"), Heads.response(200), List.of(key("/x"))),
        Arguments.of(Heads.request("PUT", "/x"), Heads.response(204), List.of(key("/x"))),
        Arguments.of(Heads.request("DELETE", "/x"), Heads.response(303, "Location: /y"),
            List.of(key("/x"), key("/y"))),
        Arguments.of(Heads.request("PATCH", "/d/x?q"), Heads.response(200,
                "Location: y", "Content-Location: http://A.test:80/z?1"),
            List.of(key("/d/x?q"), key("/d/y"), key("/z?1"))),
        Arguments.of(Heads.request("POST", "/x"), Heads.response(201,
                "Location: http://b.test/y", "Content-Location: https://a.test/z"),
            List.of(key("/x"))),
        Arguments.of(Heads.request("POST", "/x"), Heads.response(201,
                "Location: //b.test/y", "Content-Location: mailto:x"),
            List.of(key("/x"))),
        Arguments.of(Heads.request("POST", "/x"), Heads.response(201,
                "Location: http://a.test:8080/y"),
            List.of(key("/x"))),
        Arguments.of(Heads.request("POST", "/x"), Heads.response(201,
                "Location: ?p#frag"),
            List.of(key("/x"), key("/x?p"))),
        Arguments.of(Heads.request("POST", "http://a.test/x"), Heads.response(201,
                "Location: /y"),
            List.of(key("http://a.test/x"), key("http://a.test/y"))),
        Arguments.of(Heads.request("POST", "/x"), Heads.response(500), List.of()),
        Arguments.of(Heads.request("POST", "/x"), Heads.response(404), List.of()),
        Arguments.of(Heads.request("GET", "/x"), Heads.response(200), List.of()),
        Arguments.of(Heads.request("OPTIONS", "/x"), Heads.response(200), List.of()));
  }

  @ParameterizedTest
  @MethodSource("table")
  void keys(RequestHead request, ResponseHead response, List<String> expected) {
    assertEquals(expected,
        Invalidation.keysToInvalidate("a.test", 80, "a.test", request, response));
  }
}
