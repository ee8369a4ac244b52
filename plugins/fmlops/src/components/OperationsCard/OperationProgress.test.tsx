import { render, screen } from '@testing-library/react';
import { canaryOperation } from '../../../dev/__data__/overview';
import { OperationProgress } from './OperationProgress';

describe('OperationProgress', () => {
  it('shows the canary step, the bake and the latest messages', () => {
    const at = '2026-11-20T04:30:00.000Z';
    render(
      <OperationProgress
        operation={{
          ...canaryOperation,
          stepIndex: 1,
          history: [
            ...canaryOperation.history,
            // the controller records several steps in one reconcile
            { at, phase: 'baking', message: 'Health check passed' },
            { at, phase: 'baking', message: 'Step 2 of 3: 50 % to v4' },
          ],
        }}
      />,
    );
    expect(screen.getByText('Promotion running: baking')).toBeInTheDocument();
    expect(screen.getByText('Step 2 of 3: 50 % to v4')).toBeInTheDocument();
    expect(screen.getByText(/Health check passed/)).toBeInTheDocument();
    expect(screen.getByText(/· Step 2 of 3: 50 % to v4/)).toBeInTheDocument();
    expect(screen.getByText(/Baking until/)).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Rollout progress' }),
    ).toHaveAttribute('aria-valuenow', '67');
    expect(
      screen.getByText('v3 100 % → v3 90 % · v4 10 %'),
    ).toBeInTheDocument();
  });
});
