package io.github.chunkedbuffer.pipe.impl;

import io.github.chunkedbuffer.pipe.Pipe;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * {@link Pipe#asInputStream()}: reads consume the pipe's bytes, waiting through {@link
 * Pipe#await} so that a concurrent pipe blocks and any other pipe fails fast when empty.
 */
final class PipeInputStream extends InputStream {
  private final Pipe pipe;

  /** For {@link #read()}; the stream is used by one thread, like the reading side of the pipe. */
  private final byte[] one = new byte[1];

  PipeInputStream(Pipe pipe) {
    this.pipe = pipe;
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    try {
      return pipe.await(p -> ((ChunkedPipe) p).readInto(b, off, len));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for bytes");
    }
  }

  @Override
  public long skip(long n) throws IOException {
    return n <= 0 ? 0 : pipe.skip(Math.min(n, pipe.length()));
  }

  /** The unread bytes; an {@link IOException} once the pipe is closed, as streams report it. */
  @Override
  public int available() throws IOException {
    try {
      return (int) Math.min(Integer.MAX_VALUE, pipe.length());
    } catch (IllegalStateException e) {
      throw new IOException("available(): " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    pipe.close();
  }
}
