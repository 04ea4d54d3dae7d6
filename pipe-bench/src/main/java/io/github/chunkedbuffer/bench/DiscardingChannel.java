package io.github.chunkedbuffer.bench;

import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * A channel that accepts every byte and keeps none, like {@code /dev/null}: each write consumes all
 * that is offered and only counts it. Never closes. Not thread-safe.
 */
final class DiscardingChannel implements GatheringByteChannel {
  /** Bytes accepted since construction or the last {@link #reset()}. */
  private long written;

  long written() {
    return written;
  }

  void reset() {
    written = 0;
  }

  @Override
  public int write(ByteBuffer src) {
    int n = src.remaining();
    src.position(src.limit());
    written += n;
    return n;
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) {
    long n = 0;
    for (int i = offset; i < offset + length; i++) {
      n += write(srcs[i]);
    }
    return n;
  }

  @Override
  public long write(ByteBuffer[] srcs) {
    return write(srcs, 0, srcs.length);
  }

  @Override
  public boolean isOpen() {
    return true;
  }

  @Override
  public void close() {}
}
