package io.github.chunkedbuffer.tests.vector;

import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Run in a child JVM by {@link VectorOptInTest}: searches a pipe of heap chunks (which the
 * vectorised search serves when it is on) and prints what it found, one {@code name=value} a line:
 * the newline's index, the index of {@code "END"}, and the length of the line read up to and with
 * the newline.
 */
public final class VectorProbe {

  /** Bytes written: several 16 KiB chunks. */
  static final int SIZE = 100_000;

  /** Where the newline is. */
  static final int NEWLINE = 77_777;

  /** Where {@code "END"} starts. */
  static final int END = 90_000;

  private VectorProbe() {}

  public static void main(String[] args) throws IOException {
    byte[] data = new byte[SIZE];
    Arrays.fill(data, (byte) 'a');
    data[NEWLINE] = '\n';
    System.arraycopy("END".getBytes(StandardCharsets.US_ASCII), 0, data, END, 3);
    try (Pipe pipe = Pipe.builder().pool("heap").minChunkSize(16384).maxChunkSize(16384).build()) {
      pipe.write(data);
      System.out.println("findByte=" + pipe.findByte((byte) '\n'));
      System.out.println("find=" + pipe.find("END".getBytes(StandardCharsets.US_ASCII)));
      System.out.println("readUntil=" + pipe.readUntil(new byte[] {'\n'}).length);
    }
  }
}
