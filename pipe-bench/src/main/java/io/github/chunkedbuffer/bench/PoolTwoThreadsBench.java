package io.github.chunkedbuffer.bench;

import org.openjdk.jmh.annotations.Threads;

/** {@link PoolBench} on two threads sharing each pool (the machine has two cores). */
@Threads(2)
public class PoolTwoThreadsBench extends PoolBench {}
