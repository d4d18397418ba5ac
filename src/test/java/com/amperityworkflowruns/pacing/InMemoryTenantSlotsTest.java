package com.amperityworkflowruns.pacing;

/** The contract of {@link TenantSlots} on the in-memory store that {@link SharedBudgetTest} uses. */
class InMemoryTenantSlotsTest extends TenantSlotsContract {
  private final InMemoryTenantSlots store = new InMemoryTenantSlots(System::nanoTime);

  @Override
  TenantSlots slots(String tenant) {
    return store.forTenant(tenant);
  }

  @Override
  TenantSlots unreachable(String tenant) {
    InMemoryTenantSlots away = new InMemoryTenantSlots(System::nanoTime);
    away.setReachable(false);
    return away.forTenant(tenant);
  }
}
