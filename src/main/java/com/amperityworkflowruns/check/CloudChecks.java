package com.amperityworkflowruns.check;

import com.amperityworkflowruns.bigquery.BigQueryBackend;
import com.amperityworkflowruns.bigquery.BigQueryPreparation;
import com.amperityworkflowruns.bigquery.DatasetRef;
import com.amperityworkflowruns.bigquery.TableStore;
import com.amperityworkflowruns.gcp.GoogleAuth;
import com.amperityworkflowruns.gcp.SecretAccessException;
import com.amperityworkflowruns.gcp.SecretName;
import com.amperityworkflowruns.gcp.SecretStore;
import com.google.api.services.bigquery.model.Table;
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

  private static final List<String> TABLES = List.of("workflow_runs", "workflow_type_stats",
      "rejects");
  private static final Set<String> BUCKET_ROLES = Set.of("roles/storage.objectAdmin",
      "roles/storage.admin", "roles/owner", "roles/editor");
  private static final Set<String> DATASET_ROLES = Set.of("roles/bigquery.dataEditor",
      "roles/bigquery.dataOwner", "roles/bigquery.admin", "roles/owner", "roles/editor");
  private static final Set<String> BIGQUERY_JOB_ROLES = Set.of("roles/bigquery.jobUser",
      "roles/bigquery.user", "roles/bigquery.admin", "roles/owner", "roles/editor");
  private static final Set<String> DATAFLOW_ROLES = Set.of("roles/dataflow.worker",
      "roles/dataflow.admin", "roles/owner", "roles/editor");

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
      String member = member(account);
      if (target.secret != null) {
        out.add(secret(account));
      }
      Map<String, String> locations = new java.util.HashMap<>();
      for (Bucket b : target.buckets()) {
        out.add(bucket(c, b, locations));
      }
      if (target.dataset != null) {
        out.add(dataset(c, locations));
        out.add(expiration(c));
        out.add(schemas());
      }
      out.add(apis(c));
      out.addAll(iam(c, member));
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

  private Check dataset(GoogleCloud cloud, Map<String, String> bucketLocations) {
    DatasetRef ref = target.dataset;
    return deadline.run("dataset", "check --bigqueryDataset and the network", () -> {
      try (TableStore store = seams.bigQuery.tables().open()) {
        store.checkDataset(ref);
      }
      GoogleCloud.DatasetInfo info = cloud.dataset(ref);
      String temp = target.tempLocation == null ? null : bucketLocations.get(target.tempLocation);
      String found = ref + " in " + info.location();
      if (temp == null) {
        return Check.ok("dataset", found + " (no temp bucket location to compare)");
      }
      return loadable(info.location(), temp)
          ? Check.ok("dataset", found + ", loadable from the temp bucket in " + temp)
          : Check.fail("dataset", found + " but the temp bucket is in " + temp + ": BigQuery"
              + " loads only from a bucket in the dataset's location",
              "use a --tempLocation bucket in " + info.location());
    });
  }

  /** Whether BigQuery loads files from a bucket in {@code bucket} into a dataset in {@code ds}. */
  static boolean loadable(String ds, String bucket) {
    String d = ds.toUpperCase(Locale.ROOT);
    String b = bucket.toUpperCase(Locale.ROOT);
    return d.equals(b)
        || d.equals("US") && (b.startsWith("US-") || b.equals("NAM4"))
        || d.equals("EU") && (b.startsWith("EUROPE-") || b.equals("EUR4"));
  }

  private Check expiration(GoogleCloud cloud) {
    DatasetRef ref = target.dataset;
    return deadline.run("expiration", "check --bigqueryDataset and the network", () -> {
      GoogleCloud.DatasetInfo info = cloud.dataset(ref);
      List<String> found = new ArrayList<>();
      if (info.defaultTableExpirationMs() != null) {
        found.add("the dataset's default table expiration (" + days(info.defaultTableExpirationMs())
            + ")");
      }
      if (info.defaultPartitionExpirationMs() != null) {
        found.add("the dataset's default partition expiration ("
            + days(info.defaultPartitionExpirationMs()) + ")");
      }
      try (TableStore store = seams.bigQuery.tables().open()) {
        for (String name : TABLES) {
          Table t = store.describe(ref.table(name));
          if (t != null && t.getExpirationTime() != null) {
            found.add(name + "'s expiration time");
          }
          if (t != null && t.getTimePartitioning() != null
              && t.getTimePartitioning().getExpirationMs() != null) {
            found.add(name + "'s partition expiration ("
                + days(t.getTimePartitioning().getExpirationMs()) + ")");
          }
        }
      }
      return found.isEmpty()
          ? Check.ok("expiration", "no default table or partition expiration on " + ref
              + " or its tables")
          : Check.fail("expiration", String.join(", ", found) + ": published days would be"
              + " deleted", "bq update --default_table_expiration 0"
              + " --default_partition_expiration 0 " + ref + " (and bq update"
              + " --time_partitioning_expiration 0 / --expiration 0 on each table named)");
    });
  }

  private static String days(long ms) {
    return ms / 86_400_000L + " days";
  }

  private Check schemas() {
    DatasetRef ref = target.dataset;
    return deadline.run("table schemas", "check --bigqueryDataset and the network", () -> {
      try {
        BigQueryPreparation.check(seams.bigQuery, ref, "T"); // T: the migrate line's example
      } catch (IllegalArgumentException e) {
        return Check.fail("table schemas", CheckDeadline.firstLine(e), "change or drop the table"
            + " named (its schema is in src/main/resources/bigquery/)");
      }
      int existing = 0;
      try (TableStore store = seams.bigQuery.tables().open()) {
        for (String name : TABLES) {
          existing += store.describe(ref.table(name)) == null ? 0 : 1;
        }
      }
      return Check.ok("table schemas", existing + " of 3 tables exist and take the job's rows"
          + (existing < 3 ? "; the job creates the others" : ""));
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

  /** The IAM member the job runs as: --serviceAccount, else the caller. */
  private @Nullable String member(String account) {
    String who = target.serviceAccount != null ? target.serviceAccount : account;
    if (!who.contains("@")) {
      return null;
    }
    return (who.endsWith(".gserviceaccount.com") ? "serviceAccount:" : "user:") + who;
  }

  private List<Check> iam(GoogleCloud cloud, @Nullable String member) {
    List<Check> lines = new ArrayList<>();
    if (member == null) {
      lines.add(Check.skipped("iam", "the caller's account is not known: pass --serviceAccount"));
      return lines;
    }
    String project = project();
    Set<String> projectRoles = Set.of();
    boolean projectReadable = false;
    if (project != null) {
      try {
        projectRoles = deadline.call(() -> cloud.roles(
            new GoogleCloud.Resource(GoogleCloud.Resource.Kind.PROJECT, project)))
            .getOrDefault(member, Set.of());
        projectReadable = true;
      } catch (CloudException e) {
        // reported on the project's line below
      }
    }
    Set<String> inherited = projectRoles;
    for (Bucket b : target.buckets()) {
      lines.add(iamOn(cloud, "iam " + b.check(), member, new GoogleCloud.Resource(
          GoogleCloud.Resource.Kind.BUCKET, ObjectProbe.bucket(b.location())), BUCKET_ROLES,
          "roles/storage.objectAdmin", inherited));
    }
    if (target.dataset != null) {
      lines.add(iamOn(cloud, "iam dataset", member, new GoogleCloud.Resource(
          GoogleCloud.Resource.Kind.DATASET, target.dataset.toString()), DATASET_ROLES,
          "roles/bigquery.dataEditor", inherited));
    }
    if (project == null) {
      lines.add(Check.skipped("iam project", "no project named: set --project"));
    } else if (!projectReadable) {
      lines.add(Check.skipped("iam project", "cannot read the IAM policy of project " + project
          + " (or no answer in time)"));
    } else {
      List<String> missing = new ArrayList<>();
      if (target.dataset != null && disjoint(projectRoles, BIGQUERY_JOB_ROLES)) {
        missing.add("roles/bigquery.jobUser");
      }
      if (target.dataflow && disjoint(projectRoles, DATAFLOW_ROLES)) {
        missing.add("roles/dataflow.worker");
      }
      lines.add(missing.isEmpty()
          ? Check.ok("iam project", member + " on " + project + ": "
              + (projectRoles.isEmpty() ? "nothing needed" : new TreeSet<>(projectRoles)))
          : Check.fail("iam project", member + " lacks " + missing + " on project " + project,
              "gcloud projects add-iam-policy-binding " + project + " --member=" + member
                  + " --role=" + missing.get(0)));
    }
    return lines;
  }

  private Check iamOn(GoogleCloud cloud, String name, String member,
      GoogleCloud.Resource resource, Set<String> accepted, String recommended,
      Set<String> inherited) {
    return deadline.run(name, "run check again", () -> {
      Set<String> roles;
      try {
        roles = cloud.roles(resource).getOrDefault(member, Set.of());
      } catch (CloudException e) {
        return Check.skipped(name, "cannot read the IAM policy of " + resource + ": "
            + e.getMessage());
      }
      Set<String> all = new TreeSet<>(roles);
      all.addAll(inherited);
      return !disjoint(all, accepted)
          ? Check.ok(name, member + " on " + resource + ": " + all)
          : Check.fail(name, member + " holds none of " + new TreeSet<>(accepted) + " on "
              + resource + " (roles through groups are not resolved here)",
              "grant " + recommended + " on " + resource + " to " + member);
    });
  }

  private static boolean disjoint(Set<String> a, Set<String> b) {
    return java.util.Collections.disjoint(a, b);
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
