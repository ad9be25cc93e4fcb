#!/usr/bin/env node
// Extracts the parts of the hashicorp/aws provider schema that slipway's Terraform backend can emit from
// the pinned @cdktf/provider-aws package (its .jsii assembly was generated from provider 6.25.0).
// Output (stdout): { "_meta", "resource": { type: NODE }, "data": { type: NODE }, "provider": NODE } with
// NODE = { "args": { name: { "required": bool } }, "blocks": { name: { "required": bool, "max1": bool,
// "node": NODE } }, "attrs": [ computed attribute names ] }.
// Usage: node extract.js [types.txt] > aws-subset.json (types.txt: one `resource TYPE` or `data TYPE` a line)
'use strict';
const fs = require('fs');
const path = require('path');

const here = __dirname;
const assemblyPath = path.join(here, 'node_modules/@cdktf/provider-aws/.jsii');
const wanted = fs.readFileSync(process.argv[2] || path.join(here, 'types.txt'), 'utf8')
  .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => l.split(/\s+/));

const assembly = JSON.parse(fs.readFileSync(assemblyPath, 'utf8'));
const types = assembly.types;

// The snake_case name of a config property comes from its documentation anchor (`...#function_name X#...`).
function anchorName(prop) {
  const text = `${prop.docs?.summary || ''} ${prop.docs?.remarks || ''}`;
  const m = text.match(/#([a-z0-9_]+) [A-Za-z0-9]+#/);
  return m ? m[1] : null;
}
function snake(camel) { return camel.replace(/([A-Z])/g, '_$1').toLowerCase(); }
function structOf(type) {
  if (type?.fqn && types[type.fqn]?.kind === 'interface') return { fqn: type.fqn, many: false };
  const el = type?.collection?.elementtype;
  if (el?.fqn && types[el.fqn]?.kind === 'interface') return { fqn: el.fqn, many: true };
  if (type?.union) {
    for (const t of type.union.types) { const s = structOf(t); if (s) return s; }
  }
  return null;
}
function allProps(fqn) {
  const t = types[fqn];
  let props = [...(t.properties || [])];
  for (const i of t.interfaces || []) if (types[i]) props = props.concat(allProps(i));
  return props;
}
function node(fqn) {
  const out = { args: {}, blocks: {}, attrs: [] };
  for (const p of allProps(fqn)) {
    const name = anchorName(p);
    if (!name) continue;  // meta-arguments (count, provider, ...) carry no anchor
    const s = structOf(p.type);
    const isBlock = s && /block\.?$/.test((p.docs?.summary || '').trim());
    if (isBlock) {
      out.blocks[name] = { required: !p.optional, max1: !s.many, node: node(s.fqn) };
    } else {
      out.args[name] = { required: !p.optional };
    }
  }
  return out;
}
function classFor(kind, type) {
  const link = new RegExp(`/docs/${kind === 'resource' ? 'resources' : 'data-sources'}/${type.replace(/^aws_/, '')} ${type}\\}`);
  for (const [fqn, t] of Object.entries(types)) {
    if (t.kind !== 'class' || !t.docs?.summary || !link.test(t.docs.summary)) continue;
    const base = kind === 'resource' ? 'cdktf.TerraformResource' : 'cdktf.TerraformDataSource';
    if (t.base === base) return fqn;
  }
  return null;
}
function computed(fqn, args) {
  const names = new Set();
  for (const p of types[fqn].properties || []) {
    if (p.static || p.name.endsWith('Input') || p.name === 'tfResourceType') continue;
    const n = snake(p.name);
    if (!(n in args)) names.add(n);
  }
  return [...names].sort();
}

const result = { _meta: { source: '@cdktf/provider-aws 21.22.1 (hashicorp/aws 6.25.0)', generator: 'tests/oracle/tf-schema/extract.js' },
  resource: {}, data: {}, provider: null };
for (const [kind, type] of wanted) {
  const fqn = classFor(kind, type);
  if (!fqn) { console.error(`extract: ${kind} ${type} not found in the assembly`); process.exitCode = 1; continue; }
  const cfg = types[fqn].initializer.parameters.find((x) => x.name === 'config').type.fqn;
  const n = node(cfg);
  n.attrs = computed(fqn, n.args);
  result[kind][type] = n;
}
const providerCfg = Object.keys(types).find((k) => /\.provider\.AwsProviderConfig$/.test(k));
result.provider = providerCfg ? node(providerCfg) : null;

// One type a line, keys sorted, so that regenerations diff well.
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}
const sorted = sortKeys(result);
const lines = ['{', `"_meta": ${JSON.stringify(sorted._meta)},`, `"provider": ${JSON.stringify(sorted.provider)},`];
for (const kind of ['data', 'resource']) {
  const entries = Object.entries(sorted[kind]);
  lines.push(`"${kind}": {`);
  entries.forEach(([t, n], i) => lines.push(`${JSON.stringify(t)}: ${JSON.stringify(n)}${i + 1 < entries.length ? ',' : ''}`));
  lines.push(kind === 'data' ? '},' : '}');
}
lines.push('}');
process.stdout.write(lines.join('\n') + '\n');
