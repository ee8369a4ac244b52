import { startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { fmlopsPlugin } from './plugin';

describe('fmlops backend plugin', () => {
  it('answers its health check without credentials', async () => {
    const { server } = await startTestBackend({ features: [fmlopsPlugin] });
    const res = await request(server).get('/api/fmlops/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('publishes its permissions so policies and the UI can use them', async () => {
    const { server } = await startTestBackend({ features: [fmlopsPlugin] });
    const res = await request(server).get(
      '/api/fmlops/.well-known/backstage/permissions/metadata',
    );
    expect(res.status).toBe(200);
    expect(res.body.permissions.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining([
        'fmlops.model.read',
        'fmlops.model.promote',
        'fmlops.model.set-split',
        'fmlops.model.rollback',
        'fmlops.model.retrain',
      ]),
    );
  });
});
