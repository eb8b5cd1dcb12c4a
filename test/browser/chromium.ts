/** Finds Debian's Chromium for the browser tests (playwright-core drives it; nothing is downloaded). */
import { execFileSync } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';

export function findChromium(): string | null {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/**
 * Launches headless Chromium, or returns null (with a warning) when it is not installed. Under CI
 * a missing Chromium is an error: `.ci/run` installs it, so the end-to-end test always runs there.
 */
export async function launchChromium(): Promise<Browser | null> {
  const executablePath = findChromium();
  if (!executablePath) {
    if (process.env.CI) throw new Error('Chromium is not installed, and CI must run the browser test: install it with `apt-get install -y chromium` (.ci/run does)');
    console.warn('\n  skipping the Chromium end-to-end test: no chromium on PATH (apt-get install -y chromium)\n');
    return null;
  }
  return chromium.launch({ executablePath, args: ['--no-sandbox'] });
}
