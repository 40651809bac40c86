package dev.memlog.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What every node of a cluster must answer alike about a {@link HeavyIngest}: every conversation's summary and
 * first page, every entity and its relations, and a search, without their freshness (which names the node's
 * own view of the partitions).
 */
final class ClusterAnswers {

  private ClusterAnswers() {}

  /** The answers of the node behind {@code http}; every request must answer 200. */
  static List<JsonNode> of(NodeHttp http, int conversations, int entities) {
    var answers = new ArrayList<JsonNode>();
    for (int c = 0; c < conversations; c++) {
      answers.add(content(http, "/v1/tenants/acme/conversations/c-" + c));
      answers.add(content(http, "/v1/tenants/acme/conversations/c-" + c + "/messages?limit=100"));
    }
    for (int k = 0; k < entities; k++) {
      answers.add(content(http, "/v1/tenants/acme/entities/kettle-" + k));
      answers.add(content(http, "/v1/tenants/acme/entities/kettle-" + k + "/relations"));
    }
    answers.add(content(http, "/v1/tenants/acme/search?q=kettle+teapot&limit=50"));
    return answers;
  }

  /** Asserts that every node behind {@code https} answers every conversation with all its messages applied. */
  static void assertApplied(List<NodeHttp> https, int conversations, int messages) {
    for (var http : https) {
      for (int c = 0; c < conversations; c++) {
        var summary = http.get("/v1/tenants/acme/conversations/c-" + c);
        assertThat(summary.status()).as(summary.text()).isEqualTo(200);
        assertThat(summary.json().at("/conversation/messageCount").asLong()).isEqualTo(messages);
      }
    }
  }

  private static JsonNode content(NodeHttp http, String path) {
    var answer = http.get(path);
    assertThat(answer.status()).as(path + " " + answer.text()).isEqualTo(200);
    var json = answer.json().deepCopy();
    if (json instanceof ObjectNode object) {
      object.remove("freshness");
    }
    return json;
  }
}
