/**
 * The planner page's states at phone size (390×844), shared with desktop in planner-states.ts, and the page's
 * width from 320 px to 1920 px.
 */
import { expect, it } from 'vitest';
import { PLAN } from './planner-harness.js';
import { describePlannerStates } from './planner-states.js';

describePlannerStates('phone', ({ open, shot }) => {
  it('from 320 px to 1920 px wide the page never scrolls sideways (wide tables scroll in their own box)', async () => {
    const page = await open(PLAN, 'phone');
    await page.waitForSelector('#legs tbody tr.leg-row');
    for (const width of [320, 390, 768, 1024, 1440, 1920]) {
      await page.setViewportSize({ width, height: 844 });
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(scrollWidth, `page width at ${width} px`).toBe(width);
    }
    await page.setViewportSize({ width: 320, height: 700 });
    await shot(page, 'plan-320');
    await page.close();
  });
});
