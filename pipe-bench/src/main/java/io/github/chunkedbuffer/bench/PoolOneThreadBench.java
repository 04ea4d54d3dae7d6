package io.github.chunkedbuffer.bench;

import org.openjdk.jmh.annotations.Threads;

/** {@link PoolBench} on one thread. */
@Threads(1)
public class PoolOneThreadBench extends PoolBench {}
