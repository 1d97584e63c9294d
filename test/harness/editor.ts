/** The n8n editor in a headless Chromium, for the end-to-end tests (the same Chromium `npm run test:all` installs). */
import { chromium, type Browser, type Page } from 'playwright-core';

import { OWNER } from '../../scripts/local-n8n.cjs';

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

/** Signs in as the owner `npm start` creates, and waits to leave the sign-in page. */
export async function signIn(page: Page, url: string): Promise<void> {
	await page.goto(`${url}/signin`);
	await page.getByLabel('Email').fill(OWNER.email);
	await page.getByLabel('Password').fill(OWNER.password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 60_000 });
}
