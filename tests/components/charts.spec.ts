/** A run's charts draw on their first points; a page that fails to draw says so and the window keeps working. */
import { expect, test } from '@playwright/test';
import { PAGE_FAILED } from '../../renderer/src/components/pageErrorPrefix';
import { mount } from './mount';

for (const points of [1, 3]) {
  test(`a run's charts draw ${points} point(s) whose losses are equal but for rounding, with round ticks`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await mount(page, 'run-charts', { points });
    // Speed is drawn from the second point on (the first step includes warming up).
    const charts = ['run-loss-chart', 'run-valid-chart', 'run-lr-chart', 'run-grad-chart', ...(points > 1 ? ['run-speed-chart'] : [])];
    for (const id of charts) {
      const chart = page.getByTestId(id);
      await expect(chart.locator('svg')).toBeVisible();
      const ticks = await chart.locator('text.tick').allTextContents();
      expect(ticks.length, `${id}: ticks`).toBeGreaterThan(1);
      expect(ticks.length, `${id}: ticks`).toBeLessThan(30);
    }
    // The flat loss is drawn in the middle of a widened axis whose ticks are round numbers around it.
    const yTicks = await page.getByTestId('run-loss-chart').locator('text.tick[text-anchor="end"]').allTextContents();
    expect(yTicks.map(Number).every((t) => Number.isFinite(t) && t > 4 && t < 6)).toBe(true);
    expect(errors).toEqual([]);
  });
}

test('a page that throws while drawing shows what failed and a retry; going elsewhere clears it', async ({ page }) => {
  const logged: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') logged.push(msg.text());
  });
  await mount(page, 'page-error');
  await page.getByTestId('break-page').click();
  await expect(page.getByTestId('page-error')).toContainText('Something on the test page failed to draw');
  await expect(page.getByTestId('page-error-message')).toHaveText('cannot draw this');
  // The line the e2e fixture fails a test on.
  expect(logged.some((l) => l.startsWith(`${PAGE_FAILED} cannot draw this`))).toBe(true);
  await page.getByTestId('page-error-retry').click();
  await expect(page.getByTestId('page-error')).toHaveCount(0);
  await expect(page.getByTestId('break-page')).toBeVisible();
  await page.getByTestId('break-page').click();
  await expect(page.getByTestId('page-error')).toBeVisible();
  await page.getByTestId('go-elsewhere').click();
  await expect(page.getByTestId('page-error')).toHaveCount(0);
  await expect(page.getByTestId('break-page')).toBeVisible();
});
