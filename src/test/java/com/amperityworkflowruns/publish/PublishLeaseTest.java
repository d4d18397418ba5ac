package com.amperityworkflowruns.publish;

import com.amperityworkflowruns.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PublishLeaseTest {
  private static final String PATH = "gs://bucket/out/_lease.json";
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
  private final InMemoryLeaseStore store = new InMemoryLeaseStore();

  private PublishLease acquire(String jobId) throws IOException {
    return PublishLease.acquire(store, PATH, jobId, clock, Duration.ZERO, d -> {}, h -> {});
  }

  private PublishLease.Holder holder() throws IOException {
    return PublishLease.Holder.parse(store.read(PATH).content);
  }

  @Test
  void givenFreeOutput_leaseHoldsJobIdAndExpiryAndIsDeletedOnRelease() throws Exception {
    PublishLease lease = acquire("job-a");

    assertThat(holder().jobId).isEqualTo("job-a");
    assertThat(holder().expiresAt).isEqualTo(clock.instant().plus(PublishLease.TTL));
    lease.release();
    assertThat(store.read(PATH)).isNull();
  }

  @Test
  void givenTimePassing_keepAliveRenewsOnlyAfterAThirdOfItsLife() throws Exception {
    // Arrange
    PublishLease lease = acquire("job-a");
    long first = store.read(PATH).generation;

    // Act
    clock.advance(Duration.ofSeconds(30));
    lease.keepAlive();
    long early = store.read(PATH).generation;
    clock.advance(Duration.ofSeconds(15));
    lease.keepAlive();

    // Assert
    assertThat(early).isEqualTo(first);
    assertThat(store.read(PATH).generation).isNotEqualTo(first);
    assertThat(holder().expiresAt).isEqualTo(clock.instant().plus(PublishLease.TTL));
  }

  @Test
  void givenExpiredLeaseTakenOver_theOldHolderLearnsItLostItAtItsNextRenewal() throws Exception {
    // Arrange: job-a stalls past its expiry, job-b takes over
    PublishLease a = acquire("job-a");
    clock.advance(PublishLease.TTL.plusSeconds(1));
    PublishLease b = acquire("job-b");

    // Act + Assert
    assertThat(b.tookOverFrom().jobId).isEqualTo("job-a");
    assertThatThrownBy(a::keepAlive).isInstanceOf(IOException.class)
        .hasMessageContaining("lost the publish lease");
    a.release();
    assertThat(holder().jobId).as("a stale release leaves the new holder's lease").isEqualTo("job-b");
  }

  @Test
  void givenLiveLeaseOfTheSameJob_aRetriedAttemptTakesItBack() throws Exception {
    acquire("job-a");

    PublishLease again = acquire("job-a");

    assertThat(again.tookOverFrom()).isNull();
    assertThat(holder().jobId).isEqualTo("job-a");
  }

  @Test
  void givenUnreadableLease_itCountsAsExpired() throws Exception {
    store.createIfAbsent(PATH, "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    PublishLease lease = acquire("job-a");

    assertThat(lease.tookOverFrom().jobId).isEqualTo("unknown");
  }
}
