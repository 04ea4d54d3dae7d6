/**
 * Streams {@code java.net.http} response bodies into concurrent pipes: {@link
 * io.github.chunkedbuffer.pipe.http.PipeBodyHandlers}. A separate module so that the API module
 * does not require {@code java.net.http}.
 */
module io.github.chunkedbuffer.pipe.http {
  requires transitive io.github.chunkedbuffer.pipe;
  requires transitive java.net.http;

  exports io.github.chunkedbuffer.pipe.http;
}
