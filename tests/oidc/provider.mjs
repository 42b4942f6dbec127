// A real OpenID Connect provider (the npm package oidc-provider, OpenID Certified) for the tests and for
// trying DigiD log-in locally. Test-only: in-memory storage, keys made at start, loopback only.
//
//   node tests/oidc/provider.mjs --port 9000 [--config tests/oidc/provider.json] [--lifetime 900]
//
// It plays a DigiD broker: the log-in page lists the test people from the config file; choosing one logs
// in with that person's `acr` (assurance level) and claims (the BSN claim). No consent screen: a broker
// releases the BSN to the client it was registered for. The process ends by itself after --lifetime
// seconds, so a test run that dies cannot leave it behind.
//
// oidc-provider is looked up in OIDC_PROVIDER_MODULES (default .cache/oidc-node/node_modules, made by
// `make oidc-deps`).
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const here = path.dirname(new URL(import.meta.url).pathname);
const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    config: { type: 'string', default: path.join(here, 'provider.json') },
    lifetime: { type: 'string', default: '900' },
  },
});
if (!args.port) {
  console.error('usage: node provider.mjs --port PORT [--config FILE] [--lifetime SECONDS]');
  process.exit(2);
}
const modules = process.env.OIDC_PROVIDER_MODULES || path.resolve(here, '../../.cache/oidc-node/node_modules');
const { default: Provider } = await import(pathToFileURL(path.join(modules, 'oidc-provider/lib/index.js')));

const config = JSON.parse(readFileSync(args.config, 'utf8'));
const issuer = `http://127.0.0.1:${args.port}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };

const claimNames = [...new Set(Object.values(config.accounts).flatMap((a) => Object.keys(a.claims)))];

const provider = new Provider(issuer, {
  clients: config.clients,
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomUUID()] },
  acrValues: config.acrValues,
  claims: { openid: ['sub', ...claimNames], acr: null, auth_time: null, sid: null },
  conformIdTokenClaims: false, // put the BSN claim in the ID token, as DigiD brokers do
  pkce: { required: () => true, methods: ['S256'] },
  features: {
    devInteractions: { enabled: false },
    // The library's own log-out question puts its buttons outside the form (form="…"), which a text browser
    // cannot press; a broker's page must work without JavaScript, so this one keeps them inside.
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        const buttons = '<button autofocus type="submit" name="logout" value="yes">Yes, sign me out</button> '
          + '<button type="submit">No, stay signed in</button></form>';
        ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Logout Request</title></head>
          <body><main><h1>Do you want to sign-out from ${escape(ctx.host)}?</h1>${form.replace('</form>', buttons)}
          </main></body></html>`;
      },
    },
  },
  ttl: { IdToken: 60, AccessToken: 600, AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600 },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: async (ctx, sub) => {
    const account = config.accounts[sub];
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...account.claims }) };
  },
  // A broker has no consent screen: the first-party client gets the openid scope and the configured claims.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid');
    grant.addOIDCClaims(claimNames);
    await grant.save();
    return grant;
  },
});
provider.proxy = false;

// RFC 8252 lets a native client's loopback redirect URI use any port; oidc-provider applies that to the
// redirect URI only. A portal under test listens on a free port, so its log-out address (registered without
// one) gets the same rule here. Any other post-logout address must still match exactly.
const exactPostLogout = provider.Client.prototype.postLogoutRedirectUriAllowed;
provider.Client.prototype.postLogoutRedirectUriAllowed = function postLogoutRedirectUriAllowed(value) {
  if (exactPostLogout.call(this, value)) return true;
  let asked;
  try { asked = new URL(value); } catch { return false; }
  if (this.applicationType !== 'native' || asked.protocol !== 'http:' || asked.hostname !== '127.0.0.1') return false;
  asked.port = '';
  return (this.postLogoutRedirectUris || []).some((allowed) => {
    const registered = new URL(allowed);
    registered.port = '';
    return registered.href === asked.href;
  });
};

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid) {
  const people = Object.entries(config.accounts).map(([id, a], i) => `
    <div><input type="radio" name="login" id="p${i}" value="${escape(id)}"${i === 0 ? ' checked' : ''}>
    <label for="p${i}">${escape(a.label || id)}</label></div>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test DigiD</title></head>
    <body><main><h1>Test DigiD (not the real one)</h1>
    <form method="post" action="/interaction/${escape(uid)}/login"><fieldset><legend>Log in as</legend>${people}
    </fieldset><button type="submit">Log in</button></form>
    <form method="post" action="/interaction/${escape(uid)}/abort"><button type="submit">Cancel</button></form>
    </main></body></html>`;
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error('interaction mismatch');
  if (req.method === 'GET' && !action && details.prompt.name === 'consent') {
    // Native (loopback) clients always get a consent prompt; a broker grants it without asking.
    const { Grant } = provider;
    const grant = details.grantId ? await Grant.find(details.grantId)
      : new Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    grant.addOIDCScope('openid');
    grant.addOIDCClaims(claimNames);
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } });
    return;
  }
  if (req.method === 'GET' && !action) {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(loginPage(uid));
    return;
  }
  if (req.method !== 'POST') throw new Error('method not allowed');
  if (action === '/abort') {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'cancelled' }, { mergeWithLastSubmission: false });
    return;
  }
  const form = await readForm(req);
  const account = config.accounts[form.get('login')];
  if (!account) {
    res.writeHead(400, { 'Content-Type': 'text/plain' });
    res.end('unknown test person');
    return;
  }
  const login = { accountId: form.get('login'), acr: account.acr, amr: ['pwd'], remember: false };
  await provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  const match = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(new URL(req.url, issuer).pathname);
  if (!match) {
    callback(req, res);
    return;
  }
  interaction(req, res, match[1], match[2]).catch((error) => {
    res.writeHead(400, { 'Content-Type': 'text/plain' });
    res.end(`interaction failed: ${error.message}`);
  });
});
server.listen(Number(args.port), '127.0.0.1', () => console.log(`oidc-provider ${issuer} ready`));
setTimeout(() => {
  console.log('oidc-provider: lifetime over, stopping');
  process.exit(0);
}, Number(args.lifetime) * 1000).unref();
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
