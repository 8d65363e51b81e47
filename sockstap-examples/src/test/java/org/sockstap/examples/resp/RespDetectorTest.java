package org.sockstap.examples.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sockstap.api.Detection;
import org.sockstap.api.DetectionInput;
import org.sockstap.api.Endpoint;

class RespDetectorTest {
  private static final Endpoint REDIS = new Endpoint("127.0.0.1", 6379);
  private final RespDetector detector = new RespDetector();

  private Detection detect(byte[] client, byte[] server, boolean clientEnded) {
    return detector.detect(new DetectionInput(ByteBuffer.wrap(client), ByteBuffer.wrap(server),
        REDIS, clientEnded, false));
  }

  private Detection detect(String client) {
    return detect(client.getBytes(StandardCharsets.ISO_8859_1), new byte[0], false);
  }

  @Test
  void namesItsProtocolAndPort() {
    assertEquals("resp", detector.protocol());
    assertEquals(Set.of(6379), detector.wellKnownPorts());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "*1\r\n$4\r\nPING\r\n",
      "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n",
      "*2\r\n$3\r\nget\r\n$1\r\nk\r\n",
      "*2\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n",
      "*1024\r\n$12\r\nGEORADIUS_RO\r\n",
      "*1\r\n$32\r\nABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF\r\n",
      "*2\r\n$14\r\nRESTORE-ASKING\r\n",
      "PING\r\n",
      "ping\n",
      "PiNg\r\n",
  })
  void recognisesACommandSplitAtEveryByte(String command) {
    byte[] bytes = command.getBytes(StandardCharsets.US_ASCII);
    int decisive = bytes.length;
    if (command.startsWith("*")) {
      // recognised once the command name and its CRLF are in, before the other arguments
      int dollar = command.indexOf('$');
      int nameStart = command.indexOf("\r\n", dollar) + 2;
      decisive = command.indexOf("\r\n", nameStart) + 2;
    }
    for (int length = 0; length <= bytes.length; length++) {
      Detection expected =
          length < decisive ? Detection.NEED_CLIENT_BYTES : Detection.RECOGNISED;
      byte[] prefix = Arrays.copyOf(bytes, length);
      assertEquals(expected, detect(prefix, new byte[0], false), "prefix of " + length);
      if (length < decisive) {
        assertEquals(Detection.NOT_RECOGNISED, detect(prefix, new byte[0], true),
            "prefix of " + length + ", then the client closed");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "GET / HTTP/1.1\r\n",
      "POST / HTTP/1.1\r\n",
      "PINGX\r\n",
      "PING \r\n",
      "PING\rX",
      "\u0016\u0003\u0001\u0002\u0000",
      "*0\r\n",
      "*-1\r\n",
      "*01\r\n$4\r\nPING\r\n",
      "*1025\r\n$4\r\nPING\r\n",
      "*10000\r\n",
      "*1\n$4\r\nPING\r\n",
      "*1\r\n:4\r\n",
      "*1\r\n$0\r\n\r\n",
      "*1\r\n$33\r\nABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG\r\n",
      "*1\r\n$4\r\nPIN\u0000\r\n",
      "*1\r\n$4\r\n4ING\r\n",
      "*1\r\n$4\r\nPINGXX",
      "*1\r\n$4\r\nPING\rX",
      "*x",
      "SSH-2.0-OpenSSH_9.6\r\n",
  })
  void rejectsWhatIsNotARespCommand(String garbage) {
    assertEquals(Detection.NOT_RECOGNISED, detect(garbage));
  }

  @Test
  void waitsForTheClientAndGivesUpWhenTheServerSpeaksFirst() {
    assertEquals(Detection.NEED_CLIENT_BYTES, detect(new byte[0], new byte[0], false));
    assertEquals(Detection.NOT_RECOGNISED, detect(new byte[0], new byte[0], true));
    byte[] greeting = "220 smtp.example.com ESMTP\r\n".getBytes(StandardCharsets.US_ASCII);
    assertEquals(Detection.NOT_RECOGNISED, detect(new byte[0], greeting, false));
  }

  @Test
  void examinesABoundedPrefixOfAHugeInput() {
    byte[] huge = new byte[1 << 20];
    Arrays.fill(huge, (byte) '9');
    huge[0] = '*';
    assertEquals(Detection.NOT_RECOGNISED, detect(huge, new byte[0], false));
    byte[] longName = ("*1\r\n$9\r\n" + "A".repeat(1 << 20)).getBytes(StandardCharsets.US_ASCII);
    assertEquals(Detection.NOT_RECOGNISED, detect(longName, new byte[0], false));
  }

  @Test
  void readsFromTheBufferPositionWithoutConsumingIt() {
    ByteBuffer client = ByteBuffer.wrap("xx*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
    client.position(2);
    DetectionInput input = new DetectionInput(client, ByteBuffer.allocate(0), REDIS, false, false);
    assertEquals(Detection.RECOGNISED, detector.detect(input));
    assertEquals(Detection.RECOGNISED, detector.detect(input));
  }
}
