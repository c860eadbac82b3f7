// Opens Swagger UI at BASE_URL/docs in headless Chromium, enters API_KEY (when set) in the "Authorize" dialog's
// apikey scheme, or logs in with the oauth2 password flow (OAUTH_USER, OAUTH_PASSWORD, OAUTH_CLIENT_ID,
// OAUTH_CLIENT_SECRET: Swagger UI asks the IAM's token URL for a token), uses "Try it out" on the demo endpoint (operation "input" of namespace "api") with the example body
// that the page fills in, and checks that the answer is EXPECTED_STATUS (200 by default).
// Run by skeleton.api.SwaggerUiBrowserIT; exits non-zero with a reason on any failure.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.BASE_URL;
if (!base) {
  console.error('BASE_URL is not set (e.g. https://localhost:8443)');
  process.exit(2);
}
const profile = mkdtempSync(join(tmpdir(), 'swagger-ui-test-'));
// a fresh profile (--user-data-dir) for every run; Playwright passes it to Chromium itself
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  // the dev certificate is self-signed; the Java tests check the TLS setup itself
  ignoreHTTPSErrors: true,
});
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(20000);
  await page.goto(`${base}/docs`);
  if (process.env.API_KEY) {
    await page.locator('button.btn.authorize').first().click();
    const scheme = page.locator('.auth-container').filter({ hasText: 'apikey' });
    await scheme.locator('input').fill(process.env.API_KEY);
    // the buttons' accessible names are aria-labels ("Apply credentials"), so they are found by class and text
    await scheme.locator('button.modal-btn.authorize').click();
    await scheme.locator('button.modal-btn', { hasText: 'Logout' }).waitFor();
    await page.locator('.modal-ux .close-modal').click();
    console.log('authorized with the API key in Swagger UI');
  }
  if (process.env.OAUTH_USER) {
    await page.locator('button.btn.authorize').first().click();
    const flow = page.locator('.auth-container').filter({ hasText: 'Flow: password' });
    await flow.locator('input#oauth_username').fill(process.env.OAUTH_USER);
    await flow.locator('input#oauth_password').fill(process.env.OAUTH_PASSWORD);
    await flow.locator('input#client_id_password').fill(process.env.OAUTH_CLIENT_ID);
    await flow.locator('input#client_secret_password').fill(process.env.OAUTH_CLIENT_SECRET);
    await flow.locator('button.modal-btn.authorize').click();
    await flow.locator('button.modal-btn', { hasText: 'Logout' }).waitFor();
    await page.locator('.modal-ux .close-modal').click();
    console.log('logged in through the IAM in Swagger UI');
  }
  const operation = page.locator('#operations-api-input');
  await operation.locator('.opblock-summary').first().click();
  await operation.getByRole('button', { name: 'Try it out' }).click();
  const body = await operation.locator('textarea.body-param__text').inputValue();
  console.log(`request body filled in by Swagger UI: ${body.replace(/\s+/g, ' ')}`);
  await operation.getByRole('button', { name: 'Execute' }).click();
  const status = operation.locator('.live-responses-table tr.response .response-col_status').first();
  await status.waitFor();
  const code = (await status.innerText()).trim();
  const answer = await operation.locator('.live-responses-table .response-col_description pre').first().innerText();
  console.log(`response status ${code}: ${answer.replace(/\s+/g, ' ')}`);
  const expected = process.env.EXPECTED_STATUS || '200';
  if (code !== expected) {
    throw new Error(`expected status ${expected} from Try it out, got ${code}`);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
