// Validate JSON payloads with Ajv (JSON Schema 2020-12, strict mode, ajv-formats), schemas as they are in schemas/.
// Usage: node ajv-validate.mjs SCHEMA_FILE JSONL_FILE [--bench]
//   prints one verdict per line ("1" valid, "0" invalid, "x" not JSON) or, with --bench, only counts and time.
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [schemaFile, payloadFile, mode] = process.argv.slice(2);
const ajv = new Ajv2020({ strict: true, allErrors: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")));

// Decoding with fatal: true refuses invalid UTF-8 instead of turning it into U+FFFD.
const decoder = new TextDecoder("utf-8", { fatal: true });
const bytes = readFileSync(payloadFile);
const started = process.hrtime.bigint();
let payloads = 0;
let valid = 0;
const verdicts = [];
let start = 0;
while (start < bytes.length) {
  let end = bytes.indexOf(10, start);
  if (end === -1) end = bytes.length;
  const line = bytes.subarray(start, end);
  start = end + 1;
  let text;
  try {
    text = decoder.decode(line);
  } catch {
    payloads++;
    verdicts.push("x");
    continue;
  }
  if (text.trim() === "") continue;
  payloads++;
  let document;
  try {
    document = JSON.parse(text);
  } catch {
    verdicts.push("x");
    continue;
  }
  const ok = validate(document);
  if (ok) valid++;
  verdicts.push(ok ? "1" : "0");
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (mode === "--bench") {
  console.log(JSON.stringify({ payloads, valid, seconds }));
} else {
  console.log(verdicts.join("\n"));
}
