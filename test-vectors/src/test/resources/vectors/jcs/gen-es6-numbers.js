// Generates es6-numbers.txt: "hex-ieee,expected" lines where expected is what ECMAScript's
// Number.prototype.toString (via JSON.stringify) prints. Deterministic: run with Node.js to regenerate.
//   node gen-es6-numbers.js > es6-numbers.txt
const buf = Buffer.alloc(8);
const out = [];
function emit(bits) {
  buf.writeBigUInt64BE(bits);
  const d = buf.readDoubleBE(0);
  if (!Number.isFinite(d)) return;
  out.push(bits.toString(16).padStart(16, "0") + "," + JSON.stringify(d));
}
function bitsOf(d) { buf.writeDoubleBE(d); return buf.readBigUInt64BE(0); }
const MASK = (1n << 64n) - 1n;
// edge cases: powers of ten and their neighbours, around 2^53 and 1e21, subnormals
for (let e = -325; e <= 308; e++) {
  const b = bitsOf(Number("1e" + e));
  for (const db of [-2n, -1n, 0n, 1n, 2n]) emit((b + db) & MASK);
}
for (const d of [2 ** 53, 2 ** 53 - 1, 2 ** 53 + 2, 2 ** 63, 2 ** 64, 1e21, 1e21 - 65536, 123456789012345680000, 5e-324, 1e-7, 0.1, 0.2, 0.3, 1 / 3]) {
  for (const db of [-1n, 0n, 1n]) { emit((bitsOf(d) + db) & MASK); emit((bitsOf(-d) + db) & MASK); }
}
// xorshift64* pseudo-random bit patterns
let x = 0x9E3779B97F4A7C15n;
function next() {
  x ^= x >> 12n; x ^= (x << 25n) & MASK; x ^= x >> 27n;
  return (x * 0x2545F4914F6CDD1Dn) & MASK;
}
for (let i = 0; i < 6000; i++) emit(next());
// random doubles with few significant digits (typical data)
for (let i = 0; i < 2000; i++) {
  const r = next();
  const digits = Number(r % 100000000n);
  const exp = Number((r >> 40n) % 60n) - 30;
  emit(bitsOf(Number(digits + "e" + exp)));
}
process.stdout.write(out.join("\n") + "\n");
