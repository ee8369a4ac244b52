import { fireEvent, render, screen } from '@testing-library/react';
import { SplitDialog } from './SplitDialog';

/** the served split and versions as each overview poll delivers them: equal, but new arrays */
const dialog = (open: boolean) => (
  <SplitDialog
    open={open}
    current={[
      { modelVersion: '3', trafficPercentage: 90 },
      { modelVersion: '4', trafficPercentage: 10 },
    ]}
    versions={[
      { version: '3', aliases: ['champion'] },
      { version: '4', aliases: ['challenger'] },
    ]}
    onCancel={jest.fn()}
    onConfirm={jest.fn()}
  />
);

const slider = (name: string) => screen.getByRole('slider', { name });

describe('SplitDialog', () => {
  it('keeps the split being edited while the overview polls, and shows the served one when it opens again', () => {
    const { rerender } = render(dialog(true));
    fireEvent.keyDown(slider('Traffic to v4 (challenger)'), { key: 'PageUp' });
    expect(slider('Traffic to v3 (champion)')).toHaveAttribute(
      'aria-valuenow',
      '80',
    );

    rerender(dialog(true));
    expect(slider('Traffic to v3 (champion)')).toHaveAttribute(
      'aria-valuenow',
      '80',
    );
    expect(screen.queryByText('This is the current split.')).toBeNull();

    rerender(dialog(false));
    rerender(dialog(true));
    expect(slider('Traffic to v3 (champion)')).toHaveAttribute(
      'aria-valuenow',
      '90',
    );
  });
});
