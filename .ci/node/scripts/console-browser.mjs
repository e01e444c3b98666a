// Drives the Keyless web console in Debian's chromium (playwright-core, no downloaded browser) and
// prints what it saw as one JSON object; ConsoleBrowserTest gives the input on stdin and asserts.
//
// Input: {url, adminToken, viewerToken, deniedRequestId, allowedRequestId, xssRequestId, featureToken,
//         xssToken, roleArn, xssTexts: [..], screenshots: DIR, userDataDir: DIR, liveToken}
// Output: {unauthenticated, denied, allowed, live, playground, xss, axe, rotation, screenshots, consoleErrors}
import { chromium } from 'playwright-core';
import { STSClient, AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { createRequire } from 'node:module';
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
let input = '';
for await (const chunk of process.stdin) input += chunk;
const cfg = JSON.parse(input);
const out = { consoleErrors: [], dialogs: [], pageErrors: [] };

const browser = await chromium.launchPersistentContext(cfg.userDataDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});

function listen(page, label) {
  page.on('dialog', async (d) => { out.dialogs.push(label + ': ' + d.type() + ' ' + d.message()); await d.dismiss(); });
  page.on('pageerror', (e) => out.pageErrors.push(label + ': ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') out.consoleErrors.push(label + ': ' + m.text()); });
  // Nothing but the console's own origin may be asked for anything (no CDN, no third party).
  page.on('request', (r) => { if (!r.url().startsWith(cfg.url)) out.consoleErrors.push(label + ': third-party request ' + r.url()); });
}

async function openDecision(page, id) {
  await page.fill('#search', id);
  await page.click('#search-form button[type=submit]');
  await page.waitForSelector('#decision h2');
}

async function texts(page, selector) {
  return page.$$eval(selector, (els) => els.map((e) => Array.from(e.children).map((c) => c.textContent)));
}

mkdirSync(cfg.screenshots, { recursive: true });
const shots = [];
async function shot(page, name) {
  const file = join(cfg.screenshots, name + '.png');
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
}

try {
  // 1. Without a session every page lands on the sign-in page.
  const anon = await browser.newPage();
  listen(anon, 'anonymous');
  out.unauthenticated = {};
  for (const p of ['decisions', 'trust', 'keys', 'playground']) {
    await anon.goto(cfg.url + '/console/' + p);
    out.unauthenticated[p] = new URL(anon.url()).pathname;
  }
  await shot(anon, 'signin');
  await anon.close();

  // 2. Sign in with the administrator token.
  const page = await browser.newPage();
  listen(page, 'admin');
  await page.goto(cfg.url + '/console/signin');
  await page.fill('#token', cfg.adminToken);
  await Promise.all([page.waitForURL('**/console/decisions'), page.click('#signin-form button[type=submit]')]);
  await page.waitForSelector('#list table');

  // 3. The denied AWS CLI call's RequestId in the search box: the decisive check and the sub condition.
  await openDecision(page, cfg.deniedRequestId);
  out.denied = {
    title: await page.textContent('#decision h2'),
    decisive: await texts(page, '#decision tr[data-decisive]'),
    decisiveCondition: await texts(page, '#decision tr[data-decisive-condition]'),
  };
  await shot(page, 'decisions');
  // A part of it opens it too: its last 12 characters, the random end of a time-ordered id
  // (its start is the time, shared by every request of the same minute).
  await openDecision(page, cfg.deniedRequestId.slice(-12));
  out.denied.partTitle = await page.textContent('#decision h2');

  // 4. The allowed one: every check passes.
  await openDecision(page, cfg.allowedRequestId);
  out.allowed = {
    title: await page.textContent('#decision h2'),
    statuses: await page.$$eval('#decision tr[data-status]', (els) => els.map((e) => e.getAttribute('data-status'))),
    decisive: await page.$$eval('#decision [data-decisive]', (els) => els.length),
  };

  // A refused GCP token exchange (attribute condition false) opens the same way.
  await openDecision(page, cfg.gcpDeniedRequestId);
  out.gcpDenied = {
    title: await page.textContent('#decision h2'),
    decisive: await texts(page, '#decision tr[data-decisive]'),
    statuses: await page.$$eval('#decision tr[data-status]', (els) => els.map((e) => e.getAttribute('data-status'))),
  };

  // 5. Live: an exchange made now (the AWS SDK for JavaScript) shows up in the list without a reload.
  const sts = new STSClient({ region: 'us-east-1', endpoint: cfg.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const reloads = { count: 0 };
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) reloads.count++; });
  const navigationsBefore = reloads.count;
  const response = await sts.send(new AssumeRoleWithWebIdentityCommand({
    RoleArn: cfg.roleArn, RoleSessionName: 'live', WebIdentityToken: cfg.liveToken,
  }));
  const happened = Date.now();
  const liveId = response.$metadata.requestId;
  await page.waitForSelector(`#list tr[data-request-id="${liveId}"]`, { timeout: 10000 });
  out.live = { requestId: liveId, millis: Date.now() - happened, reloads: reloads.count - navigationsBefore };

  // 6. Playground: the feature-branch token against the example role.
  await page.goto(cfg.url + '/console/playground');
  await page.waitForSelector('#decide-form');
  await page.fill('#pg-token', cfg.featureToken);
  await page.selectOption('#pg-role', cfg.roleArn);
  await page.click('#decide-button');
  await page.waitForSelector('#pg-decision');
  out.playground = {
    decision: await page.textContent('#pg-decision'),
    decisive: await texts(page, '#result tr[data-decisive]'),
    checks: await texts(page, '#result tr[data-status]'),
    decisiveCondition: await texts(page, '#result tr[data-decisive-condition]'),
    commands: await page.$$eval('#result pre[id^=cmd-]', (els) => els.map((e) => e.textContent)),
  };
  // Mint from the form, then decide: the issuer's own minter.
  await page.fill('#m-ref', 'main');
  await page.click('#mint-button');
  await page.waitForFunction((old) => document.getElementById('pg-token').value.split('.').length === 3
    && document.getElementById('pg-token').value !== old, cfg.featureToken);
  await page.click('#decide-button');
  await page.waitForFunction(() => document.getElementById('pg-decision')?.textContent.startsWith('ALLOWED'));
  out.playground.minted = await page.textContent('#pg-decision');
  // GCP: a token minted for the provider's audience, exchanged and impersonating the service account.
  const minted = await page.inputValue('#pg-token');
  await page.fill('#m-aud', await page.$eval('#pg-provider', (s) => s.value));
  await page.click('#mint-button');
  await page.waitForFunction((old) => document.getElementById('pg-token').value !== old, minted);
  await page.check('#t-gcp');
  await page.selectOption('#pg-sa', { index: 1 });
  await page.click('#decide-button');
  await page.waitForFunction(() => (document.getElementById('pg-decision')?.textContent || '').length > 0
    && document.querySelector('#result pre[id=cmd-gcloud]'));
  out.playground.gcp = {
    decision: await page.textContent('#pg-decision'),
    checks: await page.$$eval('#result tr[data-status]', (els) => els.map((e) => e.firstElementChild.textContent + '=' + e.getAttribute('data-status'))),
  };
  await shot(page, 'playground');

  // 7. Script payloads in claims: shown as text on the decision and playground pages, nothing runs.
  const before = { dialogs: out.dialogs.length, pageErrors: out.pageErrors.length, consoleErrors: out.consoleErrors.length };
  await page.goto(cfg.url + '/console/decisions?request=' + encodeURIComponent(cfg.xssRequestId));
  await page.waitForSelector('#decision h2');
  const decisionText = await page.textContent('#decision');
  await page.goto(cfg.url + '/console/playground');
  await page.waitForSelector('#decide-form');
  await page.fill('#pg-token', cfg.xssToken);
  await page.selectOption('#pg-role', cfg.roleArn);
  await page.click('#decide-button');
  await page.waitForSelector('#pg-claims');
  const claimsText = await page.textContent('#pg-claims');
  const resultText = await page.textContent('#result');
  await page.waitForTimeout(500);
  out.xss = {
    shownInDecision: cfg.decisionTexts.filter((t) => decisionText.includes(t)),
    shownInPlayground: cfg.xssTexts.filter((t) => claimsText.includes(t) || resultText.includes(t)),
    injectedElements: await page.$$eval('img[src="x"], script:not([src]), iframe, svg[onload]', (els) => els.length),
    dialogs: out.dialogs.slice(before.dialogs),
    pageErrors: out.pageErrors.slice(before.pageErrors),
    consoleErrors: out.consoleErrors.slice(before.consoleErrors),
  };

  // 8. Trust and keys; rotation with its confirmation.
  await page.goto(cfg.url + '/console/trust');
  await page.waitForSelector('h2');
  const trustText = await page.textContent('#main');
  out.trust = { text: trustText.length, hasSecret: trustText.includes(cfg.clientSecretSha256),
    missing: (cfg.trustTexts || []).filter((t) => !trustText.includes(t)) };
  await shot(page, 'trust');
  await page.goto(cfg.url + '/console/keys');
  await page.waitForSelector('#rotate-start');
  const keysBefore = await page.$$eval('table tbody tr', (els) => els.length);
  await page.click('#rotate-start');
  const confirmShown = await page.isVisible('#rotate-confirm');
  await page.click('#rotate-confirm-button');
  await page.waitForFunction(() => document.getElementById('rotate-result').textContent.length > 0);
  out.rotation = { confirmShown, admin: await page.textContent('#rotate-result') };
  await page.waitForTimeout(1200);
  out.rotation.keysBefore = keysBefore;
  out.rotation.keysAfter = await page.$$eval('table tbody tr', (els) => els.length);
  await shot(page, 'keys');

  // A read-only session (a Keyless access token) may look but not rotate.
  await page.click('#signout');
  await page.waitForURL('**/console/signin');
  await page.fill('#token', cfg.viewerToken);
  await Promise.all([page.waitForURL('**/console/decisions'), page.click('#signin-form button[type=submit]')]);
  await page.goto(cfg.url + '/console/keys');
  await page.waitForSelector('#rotate-start');
  await page.click('#rotate-start');
  await page.click('#rotate-confirm-button');
  await page.waitForFunction(() => document.getElementById('rotate-result').textContent.length > 0);
  out.rotation.viewer = await page.textContent('#rotate-result');

  // 9. axe-core on every page, evaluated through the DevTools protocol (the page's CSP admits no
  // script but its own, which is the point).
  const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const auditPage = page;
  out.axe = {};
  const pages = [
    ['signin', '/console/signin', null],
    ['decisions', '/console/decisions?request=' + encodeURIComponent(cfg.deniedRequestId), '#decision h2'],
    ['trust', '/console/trust', 'h2'],
    ['keys', '/console/keys', '#rotate-start'],
    ['playground', '/console/playground', '#decide-form'],
  ];
  for (const [name, path, ready] of pages) {
    await auditPage.goto(cfg.url + path);
    if (ready) await auditPage.waitForSelector(ready);
    await auditPage.evaluate(axeSource);
    const result = await auditPage.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help,
        where: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ': ' + n.failureSummary) }));
    });
    out.axe[name] = result;
  }
  // Phone width: the decisions page still lays out (no horizontal page scroll beyond tables).
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(cfg.url + '/console/decisions?request=' + encodeURIComponent(cfg.deniedRequestId));
  await page.waitForSelector('#decision h2');
  out.phone = { scrollWidth: await page.evaluate(() => document.documentElement.scrollWidth) };
  await shot(page, 'decisions-phone');
} catch (e) {
  out.failure = String(e && e.stack || e);
} finally {
  out.screenshots = shots;
  await browser.close();
}
process.stdout.write(JSON.stringify(out) + '\n');
