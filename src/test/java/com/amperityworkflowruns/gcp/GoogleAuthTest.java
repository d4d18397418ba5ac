package com.amperityworkflowruns.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials are found where Application Default Credentials look, without a network request. */
class GoogleAuthTest {
  @TempDir Path tmp;

  private Path productName(String text) throws IOException {
    return Files.writeString(tmp.resolve("product_name"), text);
  }

  @Test
  void givenNothing_noSource() throws IOException {
    assertThat(GoogleAuth.source(Map.of(), tmp.resolve("home"), productName("Standard PC (Q35)")))
        .isEmpty();
  }

  @Test
  void givenKeyFileVariable_foundThere() throws IOException {
    assertThat(GoogleAuth.source(
            Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/keys/sa.json"), tmp, productName("x")))
        .contains("GOOGLE_APPLICATION_CREDENTIALS");
  }

  @Test
  void givenGcloudApplicationDefaultFile_foundInHomeOrCloudSdkConfig() throws IOException {
    Path home = tmp.resolve("home");
    Files.createDirectories(home.resolve(".config/gcloud"));
    Files.writeString(home.resolve(".config/gcloud/application_default_credentials.json"), "{}");
    Path sdk = Files.createDirectories(tmp.resolve("sdk"));
    Files.writeString(sdk.resolve("application_default_credentials.json"), "{}");

    assertThat(GoogleAuth.source(Map.of(), home, productName("x"))).isPresent();
    assertThat(GoogleAuth.source(Map.of("CLOUDSDK_CONFIG", sdk.toString()), tmp, productName("x")))
        .isPresent();
  }

  @Test
  void givenGoogleCloudVm_foundByItsProductName() throws IOException {
    assertThat(GoogleAuth.source(Map.of(), tmp, productName("Google Compute Engine\n")))
        .contains("the VM's service account");
  }

  @Test
  void givenBeamSdkHarnessOfARunner_foundAsTheWorkersAccount() throws IOException {
    assertThat(GoogleAuth.source(
            Map.of("CONTROL_API_SERVICE_DESCRIPTOR", "url: \"localhost:12371\""), tmp,
            tmp.resolve("absent")))
        .contains("the worker's service account");
  }

  @Test
  void givenNoGceCheckOnAGoogleCloudVm_noSource_asGooglesLibrarySkipsTheMetadataServer()
      throws IOException {
    Map<String, String> env = Map.of("NO_GCE_CHECK", "true", "GCE_METADATA_HOST", "169.254.169.254");

    assertThat(GoogleAuth.source(env, tmp, productName("Google Compute Engine\n"))).isEmpty();
  }

  @Test
  void givenNoGceCheckAndAKeyFile_foundThere() throws IOException {
    Map<String, String> env =
        Map.of("NO_GCE_CHECK", "true", "GOOGLE_APPLICATION_CREDENTIALS", "/keys/sa.json");

    assertThat(GoogleAuth.source(env, tmp, productName("Google Compute Engine")))
        .contains("GOOGLE_APPLICATION_CREDENTIALS");
  }

  @Test
  void givenMissingProductNameFile_noSource() {
    assertThat(GoogleAuth.source(Map.of(), tmp, tmp.resolve("absent"))).isEmpty();
  }
}
