package com.amperityworkflowruns.check;

import com.amperityworkflowruns.bigquery.DatasetRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory {@link GoogleCloud} for tests: an account, bucket and dataset locations, enabled
 * services and IAM policies, each settable; what it does not hold is {@code NOT_FOUND}, a policy
 * marked unreadable is {@code PERMISSION_DENIED}. Found by id from the serializable factory, as
 * the other fakes' state is.
 */
public final class FakeGoogleCloud implements GoogleCloud {
  private static final Map<String, FakeGoogleCloud> CLOUDS = new ConcurrentHashMap<>();

  private final String id = java.util.UUID.randomUUID().toString();
  private String account = "job@acme-project.iam.gserviceaccount.com";
  private final Map<String, String> buckets = new HashMap<>();
  private final Map<String, DatasetInfo> datasets = new HashMap<>();
  private final Map<String, Set<String>> services = new HashMap<>();
  private final Map<Resource, Map<String, Set<String>>> policies = new HashMap<>();
  private final Set<Resource> unreadable = new HashSet<>();

  private FakeGoogleCloud() {}

  /** A new, empty cloud. */
  public static FakeGoogleCloud create() {
    FakeGoogleCloud c = new FakeGoogleCloud();
    CLOUDS.put(c.id, c);
    return c;
  }

  /** The factory opening this cloud. */
  public GoogleCloud.Factory factory() {
    String key = id;
    return env -> CLOUDS.get(key);
  }

  public FakeGoogleCloud account(String v) {
    account = v;
    return this;
  }

  public FakeGoogleCloud bucket(String name, String location) {
    buckets.put(name, location);
    return this;
  }

  public FakeGoogleCloud dataset(DatasetRef ref, DatasetInfo info) {
    datasets.put(ref.toString(), info);
    return this;
  }

  public FakeGoogleCloud enabled(String project, String... names) {
    services.computeIfAbsent(project, k -> new HashSet<>()).addAll(Set.of(names));
    return this;
  }

  public FakeGoogleCloud grant(Resource.Kind kind, String name, String member, String role) {
    policies.computeIfAbsent(new Resource(kind, name), k -> new HashMap<>())
        .computeIfAbsent(member, k -> new HashSet<>()).add(role);
    return this;
  }

  public FakeGoogleCloud unreadablePolicy(Resource.Kind kind, String name) {
    unreadable.add(new Resource(kind, name));
    return this;
  }

  @Override
  public String account() {
    return account;
  }

  @Override
  public synchronized String bucketLocation(String bucket) throws CloudException {
    String location = buckets.get(bucket);
    if (location == null) {
      throw new CloudException(CloudException.Kind.NOT_FOUND, "HTTP 404: bucket " + bucket
          + " does not exist");
    }
    return location;
  }

  @Override
  public synchronized DatasetInfo dataset(DatasetRef dataset) throws CloudException {
    DatasetInfo info = datasets.get(dataset.toString());
    if (info == null) {
      throw new CloudException(CloudException.Kind.NOT_FOUND, "dataset " + dataset
          + " does not exist");
    }
    return info;
  }

  @Override
  public synchronized Set<String> enabledServices(String project) {
    return Set.copyOf(services.getOrDefault(project, Set.of()));
  }

  @Override
  public synchronized Map<String, Set<String>> roles(Resource resource) throws CloudException {
    if (unreadable.contains(resource)) {
      throw new CloudException(CloudException.Kind.PERMISSION_DENIED, "HTTP 403: the caller may"
          + " not read the policy");
    }
    return Map.copyOf(policies.getOrDefault(resource, Map.of()));
  }

  @Override
  public void close() {}
}
