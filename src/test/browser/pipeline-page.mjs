// Opens BASE_URL/observe/pipeline in headless Chromium, waits until the drawing shows TOPICS topics and WORKERS
// workers, prints "READY joined=<n>" with the joined figure of WORKER, then waits up to 60 s for that figure to change
// (the test sends a message meanwhile) and prints "CHANGED joined=<n>", then, once the edge EDGE (from>to, e.g.
// t:topic_1>w:consumer1) counts a record read in the last minute, "EDGE records=<n>/min", then, once the edge HELD_EDGE
// shows an upstream worker holding its watermark back, "HELD by=<worker> label=<its text>". SCREENSHOT, when set, is where a PNG of the
// page goes. Run by skeleton.app.PipelinePageBrowserIT; exits non-zero with a reason on any failure.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = process.env.BASE_URL;
const worker = process.env.WORKER;
const topics = Number(process.env.TOPICS);
const workers = Number(process.env.WORKERS);
const profile = mkdtempSync(join(tmpdir(), 'pipeline-page-test-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  ignoreHTTPSErrors: true,
  viewport: { width: 2140, height: 420 },
});
let code = 0;
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(30000);
  await page.goto(`${base}/observe/pipeline`);
  await page.waitForFunction(([t, w]) => document.querySelectorAll('[data-kind="topic"]').length === t
      && document.querySelectorAll('[data-kind="worker"]').length === w, [topics, workers]);
  const figure = `[data-worker="${worker}"] .joined`;
  const before = await page.getAttribute(figure, 'data-joined');
  console.log(`READY joined=${before}`);
  await page.waitForFunction(([f, b]) => {
    const e = document.querySelector(f);
    return e && e.getAttribute('data-joined') !== b;
  }, [figure, before], { timeout: 60000 });
  console.log(`CHANGED joined=${await page.getAttribute(figure, 'data-joined')}`);
  const edge = `[data-edge="${process.env.EDGE}"]`;
  await page.waitForFunction(e => Number(document.querySelector(e)?.getAttribute('data-records')) > 0, edge);
  console.log(`EDGE records=${await page.getAttribute(edge, 'data-records')}/min`);
  if (process.env.HELD_EDGE) {
    const held = `[data-watermark="${process.env.HELD_EDGE}"]`;
    await page.waitForFunction(e => document.querySelector(e)?.getAttribute('data-held-by'), held);
    const label = await page.evaluate(e => document.querySelector(`[data-held="${e}"]`).lastChild.textContent, process.env.HELD_EDGE);
    console.log(`HELD by=${await page.getAttribute(held, 'data-held-by')} label=${label}`);
  }
  if (process.env.SCREENSHOT) {
    await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
  }
} catch (e) {
  console.error(`FAILED: ${e.message}`);
  code = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(code);
