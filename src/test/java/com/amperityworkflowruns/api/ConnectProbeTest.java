package com.amperityworkflowruns.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConnectProbeTest {
  @Test
  void measuresEachConnection_withoutSendingARequest() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CompletableFuture<List<Integer>> bytesPerConnection = CompletableFuture.supplyAsync(() -> {
        List<Integer> bytes = new ArrayList<>();
        try {
          for (int i = 0; i <= ConnectProbe.TRIES; i++) { // one untimed, then the timed ones
            try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
              bytes.add(in.readAllBytes().length); // until the probe closes it
            }
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        return bytes;
      });

      long nanos = ConnectProbe.nanos("http://127.0.0.1:" + server.getLocalPort() + "/api", 2000);

      assertThat(nanos).isPositive();
      assertThat(bytesPerConnection.get(10, TimeUnit.SECONDS))
          .hasSize(ConnectProbe.TRIES + 1)
          .containsOnly(0); // nothing an API could count as a request
    }
  }

  @Test
  void aRefusedConnection_isUnknown() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }

    assertThat(ConnectProbe.nanos("http://127.0.0.1:" + port + "/api", 2000)).isEqualTo(-1);
  }

  @Test
  void aBaseUrlWithoutAHost_isUnknown() {
    assertThat(ConnectProbe.nanos("not a url", 2000)).isEqualTo(-1);
    assertThat(ConnectProbe.nanos("file:/tmp/api", 2000)).isEqualTo(-1);
  }

  @Test
  void aServerThatNeverAnswersTheTlsHandshake_isUnknown_afterTheTimeout() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> silent = CompletableFuture.runAsync(() -> {
        try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
          in.readAllBytes(); // reads the ClientHello, answers nothing, until the probe gives up
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      long start = System.nanoTime();

      long nanos = ConnectProbe.nanos("https://127.0.0.1:" + server.getLocalPort() + "/api", 200);

      assertThat(nanos).isEqualTo(-1);
      assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
      silent.get(10, TimeUnit.SECONDS);
    }
  }
}
