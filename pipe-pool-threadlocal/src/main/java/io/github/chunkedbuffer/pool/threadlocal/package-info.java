/** The {@code thread-local} chunk pool; nothing here is exported, it is reached through its provider. */
package io.github.chunkedbuffer.pool.threadlocal;
