package com.amperityworkflowruns.publish;

import com.amperityworkflowruns.model.Days;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The write-ahead plan of one publish: the deletes and moves, in order, that replace the days
 * {@code [fromDay, toDay)} with job {@code jobId}'s staged files.
 *
 * <p>Stored as {@code _journal/{jobId}.json}; paths are relative to the output root so that the
 * file reads the same whatever the root. Every operation is idempotent when replayed (see {@link
 * Publisher#execute}).
 */
public final class PublishJournal implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int VERSION = 1;

  /** One step of a journal: delete {@code path}, or move {@code path} to {@code target}. */
  public static final class Operation implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What the step does. */
    public enum Kind {
      DELETE,
      MOVE
    }

    public final Kind kind;
    /** The file deleted, or the source of a move (relative to the output root). */
    public final String path;
    /** The destination of a move (relative to the output root); null for a delete. */
    public final String target;

    private Operation(Kind kind, String path, String target) {
      this.kind = kind;
      this.path = path;
      this.target = target;
    }

    public static Operation delete(String path) {
      return new Operation(Kind.DELETE, path, null);
    }

    public static Operation move(String from, String to) {
      return new Operation(Kind.MOVE, from, to);
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Operation)) {
        return false;
      }
      Operation op = (Operation) o;
      return kind == op.kind && path.equals(op.path) && Objects.equals(target, op.target);
    }

    @Override
    public int hashCode() {
      return Objects.hash(kind, path, target);
    }

    @Override
    public String toString() {
      return kind == Kind.DELETE ? "delete " + path : "move " + path + " -> " + target;
    }
  }

  /** The output the journal belongs to (not stored in the file: it is where the file is). */
  public final OutputLayout layout;
  public final String jobId;
  public final LocalDate fromDay;
  public final LocalDate toDay;
  /** Every day the journal replaces: {@code [fromDay, toDay)} and refreshed days outside it. */
  public final Days days;
  public final List<Operation> operations;
  /**
   * The options, without credentials or range, that rerun this job's query into this output
   * (e.g. {@code --tenant=acme --output=gs://b/runs}); named in the repair line of a journal that
   * cannot be completed. May be empty.
   */
  public final String rerunArgs;

  public PublishJournal(OutputLayout layout, String jobId, LocalDate fromDay, LocalDate toDay,
      List<Operation> operations) {
    this(layout, jobId, Days.range(fromDay, toDay), operations, "");
  }

  public PublishJournal(OutputLayout layout, String jobId, Days days,
      List<Operation> operations, String rerunArgs) {
    this.rerunArgs = rerunArgs == null ? "" : rerunArgs;
    this.layout = layout;
    this.jobId = OutputLayout.checkJobId(jobId);
    this.days = days;
    this.fromDay = days.rangeFrom();
    this.toDay = days.rangeTo();
    this.operations = Collections.unmodifiableList(new ArrayList<>(operations));
  }

  /** The number of moves: files this journal publishes. */
  public long moves() {
    return operations.stream().filter(o -> o.kind == Operation.Kind.MOVE).count();
  }

  /** The number of deletes: published files this journal removes. */
  public long deletes() {
    return operations.size() - moves();
  }

  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    root.put("jobId", jobId);
    root.put("fromDay", fromDay.toString());
    root.put("toDay", toDay.toString());
    root.put("rerun", rerunArgs);
    ArrayNode extra = root.putArray("extraDays");
    days.extra().forEach(d -> extra.add(d.toString()));
    ArrayNode ops = root.putArray("operations");
    for (Operation op : operations) {
      ObjectNode node = ops.addObject();
      node.put("op", op.kind.name());
      node.put("path", op.path);
      if (op.target != null) {
        node.put("target", op.target);
      }
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize the journal of job " + jobId, e);
    }
  }

  static PublishJournal fromJson(byte[] bytes, OutputLayout layout, String source)
      throws IOException {
    JsonNode root = JSON.readTree(bytes);
    if (root == null || root.path("version").asInt() != VERSION) {
      throw new IOException(
          "journal " + source + " is not a version " + VERSION + " journal: "
              + new String(bytes, StandardCharsets.UTF_8));
    }
    List<Operation> ops = new ArrayList<>();
    for (JsonNode node : root.path("operations")) {
      Operation.Kind kind = Operation.Kind.valueOf(node.path("op").asText());
      String path = node.path("path").asText();
      ops.add(kind == Operation.Kind.DELETE
          ? Operation.delete(path) : Operation.move(path, node.path("target").asText()));
    }
    List<LocalDate> extra = new ArrayList<>();
    for (JsonNode d : root.path("extraDays")) {
      extra.add(LocalDate.parse(d.asText()));
    }
    return new PublishJournal(
        layout,
        root.path("jobId").asText(),
        Days.range(LocalDate.parse(root.path("fromDay").asText()),
            LocalDate.parse(root.path("toDay").asText())).plus(extra),
        ops,
        root.path("rerun").asText(""));
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PublishJournal)) {
      return false;
    }
    PublishJournal j = (PublishJournal) o;
    return layout.equals(j.layout) && jobId.equals(j.jobId) && days.equals(j.days)
        && operations.equals(j.operations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jobId, fromDay, toDay, operations);
  }

  @Override
  public String toString() {
    return "PublishJournal{" + jobId + ", " + days + ", " + operations.size()
        + " operations}";
  }
}
