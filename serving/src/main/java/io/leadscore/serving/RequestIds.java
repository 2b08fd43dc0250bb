package io.leadscore.serving;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** The id of one request, the prediction log's key with each answer's position. */
final class RequestIds {
  private RequestIds() {}

  /**
   * A random (version 4) UUID from the thread's own generator: {@code UUID.randomUUID()} draws from the shared,
   * synchronized SecureRandom, on which request threads queued under load (ServeBench's flight recording). The id
   * only has to be unique, not unguessable.
   */
  static String next() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb).toString();
  }
}
