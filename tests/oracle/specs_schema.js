// Validates every spec under specs/ against the spec format's JSON Schema (draft 2020-12) with Ajv, the
// way an editor running yaml-language-server would, and checks that the schema rejects known-bad specs.
// Usage: node specs_schema.js SCHEMA.json SPEC_ROOT   (prints one line per problem; exit 1 on any)
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020');
const YAML = require('yaml');

const [schemaPath, specRoot] = process.argv.slice(2);
if (!schemaPath || !specRoot) {
  console.error('usage: node specs_schema.js SCHEMA.json SPEC_ROOT');
  process.exit(2);
}

const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
// strictRequired is off: `oneOf: [{required: [handler]}, ...]` beside `properties` is intended.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validate = ajv.compile(schema);

let problems = 0;
const problem = (msg) => { problems++; console.log(msg); };

function specFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...specFiles(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

function parse(text, file) {
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length) {
    problem(`${file}: YAML: ${doc.errors[0].message.split('\n')[0]}`);
    return undefined;
  }
  return doc.toJS();
}

function errorsOf(value) {
  if (validate(value)) return [];
  return validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}` +
    (e.params && e.params.additionalProperty ? ` '${e.params.additionalProperty}'` : ''));
}

// 1. Every spec validates, and its editor modeline points at this schema.
const files = specFiles(specRoot);
if (files.length === 0) problem(`${specRoot}: no specs found`);
for (const file of files) {
  const text = fs.readFileSync(file, 'utf8');
  const first = text.split('\n', 1)[0];
  const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
  if (!m) {
    problem(`${file}:1: the first line must be '# yaml-language-server: $schema=<path to docs/slipway.schema.json>'`);
  } else if (path.resolve(path.dirname(file), m[1]) !== path.resolve(schemaPath)) {
    problem(`${file}:1: the modeline's schema path '${m[1]}' does not lead to ${schemaPath}`);
  }
  const value = parse(text, file);
  if (value === undefined) continue;
  for (const e of errorsOf(value)) problem(`${file}: ${e}`);
}

// 2. The schema is not a rubber stamp: each of these must be rejected.
const base = 'slipway: 1\nsystem: demo\n';
const bad = {
  'unknown top-level section': 'handler: {}\n',
  'version 2': 'slipway: 2\n',
  'memory below 128': 'handlers: { h: { memory: 64 } }\n',
  'timeout over 900 s': 'handlers: { h: { timeout: 901 } }\n',
  'duration with a bad unit': 'handlers: { h: { timeout: 30x } }\n',
  'unknown handler key': 'handlers: { h: { memroy: 512 } }\n',
  'name with a dash': 'handlers: { my-handler: {} }\n',
  'bad access level': 'handlers: { h: { uses: { t: all } } }\n',
  'bad http route': 'handlers: { h: { http: "FETCH /x" } }\n',
  'rule target naming two kinds': 'rules: { r: { on: E, target: { handler: h, queue: q } } }\n',
  'rule with neither on nor schedule': 'rules: { r: { target: { handler: h } } }\n',
  'rule with six targets': 'rules: { r: { on: E, targets: [ {handler: a}, {handler: b}, {handler: c}, {handler: d}, {handler: e}, {handler: f} ] } }\n',
  'five-field cron': 'rules: { r: { schedule: "cron(0 3 * * *)", target: { handler: h } } }\n',
  'enabled naming a non-flag': 'rules: { r: { on: E, enabled: "${tables.x}", target: { handler: h } } }\n',
  'unknown event field type': 'events: { E: { source: a.b, detail: { x: strnig } } }\n',
  'event without source': 'events: { E: { detail: { x: string } } }\n',
  'table key with three attributes': 'tables: { t: { key: { a: string, b: string, c: string } } }\n',
  'queue retention over 14 days': 'queues: { q: { retention_days: 15 } }\n',
  'step with two bodies': 'workflows: { w: { steps: [ { a: h, b: h } ] } }\n',
  'unknown step kind': 'workflows: { w: { steps: [ { a: { invokee: h } } ] } }\n',
  'match operator typo in a list': 'rules: { r: { on: E, match: { x: [ { prefx: a } ] }, target: { handler: h } } }\n',
  'subscription with two kinds': 'topics: { t: { subscriptions: [ { queue: q, handler: h } ] } }\n',
  'log retention CloudWatch does not offer': 'defaults: { handler: { log_retention_days: 10 } }\n',
};
for (const [what, extra] of Object.entries(bad)) {
  const text = extra.startsWith('slipway:') ? extra + 'system: demo\n' : base + extra;
  const value = parse(text, `<${what}>`);
  if (value !== undefined && errorsOf(value).length === 0) problem(`the schema accepts a bad spec: ${what}`);
}

// 3. ... and accepts the shapes DESIGN.md shows in shorthand form.
const good = base + [
  'flags: { auto: true, level: { default: 3, description: x } }',
  'events: { E: { source: a.b, detail: { id: string, tags: "string[]", n?: integer, o: { x: number }, l: [ { sku: string } ], c: "enum(a, b)" } } }',
  'handlers: { h: { http: "POST /cards/{id}", queue: q, uses: { t: read, b: { access: write, prefix: x/ } }, env: { A: "${flags.auto}" } } }',
  'workflows: { w: { input: E, steps: [ { a: h }, { b: { wait: 30s } }, { c: { choice: [ { if: "$.n > 1", then: [ { d: { succeed: {} } } ] }, { else: [ { e: { fail: { error: X } } } ] } ] } } ] } }',
  'rules: { r: { on: E, match: { id: [a, { prefix: b }], o: { x: { ">": 0 } }, any_of: [ { id: [c] }, { n: { exists: true } } ] }, enabled: "${flags.auto}", target: { workflow: w, input: { id: $.detail.id, k: 1 } } } }',
].join('\n') + '\n';
const goodValue = parse(good, '<good>');
if (goodValue !== undefined) for (const e of errorsOf(goodValue)) problem(`the schema rejects a good spec: ${e}`);

console.log(`specs_schema: ${files.length} specs, ${Object.keys(bad).length} bad cases, ${problems} problems`);
process.exit(problems ? 1 : 0);
