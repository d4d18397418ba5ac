package com.amperityworkflowruns.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.publish.InMemoryLeaseStore;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * One stream job at a time writes a dataset: a second job is refused while the first holds the
 * lease, renewal keeps it, a dead job's lease is taken over once expired, and the first job then
 * finds out it lost it.
 */
class StreamLeaseTest {
  private final InMemoryLeaseStore store = new InMemoryLeaseStore();
  private final MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
  private final OutputLayout state = OutputLayout.of("/state");

  @Test
  void aSecondJob_isRefusedWhileTheFirstHoldsTheLease_evenAfterTheFirstTtlWhenRenewed()
      throws IOException {
    // Arrange
    StreamLease.acquire(store, state, "job-a", clock);
    clock.advance(Duration.ofSeconds(100));
    StreamLease.renew(store, state, "job-a", clock);
    clock.advance(Duration.ofSeconds(100));

    // Act / Assert
    assertThatThrownBy(() -> StreamLease.acquire(store, state, "job-b", clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("job job-a").hasMessageContaining("drain");
  }

  @Test
  void anExpiredLease_isTakenOver_andItsFormerHolderLosesItOnRenewal() throws IOException {
    // Arrange
    StreamLease.acquire(store, state, "job-a", clock);
    clock.advance(StreamLease.TTL.plusSeconds(1));

    // Act
    StreamLease.acquire(store, state, "job-b", clock);

    // Assert
    assertThatThrownBy(() -> StreamLease.renew(store, state, "job-a", clock))
        .isInstanceOf(IOException.class).hasMessageContaining("lost the stream lease");
  }

  @Test
  void release_deletesOnlyTheCallersLease() throws IOException {
    // Arrange
    StreamLease.acquire(store, state, "job-a", clock);

    // Act
    StreamLease.release(store, state, "job-b");
    boolean heldAfterOthersRelease = store.read(StreamLease.path(state)) != null;
    StreamLease.release(store, state, "job-a");

    // Assert
    assertThat(heldAfterOthersRelease).isTrue();
    assertThat(store.read(StreamLease.path(state))).isNull();
    StreamLease.acquire(store, state, "job-b", clock);
  }
}
