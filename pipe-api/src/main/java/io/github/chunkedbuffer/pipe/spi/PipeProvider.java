package io.github.chunkedbuffer.pipe.spi;

import io.github.chunkedbuffer.pipe.Pipe;

/**
 * Creates pipes; found by {@link java.util.ServiceLoader}. The API uses the provider with the
 * highest {@link #priority()}; {@code pipe-impl} provides one.
 */
public interface PipeProvider {

  /**
   * Returns the provider's priority.
   *
   * @return the priority; the highest wins when several providers are present
   */
  default int priority() {
    return 0;
  }

  /**
   * Creates a pipe.
   *
   * @param options the pipe's configuration, already checked by {@link Pipe.Builder}
   * @return a new, open pipe
   */
  Pipe create(PipeOptions options);
}
