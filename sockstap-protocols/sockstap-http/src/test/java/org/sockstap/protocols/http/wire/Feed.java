package org.sockstap.protocols.http.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Feeds messages to the readers whole, split at every byte boundary, and one byte per read. */
final class Feed {

  private Feed() {}

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  interface StreamTest {
    void run(InputStream in, String how) throws Exception;
  }

  /** Runs {@code test} on the whole input, on every two-slice split, and one byte per read. */
  static void everySplit(byte[] data, StreamTest test) throws Exception {
    test.run(new SlicedInputStream(data), "whole");
    for (int k = 1; k < data.length; k++) {
      test.run(new SlicedInputStream(data, k), "split at " + k);
    }
    test.run(SlicedInputStream.oneByteAtATime(data), "one byte per read");
  }

  /** A request as a proxy sees it: head, framing, decoded body, trailers. */
  record Request(RequestHead head, BodyFraming framing, String body, Headers trailers) {}

  /** A response as a proxy sees it. */
  record Response(ResponseHead head, BodyFraming framing, String body, Headers trailers) {}

  /** Reads requests until the clean end, as a proxy would. */
  static List<Request> requests(InputStream in) throws IOException {
    HeadReader reader = new HeadReader(in, HttpLimits.defaults());
    List<Request> all = new ArrayList<>();
    for (RequestHead head; (head = reader.readRequest()) != null; ) {
      BodyFraming framing = BodyFraming.forRequest(head);
      BodyReader body = BodyReader.open(reader.body(), framing, HttpLimits.defaults());
      String content = text(body.readAllBytes());
      all.add(new Request(head, framing, content, body.trailers()));
    }
    return all;
  }

  /** Reads responses to the given request methods, in order. */
  static List<Response> responses(InputStream in, String... methods) throws IOException {
    HeadReader reader = new HeadReader(in, HttpLimits.defaults());
    List<Response> all = new ArrayList<>();
    for (String method : methods) {
      ResponseHead head;
      do {
        head = reader.readResponse();
        BodyFraming framing = BodyFraming.forResponse(method, head);
        BodyReader body = BodyReader.open(reader.body(), framing, HttpLimits.defaults());
        String content = text(body.readAllBytes());
        all.add(new Response(head, framing, content, body.trailers()));
      } while (head.isInformational() && head.status() != 101);
    }
    return all;
  }

  /** Asserts that every way of feeding {@code raw} gives the same requests. */
  static List<Request> assertRequests(String raw, int count) throws Exception {
    List<Request> whole = requests(new SlicedInputStream(bytes(raw)));
    assertEquals(count, whole.size(), "requests in " + raw);
    everySplit(bytes(raw), (in, how) -> assertEquals(whole, requests(in), how));
    return whole;
  }

  /** Asserts that every way of feeding {@code raw} fails with {@code status}. */
  static HttpParseException assertRequestFails(String raw, int status) throws Exception {
    HttpParseException[] first = new HttpParseException[1];
    everySplit(bytes(raw), (in, how) -> {
      HttpParseException e = assertThrows(HttpParseException.class, () -> requests(in),
          () -> how + ": " + printable(raw));
      assertEquals(status, e.status(), () -> how + ": " + printable(raw) + " -> " + e);
      if (first[0] == null) {
        first[0] = e;
      }
    });
    return first[0];
  }

  /** Asserts that every way of feeding {@code raw} gives the same responses. */
  static List<Response> assertResponses(String raw, String... methods) throws Exception {
    List<Response> whole = responses(new SlicedInputStream(bytes(raw)), methods);
    everySplit(bytes(raw), (in, how) -> assertEquals(whole, responses(in, methods), how));
    return whole;
  }

  /** Asserts that every way of feeding {@code raw} fails with 502. */
  static HttpParseException assertResponseFails(String raw, String... methods) throws Exception {
    HttpParseException[] first = new HttpParseException[1];
    everySplit(bytes(raw), (in, how) -> {
      HttpParseException e = assertThrows(HttpParseException.class,
          () -> responses(in, methods), () -> how + ": " + printable(raw));
      assertEquals(502, e.status(), () -> how + ": " + printable(raw) + " -> " + e);
      if (first[0] == null) {
        first[0] = e;
      }
    });
    return first[0];
  }

  static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  static String printable(@Nullable String text) {
    if (text == null) {
      return "null";
    }
    return Syntax.printable(text.length() > 200 ? text.substring(0, 200) : text);
  }
}
