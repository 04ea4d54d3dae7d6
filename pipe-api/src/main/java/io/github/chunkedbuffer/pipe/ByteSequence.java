package io.github.chunkedbuffer.pipe;

import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.charset.Charset;

/**
 * A read-only view of bytes that a {@link Pipe} handed out without copying: one or more regions of
 * the pipe's chunks, in order.
 *
 * <p>A sequence holds a reference to every chunk it covers, so it stays valid after further reads,
 * writes and even {@link Pipe#close()}; the chunk memory returns to its pool only when the pipe and
 * every sequence sharing it have let go. {@link #close()} lets go; it may be called from any thread,
 * and more than once. After it, every other method throws {@link IllegalStateException}.
 *
 * <p>A sequence may be read from several threads at once; {@link #writeTo} keeps a cursor and so is
 * for one thread at a time.
 */
public interface ByteSequence extends AutoCloseable, Iterable<ByteBuffer> {

  /** Returns the number of bytes in the sequence. */
  long length();

  /** Returns the number of contiguous regions the bytes lie in (0 for an empty sequence). */
  int segmentCount();

  /**
   * Returns region {@code i} as a new read-only buffer, position 0, limit its length. The buffer is
   * valid until the sequence is closed.
   *
   * @throws IndexOutOfBoundsException when {@code i < 0} or {@code i >= segmentCount()}
   */
  ByteBuffer segment(int i);

  /**
   * Returns the byte at {@code index}.
   *
   * @throws IndexOutOfBoundsException when {@code index < 0} or {@code index >= length()}
   */
  byte byteAt(long index);

  /**
   * Returns a copy of all bytes.
   *
   * @throws IllegalStateException when the sequence is longer than an array can be
   */
  byte[] toByteArray();

  /**
   * Copies all bytes into {@code dst} at its position and advances it.
   *
   * @throws BufferOverflowException when {@code dst.remaining() < length()}; nothing is copied
   * @throws java.nio.ReadOnlyBufferException when {@code dst} is read-only
   */
  void copyTo(ByteBuffer dst);

  /**
   * Performs one gathering write of the bytes that earlier {@code writeTo} calls have not written
   * yet. Call it in a loop to drain into a non-blocking channel.
   *
   * @return the number of bytes written by this call (0 when everything was already written)
   * @throws IOException what the channel threw
   */
  long writeTo(GatheringByteChannel channel) throws IOException;

  /** Decodes all bytes with {@code charset}, replacing malformed input. */
  String toString(Charset charset);

  /** Returns whether the sequence holds exactly the bytes of {@code bytes}. */
  boolean contentEquals(byte[] bytes);

  /**
   * Returns an iterator over the regions, as {@link #segment(int)} returns them. The iterator does not
   * support removal.
   */
  @Override
  java.util.Iterator<ByteBuffer> iterator();

  /** Lets go of the chunks. Idempotent, and safe from any thread. */
  @Override
  void close();
}
