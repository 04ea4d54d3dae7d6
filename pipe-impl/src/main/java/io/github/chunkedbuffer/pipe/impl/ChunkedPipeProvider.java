package io.github.chunkedbuffer.pipe.impl;

import io.github.chunkedbuffer.pipe.Pipe;
import io.github.chunkedbuffer.pipe.spi.PipeOptions;
import io.github.chunkedbuffer.pipe.spi.PipeProvider;

/** Registers the chunked pipe with the API; found by {@link java.util.ServiceLoader}. */
public final class ChunkedPipeProvider implements PipeProvider {

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public ChunkedPipeProvider() {}

  @Override
  public int priority() {
    return 100;
  }

  @Override
  public Pipe create(PipeOptions options) {
    if (options.concurrent()) {
      return new ConcurrentPipe(options);
    }
    ChunkedPipe pipe = new ChunkedPipe(options);
    return options.debug() ? new ThreadCheckedPipe(pipe) : pipe;
  }
}
