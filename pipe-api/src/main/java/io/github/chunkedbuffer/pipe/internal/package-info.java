/**
 * Machinery shared by the pool modules. <strong>Not API</strong>: exported only to {@code
 * io.github.chunkedbuffer.pool.heap}, {@code io.github.chunkedbuffer.pool.direct} and {@code
 * io.github.chunkedbuffer.pool.threadlocal}, and free to change in any release.
 */
package io.github.chunkedbuffer.pipe.internal;
