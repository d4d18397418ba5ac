package com.amperityworkflowruns.bigquery.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.model.ScaledClock;
import com.amperityworkflowruns.sink.ClosedWindow;
import com.amperityworkflowruns.publish.OutputLayout;
import com.amperityworkflowruns.sink.StreamLease;
import com.amperityworkflowruns.sink.StreamLeases;
import com.amperityworkflowruns.sink.StreamProgress;
import com.amperityworkflowruns.bench.MemObjectStore;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn.ProcessContinuation;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker.TruncateResult;
import org.apache.beam.sdk.transforms.splittabledofn.WatermarkEstimators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hold of a stream into BigQuery, driven call by call as a runner would, with its markers and
 * lease on an in-memory object store: it decides from the markers' names within the job's range
 * (no marker opened, no day before {@code followFrom} listed) and renews the lease in the same
 * call; a drain truncates it to a closing restriction that keeps the lease until the drained
 * job's windows are recorded (or a grace has passed), then gives it back and ends.
 */
class HoldUntilRecordedTest {
  private static final long H = 3_600_000L;
  private static final long DAY = 24 * H;
  private static final long FOLLOW_FROM = Instant.parse("2024-06-01T00:00:00Z").toEpochMilli();
  private static final long NO_STOP_AT = -1;

  private final String bucket = "mem://bucket-" + UUID.randomUUID().toString().substring(0, 8);
  private final OutputLayout state = OutputLayout.of(bucket + "/out", "acme");
  private final String markers = state.control(StreamProgress.STATE_DIR + "/windows/");

  @BeforeAll
  static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @AfterEach
  void cleanUp() {
    StreamLease.release(state, "job-1");
    StreamLease.release(state, "job-2");
    MemObjectStore.deleteAll(bucket);
  }

  private HoldUntilRecorded hold(long stopAt, long windowMillis, long nowMillis) {
    return new HoldUntilRecorded(state, FOLLOW_FROM, stopAt, windowMillis,
        ScaledClock.fixed(Instant.ofEpochMilli(nowMillis)), "job-1");
  }

  private static ProcessContinuation call(HoldUntilRecorded hold, OffsetRange range) {
    return hold.process(new OffsetRangeTracker(range),
        new WatermarkEstimators.Manual(hold.initialWatermark()));
  }

  private void record(long start, long windowMillis) throws IOException {
    StreamProgress.record(state,
        new ClosedWindow(start, start + windowMillis, FOLLOW_FROM, windowMillis, 1, 0, 0, 1, 0));
  }

  /** The marker specs matched since {@code before} of them had been. */
  private List<String> matchedSince(int before) {
    List<String> all = MemObjectStore.matched(markers);
    return all.subList(before, all.size());
  }

  private void recordHours(long fromMillis, int hours) throws IOException {
    for (int i = 0; i < hours; i++) {
      record(fromMillis + i * H, H);
    }
  }

  @Test
  void withThousandsOfOlderMarkers_theScanOpensNoMarker_listsOnlyTheJobsDay_andRenewsTheLease()
      throws IOException {
    // Arrange: 5,000 hourly markers of earlier jobs, and 23 of the job's 24 windows recorded
    recordHours(FOLLOW_FROM - 5_000 * H, 5_000);
    recordHours(FOLLOW_FROM, 23);
    StreamLease.acquire(state, "job-1");
    long acquired = StreamLeases.generation(state);
    HoldUntilRecorded hold = hold(FOLLOW_FROM + DAY, H, FOLLOW_FROM + DAY);
    int matched = MemObjectStore.matched(markers).size();

    // Act
    ProcessContinuation first = call(hold, HoldUntilRecorded.HOLDING);

    // Assert
    assertThat(first.shouldResume()).as("the last window has no marker yet").isTrue();
    assertThat(MemObjectStore.opened(markers)).as("markers opened").isEmpty();
    assertThat(matchedSince(matched)).containsExactly(markers + "2024-06-01T*.json");
    assertThat(StreamLeases.holder(state)).isEqualTo("job-1");
    assertThat(StreamLeases.generation(state)).as("renewed").isGreaterThan(acquired);
  }

  @Test
  void onceEveryWindowUpToStopAtHasItsMarker_theHoldEnds_andGivesTheLeaseBack()
      throws IOException {
    recordHours(FOLLOW_FROM, 23);
    StreamLease.acquire(state, "job-1");
    HoldUntilRecorded hold = hold(FOLLOW_FROM + DAY, H, FOLLOW_FROM + DAY);
    assertThat(call(hold, HoldUntilRecorded.HOLDING).shouldResume()).isTrue();

    record(FOLLOW_FROM + 23 * H, H);
    ProcessContinuation last = call(hold, HoldUntilRecorded.HOLDING);

    assertThat(last.shouldResume()).isFalse();
    assertThat(StreamLeases.holder(state)).isNull();
  }

  @Test
  void aLongBacklog_isListedAtMostAMonthACall_continuingWhereTheLastCallStopped()
      throws IOException {
    for (int d = 0; d < 60; d++) {
      record(FOLLOW_FROM + d * DAY, DAY);
    }
    HoldUntilRecorded hold = hold(FOLLOW_FROM + 60 * DAY, DAY, FOLLOW_FROM + 60 * DAY);
    int matched = MemObjectStore.matched(markers).size();

    ProcessContinuation first = call(hold, HoldUntilRecorded.HOLDING);
    int listedByFirst = matchedSince(matched).size();
    ProcessContinuation second = call(hold, HoldUntilRecorded.HOLDING);

    assertThat(first.shouldResume()).isTrue();
    assertThat(listedByFirst).isEqualTo(HoldUntilRecorded.SCAN_DAYS);
    assertThat(second.shouldResume()).isFalse();
    assertThat(matchedSince(matched)).hasSize(60).doesNotHaveDuplicates();
    assertThat(MemObjectStore.opened(markers)).isEmpty();
  }

  @Test
  void drain_truncatesTheHoldToTheEndOfTheWindowInProgress_orToStopAtWhenEarlier() {
    long now = FOLLOW_FROM + 5 * H + 10 * 60_000;

    TruncateResult<OffsetRange> open = hold(NO_STOP_AT, H, now).truncate(HoldUntilRecorded.HOLDING);
    TruncateResult<OffsetRange> stopping =
        hold(FOLLOW_FROM + 3 * H, H, now).truncate(HoldUntilRecorded.HOLDING);

    assertThat(open.getTruncatedRestriction())
        .isEqualTo(HoldUntilRecorded.closing(FOLLOW_FROM + 6 * H));
    assertThat(stopping.getTruncatedRestriction())
        .isEqualTo(HoldUntilRecorded.closing(FOLLOW_FROM + 3 * H));
  }

  @Test
  void drain_keepsAClosingRestriction_andEndsAnEndedOne() {
    HoldUntilRecorded hold = hold(NO_STOP_AT, H, FOLLOW_FROM + 9 * H);
    OffsetRange closing = HoldUntilRecorded.closing(FOLLOW_FROM + 6 * H);

    assertThat(hold.truncate(closing).getTruncatedRestriction()).isEqualTo(closing);
    assertThat(hold.truncate(new OffsetRange(1, 1))).isNull();
  }

  @Test
  void afterADrain_theLeaseIsKeptUntilTheDrainedWindowsAreRecorded_thenGivenBack()
      throws IOException {
    // Arrange: a stream without --stopAt, drained 10 minutes into its sixth window
    recordHours(FOLLOW_FROM, 5);
    StreamLease.acquire(state, "job-1");
    long now = FOLLOW_FROM + 5 * H + 10 * 60_000;
    HoldUntilRecorded hold = hold(NO_STOP_AT, H, now);
    OffsetRange closing = hold.truncate(HoldUntilRecorded.HOLDING).getTruncatedRestriction();

    // Act
    ProcessContinuation whileWriting = call(hold, closing);
    boolean heldWhileWriting = "job-1".equals(StreamLeases.holder(state));
    record(FOLLOW_FROM + 5 * H, H);
    ProcessContinuation recorded = call(hold, closing);

    // Assert
    assertThat(whileWriting.shouldResume()).isTrue();
    assertThat(heldWhileWriting).isTrue();
    assertThat(recorded.shouldResume()).isFalse();
    assertThat(StreamLeases.holder(state)).isNull();
    StreamLease.acquire(state, "job-2");
  }

  @Test
  void afterADrain_theHoldGivesTheLeaseBackOnceTheGraceHasPassed_recordedOrNot()
      throws IOException {
    StreamLease.acquire(state, "job-1");
    long end = FOLLOW_FROM + 6 * H;
    HoldUntilRecorded late =
        hold(NO_STOP_AT, H, end + HoldUntilRecorded.DRAIN_GRACE.getMillis());

    ProcessContinuation last = call(late, HoldUntilRecorded.closing(end));

    assertThat(last.shouldResume()).isFalse();
    assertThat(StreamLeases.holder(state)).isNull();
  }

  @Test
  void whileHolding_anotherJobIsRefused() throws IOException {
    StreamLease.acquire(state, "job-1");
    call(hold(NO_STOP_AT, H, FOLLOW_FROM), HoldUntilRecorded.HOLDING);

    assertThatThrownBy(() -> StreamLease.acquire(state, "job-2"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("job-1");
  }

  @Test
  void theRestrictionIsCodedByBeamsOffsetRangeCoder() {
    assertThat(hold(NO_STOP_AT, H, FOLLOW_FROM).restrictionCoder())
        .isInstanceOf(OffsetRange.Coder.class);
  }
}
