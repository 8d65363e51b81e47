package org.sockstap.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class AlreadySentOutputStreamTest {

  @Test
  void theBytesAlreadySentAreDroppedAndTheRestGoesThrough() throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    AlreadySentOutputStream out = new AlreadySentOutputStream(wire, new byte[] {5, 0});
    out.write(5);
    out.write(new byte[] {0, 5, 0, 0, 1}, 0, 5);
    assertArrayEquals(new byte[] {5, 0, 0, 1}, wire.toByteArray());
  }

  @Test
  void anAnswerThatDiffersFromWhatWasSentIsAnError() {
    AlreadySentOutputStream out =
        new AlreadySentOutputStream(new ByteArrayOutputStream(), new byte[] {5, 0});
    assertThrows(IOException.class, () -> out.write(new byte[] {5, (byte) 0xff}, 0, 2));
  }
}
