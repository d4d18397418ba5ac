package com.amperityworkflowruns.simulator;

import com.amperityworkflowruns.simulator.SimRun.DataMode;
import com.amperityworkflowruns.simulator.SimRun.TimeStyle;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Writes a run as the compact JSON object the API serves (UTF-8, fixed field order). */
final class RunJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter OFFSET =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'+00:00'").withZone(ZoneOffset.UTC);
  static final String NOT_A_DATE = "not-a-date";

  private RunJson() {}

  /** Serializes the run (its final form, or its open form from {@link SimRun#asOpen()}). */
  static byte[] bytes(SimRun run) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      write(g, run);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize " + run, e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, SimRun run) throws IOException {
    g.writeStartObject();
    if (run.id() != null) {
      g.writeStringField("id", run.id());
    }
    g.writeStringField("name", run.name());
    g.writeStringField("type", run.type());
    g.writeStringField("state", run.state());
    g.writeStringField("created_at",
        run.createdAt() == null ? NOT_A_DATE : format(run.createdAt(), run.timeStyle));
    if (run.endedAt() != null) {
      g.writeStringField("ended_at", format(run.endedAt(), run.timeStyle));
    } else if (run.endedAtNullWhileOpen) {
      g.writeNullField("ended_at");
    }
    g.writeStringField("tenant", run.tenant);
    g.writeStringField("principal_id", run.principal.id());
    g.writeStringField("principal_name", run.principal.name());
    g.writeStringField("principal_email", run.principal.email());
    if (run.error != null) {
      g.writeObjectFieldStart("error");
      g.writeStringField("attribution", run.error.attribution());
      g.writeStringField("type", run.error.type());
      g.writeStringField("message", run.error.message());
      if (run.error.dataMode() == DataMode.NULL) {
        g.writeNullField("data");
      } else if (run.error.dataMode() == DataMode.OBJECT) {
        g.writeFieldName("data");
        MAPPER.writeValue(g, run.error.data());
      }
      g.writeEndObject();
    }
    if (run.extras != null) {
      for (Map.Entry<String, Object> e : run.extras.entrySet()) {
        g.writeFieldName(e.getKey());
        MAPPER.writeValue(g, e.getValue());
      }
    }
    g.writeEndObject();
  }

  static String format(Instant t, TimeStyle style) {
    switch (style) {
      case SECONDS:
        return SECONDS.format(t);
      case OFFSET:
        return OFFSET.format(t);
      default:
        return MILLIS.format(t);
    }
  }
}
