package dev.memlog.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memlog.ingest.event.EventCodec;
import dev.memlog.ingest.event.MemoryEvent;
import dev.memlog.ingest.event.MessageAppended;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WorkloadGeneratorTest {

  private static List<MemoryEvent> generate(long events) {
    var generator = new WorkloadGenerator(WorkloadConfig.of(events, 20));
    var list = new ArrayList<MemoryEvent>();
    generator.forEachRemaining(list::add);
    return list;
  }

  @Test
  void shouldGiveTheSameEventsForTheSameSeed() {
    assertThat(generate(2_000)).isEqualTo(generate(2_000));
  }

  @Test
  void shouldGenerateExactlyTheRequestedNumberOfValidEventsWithUniqueIds() {
    var events = generate(5_000);
    var codec = new EventCodec();

    assertThat(events).hasSize(5_000);
    assertThat(events.stream().map(MemoryEvent::eventId).distinct()).hasSize(5_000);
    events.forEach(e -> assertThat(codec.decode(codec.encode(e))).isEqualTo(e));
  }

  @Test
  void shouldBeMostlyMessagesWithEveryOtherKindPresent() {
    var byType = new HashMap<String, Integer>();
    generate(20_000).forEach(e -> byType.merge(e.type(), 1, Integer::sum));

    assertThat(byType.get(MessageAppended.TYPE)).isBetween(14_000, 17_500);
    assertThat(byType.keySet()).contains("conversation.started.v1", "entity.upserted.v1", "relation.asserted.v1",
        "entity.mentioned.v1", "message.edited.v1");
  }

  @Test
  void shouldSkewTenantsSoTheLargestIsFarLargerThanTheSmallest() {
    var perTenant = new HashMap<String, Integer>();
    generate(20_000).forEach(e -> perTenant.merge(e.tenant(), 1, Integer::sum));

    assertThat(perTenant).hasSize(20);
    assertThat(perTenant.values().stream().mapToInt(i -> i).max().orElseThrow())
        .isGreaterThan(4 * perTenant.values().stream().mapToInt(i -> i).min().orElseThrow());
  }

  @Test
  void shouldGiveMessagesLongTailedLengths() {
    var lengths = generate(20_000).stream().filter(MessageAppended.class::isInstance)
        .mapToInt(e -> ((MessageAppended) e).content().split(" ").length).sorted().toArray();
    int median = lengths[lengths.length / 2];
    int p99 = lengths[lengths.length * 99 / 100];

    assertThat(median).isBetween(15, 35);
    assertThat(p99).isGreaterThan(5 * median);
  }

  @Test
  void shouldOfferQueryTargetsThatWereGenerated() {
    var generator = new WorkloadGenerator(WorkloadConfig.of(3_000, 5));
    var conversations = new HashSet<String>();
    generator.forEachRemaining(e -> {
      if (e instanceof MessageAppended m) {
        conversations.add(m.tenant() + "/" + m.conversationId());
      }
    });

    assertThat(generator.targets().conversations()).isNotEmpty()
        .allSatisfy(t -> assertThat(conversations).contains(t.tenant() + "/" + t.id()));
    assertThat(generator.targets().entities()).isNotEmpty();
  }

  @Test
  void shouldDrawLowZipfRanksFarMoreOftenThanHighOnes() {
    var zipf = new Zipf(1_000, 1.0);
    var random = new Random(1);
    int[] counts = new int[1_000];
    for (int i = 0; i < 100_000; i++) {
      counts[zipf.next(random)]++;
    }

    assertThat(counts[0]).isGreaterThan(10 * counts[99]);
    assertThat(counts[0]).isBetween(11_000, 17_000);
  }

  @Test
  void shouldMakeDistinctWordsAndCutLengthsToTheirBounds() {
    var vocabulary = new Vocabulary(5_000, 1.0);
    var words = new HashSet<String>();
    for (int i = 0; i < vocabulary.size(); i++) {
      words.add(vocabulary.word(i));
    }
    var random = new Random(3);
    var tail = new LongTail(24, 1.0, 1, 100);

    assertThat(words).hasSize(5_000);
    for (int i = 0; i < 10_000; i++) {
      assertThat(tail.next(random)).isBetween(1, 100);
    }
  }
}
