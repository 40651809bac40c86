package dev.memlog.bench.workload;

/**
 * The size and shape of a generated workload. Tenants are Zipf-skewed (a few large, many small); a conversation
 * runs for about {@code messagesPerConversation} messages before its tenant opens a new one.
 */
public record WorkloadConfig(String tenantPrefix, long events, int tenants, int messagesPerConversation, int entitiesPerTenant,
    int vocabularySize, long seed) {

  public WorkloadConfig {
    java.util.Objects.requireNonNull(tenantPrefix, "tenantPrefix");
    if (events < 1 || tenants < 1 || messagesPerConversation < 1 || entitiesPerTenant < 2 || vocabularySize < 30) {
      throw new IllegalArgumentException("events, tenants and messagesPerConversation must be positive, "
          + "entitiesPerTenant at least 2 and vocabularySize at least 30");
    }
  }

  public static WorkloadConfig of(long events, int tenants) {
    return new WorkloadConfig("tenant", events, tenants, 40, 500, 20_000, 42L);
  }
}
