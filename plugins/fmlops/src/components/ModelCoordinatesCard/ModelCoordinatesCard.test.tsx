import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { ModelCoordinatesCard } from './ModelCoordinatesCard';

const model: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'card-fraud-detector',
    annotations: {
      'databricks.com/workspace': 'dev',
      'databricks.com/uc-model': 'fmlops_demo.cards.card_fraud_detector',
      'databricks.com/serving-endpoint': 'card-fraud-detector',
      'databricks.com/drift-table':
        'fmlops_demo.cards.card_fraud_detector_drift',
      'databricks.com/mlflow-experiment': '1001',
    },
  },
  spec: { type: 'ml-model', owner: 'group:default/fraud-ml' },
};

describe('ModelCoordinatesCard', () => {
  it('shows where the model lives in Databricks', async () => {
    await renderInTestApp(
      <EntityProvider entity={model}>
        <ModelCoordinatesCard />
      </EntityProvider>,
    );
    expect(
      screen.getByText('fmlops_demo.cards.card_fraud_detector'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('fmlops_demo.cards.card_fraud_detector_drift'),
    ).toBeInTheDocument();
    // keys as written, not title-cased into "M Lflow Experiment"
    expect(screen.getByText('MLflow experiment')).toBeInTheDocument();
    expect(screen.queryByText(/M Lflow/)).not.toBeInTheDocument();
  });

  it('names the missing annotations instead of failing', async () => {
    const bare: Entity = {
      ...model,
      metadata: { name: 'bare', annotations: {} },
    };
    await renderInTestApp(
      <EntityProvider entity={bare}>
        <ModelCoordinatesCard />
      </EntityProvider>,
    );
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(
      screen.getAllByText(/databricks.com\/uc-model/).length,
    ).toBeGreaterThan(0);
  });
});
