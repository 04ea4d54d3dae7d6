package io.github.chunkedbuffer.pipe;

import java.io.IOException;

/**
 * One non-blocking read on a pipe, such as {@code p -> p.readExact(4)}, for {@link
 * Pipe#await(PipeRead)} to retry until it returns something other than {@code null}.
 *
 * @param <T> what the read returns
 */
@FunctionalInterface
public interface PipeRead<T> {

  /**
   * Tries the read once without blocking.
   *
   * @param pipe the pipe to read
   * @return the result, or {@code null} when not enough bytes are buffered yet
   * @throws IOException what the read throws, such as {@link PartialReadException} at EOF
   */
  T read(Pipe pipe) throws IOException;
}
