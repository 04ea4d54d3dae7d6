/**
 * Service interfaces for implementations of pipes and pools, found with {@link
 * java.util.ServiceLoader} on the module path and the class path alike.
 */
package io.github.chunkedbuffer.pipe.spi;
