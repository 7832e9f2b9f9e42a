// Two-way interop between Mandate and Digital Bazaar's Data Integrity libraries.
//
//   node interop.mjs RESOURCES_DIR
//
// RESOURCES_DIR is test-vectors/src/test/resources/interop. The script
//  1. signs a credential and a presentation with each Digital Bazaar cryptosuite (eddsa-rdfc-2022,
//     eddsa-jcs-2022, ecdsa-rdfc-2019 and ecdsa-jcs-2019 on P-256 and P-384) and writes them to
//     RESOURCES_DIR/digitalbazaar/ (Mandate's tests verify them, and attacked copies of them);
//  2. verifies every Mandate-made fixture in RESOURCES_DIR/mandate/ (written by mandate-fixtures.sh)
//     with @digitalbazaar/vc, plus tampered copies of each, and records the verdicts in
//     RESOURCES_DIR/mandate/db-verdicts.json.
// Offline: contexts come from the pinned context packages and Mandate's bundled did/v1 context; did:key
// documents are built from the key in the DID.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {cryptosuite as ecdsaRdfc} from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as eddsaJcs from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import * as ecdsaJcs from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if(!out) {
  console.error('usage: node interop.mjs test-vectors/src/test/resources/interop');
  process.exit(2);
}
const CHALLENGE = 'interop-challenge-7d1f3c';
const DOMAIN = 'verifier.interop.example';
const DID_V1 = 'https://www.w3.org/ns/did/v1';

const contexts = new Map(credentialsContexts);
for(const [url, ctx] of dataIntegrityContext.contexts) {
  contexts.set(url, ctx);
}
contexts.set(multikeyContext.CONTEXT_URL, multikeyContext.CONTEXT);
contexts.set(DID_V1, JSON.parse(fs.readFileSync(path.join(here,
  '../../../vc-jsonld/src/main/resources/dev/mandate/contexts/did-v1.jsonld'), 'utf8')));

// did:key documents as Mandate and the did:key method build them: one Multikey method, all relationships
function didKeyDocument(did) {
  const mb = did.slice('did:key:'.length);
  const vm = {id: `${did}#${mb}`, type: 'Multikey', controller: did, publicKeyMultibase: mb};
  return {
    '@context': [DID_V1, multikeyContext.CONTEXT_URL],
    id: did, verificationMethod: [vm],
    assertionMethod: [vm.id], authentication: [vm.id],
    capabilityInvocation: [vm.id], capabilityDelegation: [vm.id]
  };
}

async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: contexts.get(url)};
  }
  if(url.startsWith('did:key:')) {
    const [did, fragment] = url.split('#');
    const doc = didKeyDocument(did);
    if(!fragment) {
      return {contextUrl: null, documentUrl: url, document: doc};
    }
    const vm = doc.verificationMethod.find(m => m.id === url);
    if(!vm) {
      throw new Error(`no method ${url}`);
    }
    return {contextUrl: null, documentUrl: url,
      document: {'@context': multikeyContext.CONTEXT_URL, ...vm}};
  }
  throw new Error(`offline document loader: refusing to fetch ${url}`);
}

const SUITES = [
  {suite: 'eddsa-rdfc-2022', curve: 'Ed25519'},
  {suite: 'eddsa-jcs-2022', curve: 'Ed25519'},
  {suite: 'ecdsa-rdfc-2019', curve: 'P-256'},
  {suite: 'ecdsa-rdfc-2019', curve: 'P-384'},
  {suite: 'ecdsa-jcs-2019', curve: 'P-256'},
  {suite: 'ecdsa-jcs-2019', curve: 'P-384'}
];

function cryptosuite(name, sign) {
  switch(name) {
    case 'eddsa-rdfc-2022': return eddsaRdfc;
    case 'ecdsa-rdfc-2019': return ecdsaRdfc;
    case 'eddsa-jcs-2022': return sign ? eddsaJcs.createSignCryptosuite() : eddsaJcs.createVerifyCryptosuite();
    case 'ecdsa-jcs-2019': return sign ? ecdsaJcs.createSignCryptosuite() : ecdsaJcs.createVerifyCryptosuite();
    default: throw new Error(name);
  }
}

async function keyPair(curve) {
  const kp = curve === 'Ed25519' ? await Ed25519Multikey.generate() : await EcdsaMultikey.generate({curve});
  const did = `did:key:${kp.publicKeyMultibase}`;
  kp.id = `${did}#${kp.publicKeyMultibase}`;
  kp.controller = did;
  return {kp, did};
}

function signingSuite(name, kp) {
  return new DataIntegrityProof({signer: kp.signer(), cryptosuite: cryptosuite(name, true)});
}

function verifyingSuites() {
  return [...new Set(SUITES.map(s => s.suite))].map(name =>
    new DataIntegrityProof({cryptosuite: cryptosuite(name, false)}));
}

function fileName({suite, curve}, kind) {
  return `${suite}-${curve.toLowerCase()}-${kind}.json`;
}

async function makeDigitalBazaarFixtures() {
  const dir = path.join(out, 'digitalbazaar');
  fs.mkdirSync(dir, {recursive: true});
  const written = [];
  for(const s of SUITES) {
    const issuer = await keyPair(s.curve);
    const holder = await keyPair(s.curve);
    const credential = {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: `urn:uuid:${crypto.randomUUID()}`,
      type: ['VerifiableCredential'],
      issuer: issuer.did,
      validFrom: '2026-01-01T00:00:00Z',
      credentialSubject: {id: holder.did, name: `made by Digital Bazaar with ${s.suite} ${s.curve}`}
    };
    const signed = await vc.issue({credential, suite: signingSuite(s.suite, issuer.kp), documentLoader});
    const presentation = vc.createPresentation({verifiableCredential: [signed], holder: holder.did});
    const vp = await vc.signPresentation({presentation, suite: signingSuite(s.suite, holder.kp),
      challenge: CHALLENGE, domain: DOMAIN, documentLoader});
    for(const [kind, document] of [['credential', signed], ['presentation', vp]]) {
      const name = fileName(s, kind);
      const fixture = {suite: s.suite, curve: s.curve, kind, document};
      if(kind === 'presentation') {
        fixture.challenge = CHALLENGE;
        fixture.domain = DOMAIN;
      }
      fs.writeFileSync(path.join(dir, name), JSON.stringify(fixture, null, 2) + '\n');
      written.push(name);
    }
  }
  // a VCDM 1.1 credential, as the W3C suites issue them (credentials/v1 + data-integrity/v2)
  const v1 = await keyPair('Ed25519');
  const credential11 = {
    '@context': ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/security/data-integrity/v2'],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential'],
    issuer: v1.did,
    issuanceDate: '2026-01-01T00:00:00Z',
    credentialSubject: {id: 'did:example:subject'}
  };
  const signed11 = await vc.issue({credential: credential11, suite: signingSuite('eddsa-rdfc-2022', v1.kp), documentLoader});
  fs.writeFileSync(path.join(dir, 'eddsa-rdfc-2022-ed25519-credential-vcdm11.json'), JSON.stringify(
    {suite: 'eddsa-rdfc-2022', curve: 'Ed25519', kind: 'credential', document: signed11}, null, 2) + '\n');
  written.push('eddsa-rdfc-2022-ed25519-credential-vcdm11.json');
  fs.writeFileSync(path.join(dir, 'index.txt'), written.sort().join('\n') + '\n');
  return written;
}

async function dbVerify(fixture) {
  const suite = verifyingSuites();
  try {
    const r = fixture.kind === 'presentation' ?
      await vc.verify({presentation: fixture.document, challenge: fixture.challenge, domain: fixture.domain,
        suite, documentLoader}) :
      await vc.verifyCredential({credential: fixture.document, suite, documentLoader});
    const why = r.verified ? '' : (r.error?.errors?.[0]?.message || r.error?.message ||
      JSON.stringify(r.error || r.presentationResult || r.results || '').slice(0, 300));
    return {verified: r.verified, error: why};
  } catch(e) {
    return {verified: false, error: String(e.message || e)};
  }
}

// the attacks Mandate's own tests also make; each must be refused
function attacks(fixture) {
  const out = [];
  const clone = () => structuredClone(fixture);
  const proofOf = doc => Array.isArray(doc.proof) ? doc.proof[0] : doc.proof;
  let a = clone();
  if(a.kind === 'presentation') {
    a.document.verifiableCredential[0].credentialSubject.id = 'did:example:mallory';
  } else {
    a.document.credentialSubject.id = 'did:example:mallory';
  }
  out.push(['tampered-subject', a]);
  a = clone();
  proofOf(a.document).created = '2020-01-01T00:00:00Z';
  out.push(['tampered-proof-created', a]);
  if(fixture.kind === 'presentation') {
    a = clone();
    a.challenge = 'another-challenge';
    out.push(['wrong-challenge', a]);
  }
  if(fixture.suite.includes('jcs')) {
    a = clone();
    proofOf(a.document)['@context'] = ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/security/multikey/v1'];
    out.push(['proof-context-differs', a]);
  }
  return out;
}

async function verifyMandateFixtures() {
  const dir = path.join(out, 'mandate');
  const names = fs.readFileSync(path.join(dir, 'index.txt'), 'utf8').split('\n').filter(n => n);
  const verdicts = {};
  for(const name of names) {
    const fixture = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    verdicts[name] = await dbVerify(fixture);
    for(const [attack, copy] of attacks(fixture)) {
      verdicts[`${name}#${attack}`] = await dbVerify(copy);
    }
  }
  const lock = JSON.parse(fs.readFileSync(path.join(here, 'package-lock.json'), 'utf8'));
  const versions = {};
  for(const [p, v] of Object.entries(lock.packages)) {
    if(p.startsWith('node_modules/@digitalbazaar/') && !p.slice(13).includes('node_modules')) {
      versions[p.slice('node_modules/'.length)] = v.version;
    }
  }
  fs.writeFileSync(path.join(dir, 'db-verdicts.json'), JSON.stringify(
    {verifier: '@digitalbazaar/vc verifyCredential / verify', node: process.version, packages: versions, verdicts},
    null, 2) + '\n');
  return verdicts;
}

const made = await makeDigitalBazaarFixtures();
console.log(`wrote ${made.length} Digital Bazaar fixtures`);
// self-check: Digital Bazaar verifies its own fixtures
for(const name of made) {
  const f = JSON.parse(fs.readFileSync(path.join(out, 'digitalbazaar', name), 'utf8'));
  const r = await dbVerify(f);
  if(!r.verified) {
    console.error(`Digital Bazaar does not verify its own ${name}: ${r.error}`);
    process.exit(1);
  }
}
if(fs.existsSync(path.join(out, 'mandate'))) {
  const verdicts = await verifyMandateFixtures();
  let bad = 0;
  for(const [name, v] of Object.entries(verdicts)) {
    const expected = !name.includes('#');
    console.log(`${v.verified === expected ? 'ok  ' : 'FAIL'} ${name}: verified=${v.verified}${v.error ? ' (' + v.error + ')' : ''}`);
    if(v.verified !== expected) {
      bad++;
    }
  }
  if(bad) {
    console.error(`${bad} Mandate fixture verdicts differ from what they should be`);
    process.exit(1);
  }
}
