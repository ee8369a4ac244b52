import { render, screen } from '@testing-library/react';
import { createApp } from '@backstage/frontend-defaults';
import { mockApis } from '@backstage/frontend-test-utils';
import { signInModule } from './signInModule';

function renderApp(auth: object) {
  const app = createApp({
    features: [signInModule],
    advanced: {
      configLoader: async () => ({
        config: mockApis.config({
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
            auth,
          },
        }),
      }),
    },
  });
  return render(app.createRoot());
}

describe('the sign-in page', () => {
  it('offers the guest and the reviewer where the local set-up configures the reviewer', async () => {
    renderApp({
      providers: { reviewer: { userEntityRef: 'user:default/reviewer' } },
    });
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.getByText('Reviewer')).toBeInTheDocument();
    expect(
      screen.getByText(/Sign in as user:default\/reviewer/),
    ).toBeInTheDocument();
  });

  it('offers only the guest otherwise', async () => {
    renderApp({});
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(screen.queryByText('Reviewer')).not.toBeInTheDocument();
  });
});
