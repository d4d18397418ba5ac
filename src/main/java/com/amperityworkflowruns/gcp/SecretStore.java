package com.amperityworkflowruns.gcp;

import java.io.Serializable;
import java.util.Map;

/**
 * Where secrets are read from: Secret Manager in production ({@link SecretManagerStore}), an
 * in-memory store in tests.
 *
 * <p>Promises every implementation keeps (the contract test checks them):
 *
 * <ul>
 *   <li>{@link #access} returns the exact bytes of the named version; {@code latest} is the most
 *       recently added version;
 *   <li>a missing project, secret or version is {@link SecretAccessException.Reason#NOT_FOUND}, a
 *       disabled one {@code DISABLED}, a refused caller {@code PERMISSION_DENIED}, a machine
 *       without credentials {@code NO_CREDENTIALS}, a store that does not answer in time {@code
 *       UNAVAILABLE}: never an unclassified exception, never an unbounded wait;
 *   <li>no message holds a secret's value.
 * </ul>
 */
public interface SecretStore extends AutoCloseable {
  /**
   * The payload of version {@code name}.
   *
   * @throws SecretAccessException classified, with a message naming the secret and the fix
   */
  byte[] access(SecretName name);

  @Override
  void close();

  /** Opens a store where the reader runs; serialized with the pipeline, so it holds no secret. */
  interface Factory extends Serializable {
    /** A store for this process; {@code env} is its environment (credentials are found there). */
    SecretStore open(Map<String, String> env);
  }
}
