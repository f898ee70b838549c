/**
 * Shared by the Kafka tests: where the test broker is (scripts/test.ts starts one and passes
 * GOPRO_TEST_KAFKA_BROKERS), and a reader that follows a topic from its beginning.
 */
import { randomUUID } from "node:crypto";
import { Consumer, type Message, type MessagesStream } from "@platformatic/kafka";

/**
 * The test broker's address, or null to skip (a local run without it). On CI a missing broker is a
 * failure, so the Kafka tests can never be skipped there unnoticed.
 */
export function testKafkaBrokers(): string[] | null {
  const v = process.env.GOPRO_TEST_KAFKA_BROKERS;
  if (v) return v.split(",").map((s) => s.trim());
  if (process.env.CI === "true")
    throw new Error("CI run without GOPRO_TEST_KAFKA_BROKERS: start the tests with `npm test`");
  return null;
}

export interface SeenRecord {
  key: string;
  value: string;
  headers: Map<string, string>;
  partition: number;
  offset: bigint;
}

/** Collects every record of a topic, from the earliest offset, until closed. */
export class TopicReader {
  readonly records: SeenRecord[] = [];
  private readonly consumer: Consumer;
  private stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  private readonly started: Promise<void>;

  constructor(brokers: string[], topic: string) {
    this.consumer = new Consumer({
      clientId: "gopro-test-reader",
      groupId: `test-reader-${randomUUID()}`,
      bootstrapBrokers: brokers,
      autocreateTopics: true,
      maxWaitTime: 500,
    });
    this.started = this.consumer
      .consume({ topics: [topic], mode: "earliest", autocommit: false })
      .then((s) => {
        this.stream = s;
        s.on("data", (m: Message<Buffer, Buffer, Buffer, Buffer>) => {
          const headers = new Map<string, string>();
          for (const [k, v] of m.headerEntries) headers.set(k.toString(), v.toString());
          this.records.push({
            key: m.key?.toString() ?? "",
            value: m.value?.toString() ?? "",
            headers,
            partition: m.partition,
            offset: m.offset,
          });
        });
        s.on("error", () => {});
      });
  }

  async ready(): Promise<void> {
    await this.started;
  }

  async close(): Promise<void> {
    await this.started.catch(() => {});
    await this.stream?.close().catch(() => {});
    await this.consumer.close(true).catch(() => {});
  }
}
