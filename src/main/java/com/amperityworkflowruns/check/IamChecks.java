package com.amperityworkflowruns.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The IAM checks of {@code check}: the roles of the job's service account ({@code
 * --serviceAccount}, else the caller) on each bucket the job writes, on the dataset and on the
 * project, as their policies show them (project roles count on the buckets and the dataset too).
 * A policy the caller may not read makes its line {@code skipped}; roles through groups are not
 * resolved.
 */
final class IamChecks {
  private static final Set<String> BUCKET_ROLES = Set.of("roles/storage.objectAdmin",
      "roles/storage.admin", "roles/owner", "roles/editor");
  private static final Set<String> DATASET_ROLES = Set.of("roles/bigquery.dataEditor",
      "roles/bigquery.dataOwner", "roles/bigquery.admin", "roles/owner", "roles/editor");
  private static final Set<String> BIGQUERY_JOB_ROLES = Set.of("roles/bigquery.jobUser",
      "roles/bigquery.user", "roles/bigquery.admin", "roles/owner", "roles/editor");
  private static final Set<String> DATAFLOW_ROLES = Set.of("roles/dataflow.worker",
      "roles/dataflow.admin", "roles/owner", "roles/editor");

  private final CloudChecks.Target target;
  private final GoogleCloud cloud;
  private final @Nullable String project;
  private final CheckDeadline deadline;

  IamChecks(CloudChecks.Target target, GoogleCloud cloud, @Nullable String project,
      CheckDeadline deadline) {
    this.target = target;
    this.cloud = cloud;
    this.project = project;
    this.deadline = deadline;
  }

  /** The IAM member the job runs as: --serviceAccount, else the caller; null when unknown. */
  static @Nullable String member(CloudChecks.Target target, String account) {
    String who = target.serviceAccount() != null ? target.serviceAccount() : account;
    if (!who.contains("@")) {
      return null;
    }
    return (who.endsWith(".gserviceaccount.com") ? "serviceAccount:" : "user:") + who;
  }

  /** One line per resource the job writes, and one for the project. */
  List<Check> run(@Nullable String member) {
    List<Check> lines = new ArrayList<>();
    if (member == null) {
      lines.add(Check.skipped("iam", "the caller's account is not known: pass --serviceAccount"));
      return lines;
    }
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
    for (CloudChecks.Bucket b : target.buckets()) {
      lines.add(iamOn("iam " + b.check(), member, new GoogleCloud.Resource(
          GoogleCloud.Resource.Kind.BUCKET, ObjectProbe.bucket(b.location())), BUCKET_ROLES,
          "roles/storage.objectAdmin", inherited));
    }
    if (target.dataset() != null) {
      lines.add(iamOn("iam dataset", member, new GoogleCloud.Resource(
          GoogleCloud.Resource.Kind.DATASET, target.dataset().toString()), DATASET_ROLES,
          "roles/bigquery.dataEditor", inherited));
    }
    if (project == null) {
      lines.add(Check.skipped("iam project", "no project named: set --project"));
    } else if (!projectReadable) {
      lines.add(Check.skipped("iam project", "cannot read the IAM policy of project " + project
          + " (or no answer in time)"));
    } else {
      List<String> missing = new ArrayList<>();
      if (target.dataset() != null && disjoint(projectRoles, BIGQUERY_JOB_ROLES)) {
        missing.add("roles/bigquery.jobUser");
      }
      if (target.dataflow() && disjoint(projectRoles, DATAFLOW_ROLES)) {
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

  private Check iamOn(String name, String member,
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

}
