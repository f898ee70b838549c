/**
 * Starts a throwaway Apache Kafka broker for the integration tests: one KRaft node that is both broker
 * and controller, fresh storage in a temp dir, listeners on free loopback ports only, auto-created
 * topics with 3 partitions, a small heap. The broker jars come from Maven Central once (through `mvn`)
 * and are cached under ~/.cache/gopro/kafka-<version>/. `pause()`/`resume()` stop and restart the same
 * broker on the same dirs and ports, for outage tests. No java process outlives the process that
 * started it: the child gets SIGKILL when its parent dies (setpriv --pdeathsig) and on exit.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { Admin } from "@platformatic/kafka";
import { freePort } from "./free-port.ts";

export interface TestKafka {
  /** host:port list for KAFKA_BROKERS. */
  brokers: string;
  stop(): Promise<void>;
  /** Stops the broker process (an outage); its data and ports are kept for `resume()`. */
  pause(): Promise<void>;
  resume(): Promise<void>;
}

/** The newest Kafka the client library is tested against; runs on Java 17. */
export const KAFKA_VERSION = process.env.GOPRO_TEST_KAFKA_VERSION ?? "4.2.0";
const SLF4J_VERSION = "1.7.36";

const onPath = (cmd: string): boolean =>
  spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;

export function kafkaCacheDir(version = KAFKA_VERSION): string {
  const base = process.env.XDG_CACHE_HOME ?? path.join(homedir(), ".cache");
  return path.join(base, "gopro", `kafka-${version}`);
}

/** What keeps a test broker from starting here, or null when nothing does. */
export function kafkaUnavailableReason(version = KAFKA_VERSION): string | null {
  if (!onPath("java")) return "java not found (apt-get install default-jre-headless)";
  if (!existsSync(path.join(kafkaCacheDir(version), "lib", ".complete")) && !onPath("mvn"))
    return "mvn not found and the Kafka jars are not cached (apt-get install maven)";
  return null;
}

const pom = (version: string) => `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by GO-PRO's scripts/test-kafka.ts: only used to fetch the broker jars. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.gopro.test</groupId>
  <artifactId>kafka-broker-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>${version}</version>
    </dependency>
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-simple</artifactId>
      <version>${SLF4J_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;

/** The broker's classpath directory, downloading the jars on first use. */
export function kafkaJars(version = KAFKA_VERSION): { lib: string; downloadedMs: number | null } {
  const dir = kafkaCacheDir(version);
  const lib = path.join(dir, "lib");
  if (existsSync(path.join(lib, ".complete"))) return { lib, downloadedMs: null };
  const t0 = performance.now();
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "pom.xml"), pom(version));
  // Download next to the final place, then rename: a second run never sees a half-filled directory.
  const partial = path.join(dir, `lib.partial-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  const r = spawnSync(
    "mvn",
    [
      "-q",
      "-B",
      "-f",
      path.join(dir, "pom.xml"),
      "dependency:copy-dependencies",
      "-DincludeScope=runtime",
      `-DoutputDirectory=${partial}`,
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  if (r.status !== 0) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(`mvn could not fetch Kafka ${version} jars:\n${r.stdout}\n${r.stderr}`);
  }
  writeFileSync(path.join(partial, ".complete"), `${new Date().toISOString()}\n`);
  rmSync(lib, { recursive: true, force: true });
  renameSync(partial, lib);
  return { lib, downloadedMs: Math.round(performance.now() - t0) };
}

const JAVA_OPTS = [
  "-Xms96m",
  "-Xmx384m",
  "-XX:+UseSerialGC",
  "-XX:TieredStopAtLevel=1",
  "-XX:ActiveProcessorCount=2",
  "-Djava.awt.headless=true",
  "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
  "-Dorg.slf4j.simpleLogger.showDateTime=true",
];

function properties(dir: string, brokerPort: number, controllerPort: number): string {
  return [
    "process.roles=broker,controller",
    "node.id=1",
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${brokerPort}`,
    "controller.listener.names=CONTROLLER",
    "inter.broker.listener.name=PLAINTEXT",
    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    `log.dirs=${path.join(dir, "data")}`,
    "auto.create.topics.enable=true",
    "num.partitions=3",
    "default.replication.factor=1",
    "min.insync.replicas=1",
    "offsets.topic.replication.factor=1",
    "offsets.topic.num.partitions=3",
    "transaction.state.log.replication.factor=1",
    "transaction.state.log.min.isr=1",
    "transaction.state.log.num.partitions=3",
    "share.coordinator.state.topic.replication.factor=1",
    "share.coordinator.state.topic.min.isr=1",
    "group.initial.rebalance.delay.ms=0",
    "num.network.threads=2",
    "num.io.threads=2",
    "background.threads=2",
    "num.recovery.threads.per.data.dir=1",
    "log.cleaner.dedupe.buffer.size=8388608",
    "",
  ].join("\n");
}

/** Brokers and dirs to clean up if the process that started them exits without stopping them. */
const live = new Set<ChildProcess>();
const dirs = new Set<string>();
let exitHooked = false;
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  const cleanup = () => {
    for (const c of live) c.kill("SIGKILL");
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  };
  process.on("exit", cleanup);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(sig, () => {
      cleanup();
      process.exit(128 + (sig === "SIGINT" ? 2 : sig === "SIGTERM" ? 15 : 1));
    });
  }
}

function java(lib: string, args: string[], log: string): ChildProcess {
  const out = openSync(log, "a");
  const cmd = [...JAVA_OPTS, "-cp", `${lib}/*`, ...args];
  // setpriv makes the kernel kill java when this process dies, even by SIGKILL.
  const child = onPath("setpriv")
    ? spawn("setpriv", ["--pdeathsig", "SIGKILL", "--", "java", ...cmd], { stdio: ["ignore", out, out] })
    : spawn("java", cmd, { stdio: ["ignore", out, out] });
  closeSync(out);
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

async function waitReady(
  brokers: string,
  child: ChildProcess,
  log: string,
  timeoutMs: number,
): Promise<void> {
  const admin = new Admin({
    clientId: "gopro-test-kafka-probe",
    bootstrapBrokers: [brokers],
    retries: 0,
    connectTimeout: 1000,
    timeout: 2000,
  });
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited(child).then((c) => {
    exitCode = c;
  });
  try {
    for (;;) {
      if (exitCode !== undefined) throw new Error(`Kafka exited (${exitCode}) while starting:\n${tail(log)}`);
      try {
        const md = await admin.metadata({ topics: [], forceUpdate: true });
        if (md.brokers.size > 0) return;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline)
        throw new Error(`Kafka did not become ready in ${timeoutMs} ms:\n${tail(log)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await admin.close().catch(() => {});
  }
}

function tail(file: string): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-40).join("\n");
  } catch {
    return "(no log)";
  }
}

async function kill(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = exited(child);
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await done;
  clearTimeout(timer);
}

/**
 * Starts the broker and resolves once it answers metadata requests; null when java is missing (or
 * mvn, before the jars are cached). Timings are printed to stderr.
 */
export async function startTestKafka(): Promise<TestKafka | null> {
  if (kafkaUnavailableReason()) return null;
  const t0 = performance.now();
  const { lib, downloadedMs } = kafkaJars();
  hookExit();
  const dir = mkdtempSync(path.join(tmpdir(), "gopro-kafka-"));
  dirs.add(dir);
  const log = path.join(dir, "kafka.log");
  const config = path.join(dir, "server.properties");
  const [brokerPort, controllerPort] = [await freePort(), await freePort()];
  writeFileSync(config, properties(dir, brokerPort, controllerPort));
  const clusterId = randomBytes(16).toString("base64url");
  const format = spawnSync(
    "java",
    [...JAVA_OPTS, "-cp", `${lib}/*`, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config],
    { encoding: "utf8" },
  );
  if (format.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`kafka storage format failed:\n${format.stdout}\n${format.stderr}`);
  }
  const brokers = `127.0.0.1:${brokerPort}`;
  let child: ChildProcess | undefined;
  const launch = async () => {
    const c = java(lib, ["kafka.Kafka", config], log);
    live.add(c);
    void exited(c).then(() => live.delete(c));
    child = c;
    try {
      await waitReady(brokers, c, log, 120_000);
    } catch (err) {
      await kill(c, 0);
      throw err;
    }
  };
  try {
    await launch();
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const readyMs = Math.round(performance.now() - t0);
  console.error(
    `test Kafka ${KAFKA_VERSION} at ${brokers}: ready in ${readyMs} ms` +
      (downloadedMs === null ? " (jars cached)" : ` (jars downloaded in ${downloadedMs} ms)`),
  );
  return {
    brokers,
    async pause() {
      if (child) await kill(child, 15_000);
    },
    async resume() {
      if (child && child.exitCode === null && child.signalCode === null) return;
      await launch();
    },
    async stop() {
      try {
        if (child) await kill(child, 10_000);
      } finally {
        rmSync(dir, { recursive: true, force: true });
        dirs.delete(dir);
      }
    },
  };
}

// `node scripts/test-kafka.ts` starts a broker, prints its address and timings, and stops it.
if (import.meta.main) {
  const k = await startTestKafka();
  if (!k) {
    console.error(kafkaUnavailableReason());
    process.exit(1);
  }
  console.log(k.brokers);
  const t = performance.now();
  await k.pause();
  await k.resume();
  console.error(`pause + resume: ${Math.round(performance.now() - t)} ms`);
  await k.stop();
}
