import { screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { registerMswTestHooks } from '@backstage/test-utils';
import { achOverview } from '../../dev/__data__/overview';
import { ACH_URL, achEntity } from '../__testUtils__/renderFmlops';
import { FmlopsClient, fmlopsApiRef } from '../api';
import { driftCard, servingCard } from './entityCards';
import fmlopsPlugin from '../alpha';
import { entityMlopsContent, portfolioPage } from './plugin';

const server = setupServer();
registerMswTestHooks(server);

const client = new FmlopsClient({
  discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
  fetchApi: { fetch: (input, init) => fetch(input, init) },
});

const apis = [
  [fmlopsApiRef, client],
  mockApis.permission(),
  mockApis.alert(),
] as const;

function renderWithEntity(element: JSX.Element) {
  return renderInTestApp(
    <EntityProvider entity={achEntity}>{element}</EntityProvider>,
    { apis },
  );
}

describe('fmlops for the new frontend system', () => {
  beforeEach(() =>
    server.use(
      http.get(`${ACH_URL}/overview`, () => HttpResponse.json(achOverview)),
      http.get(`${ACH_URL}/evaluation`, () => HttpResponse.json({})),
      http.get(`${ACH_URL}/operations`, () => HttpResponse.json({ items: [] })),
      http.get(`${ACH_URL}/history`, () => HttpResponse.json({ items: [] })),
    ),
  );

  it('adds the MLOps tab on ml-model entities only', async () => {
    const tester = createExtensionTester(entityMlopsContent, {
      config: { pollIntervalMs: 0 },
    });
    expect(tester.get(coreExtensionData.routePath)).toBe('mlops');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('MLOps');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(achEntity)).toBe(true);
    expect(
      filter({ ...achEntity, spec: { ...achEntity.spec, type: 'service' } }),
    ).toBe(false);

    renderWithEntity(tester.reactElement());
    expect(await screen.findByTestId('fmlops-split-bar')).toBeInTheDocument();
  });

  it('lets adopters configure a card from app-config', async () => {
    const tester = createExtensionTester(driftCard, {
      config: { title: 'Feature drift', hideCompare: true },
    });
    renderWithEntity(tester.reactElement());
    expect(await screen.findByText('Feature drift')).toBeInTheDocument();
    expect(
      await screen.findAllByTestId('fmlops-drift-feature-row'),
    ).toHaveLength(3);
    expect(
      screen.queryByRole('button', { name: 'Compare' }),
    ).not.toBeInTheDocument();
  });

  it('places the serving card on its own, polling by itself', async () => {
    const tester = createExtensionTester(servingCard, {
      config: { pollIntervalMs: 0, title: 'Traffic' },
    });
    expect(
      tester.get(EntityCardBlueprint.dataRefs.filterFunction),
    ).toBeDefined();
    renderWithEntity(tester.reactElement());
    expect(await screen.findByText('Traffic')).toBeInTheDocument();
    expect(await screen.findByTestId('fmlops-split-bar')).toBeInTheDocument();
  });

  it('mounts the portfolio at /fmlops with a nav title and icon', () => {
    const tester = createExtensionTester(portfolioPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/fmlops');
    expect(tester.get(coreExtensionData.title)).toBe('ML models');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });

  it('is a plugin with the id fmlops', () => {
    expect(fmlopsPlugin.id).toBe('fmlops');
  });
});
