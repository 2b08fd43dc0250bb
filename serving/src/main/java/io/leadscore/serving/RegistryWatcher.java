package io.leadscore.serving;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the live champion current: every {@code leadscore.serving.registry_poll} it reads what the champion
 * depends on ({@link ChampionLoader#key}: the registry's champion and challenger, the night's scores) and, when
 * that moved (training promoted a version, {@code leadscore rollback}, a new night), loads the new champion
 * beside the old one and swaps it in at once. Requests never wait for a load and never fail because of one: a
 * load that fails keeps the old champion and is tried again at the next poll.
 */
public final class RegistryWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryWatcher.class);

  private final ChampionLoader loader;
  private final ChampionScorer live;
  private volatile String loaded;

  private RegistryWatcher(ChampionLoader loader, ChampionScorer live, String loaded) {
    this.loader = loader;
    this.live = live;
    this.loaded = loaded;
  }

  /** Loads the first champion (none yet is not an error: known leads answer their nightly score). */
  public static RegistryWatcher start(ChampionLoader loader) {
    String key = loader.key();
    Optional<ChampionScorer.Live> first = loader.load();
    first.ifPresent(l -> LOG.info("serve: champion v{} loaded ({})", l.version(), key));
    return new RegistryWatcher(loader, new ChampionScorer(first.orElse(null)), key);
  }

  /** Polls every {@code everyMillis} on {@code timer} until it is shut down. */
  public RegistryWatcher every(long everyMillis, ScheduledExecutorService timer) {
    timer.scheduleWithFixedDelay(this::poll, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  public ChampionScorer scorer() {
    return live;
  }

  /** One poll: true when it swapped in another champion. */
  public boolean poll() {
    try {
      String key = loader.key();
      if (Objects.equals(key, loaded)) {
        return false;
      }
      Optional<ChampionScorer.Live> next = loader.load();
      String before = live.version();
      live.swap(next.orElse(null));
      loaded = key;
      LOG.info("serve: live champion {} -> {} ({})", before, live.version(), key);
      return true;
    } catch (RuntimeException e) {
      // the live champion keeps answering; the next poll tries again
      LOG.warn("serve: loading the registry's champion failed, v{} stays live: {}", live.version(), e.getMessage());
      return false;
    }
  }
}
