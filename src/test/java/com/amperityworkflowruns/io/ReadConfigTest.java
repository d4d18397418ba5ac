package com.amperityworkflowruns.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amperityworkflowruns.api.Credentials;
import com.amperityworkflowruns.api.HttpRunsApiClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class ReadConfigTest {
  /** Every setting away from its builder default, so that a dropped one shows. */
  private static ReadConfig everySettingSet() {
    return ReadConfig.builder()
        .baseUrl("https://acme.amperity.com/api")
        .tenant("acme")
        .apiVersion("2024-04-01")
        .runsPath("/workflow/runs")
        .credentials(Credentials.tokenFromEnvironment())
        .pageSize(250)
        .rateLimit(2.5)
        .state("FAILED")
        .type("t")
        .shardDuration(Duration.ofDays(3))
        .maxRetries(4)
        .initialBackoff(Duration.ofMillis(300))
        .requestTimeout(Duration.ofSeconds(30))
        .readAheadPages(5)
        .maxChainPages(40)
        .clientFactory(HttpRunsApiClient.factory())
        .spoolDir("/tmp/spool")
        .resume(true)
        .readId("read-1")
        .pollInterval(Duration.ofSeconds(5))
        .build();
  }

  /**
   * Every field equal: the credentials (no equals) by what they say, the client factory (a lambda,
   * a new class once deserialized) only present.
   */
  private static void assertSameSettings(ReadConfig actual, ReadConfig expected) throws Exception {
    for (Field f : ReadConfig.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      if (f.getName().equals("clientFactory")) {
        assertThat(f.get(actual)).as(f.getName()).isNotNull();
      } else if (f.getName().equals("credentials")) {
        assertThat(f.get(actual).toString().replaceAll("@[0-9a-f]+", ""))
            .as(f.getName())
            .isEqualTo(f.get(expected).toString().replaceAll("@[0-9a-f]+", ""));
      } else {
        assertThat(f.get(actual)).as(f.getName()).isEqualTo(f.get(expected));
      }
    }
  }

  @Test
  void toBuilder_thenBuild_keepsEverySetting() throws Exception {
    // Arrange
    ReadConfig config = everySettingSet();

    // Act
    ReadConfig copy = config.toBuilder().build();

    // Assert
    assertSameSettings(copy, config);
    assertThat(copy.clientFactory).isSameAs(config.clientFactory);
  }

  @Test
  void serializedAndRead_keepsEverySetting() throws Exception {
    // Arrange
    ReadConfig config = everySettingSet();

    // Act
    ReadConfig onWorker = SerializableUtils.clone(config);

    // Assert
    assertSameSettings(onWorker, config);
  }

  @Test
  void withPageSize_changesOnlyThePageSize_andCountsUnderItsOwnReadId() throws Exception {
    // Arrange
    ReadConfig config = everySettingSet();

    // Act
    ReadConfig counting = config.withPageSize(1);

    // Assert
    assertThat(counting.pageSize).isEqualTo(1);
    assertThat(counting.readId).isEqualTo("read-1-count");
    assertSameSettings(counting.toBuilder().pageSize(250).readId("read-1").build(), config);
  }

  @Test
  void unsetPollIntervalAndReadId_takeTheDirectPollAndANewIdPerBuild() {
    // Arrange
    ReadConfig.Builder builder = everySettingSet().toBuilder();
    ReadConfig.Builder fresh =
        ReadConfig.builder()
            .baseUrl("http://127.0.0.1:1/api")
            .tenant("acme")
            .apiVersion("2024-04-01")
            .runsPath("/workflow/runs")
            .credentials(Credentials.tokenFromEnvironment())
            .pageSize(10)
            .rateLimit(10)
            .initialBackoff(Duration.ZERO)
            .requestTimeout(Duration.ofSeconds(5))
            .maxChainPages(30)
            .clientFactory(HttpRunsApiClient.factory());

    // Act
    ReadConfig first = fresh.build();
    ReadConfig second = fresh.build();

    // Assert
    assertThat(first.pollInterval).isEqualTo(ReadDefaults.DIRECT_POLL);
    assertThat(first.readId).isNotEqualTo(second.readId);
    assertThat(builder.build().readId).isEqualTo("read-1");
  }

  @Test
  void missingRequiredSetting_namesIt() {
    assertThatThrownBy(() -> everySettingSet().toBuilder().tenant(null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("tenant");
  }
}
