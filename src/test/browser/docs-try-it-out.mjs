// Opens Swagger UI at BASE_URL/docs in headless Chromium, uses "Try it out" on the demo endpoint (operation
// "input" of namespace "api") with the example body that the page fills in, and checks that the answer is 200.
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
  if (code !== '200') {
    throw new Error(`expected status 200 from Try it out, got ${code}`);
  }
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
