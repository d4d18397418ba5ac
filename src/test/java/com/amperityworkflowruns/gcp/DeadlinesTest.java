package com.amperityworkflowruns.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
  @Test
  void givenCallThatNeverAnswers_throwsTheTimeoutAndInterruptsIt() throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);

    assertThatThrownBy(() -> Deadlines.call(() -> {
          try {
            never.await();
          } catch (InterruptedException e) {
            interrupted.countDown();
          }
          return "late";
        }, Duration.ofMillis(50), () -> new IllegalArgumentException("no answer")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no answer");
    interrupted.await();
  }

  @Test
  void givenCallThatFails_rethrowsItsRuntimeException() {
    assertThatThrownBy(() -> Deadlines.call(() -> {
          throw new IllegalStateException("boom");
        }, Duration.ofSeconds(30), () -> new IllegalArgumentException("no answer")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("boom");
  }

  @Test
  void givenCallThatAnswers_returnsItsResult() {
    assertThat(Deadlines.call(() -> 42, Duration.ofSeconds(30), IllegalStateException::new))
        .isEqualTo(42);
  }
}
