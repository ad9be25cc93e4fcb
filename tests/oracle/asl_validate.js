#!/usr/bin/env node
// asl_validate.js FILE... : checks generated Step Functions definitions.
//   1. Renders the templatefile() text: every ${placeholder} gets a dummy value of the right shape (by its
//      kind and attribute), $${ and %%{ escapes are unescaped; a %{ directive is a problem.
//   2. asl-validator (schema, transitions, JSONPath and ARN syntax).
//   3. A per-scope graph check of our own: StartAt names a state of the scope, every Next / Default /
//      Choices[].Next / Catch[].Next names a state of the same scope, every state is reachable from StartAt,
//      an end (End: true, Succeed, Fail) is reachable from every state, and state names are unique in the
//      whole machine and at most 80 characters long.
'use strict';
const fs = require('fs');
const aslValidator = require('asl-validator');

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

function dummy(name) {
  const m = /^([a-z]+(?:_group)?)_(.+)_([a-z]+)$/.exec(name);
  if (name === 'account_id') return ACCOUNT;
  if (name === 'region') return REGION;
  if (name === 'partition') return 'aws';
  if (!m) return `dummy-${name}`;
  const [, kind, id, attr] = m;
  const res = id.replace(/_/g, '-');
  if (attr === 'name' || attr === 'value') return `shop-dev-${res}`;
  if (attr === 'url') return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/shop-dev-${res}`;
  const arns = {
    handler: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:shop-dev-${res}`,
    workflow: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:shop-dev-${res}`,
    table: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/shop-dev-${res}`,
    queue: `arn:aws:sqs:${REGION}:${ACCOUNT}:shop-dev-${res}`,
    topic: `arn:aws:sns:${REGION}:${ACCOUNT}:shop-dev-${res}`,
    bus: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/shop-dev-${res}`,
    bucket: `arn:aws:s3:::shop-dev-${res}`,
    secret: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:shop-dev-${res}`,
    parameter: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/shop-dev-${res}`,
  };
  return arns[kind] || `arn:aws:iam::${ACCOUNT}:role/shop-dev-${res}`;
}

// Renders a template the way Terraform's templatefile() would, with dummy values.
function render(text, problems) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      out += c + '{';
      i += 2;
    } else if (c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i);
      const name = text.slice(i + 2, end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) problems.push(`template expression \${${name}} is not a plain placeholder`);
      out += dummy(name);
      i = end;
    } else if (c === '%' && text[i + 1] === '{') {
      problems.push('template directive %{ in the definition');
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

function scopes(def, label) {
  const out = [{ label, def }];
  for (const [name, st] of Object.entries(def.States || {})) {
    if (st.Type === 'Parallel') (st.Branches || []).forEach((b, i) => out.push(...scopes(b, `${name}.Branches[${i}]`)));
    if (st.Type === 'Map' && st.ItemProcessor) out.push(...scopes(st.ItemProcessor, `${name}.ItemProcessor`));
  }
  return out;
}

function targets(st) {
  const t = [];
  if (st.Next) t.push(st.Next);
  if (st.Default) t.push(st.Default);
  for (const c of st.Choices || []) t.push(c.Next);
  for (const c of st.Catch || []) t.push(c.Next);
  return t;
}

function graph(def, problems) {
  const all = new Set();
  for (const { label, def: sc } of scopes(def, 'top level')) {
    const states = sc.States || {};
    const names = Object.keys(states);
    for (const n of names) {
      if (all.has(n)) problems.push(`state name "${n}" is used twice`);
      all.add(n);
      if (n.length > 80) problems.push(`state name "${n}" is longer than 80 characters`);
    }
    if (!(sc.StartAt in states)) {
      problems.push(`${label}: StartAt "${sc.StartAt}" is not a state of the scope`);
      continue;
    }
    for (const n of names) {
      for (const t of targets(states[n])) {
        if (!(t in states)) problems.push(`${label}: state "${n}" goes to "${t}", which is not in its scope`);
      }
    }
    const seen = new Set([sc.StartAt]);
    const todo = [sc.StartAt];
    while (todo.length) {
      for (const t of targets(states[todo.pop()])) {
        if (t in states && !seen.has(t)) { seen.add(t); todo.push(t); }
      }
    }
    for (const n of names) if (!seen.has(n)) problems.push(`${label}: state "${n}" is unreachable`);
    const ends = new Set(names.filter((n) => states[n].End === true || ['Succeed', 'Fail'].includes(states[n].Type)));
    let grew = true;
    while (grew) {
      grew = false;
      for (const n of names) {
        if (!ends.has(n) && targets(states[n]).some((t) => ends.has(t))) { ends.add(n); grew = true; }
      }
    }
    for (const n of names) if (!ends.has(n)) problems.push(`${label}: no end is reachable from state "${n}"`);
  }
}

let failed = 0;
const files = process.argv.slice(2);
for (const file of files) {
  const problems = [];
  const text = render(fs.readFileSync(file, 'utf8'), problems);
  let def;
  try {
    def = JSON.parse(text);
  } catch (e) {
    problems.push(`invalid JSON after rendering: ${e.message}`);
  }
  if (def) {
    const r = aslValidator(JSON.parse(JSON.stringify(def)), { checkPaths: true, checkArn: true });
    for (const e of r.errors || []) problems.push(`asl-validator: ${e['Error code'] || ''} ${e.Message || e.message || JSON.stringify(e)} ${e.instancePath || ''}`.trim());
    graph(def, problems);
  }
  for (const p of problems) console.log(`${file}: ${p}`);
  if (problems.length) failed++;
}
console.log(`asl_validate: ${files.length} files, ${failed} with problems`);
process.exit(failed || !files.length ? 1 : 0);
