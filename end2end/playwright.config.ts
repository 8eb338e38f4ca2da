// Browser tests against a running portal (scripts/test starts one and sets BASE_URL).
import { defineConfig } from '@playwright/test';

// Chromium as root on a closed network (see shared TOOLCHAIN notes).
const args = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3000',
    launchOptions: { executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args },
    locale: 'vi-VN',
    trace: 'off',
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
    { name: 'phone-360', use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } },
  ],
});
