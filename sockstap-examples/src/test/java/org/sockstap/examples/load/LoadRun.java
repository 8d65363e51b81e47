package org.sockstap.examples.load;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One in-process run of {@link SocksLoad}: its exit status, its output, and the key=value pairs
 * of its RESULT line.
 */
record LoadRun(int status, String out, String err, Map<String, String> result) {
  static LoadRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = SocksLoad.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), null);
    String text = out.toString(StandardCharsets.UTF_8);
    Map<String, String> result = new LinkedHashMap<>();
    for (String line : text.split("\\R")) {
      if (line.startsWith("RESULT ")) {
        for (String pair : line.substring(7).split(" ")) {
          int equals = pair.indexOf('=');
          result.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
      }
    }
    return new LoadRun(status, text, err.toString(StandardCharsets.UTF_8), result);
  }

  long number(String key) {
    String value = result.get(key);
    if (value == null) {
      throw new AssertionError("no " + key + " in " + out);
    }
    return Long.parseLong(value);
  }

  double decimal(String key) {
    String value = result.get(key);
    if (value == null) {
      throw new AssertionError("no " + key + " in " + out);
    }
    return Double.parseDouble(value);
  }

  @Override
  public String toString() {
    return "status " + status + "\n" + out + err;
  }
}
