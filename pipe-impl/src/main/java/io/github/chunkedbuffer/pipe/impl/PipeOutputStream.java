package io.github.chunkedbuffer.pipe.impl;

import io.github.chunkedbuffer.pipe.Pipe;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.CancellationException;

/** {@link Pipe#asOutputStream()}: writes copy into the pipe; closing signals EOF. */
final class PipeOutputStream extends OutputStream {
  private final Pipe pipe;

  /**
   * What {@code close()} does: EOF if the pipe is still open for writing, and the end of any loan
   * this thread holds, which a close by the reader left waiting for one more writer-side call.
   */
  private final Runnable endWriting;

  /** For {@link #write(int)}; the stream is used by one thread, like the writing side. */
  private final byte[] one = new byte[1];

  PipeOutputStream(Pipe pipe, Runnable endWriting) {
    this.pipe = pipe;
    this.endWriting = endWriting;
  }

  @Override
  public void write(int b) throws InterruptedIOException {
    one[0] = (byte) b;
    write(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws InterruptedIOException {
    try {
      pipe.write(b, off, len);
    } catch (CancellationException e) {
      // An interrupted writer on a concurrent pipe: the stream's callers expect this form.
      InterruptedIOException io = new InterruptedIOException(e.getMessage());
      io.initCause(e);
      throw io;
    }
  }

  @Override
  public void close() {
    endWriting.run();
  }
}
