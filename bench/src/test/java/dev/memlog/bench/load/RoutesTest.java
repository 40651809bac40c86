package dev.memlog.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.bench.workload.WorkloadConfig;
import dev.memlog.bench.workload.WorkloadGenerator;
import java.util.HashMap;
import org.junit.jupiter.api.Test;

class RoutesTest {

  @Test
  void shouldSearchTheTenantWithTheMostMessagesOnItsOwnRoute() {
    var generator = new WorkloadGenerator(WorkloadConfig.of(20_000, 20));
    var messages = new HashMap<String, Integer>();
    var conversations = new HashMap<String, Integer>();
    generator.forEachRemaining(e -> {
      if (e instanceof dev.memlog.ingest.event.MessageAppended) {
        messages.merge(e.tenant(), 1, Integer::sum);
      } else if (e instanceof dev.memlog.ingest.event.ConversationStarted) {
        conversations.merge(e.tenant(), 1, Integer::sum);
      }
    });
    var largest = messages.entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();

    var routes = Routes.of(generator.targets(), generator.vocabulary(), 50, 1);

    assertThat(routes.get(Routes.SEARCH_LARGEST)).hasSize(50)
        .allSatisfy(path -> assertThat(path).startsWith("/v1/tenants/" + largest + "/search?limit=20&q="));
    assertThat(routes.get(Routes.SEARCH)).extracting(path -> path.split("/")[3]).hasSizeGreaterThan(1)
        .as("the mixed route asks other tenants too").anyMatch(tenant -> !tenant.equals(largest));
    var bySize = conversations.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue()
        .reversed().thenComparing(java.util.Map.Entry.comparingByKey())).map(java.util.Map.Entry::getKey).toList();
    var smallerHalf = bySize.subList(bySize.size() / 2, bySize.size());
    assertThat(routes.get(Routes.SEARCH_SMALL)).hasSize(50).extracting(path -> path.split("/")[3])
        .as("the small-tenant route asks only the smaller half").doesNotContain(largest)
        .allSatisfy(tenant -> assertThat(smallerHalf).contains(tenant));
  }
}
