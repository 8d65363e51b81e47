package org.sockstap.core.cache;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of one {@link DiskCache} entry, all integers big-endian:
 *
 * <pre>
 * offset size
 *  0      4   magic "STC1"
 *  4      4   format version (1)
 *  8      4   key length K
 * 12      4   metadata length M
 * 16      8   body length B
 * 24      8   stored time, epoch millis
 * 32      4   CRC32C of the body
 * 36      4   CRC32C of bytes 0-35, the key and the metadata
 * 40      K   key, its UTF-16 code units big-endian (lossless for any Java string)
 * 40+K    M   metadata
 * 40+K+M  B   body
 * </pre>
 *
 * <p>Two checksums rather than one so that a metadata update can copy the body without reading
 * it; the head checksum is checked when an entry is opened, the body checksum while the body is
 * streamed. The file name is the hex SHA-256 of the key bytes; the key is stored to tell hash
 * collisions apart and to rebuild the index.
 */
final class EntryFormat {

  static final int MAGIC = 0x53544331;
  static final int VERSION = 1;
  static final int HEADER_SIZE = 40;
  static final int BODY_CRC_OFFSET = 32;
  static final int HEAD_CRC_OFFSET = 36;
  /** Cloned for each hash; never used itself. */
  private static final MessageDigest SHA_256 = sha256();

  private EntryFormat() {}

  /**
   * The key's UTF-16 code units, big-endian. By hand: the charset would replace lone surrogates
   * and so give two keys the same bytes.
   */
  static byte[] keyBytes(String key) {
    byte[] bytes = new byte[key.length() * 2];
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      bytes[2 * i] = (byte) (c >>> 8);
      bytes[2 * i + 1] = (byte) c;
    }
    return bytes;
  }

  static String hash(byte[] keyBytes) {
    MessageDigest digest;
    try {
      // a clone skips the provider lookup of getInstance, which costs more than the digest
      digest = (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      digest = sha256();
    }
    return HexFormat.of().formatHex(digest.digest(keyBytes));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  static boolean isHash(String name) {
    if (name.length() != 64) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** Builds the header, key and metadata of an entry whose body is described by the arguments. */
  static ByteBuffer head(
      byte[] keyBytes, byte[] metadata, long bodyLength, long storedMillis, int bodyCrc) {
    ByteBuffer buf = ByteBuffer.allocate(HEADER_SIZE + keyBytes.length + metadata.length);
    buf.putInt(MAGIC)
        .putInt(VERSION)
        .putInt(keyBytes.length)
        .putInt(metadata.length)
        .putLong(bodyLength)
        .putLong(storedMillis)
        .putInt(bodyCrc)
        .putInt(0)
        .put(keyBytes)
        .put(metadata);
    buf.putInt(HEAD_CRC_OFFSET, headCrc(buf.array(), buf.capacity()));
    return buf.flip();
  }

  /** The head checksum over the first {@code headLength} bytes: header, key and metadata. */
  static int headCrc(byte[] head, int headLength) {
    CRC32C crc = new CRC32C();
    crc.update(head, 0, HEAD_CRC_OFFSET);
    crc.update(head, HEADER_SIZE, headLength - HEADER_SIZE);
    return (int) crc.getValue();
  }
}
