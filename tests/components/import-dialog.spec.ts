/** The import dialog's errors: where the back end located bad input (file, line, field) is shown, not just a message. */
import { expect, test } from '@playwright/test';
import { calls, mount } from './mount';

test('a refused preview shows the file, line and field it names', async ({ page }) => {
  await mount(page, 'import-dialog', { preview: 'bad' });
  await page.getByTestId('import-pick').click();
  const box = page.getByTestId('import-preview-error');
  await expect(box).toContainText('Preview failed: rating is not a number');
  await expect(box).toContainText('file ratings.csv, line 3, field “rating”');
  await expect(page.getByTestId('import-start')).toBeDisabled();
});

test('an import stopped by a bad row shows its file, line and field, and offers to go back', async ({ page }) => {
  await mount(page, 'import-dialog');
  await page.getByTestId('import-pick').click();
  await expect(page.getByTestId('import-map-user')).toHaveValue('user');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-running')).toBeVisible();
  expect((await calls(page, 'import.start'))[0]?.args).toMatchObject({ files: ['f1'], format: 'csv', skipInvalid: false });
  await page.evaluate(() =>
    window.__emit('job.finished', {
      jobId: 'job-1',
      kind: 'import',
      ok: false,
      cancelled: false,
      error: 'ratings.csv:7 field "rating": not a number: "x"',
    }),
  );
  await expect(page.getByTestId('import-error')).toContainText('The import stopped and nothing was added.');
  await expect(page.getByTestId('import-error-file')).toHaveText('ratings.csv');
  await expect(page.getByTestId('import-error-line')).toHaveText('7');
  await expect(page.getByTestId('import-error-field')).toHaveText('rating');
  await expect(page.getByTestId('import-error')).toContainText('not a number: "x"');
  await expect(page.getByTestId('import-back')).toBeVisible();
});

test('an error without a location is shown whole', async ({ page }) => {
  await mount(page, 'import-dialog');
  await page.getByTestId('import-pick').click();
  await page.getByTestId('import-start').click();
  await page.evaluate(() =>
    window.__emit('job.finished', { jobId: 'job-1', kind: 'import', ok: false, cancelled: false, error: 'disk full' }),
  );
  await expect(page.getByTestId('import-error')).toContainText('disk full');
  await expect(page.getByTestId('import-error-where')).toHaveCount(0);
});
