package io.github.chunkedbuffer.pipe;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;

/**
 * A {@link ByteView} that a {@link Pipe} handed out as a lease: one or more regions of the pipe's
 * chunks, in order, held until {@link #close()}.
 *
 * <p>A sequence holds a reference to every chunk it covers, so it stays valid after further reads,
 * writes and even {@link Pipe#close()}; the chunk memory returns to its pool only when the pipe and
 * every sequence sharing it have let go. {@link #close()} lets go; it may be called from any thread,
 * and more than once. After it, every other method throws {@link IllegalStateException} ("this
 * ByteSequence was closed").
 *
 * <p>A sequence may be read from several threads at once (hand it over with a happens-before edge,
 * as any executor or queue gives); {@link #writeTo} keeps a count, and a stream from {@link
 * #asInputStream()} a position, so each of those is for one thread at a time.
 */
public interface ByteSequence extends ByteView, AutoCloseable, Iterable<ByteBuffer> {

  /**
   * Returns a new sequence over bytes {@code [from, to)} of this one. It holds references of its own
   * on the chunks it covers: it must be closed on its own, and stays valid when this sequence is
   * closed first. Taking a slice copies no bytes; it costs one small object and one atomic
   * increment per chunk covered, and may be done on any thread.
   *
   * @param from the index of the slice's first byte
   * @param to the index after its last byte
   * @return the slice, which the caller must close
   * @throws IndexOutOfBoundsException when {@code from < 0}, {@code to > length()} or {@code from >
   *     to}
   * @throws IllegalStateException when this sequence was closed
   * @since 0.2
   */
  ByteSequence slice(long from, long to);

  /**
   * Returns a stream that reads the bytes from the first on, with a position of its own; {@code -1}
   * after the last. Closing the stream closes this sequence, so the stream can be handed to code
   * that closes what it reads ({@code GZIPInputStream}, a JSON parser) and the chunks still go back.
   * The stream does not support {@code mark}.
   *
   * @return a stream over the bytes
   * @throws IllegalStateException when this sequence was closed
   * @since 0.2
   */
  InputStream asInputStream();

  /**
   * Returns an iterator over the regions, as {@link #segment(int)} returns them. The iterator does
   * not support removal.
   *
   * @return an iterator over read-only buffers, one per region
   * @throws IllegalStateException when this sequence was closed
   */
  @Override
  Iterator<ByteBuffer> iterator();

  /** Lets go of the chunks. Idempotent, and safe from any thread. */
  @Override
  void close();
}
