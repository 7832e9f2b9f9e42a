package dev.mandate.agent.state;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ChallengeStore} in this process. When {@code maxOutstanding} unused challenges exist, expired ones are
 * purged and, if none expired, no new challenge is issued.
 */
final class InMemoryChallengeStore implements ChallengeStore {
    private final Map<String, Instant> live = new ConcurrentHashMap<>();
    /** Challenges used through {@link #useOnce}, until their lifetime ends. */
    private final Map<String, Instant> used = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int max;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    InMemoryChallengeStore(Duration ttl, int maxOutstanding, Clock clock) {
        if (maxOutstanding < 1) throw new IllegalArgumentException("maxOutstanding must be positive");
        this.ttl = Objects.requireNonNull(ttl);
        this.max = maxOutstanding;
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public Optional<String> issue() {
        Instant now = clock.instant();
        if (live.size() >= max) {
            purge(now);
            if (live.size() >= max) {
                return Optional.empty();
            }
        }
        String c = ChallengeStore.newChallenge(random);
        live.put(c, now.plus(ttl));
        return Optional.of(c);
    }

    @Override
    public boolean consume(String challenge) {
        Instant expiry = live.remove(challenge);
        return expiry != null && !clock.instant().isAfter(expiry);
    }

    /**
     * {@inheritDoc} At most {@code maxOutstanding} used challenges are remembered; when that many are unexpired,
     * new ones are refused ({@link Use#FULL}) rather than forgotten.
     */
    @Override
    public Use useOnce(String challenge) {
        Instant now = clock.instant();
        live.remove(challenge);
        Instant until = now.plus(ttl);
        Instant previous = used.putIfAbsent(challenge, until);
        if (previous != null) {
            if (!now.isAfter(previous)) {
                return Use.REPLAYED;
            }
            // expired: this use starts a new lifetime, unless another thread got there first
            return used.replace(challenge, previous, until) ? Use.FIRST : Use.REPLAYED;
        }
        if (used.size() > max) {
            used.entrySet().removeIf(e -> now.isAfter(e.getValue()));
            if (used.size() > max) {
                used.remove(challenge, until);
                return Use.FULL;
            }
        }
        return Use.FIRST;
    }

    @Override
    public int outstanding() {
        return live.size();
    }

    @Override
    public Duration ttl() {
        return ttl;
    }

    private void purge(Instant now) {
        for (Iterator<Map.Entry<String, Instant>> it = live.entrySet().iterator(); it.hasNext(); ) {
            if (now.isAfter(it.next().getValue())) {
                it.remove();
            }
        }
    }
}
