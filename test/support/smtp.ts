/**
 * A real SMTP server for tests (the `smtp-server` package) that requires a login and keeps what it
 * receives, and a small MIME reader for the messages nodemailer writes (multipart/alternative with
 * 7bit, quoted-printable or base64 parts).
 */
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  user: string;
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtp(
  opts: { port?: number; user?: string; pass?: string; received?: ReceivedMail[] } = {},
): Promise<TestSmtp> {
  const user = opts.user ?? "gopro";
  const pass = opts.pass ?? "s3cret-pass";
  const received = opts.received ?? [];
  const server = new SMTPServer({
    secure: false,
    // Plain SMTP on loopback: no STARTTLS (a self-signed certificate would be refused), login allowed.
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === user && auth.password === pass) cb(null, { user: auth.username });
      else cb(new Error("Invalid username or password"));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const from = session.envelope.mailFrom;
        received.push({
          envelopeFrom: from ? from.address : "",
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          user: String(session.user ?? ""),
          raw,
          parsed: parseMail(raw),
        });
        cb();
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => {
      const addr = server.server.address();
      resolve(typeof addr === "object" && addr ? addr.port : 0);
    });
  });
  return {
    port,
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ParsedMail {
  headers: Map<string, string>;
  text: string;
  html: string;
}

function splitHeaders(block: string): { headers: Map<string, string>; body: string } {
  const cut = block.search(/\r?\n\r?\n/);
  const head = cut < 0 ? block : block.slice(0, cut);
  const body = cut < 0 ? "" : block.slice(cut).replace(/^\r?\n\r?\n/, "");
  const headers = new Map<string, string>();
  // Unfold continuation lines, then read "Name: value".
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body };
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? "7bit").toLowerCase()) {
    case "base64":
      return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
    case "quoted-printable": {
      const bytes: number[] = [];
      const soft = body.replace(/=\r?\n/g, "");
      for (let i = 0; i < soft.length; i++) {
        const ch = soft[i] ?? "";
        const hex = soft.slice(i + 1, i + 3);
        if (ch === "=" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
          bytes.push(Number.parseInt(hex, 16));
          i += 2;
        } else bytes.push(...Buffer.from(ch, "utf8"));
      }
      return Buffer.from(bytes).toString("utf8");
    }
    default:
      return body;
  }
}

/** Reads the headers and the text and HTML bodies of a message. */
export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitHeaders(raw);
  const out: ParsedMail = { headers, text: "", html: "" };
  const take = (h: Map<string, string>, b: string) => {
    const type = (h.get("content-type") ?? "text/plain").toLowerCase();
    const boundary = /boundary="?([^";]+)"?/i.exec(h.get("content-type") ?? "")?.[1];
    if (type.startsWith("multipart/") && boundary) {
      const parts = b.split(`--${boundary}`).slice(1);
      for (const p of parts) {
        if (p.startsWith("--")) break;
        const inner = splitHeaders(p.replace(/^\r?\n/, ""));
        take(inner.headers, inner.body);
      }
      return;
    }
    const decoded = decodeBody(b, h.get("content-transfer-encoding")).replace(/\r\n/g, "\n");
    if (type.startsWith("text/html")) out.html += decoded;
    else if (type.startsWith("text/plain")) out.text += decoded;
  };
  take(headers, body);
  return out;
}
