package io.github.chunkedbuffer.pipe.impl;

import io.github.chunkedbuffer.pipe.Pipe;
import java.io.OutputStream;

/** {@link Pipe#asOutputStream()}: writes copy into the pipe; closing signals EOF. */
final class PipeOutputStream extends OutputStream {
  private final Pipe pipe;

  /** For {@link #write(int)}; the stream is used by one thread, like the writing side. */
  private final byte[] one = new byte[1];

  PipeOutputStream(Pipe pipe) {
    this.pipe = pipe;
  }

  @Override
  public void write(int b) {
    one[0] = (byte) b;
    pipe.write(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    pipe.write(b, off, len);
  }

  @Override
  public void close() {
    if (!pipe.isClosed()) {
      pipe.eof();
    }
  }
}
