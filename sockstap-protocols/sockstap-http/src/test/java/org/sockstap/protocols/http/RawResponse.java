package org.sockstap.protocols.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sockstap.core.testing.Bytes;

/**
 * One response read off a raw socket, by its framing (Content-Length, chunked, none for HEAD),
 * so a test can go on with the next request on the same connection.
 *
 * @param status the status code
 * @param head the status line and fields as received
 * @param fields the fields, {@code name: value} with the name as received
 * @param body the body, ISO-8859-1
 */
record RawResponse(int status, String head, List<String> fields, String body) {

  static RawResponse read(InputStream in) throws IOException {
    return read(in, false);
  }

  static RawResponse read(InputStream in, boolean toHead) throws IOException {
    StringBuilder head = new StringBuilder();
    List<String> fields = new ArrayList<>();
    String statusLine = Bytes.readLine(in);
    if (statusLine == null) {
      throw new EOFException("no response");
    }
    head.append(statusLine);
    String line;
    while (!(line = Bytes.readLine(in)).equals("\r\n")) {
      head.append(line);
      fields.add(line.substring(0, line.length() - 2));
    }
    RawResponse partial = new RawResponse(
        Integer.parseInt(statusLine.substring(9, 12)), head.toString(), fields, "");
    String length = partial.field("Content-Length");
    byte[] body;
    if (toHead || partial.status() == 204 || partial.status() == 304
        || partial.status() < 200) {
      body = new byte[0];
    } else if ("chunked".equalsIgnoreCase(partial.field("Transfer-Encoding"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int size;
      while ((size = Integer.parseInt(Bytes.readLine(in).trim(), 16)) > 0) {
        out.writeBytes(Bytes.readExactly(in, size));
        Bytes.readLine(in);
      }
      Bytes.readLine(in);
      body = out.toByteArray();
    } else if (length != null) {
      body = Bytes.readExactly(in, Integer.parseInt(length));
    } else {
      body = in.readAllBytes();
    }
    return new RawResponse(partial.status(), partial.head(), fields,
        new String(body, StandardCharsets.ISO_8859_1));
  }

  /** The value of the first field with this name, or null. */
  String field(String name) {
    String prefix = name.toLowerCase(Locale.ROOT) + ":";
    for (String field : fields) {
      if (field.toLowerCase(Locale.ROOT).startsWith(prefix)) {
        return field.substring(prefix.length()).trim();
      }
    }
    return null;
  }
}
