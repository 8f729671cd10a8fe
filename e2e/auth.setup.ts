import { expect, test as setup } from '@playwright/test';
import { credentials, ROLES, storageState } from './support/roles';

for (const role of ROLES) {
  setup(`[AUTH] sign in as ${role}`, async ({ page }) => {
    const { email, password } = credentials(role);
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('current-user')).toContainText(email);
    await page.context().storageState({ path: storageState(role) });
  });
}
