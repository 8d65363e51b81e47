package org.sockstap.core.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The validated header, key and metadata of an entry file (see {@link EntryFormat}).
 *
 * @param keyBytes the key bytes
 * @param metadata the metadata
 * @param bodyOffset where the body starts in the file
 * @param bodyLength the body length
 * @param storedMillis when the entry was stored
 * @param bodyCrc the expected CRC32C of the body
 */
record EntryHead(
    byte[] keyBytes,
    byte[] metadata,
    long bodyOffset,
    long bodyLength,
    long storedMillis,
    int bodyCrc) {

  /** Key plus metadata above this is refused on write and taken for damage on read. */
  static final int MAX_KEY_AND_METADATA = 16 * 1024 * 1024;

  /** Thrown when an entry file is not a well-formed entry; the message says why. */
  static final class DamagedException extends IOException {
    private static final long serialVersionUID = 1L;

    DamagedException(String reason) {
      super(reason);
    }
  }

  /**
   * Reads and checks the head of an entry file: magic, version, lengths against the file size,
   * the head checksum, the key's hash against the file name and, if given, the key itself.
   *
   * @param channel the file, read with absolute positions
   * @param hash the file's name
   * @param expectedKey the key being looked up, or null to accept any key with this hash
   * @return the head
   * @throws DamagedException when the file is damaged or holds another key
   * @throws IOException when the file cannot be read
   */
  static EntryHead read(FileChannel channel, String hash, byte @Nullable [] expectedKey)
      throws IOException {
    long size = channel.size();
    if (size < EntryFormat.HEADER_SIZE) {
      throw new DamagedException("file of " + size + " bytes is shorter than the header");
    }
    ByteBuffer header = ByteBuffer.allocate(EntryFormat.HEADER_SIZE);
    readFully(channel, header, 0);
    long bodyOffset = bodyOffset(header.array(), size);
    ByteBuffer head = ByteBuffer.allocate((int) bodyOffset);
    head.put(header.array());
    readFully(channel, head, EntryFormat.HEADER_SIZE);
    return check(head.array(), (int) bodyOffset, size, hash, expectedKey);
  }

  /**
   * Checks the head of an entry file held whole in memory, as {@link #read} does; the body's
   * checksum is left to the caller.
   *
   * @param file the whole file
   * @param hash the file's name
   * @param expectedKey the key being looked up, or null to accept any key with this hash
   * @return the head
   * @throws DamagedException when the file is damaged or holds another key
   */
  static EntryHead parse(byte[] file, String hash, byte @Nullable [] expectedKey)
      throws DamagedException {
    if (file.length < EntryFormat.HEADER_SIZE) {
      throw new DamagedException("file of " + file.length + " bytes is shorter than the header");
    }
    long bodyOffset = bodyOffset(file, file.length);
    return check(file, (int) bodyOffset, file.length, hash, expectedKey);
  }

  /** Checks the header's magic, version and lengths against the file size. */
  private static long bodyOffset(byte[] bytes, long size) throws DamagedException {
    ByteBuffer header = ByteBuffer.wrap(bytes, 0, EntryFormat.HEADER_SIZE);
    if (header.getInt(0) != EntryFormat.MAGIC) {
      throw new DamagedException("bad magic");
    }
    if (header.getInt(4) != EntryFormat.VERSION) {
      throw new DamagedException("unknown format version " + header.getInt(4));
    }
    int keyLength = header.getInt(8);
    int metaLength = header.getInt(12);
    long bodyLength = header.getLong(16);
    if (keyLength < 0
        || metaLength < 0
        || bodyLength < 0
        || (long) keyLength + metaLength > MAX_KEY_AND_METADATA) {
      throw new DamagedException("bad lengths");
    }
    long bodyOffset = (long) EntryFormat.HEADER_SIZE + keyLength + metaLength;
    if (size != bodyOffset + bodyLength) {
      throw new DamagedException(
          "file size " + size + " (expected: " + (bodyOffset + bodyLength) + ")");
    }
    return bodyOffset;
  }

  /** Checks the head checksum and the key of the first {@code headLength} bytes. */
  private static EntryHead check(byte[] bytes, int headLength, long size, String hash,
      byte @Nullable [] expectedKey) throws DamagedException {
    ByteBuffer header = ByteBuffer.wrap(bytes, 0, EntryFormat.HEADER_SIZE);
    if (EntryFormat.headCrc(bytes, headLength) != header.getInt(EntryFormat.HEAD_CRC_OFFSET)) {
      throw new DamagedException("head checksum mismatch");
    }
    int keyLength = header.getInt(8);
    byte[] keyBytes =
        Arrays.copyOfRange(bytes, EntryFormat.HEADER_SIZE, EntryFormat.HEADER_SIZE + keyLength);
    if (expectedKey != null ? !Arrays.equals(keyBytes, expectedKey)
        : !EntryFormat.hash(keyBytes).equals(hash)) {
      throw new DamagedException("the file holds another key");
    }
    byte[] metadata =
        Arrays.copyOfRange(bytes, EntryFormat.HEADER_SIZE + keyLength, headLength);
    return new EntryHead(
        keyBytes,
        metadata,
        headLength,
        size - headLength,
        header.getLong(24),
        header.getInt(EntryFormat.BODY_CRC_OFFSET));
  }

  private static void readFully(FileChannel channel, ByteBuffer buf, long position)
      throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = channel.read(buf, pos);
      if (n < 0) {
        throw new DamagedException("entry file ended early");
      }
      pos += n;
    }
  }
}
