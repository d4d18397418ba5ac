package com.amperityworkflowruns.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and a server certificate for 127.0.0.1 signed by it, made with the JDK's
 * {@code keytool} in a folder, as PEM files a TLS server reads: {@link #ca}, {@link #cert}, {@link
 * #key}. For tests of TLS on loopback only; valid for two days.
 */
public final class TestCertificates {
  private static final String PASSWORD = "changeit";
  private final Path dir;

  private TestCertificates(Path dir) {
    this.dir = dir;
  }

  /** Makes them in {@code dir}. */
  public static TestCertificates make(Path dir) throws IOException, InterruptedException {
    TestCertificates c = new TestCertificates(dir);
    c.keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=amperity-test-ca", "-ext", "bc:c", "-validity", "2",
        "-keystore", "ca.p12", "-storetype", "PKCS12");
    c.keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=127.0.0.1", "-validity", "2", "-keystore", "server.p12", "-storetype", "PKCS12");
    c.keytool("-certreq", "-alias", "server", "-keystore", "server.p12", "-file", "server.csr");
    c.keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "server.csr",
        "-outfile", "server.pem", "-rfc", "-ext", "san=ip:127.0.0.1", "-validity", "2");
    c.keytool("-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-rfc", "-file", "ca.pem");
    c.writeKey();
    return c;
  }

  /** The CA's certificate (PEM). */
  public Path ca() {
    return dir.resolve("ca.pem");
  }

  /** The server's certificate (PEM), for 127.0.0.1. */
  public Path cert() {
    return dir.resolve("server.pem");
  }

  /** The server's private key (PEM, PKCS#8). */
  public Path key() {
    return dir.resolve("server.key");
  }

  private void writeKey() throws IOException {
    try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      PrivateKey key = (PrivateKey) store.getKey("server", PASSWORD.toCharArray());
      String pem = "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(key.getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
      Files.writeString(key(), pem, StandardCharsets.US_ASCII);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException("cannot read the test server's key", e);
    }
  }

  private void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storepass", PASSWORD, "-keypass", PASSWORD, "-noprompt"));
    Path log = dir.resolve("keytool.log");
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("keytool " + String.join(" ", args) + " failed: "
          + Files.readString(log));
    }
  }
}
