package io.github.chunkedbuffer.pipe.impl;

import io.github.chunkedbuffer.pipe.ByteSequence;
import io.github.chunkedbuffer.pipe.ByteView;
import io.github.chunkedbuffer.pipe.LimitExceededException;
import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.PipeRead;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.Charset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Debug mode's guard around a plain (not concurrent) pipe: a call made while another thread is
 * inside one throws an {@link IllegalStateException} naming that thread, instead of corrupting
 * the pipe's state (which shows later as a {@code NullPointerException} or wrong bytes, far from
 * the cause). Threads may take turns: a plain pipe may be handed from thread to thread between
 * calls. Debug mode only: each call pays a compare-and-set and allocates its lambda.
 */
final class ThreadCheckedPipe implements Pipe {
  private final ChunkedPipe inner;

  /** The thread inside a call, or null. Set and cleared with atomic operations. */
  private final AtomicReference<Thread> inside = new AtomicReference<>();

  ThreadCheckedPipe(ChunkedPipe inner) {
    this.inner = inner;
  }

  /**
   * Marks this thread as inside a call; returns whether it was not already (a stream's read calls
   * back into the pipe), so that only the outermost call clears the mark.
   */
  private boolean enter() {
    Thread me = Thread.currentThread();
    Thread other = inside.compareAndExchange(null, me);
    if (other == null) {
      return true;
    }
    if (other == me) {
      return false;
    }
    throw new IllegalStateException(
        "thread \""
            + me.getName()
            + "\" uses this pipe while thread \""
            + other.getName()
            + "\" is inside a call on it: a pipe is used by one thread at a time unless built"
            + " with Pipe.builder().concurrent(...) (caught by debug mode)");
  }

  private void exit(boolean entered) {
    if (entered) {
      inside.set(null);
    }
  }

  private <T> T call(PipeRead<T> op) throws IOException {
    boolean entered = enter();
    try {
      return op.read(inner);
    } finally {
      exit(entered);
    }
  }

  private <T> T run(Function<ChunkedPipe, T> op) {
    boolean entered = enter();
    try {
      return op.apply(inner);
    } finally {
      exit(entered);
    }
  }

  @Override
  public ByteBuffer getBuffer(int sizeHint) {
    return run(p -> p.getBuffer(sizeHint));
  }

  @Override
  public ByteBuffer getBuffer() {
    return run(ChunkedPipe::getBuffer);
  }

  @Override
  public void bufferWritten(int n) {
    run(p -> {
      p.bufferWritten(n);
      return null;
    });
  }

  @Override
  public void write(byte[] src) {
    run(p -> {
      p.write(src);
      return null;
    });
  }

  @Override
  public void write(byte[] src, int offset, int length) {
    run(p -> {
      p.write(src, offset, length);
      return null;
    });
  }

  @Override
  public void write(ByteBuffer src) {
    run(p -> {
      p.write(src);
      return null;
    });
  }

  @Override
  public void writeByte(int value) {
    run(p -> {
      p.writeByte(value);
      return null;
    });
  }

  @Override
  public void writeShort(int value) {
    run(p -> {
      p.writeShort(value);
      return null;
    });
  }

  @Override
  public void writeInt(int value) {
    run(p -> {
      p.writeInt(value);
      return null;
    });
  }

  @Override
  public void writeLong(long value) {
    run(p -> {
      p.writeLong(value);
      return null;
    });
  }

  @Override
  public void write(CharSequence text, Charset charset) {
    run(p -> {
      p.write(text, charset);
      return null;
    });
  }

  @Override
  public void write(ByteView bytes) {
    run(p -> {
      p.write(bytes);
      return null;
    });
  }

  @Override
  public byte readByte() throws IOException {
    return call(Pipe::readByte);
  }

  @Override
  public short readShort() throws IOException {
    return call(Pipe::readShort);
  }

  @Override
  public int readInt() throws IOException {
    return call(Pipe::readInt);
  }

  @Override
  public long readLong() throws IOException {
    return call(Pipe::readLong);
  }

  @Override
  public short shortAt(long index) {
    return run(p -> p.shortAt(index));
  }

  @Override
  public int intAt(long index) {
    return run(p -> p.intAt(index));
  }

  @Override
  public long longAt(long index) {
    return run(p -> p.longAt(index));
  }

  @Override
  public long parseLong(long start, long end, int radix) {
    return run(p -> p.parseLong(start, end, radix));
  }

  @Override
  public String readLine(long limit) throws IOException {
    return call(p -> p.readLine(limit));
  }

  @Override
  public String readString(int n, Charset charset) throws IOException {
    return call(p -> p.readString(n, charset));
  }

  @Override
  public long awaitAtLeast(long n) throws LimitExceededException {
    boolean entered = enter();
    try {
      return inner.awaitAtLeast(n);
    } finally {
      exit(entered);
    }
  }

  @Override
  public long awaitAtLeast(long n, long timeout, TimeUnit unit) throws LimitExceededException {
    return awaitAtLeast(n); // a plain pipe never waits
  }

  @Override
  public int readFrom(ReadableByteChannel channel) throws IOException {
    return call(p -> p.readFrom(channel));
  }

  @Override
  public void eof() {
    run(p -> {
      p.eof();
      return null;
    });
  }

  @Override
  public void eof(Throwable cause) {
    run(p -> {
      p.eof(cause);
      return null;
    });
  }

  @Override
  public byte[] read(int n) throws IOException {
    return call(p -> p.read(n));
  }

  @Override
  public byte[] read() throws IOException {
    return call(Pipe::read);
  }

  @Override
  public byte[] readExact(int n) throws IOException {
    return call(p -> p.readExact(n));
  }

  @Override
  public byte[] readUntil(byte[] separator) throws IOException {
    return call(p -> p.readUntil(separator));
  }

  @Override
  public byte[] readUntil(byte[] separator, boolean skipSeparator) throws IOException {
    return call(p -> p.readUntil(separator, skipSeparator));
  }

  @Override
  public byte[] readUntil(byte[] separator, boolean skipSeparator, long limit)
      throws IOException {
    return call(p -> p.readUntil(separator, skipSeparator, limit));
  }

  @Override
  public byte[] peek(int n) throws IOException {
    return call(p -> p.peek(n));
  }

  @Override
  public byte[] peek() throws IOException {
    return call(Pipe::peek);
  }

  @Override
  public byte[] peekExact(int n) throws IOException {
    return call(p -> p.peekExact(n));
  }

  @Override
  public long skip(long n) throws IOException {
    return call(p -> p.skip(n));
  }

  @Override
  public long skip() throws IOException {
    return call(Pipe::skip);
  }

  @Override
  public boolean skipExact(long n) throws IOException {
    return call(p -> p.skipExact(n));
  }

  @Override
  public ByteSequence readZeroCopy(int n) throws IOException {
    return call(p -> p.readZeroCopy(n));
  }

  @Override
  public ByteSequence readExactZeroCopy(int n) throws IOException {
    return call(p -> p.readExactZeroCopy(n));
  }

  @Override
  public ByteSequence readUntilZeroCopy(byte[] separator, boolean skipSeparator)
      throws IOException {
    return call(p -> p.readUntilZeroCopy(separator, skipSeparator));
  }

  @Override
  public ByteSequence readUntilZeroCopy(byte[] separator, boolean skipSeparator, long limit)
      throws IOException {
    return call(p -> p.readUntilZeroCopy(separator, skipSeparator, limit));
  }

  @Override
  public ByteSequence peekZeroCopy(int n) throws IOException {
    return call(p -> p.peekZeroCopy(n));
  }

  @Override
  public ByteSequence peekExactZeroCopy(int n) throws IOException {
    return call(p -> p.peekExactZeroCopy(n));
  }

  @Override
  public ByteView newView() {
    return run(ChunkedPipe::newView);
  }

  @Override
  public boolean readExact(int n, ByteView into) throws IOException {
    return call(p -> p.readExact(n, into));
  }

  @Override
  public boolean readUntil(byte[] separator, boolean skipSeparator, long limit, ByteView into)
      throws IOException {
    return call(p -> p.readUntil(separator, skipSeparator, limit, into));
  }

  @Override
  public boolean peekExact(int n, ByteView into) throws IOException {
    return call(p -> p.peekExact(n, into));
  }

  @Override
  public long findByte(byte b, long start, long end) {
    return run(p -> p.findByte(b, start, end));
  }

  @Override
  public long findByte(byte b) {
    return run(p -> p.findByte(b));
  }

  @Override
  public long find(byte[] s, long start, long end) {
    return run(p -> p.find(s, start, end));
  }

  @Override
  public long find(byte[] s) {
    return run(p -> p.find(s));
  }

  @Override
  public byte byteAt(long index) {
    return run(p -> p.byteAt(index));
  }

  @Override
  public long length() {
    return run(ChunkedPipe::length);
  }

  @Override
  public boolean isClosed() {
    return run(ChunkedPipe::isClosed);
  }

  @Override
  public boolean reachedEof() {
    return run(ChunkedPipe::reachedEof);
  }

  @Override
  public InputStream asInputStream() {
    length(); // the open check
    return new PipeInputStream(this);
  }

  @Override
  public OutputStream asOutputStream() {
    length();
    return new PipeOutputStream(
        this,
        () ->
            run(
                p -> {
                  p.endWriting();
                  return null;
                }));
  }

  @Override
  public long writeTo(WritableByteChannel channel) throws IOException {
    return call(p -> p.writeTo(channel));
  }

  @Override
  public boolean isConcurrent() {
    return false;
  }

  @Override
  public ByteBuffer tryGetBuffer(int sizeHint) {
    return run(p -> p.tryGetBuffer(sizeHint));
  }

  @Override
  public <T> T await(PipeRead<T> read) throws IOException {
    boolean entered = enter();
    try {
      return inner.await(read);
    } finally {
      exit(entered);
    }
  }

  @Override
  public <T> T await(PipeRead<T> read, long timeout, TimeUnit unit) throws IOException {
    return await(read); // a plain pipe never waits
  }

  @Override
  public void close() {
    run(p -> {
      p.close();
      return null;
    });
  }

  @Override
  public void onClose(Runnable action) {
    run(p -> {
      p.onClose(action);
      return null;
    });
  }

  @Override
  public String toString() {
    return inner.toString();
  }
}
