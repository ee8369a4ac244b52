import { screen } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import fmlopsPlugin from '@fmlops/backstage-plugin-fmlops/alpha';
import { notificationsApiRef } from '@backstage/plugin-notifications';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import { navModule } from '.';

// the sidebar's notifications item asks for the unread count
const notificationsApi = {
  getStatus: async () => ({ unread: 0, read: 0 }),
};

describe('Sidebar', () => {
  it('links to the fmlops portfolio right after the catalog', async () => {
    renderTestApp({
      features: [catalogPlugin, notificationsPlugin, fmlopsPlugin, navModule],
      apis: [[notificationsApiRef, notificationsApi]],
    });
    const portfolio = await screen.findByRole('link', { name: /ML models/ });
    expect(portfolio).toHaveAttribute('href', '/fmlops');
    const links = screen
      .getAllByRole('link')
      .map(link => link.getAttribute('href'));
    expect(links.indexOf('/fmlops')).toBe(links.indexOf('/catalog') + 1);
  });
});
