package dev.memlog.projector.failure;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;

/** The context Kafka Streams hands an exception handler, for the record at {@code topic/partition@offset}. */
record TestContext(String topic, int partition, long offset, Headers headers, String processorNodeId, TaskId taskId,
    long timestamp, byte[] sourceRawKey, byte[] sourceRawValue) implements ErrorHandlerContext {

  static TestContext at(String topic, int partition, long offset) {
    return new TestContext(topic, partition, offset, null, "decode", new TaskId(0, partition), 0L, null, null);
  }
}
