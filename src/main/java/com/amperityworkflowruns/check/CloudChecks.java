package com.amperityworkflowruns.check;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.gcp.GoogleAuth;
import com.amperityworkflowruns.gcp.SecretAccessException;
import com.amperityworkflowruns.gcp.SecretName;
import com.amperityworkflowruns.gcp.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The Google Cloud checks of {@code check}, for the services the job uses: credentials and whose
 * they are, the secret, the output and temp buckets (location and a write-and-delete probe), the
 * dataset (location against the temp bucket's, default expirations, existing tables' schemas),
 * the APIs the job needs, the IAM roles of the job's service account, and the Dataflow staging
 * location. Each check has a deadline ({@link CheckDeadline}). Without Google credentials every
 * check fails in one line, without a request.
 */
public final class CloudChecks {
  /** The one-line reason of every cloud check on a machine without Google credentials. */
  public static final String NO_CREDENTIALS = "no Google credentials here";


  /** What the job uses of Google Cloud, from its options. */
  public record Target(
      String output,
      @Nullable String tempLocation,
      boolean dataflow,
      @Nullable String stagingLocation,
      @Nullable DatasetRef dataset,
      @Nullable SecretName secret,
      @Nullable String project,
      @Nullable String serviceAccount) {
    /** Whether the job uses any Google Cloud service. */
    public boolean usesCloud() {
      return ObjectProbe.isObjectStore(output) || dataset != null || secret != null || dataflow;
    }

    /** The object-store locations the job writes: its output, and its temp location. */
    List<Bucket> buckets() {
      List<Bucket> out = new ArrayList<>();
      if (ObjectProbe.isObjectStore(output)) {
        out.add(new Bucket("output bucket", output));
      }
      if (tempLocation != null && ObjectProbe.isObjectStore(tempLocation)
          && (dataset != null || dataflow)) {
        out.add(new Bucket("temp bucket", tempLocation));
      }
      return out;
    }
  }

  /** A location in a bucket the job writes, and the name of its check. */
  record Bucket(String check, String location) {}

  /** The seams the checks go through. */
  public record Seams(
      Map<String, String> env,
      GoogleCloud.Factory cloud,
      SecretStore.Factory secrets,
      BigQueryBackend bigQuery) {}

  private final Target target;
  private final Seams seams;
  private final CheckDeadline deadline;
  private final List<Check> out = new ArrayList<>();

  private CloudChecks(Target target, Seams seams, CheckDeadline deadline) {
    this.target = target;
    this.seams = seams;
    this.deadline = deadline;
  }

  /** Runs the checks that apply to {@code target}; the lines in order. */
  public static List<Check> run(Target target, Seams seams, CheckDeadline deadline) {
    if (!target.usesCloud()) {
      return List.of(Check.skipped("google cloud", "the job uses no Google Cloud service"));
    }
    return new CloudChecks(target, seams, deadline).run();
  }

  private List<Check> names() {
    List<Check> names = new ArrayList<>();
    if (target.secret != null) {
      names.add(Check.skipped("secret", ""));
    }
    for (Bucket b : target.buckets()) {
      names.add(Check.skipped(b.check(), ""));
    }
    if (target.dataset != null) {
      names.add(Check.skipped("dataset", ""));
      names.add(Check.skipped("expiration", ""));
      names.add(Check.skipped("table schemas", ""));
    }
    names.add(Check.skipped("apis", ""));
    for (Bucket b : target.buckets()) {
      names.add(Check.skipped("iam " + b.check(), ""));
    }
    if (target.dataset != null) {
      names.add(Check.skipped("iam dataset", ""));
    }
    names.add(Check.skipped("iam project", ""));
    if (target.dataflow) {
      names.add(Check.skipped("staging location", ""));
    }
    return names;
  }

  private List<Check> run() {
    String source = GoogleAuth.source(seams.env).orElse(null);
    GoogleCloud cloud;
    String account;
    try {
      cloud = deadline.call(() -> seams.cloud.open(seams.env));
      account = deadline.call(cloud::account);
    } catch (CloudException e) {
      if (e.kind() == CloudException.Kind.NO_CREDENTIALS) {
        out.add(Check.fail("google credentials", NO_CREDENTIALS, GoogleAuth.HOW_TO));
        for (Check c : names()) {
          out.add(Check.fail(c.name(), NO_CREDENTIALS, "see google credentials"));
        }
        return out;
      }
      out.add(Check.fail("google credentials", e.getMessage(), GoogleAuth.HOW_TO));
      for (Check c : names()) {
        out.add(Check.skipped(c.name(), "not asked: google credentials failed"));
      }
      return out;
    }
    try (GoogleCloud c = cloud) {
      out.add(Check.ok("google credentials", account
          + (source == null ? "" : " (from " + source + ")")));
      String member = IamChecks.member(target, account);
      if (target.secret != null) {
        out.add(secret(account));
      }
      Map<String, String> locations = new java.util.HashMap<>();
      for (Bucket b : target.buckets()) {
        out.add(bucket(c, b, locations));
      }
      if (target.dataset != null) {
        DatasetChecks datasets = new DatasetChecks(target, seams.bigQuery, c, deadline);
        out.add(datasets.location(locations));
        out.add(datasets.expiration());
        out.add(datasets.schemas());
      }
      out.add(apis(c));
      out.addAll(new IamChecks(target, c, project(), deadline).run(member));
      if (target.dataflow) {
        out.add(staging());
      }
    }
    return out;
  }

  private Check secret(String account) {
    SecretName name = target.secret;
    return deadline.run("secret", "check the network to Secret Manager", () -> {
      try (SecretStore store = seams.secrets.open(seams.env)) {
        byte[] value = store.access(name);
        return Check.ok("secret", name + " readable (" + value.length + " bytes)");
      } catch (SecretAccessException e) {
        return Check.fail("secret", e.getMessage(), secretFix(e.reason(), name, account));
      }
    });
  }

  private static String secretFix(SecretAccessException.Reason reason, SecretName name,
      String account) {
    switch (reason) {
      case PERMISSION_DENIED:
        return "grant roles/secretmanager.secretAccessor on " + name.secret() + " to " + account;
      case NOT_FOUND:
        return "create the secret and add a version, or fix the name";
      case DISABLED:
        return "enable the version or add a new one";
      case NO_CREDENTIALS:
        return GoogleAuth.HOW_TO;
      default:
        return "check the network to Secret Manager and run check again";
    }
  }

  private Check bucket(GoogleCloud cloud, Bucket b, Map<String, String> locations) {
    String name = b.check();
    String location = b.location();
    String bucket = ObjectProbe.bucket(location);
    return deadline.run(name, "check the network, the bucket and its permissions", () -> {
      String where;
      try {
        where = cloud.bucketLocation(bucket);
      } catch (CloudException e) {
        return Check.fail(name, bucket + ": " + e.getMessage(), e.kind()
            == CloudException.Kind.NOT_FOUND ? "create the bucket or fix the path"
            : "grant the caller roles/storage.objectAdmin on the bucket");
      }
      locations.put(location, where);
      String probe = ObjectProbe.writeAndDelete(location);
      return probe == null
          ? Check.ok(name, location + ": bucket in " + where + ", a probe object written and"
              + " deleted")
          : Check.fail(name, location + ": bucket in " + where + ", but " + probe,
              "grant roles/storage.objectAdmin on the bucket to the job's account");
    });
  }

  private @Nullable String project() {
    if (target.project != null) {
      return target.project;
    }
    if (target.dataset != null) {
      return target.dataset.project;
    }
    return target.secret != null ? target.secret.project() : null;
  }

  private Check apis(GoogleCloud cloud) {
    String project = project();
    if (project == null) {
      return Check.skipped("apis", "no project named: set --project");
    }
    Set<String> needed = new TreeSet<>();
    if (!target.buckets().isEmpty()) {
      needed.add("storage.googleapis.com");
    }
    if (target.dataset != null) {
      needed.add("bigquery.googleapis.com");
    }
    if (target.secret != null) {
      needed.add("secretmanager.googleapis.com");
    }
    if (target.dataflow) {
      needed.add("dataflow.googleapis.com");
    }
    return deadline.run("apis", "check --project and the network", () -> {
      Set<String> enabled;
      try {
        enabled = cloud.enabledServices(project);
      } catch (CloudException e) {
        if (e.kind() == CloudException.Kind.PERMISSION_DENIED) {
          return Check.skipped("apis", "cannot list the services of " + project + ": "
              + e.getMessage());
        }
        throw new IllegalStateException(e.getMessage(), e);
      }
      Set<String> missing = new TreeSet<>(needed);
      missing.removeAll(enabled);
      return missing.isEmpty()
          ? Check.ok("apis", String.join(", ", needed) + " enabled on " + project)
          : Check.fail("apis", "not enabled on " + project + ": " + String.join(", ", missing),
              "gcloud services enable " + String.join(" ", missing) + " --project " + project);
    });
  }

  private Check staging() {
    String staging = target.stagingLocation != null ? target.stagingLocation
        : target.tempLocation != null ? target.tempLocation + "/staging" : null;
    if (staging == null) {
      return Check.fail("staging location", "no --stagingLocation or --tempLocation",
          "set --tempLocation=gs://BUCKET/PATH");
    }
    return deadline.run("staging location", "check the network, the bucket and its permissions",
        () -> {
          String problem = ObjectProbe.writeAndDelete(staging);
          return problem == null
              ? Check.ok("staging location", staging + ": a probe object written and deleted")
              : Check.fail("staging location", staging + ": " + problem,
                  "grant roles/storage.objectAdmin on its bucket, or set --stagingLocation");
        });
  }
}
