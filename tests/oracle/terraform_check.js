#!/usr/bin/env node
// Checks generated Terraform modules with HashiCorp's HCL parser (@cdktf/hcl2json) and against the AWS
// provider schema extracted into tf-schema/aws-subset.json (see tf-schema/extract.js):
//  - every file parses;
//  - every aws_ resource / data type exists, every argument and nested block exists, required arguments
//    and blocks are present, single blocks are not repeated;
//  - every reference (aws_x.y.attr, data.x.y.attr, var.x, local.x) names something declared in the
//    module, and attributes of aws_ types exist;
//  - templatefile("${path.module}/...", { vars }) names an existing file when it is inside the output
//    tree, and the vars object provides every ${name} that template uses.
// Usage: node terraform_check.js SCHEMA.json MODULE_DIR...   Prints one line per problem; exit 1 on any.
'use strict';
const fs = require('fs');
const path = require('path');
const { parse, getReferencesInExpression } = require('@cdktf/hcl2json');

const META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection']);
const problems = [];
const problem = (where, msg) => problems.push(`${where}: ${msg}`);

function checkBody(where, body, node) {
  for (const [key, value] of Object.entries(body)) {
    if (META.has(key)) continue;
    if (key in node.args) continue;
    if (key in node.blocks) {
      const b = node.blocks[key];
      const items = Array.isArray(value) ? value : [value];
      if (b.max1 && items.length > 1) problem(where, `block ${key} may appear only once (${items.length} given)`);
      for (const item of items) {
        if (typeof item !== 'object' || item === null) {
          problem(where, `${key} must be written as a block`);
          continue;
        }
        checkBody(`${where}.${key}`, item, b.node);
      }
      continue;
    }
    problem(where, `unknown argument or block "${key}"`);
  }
  for (const [name, a] of Object.entries(node.args)) {
    if (a.required && !(name in body)) problem(where, `missing required argument "${name}"`);
  }
  for (const [name, b] of Object.entries(node.blocks)) {
    if (b.required && !(name in body)) problem(where, `missing required block "${name}"`);
  }
}

// Every string in a parsed value (expressions come back as "${...}" strings).
function strings(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

function templateNames(text) {
  const names = new Set();
  const re = /(\$?)\$\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}/g;
  let m;
  while ((m = re.exec(text))) if (!m[1]) names.add(m[2]);
  return names;
}

async function checkModule(schema, dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.tf')).sort();
  if (!files.length) {
    problem(dir, 'no .tf files');
    return;
  }
  const decl = { resource: new Map(), data: new Map(), variable: new Set(), locals: new Set(), output: new Set() };
  const parsed = [];
  for (const f of files) {
    const file = path.join(dir, f);
    const text = fs.readFileSync(file, 'utf8');
    let json;
    try {
      json = await parse(file, text);
    } catch (e) {
      problem(file, `HCL parse error: ${String(e.message || e).split('\n')[0]}`);
      continue;
    }
    parsed.push({ file, text, json });
    for (const kind of ['resource', 'data']) {
      for (const [type, byName] of Object.entries(json[kind] || {})) {
        for (const name of Object.keys(byName)) {
          const key = `${type}.${name}`;
          if (decl[kind].has(key)) problem(file, `duplicate ${kind} ${key}`);
          decl[kind].set(key, type);
        }
      }
    }
    for (const name of Object.keys(json.variable || {})) {
      if (decl.variable.has(name)) problem(file, `duplicate variable ${name}`);
      decl.variable.add(name);
    }
    for (const block of json.locals || []) for (const name of Object.keys(block)) {
      if (decl.locals.has(name)) problem(file, `duplicate local ${name}`);
      decl.locals.add(name);
    }
    for (const name of Object.keys(json.output || {})) decl.output.add(name);
  }

  for (const { file, json } of parsed) {
    for (const kind of ['resource', 'data']) {
      for (const [type, byName] of Object.entries(json[kind] || {})) {
        if (!type.startsWith('aws_')) continue;
        const node = schema[kind][type];
        for (const [name, bodies] of Object.entries(byName)) {
          const where = `${file}: ${kind === 'data' ? 'data.' : ''}${type}.${name}`;
          if (!node) {
            problem(where, `unknown ${kind} type ${type} (not in the extracted provider schema; if it is real, add it to tf-schema/types.txt and regenerate)`);
            continue;
          }
          for (const body of bodies) checkBody(where, body, node);
        }
      }
    }
    for (const p of json.provider?.aws || []) checkBody(`${file}: provider aws`, p, schema.provider);

    // References.
    for (const s of strings(json)) {
      if (!s.includes('${')) continue;
      let refs;
      try {
        refs = await getReferencesInExpression(file, s);
      } catch (e) {
        problem(file, `cannot parse expression ${s.slice(0, 80)}`);
        continue;
      }
      for (const r of refs) {
        const parts = r.value.split('.');
        const [root] = parts;
        if (root === 'var') {
          if (!decl.variable.has(parts[1])) problem(file, `reference to undeclared variable ${r.value}`);
        } else if (root === 'local') {
          if (!decl.locals.has(parts[1])) problem(file, `reference to undeclared local ${r.value}`);
        } else if (root === 'data') {
          const key = `${parts[1]}.${parts[2]}`;
          if (!decl.data.has(key)) problem(file, `reference to undeclared data source ${r.value}`);
          else if (parts[3] && parts[1].startsWith('aws_')) checkAttr(schema.data[parts[1]], parts[3], file, r.value);
        } else if (root === 'path' || root === 'each' || root === 'count' || root === 'self' || root === 'terraform') {
          continue;
        } else if (/^[a-z][a-z0-9]*_/.test(root) && parts.length >= 2) {
          const key = `${parts[0]}.${parts[1]}`;
          if (!decl.resource.has(key)) problem(file, `reference to undeclared resource ${key}`);
          else if (parts[2] && root.startsWith('aws_')) checkAttr(schema.resource[root], parts[2], file, r.value);
        }
      }
    }
  }

  // templatefile() calls: the file exists and the vars cover the template's placeholders.
  for (const { file, text } of parsed) {
    const re = /templatefile\("\$\{path\.module\}\/([^"]+)",\s*\{([\s\S]*?)\n?\s*\}\)/g;
    let m;
    while ((m = re.exec(text))) {
      const target = path.resolve(dir, m[1]);
      if (!fs.existsSync(target)) {
        problem(file, `templatefile: ${m[1]} does not exist`);
        continue;
      }
      const given = new Set([...m[2].matchAll(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/gm)].map((x) => x[1]));
      for (const name of templateNames(fs.readFileSync(target, 'utf8'))) {
        if (!given.has(name)) problem(file, `templatefile: ${m[1]} uses \${${name}} but the call does not provide it`);
      }
    }
  }
}

function checkAttr(node, attr, file, ref) {
  if (!node) return;
  if (attr in node.args || attr in node.blocks || node.attrs.includes(attr) || attr === 'id') return;
  problem(file, `${ref}: no attribute "${attr}" in the provider schema`);
}

async function main() {
  const [schemaPath, ...dirs] = process.argv.slice(2);
  if (!schemaPath || !dirs.length) {
    console.error('usage: terraform_check.js SCHEMA.json MODULE_DIR...');
    process.exit(2);
  }
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  for (const d of dirs) await checkModule(schema, d);
  for (const p of problems) console.log(p);
  console.log(`terraform_check: ${dirs.length} modules, ${problems.length} problems`);
  process.exit(problems.length ? 1 : 0);
}
main().catch((e) => {
  console.error(e);
  process.exit(2);
});
