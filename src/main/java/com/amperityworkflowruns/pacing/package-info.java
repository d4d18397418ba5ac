/**
 * The tenant's rate budget and what feeds it: {@link com.amperityworkflowruns.pacing.RateBudget}
 * (the window of send times, 429s, {@code Retry-After}), {@link
 * com.amperityworkflowruns.pacing.SendTimes}, the {@link
 * com.amperityworkflowruns.pacing.PauseDetector} of this JVM and the good-neighbour rate ({@link
 * com.amperityworkflowruns.pacing.NeighbourPacing}). Behind {@link
 * com.amperityworkflowruns.pacing.RequestBudget}, the same budget shared by every worker of every
 * job on the tenant ({@code --rateLimiter=redis}): {@link
 * com.amperityworkflowruns.pacing.SharedBudget} over the tenant's sends in Redis ({@link
 * com.amperityworkflowruns.pacing.TenantSlots}, {@link com.amperityworkflowruns.pacing.RedisSlots},
 * settings in {@link com.amperityworkflowruns.pacing.RedisLimiter}).
 *
 * <p>Plain Java. It must not import Beam and must not send requests to the API: it only says when
 * one may leave and learns from the answers it is told about (the shared budget keeps its window
 * in Redis).
 */
package com.amperityworkflowruns.pacing;
