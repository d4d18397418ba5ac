/**
 * The tenant's rate budget and what feeds it: {@link com.amperityworkflowruns.pacing.RateBudget}
 * (the window of send times, 429s, {@code Retry-After}), {@link
 * com.amperityworkflowruns.pacing.SendTimes} and the {@link
 * com.amperityworkflowruns.pacing.PauseDetector} of this JVM.
 *
 * <p>Plain Java. It must not import Beam and must not send requests: it only says when one may
 * leave and learns from the answers it is told about.
 */
package com.amperityworkflowruns.pacing;
