package com.amperityworkflowruns.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.amperityworkflowruns.simulator.ApiSimulator;
import com.amperityworkflowruns.simulator.MalformedMode;
import com.amperityworkflowruns.simulator.SimulatorConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Answers the job cannot use (not JSON, an HTML page, no envelope, 400 for the version, 401, 403)
 * fail the job at once: exit code 1, one line {@code error: ...} that quotes what the server said,
 * nothing published.
 */
@Timeout(120)
class ServerBadAnswersTest {
  @TempDir Path tmp;

  private JobRun runAgainst(SimulatorConfig config, UnaryOperator<List<String>> change) {
    try (ApiSimulator sim = ApiSimulator.start(config)) {
      Path token = SimJob.secretFile(tmp, "token", sim.config().staticToken());
      return JobRun.launch(change.apply(SimJob.args(sim, token, tmp.resolve("out"))));
    }
  }

  private void assertFailedClearly(JobRun job, String... fragments) {
    assertThat(job.exitCode).as(job.toString()).isEqualTo(1);
    assertThat(job.errLines()).as(job.toString()).singleElement().asString()
        .startsWith("error: ")
        .contains(fragments);
    assertThat(Snapshot.published(tmp.resolve("out"))).as("published files").isEmpty();
  }

  @Test
  void givenBodyThatIsNotJson_exitsOneSayingSo() {
    JobRun job = runAgainst(SimJob.tenant(300).malformed(MalformedMode.NOT_JSON).build(), a -> a);

    assertFailedClearly(job, "shard [", "not JSON");
  }

  @Test
  void givenHtmlPageWithStatus200_exitsOneSayingItIsNotJson() {
    JobRun job = runAgainst(SimJob.tenant(300).malformed(MalformedMode.HTML_PAGE).build(), a -> a);

    assertFailedClearly(job, "shard [", "not JSON", "text/html");
  }

  @Test
  void givenBareRunWithoutEnvelope_exitsOneNamingTheEnvelope() {
    JobRun job = runAgainst(SimJob.tenant(300).malformed(MalformedMode.NO_ENVELOPE).build(), a -> a);

    assertFailedClearly(job, "shard [", "envelope");
  }

  @Test
  void givenUnsupportedApiVersion_exitsOneQuoting400AndNamingTheOption() {
    JobRun job =
        runAgainst(SimJob.tenant(300).build(), a -> SimJob.with(a, "--apiVersion=1999-01-01"));

    assertFailedClearly(job, "HTTP 400", "--apiVersion", "request_id");
  }

  @Test
  void givenWrongToken_exitsOneQuoting401() {
    JobRun job =
        runAgainst(
            SimJob.tenant(300).build(),
            a -> SimJob.with(a, "--tokenFile=" + SimJob.secretFile(tmp, "wrong", "not-the-token")));

    assertFailedClearly(job, "HTTP 401", "token");
  }

  @Test
  void givenTenantTheTokenIsNotPermittedFor_exitsOneQuoting403AndNamingTenant() {
    JobRun job = runAgainst(SimJob.tenant(300).build(), a -> SimJob.with(a, "--tenant=other"));

    assertFailedClearly(job, "HTTP 403", "--tenant");
  }
}
