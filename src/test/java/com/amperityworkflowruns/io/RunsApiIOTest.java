package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.api.Credentials;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunsApiIOTest {
  private static RunsApiIO.Read complete() {
    return RunsApiIO.read()
        .withBaseUrl("https://acme.amperity.com/api")
        .withTenant("acme")
        .withCredentials(Credentials.tokenFromEnvironment())
        .withCreatedRange(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-02T00:00:00Z"));
  }

  @Test
  void withWorkers_givesEachWorkerItsShareOfTheBudget() {
    assertThat(complete().withRateLimit(10).withWorkers(4).config().rateLimit).isEqualTo(2.5);
    assertThat(complete().config().rateLimit).isEqualTo(10);
  }

  @Test
  void missingTenant_namesTheMethodToCall() {
    assertThatThrownBy(() -> RunsApiIO.read().withBaseUrl("https://a.amperity.com/api")
            .withCredentials(Credentials.tokenFromEnvironment()).config())
        .hasMessage("withTenant() is required");
  }

  @Test
  void plainHttpToARemoteHost_isRefused_butLoopbackIsAllowed() {
    assertThatThrownBy(() -> RunsApiIO.checkBaseUrl("http://acme.amperity.com/api"))
        .hasMessageContaining("use https://");
    assertThat(RunsApiIO.checkBaseUrl("http://127.0.0.1:8080/api/")).isEqualTo("http://127.0.0.1:8080/api");
  }

  @Test
  void reversedRange_isRefused() {
    assertThatThrownBy(() -> RunsApiIO.read().withCreatedRange(
            Instant.parse("2024-01-02T00:00:00Z"), Instant.parse("2024-01-01T00:00:00Z")))
        .hasMessageContaining("must be before");
  }

  @Test
  void settingsAreImmutable() {
    RunsApiIO.Read base = complete();

    base.withPageSize(500);

    assertThat(base.config().pageSize).isEqualTo(100);
  }

  @Test
  void aSettingChangedAndChangedBack_givesAnEqualRead_soNoCopyDropsAField() {
    RunsApiIO.Read base = complete().withPageSize(250).withReadAheadPages(3).withMaxRetries(2)
        .withState("FAILED").withType("t").withWorkers(2)
        .withPollInterval(java.time.Duration.ofSeconds(2)).withResumeSpool("/tmp/spool", true);

    RunsApiIO.Read changed = base.withRateLimit(3);

    assertThat(changed.toBuilder().setRateLimit(base.rateLimit()).build()).isEqualTo(base);
    assertThat(changed.pageSize()).isEqualTo(250);
    assertThat(changed.spoolDir()).isEqualTo("/tmp/spool");
  }

  @Test
  void readDefaults_onTheDirectRunner_oneWorkersBudgetAndTheShortPoll() {
    org.apache.beam.sdk.options.PipelineOptions o =
        org.apache.beam.sdk.options.PipelineOptionsFactory.create();

    assertThat(ReadDefaults.workers(o)).isEqualTo(1);
    assertThat(ReadDefaults.pollInterval(o)).isEqualTo(ReadDefaults.DIRECT_POLL);
  }

  @Test
  void readDefaults_onDataflow_dividesTheBudgetAmongMaxNumWorkers_andPollsForSeconds() {
    org.apache.beam.sdk.options.PipelineOptions o =
        org.apache.beam.sdk.options.PipelineOptionsFactory.fromArgs(
            "--runner=DataflowRunner", "--maxNumWorkers=4").create();

    assertThat(ReadDefaults.workers(o)).isEqualTo(4);
    assertThat(ReadDefaults.pollInterval(o)).isEqualTo(ReadDefaults.DATAFLOW_POLL);
  }

  @Test
  void expand_onDataflowWithoutAWorkerCount_refusesNamingTheFix() {
    org.apache.beam.sdk.Pipeline p = org.apache.beam.sdk.Pipeline.create(
        org.apache.beam.sdk.options.PipelineOptionsFactory.create());
    // the pipeline is built for Dataflow; the Direct runner only constructs it (never run here)
    p.getOptions().setRunner(org.apache.beam.runners.dataflow.DataflowRunner.class);

    assertThatThrownBy(() -> p.apply("ReadRuns", complete()))
        .hasMessageContaining("--maxNumWorkers").hasMessageContaining("withWorkers(n)");
  }

  @Test
  void expand_onAnotherRunnerWithoutAWorkerCount_refuses_butAcceptsAnExplicitOne() {
    org.apache.beam.sdk.Pipeline p = org.apache.beam.sdk.Pipeline.create(
        org.apache.beam.sdk.options.PipelineOptionsFactory.create());
    p.getOptions().setRunner(OtherRunner.class);

    assertThatThrownBy(() -> p.apply("ReadRuns", complete()))
        .hasMessageContaining("needs withWorkers(n)");
    p.apply("ReadRunsWithWorkers", complete().withWorkers(3));
  }

  /** A runner that is neither Direct nor Dataflow; never run. */
  abstract static class OtherRunner
      extends org.apache.beam.sdk.PipelineRunner<org.apache.beam.sdk.PipelineResult> {}
}
