import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PromoteToEnvironmentDialog } from './PromoteToEnvironmentDialog';

/** the registry's versions as each overview poll delivers them: equal, but a new array */
const versions = () => [
  { version: '1', aliases: ['champion'] },
  { version: '2', aliases: ['challenger'] },
];

const dialog = (open: boolean) => (
  <PromoteToEnvironmentDialog
    open={open}
    source="dev"
    target="acc"
    versions={versions()}
    defaultVersion="1"
    policy={{ loading: true }}
    onCancel={jest.fn()}
    onConfirm={jest.fn()}
  />
);

const versionField = () =>
  screen.getByRole('combobox', { name: 'Version of dev to promote' });

describe('PromoteToEnvironmentDialog', () => {
  it('keeps the version chosen while the overview polls, and proposes the champion when it opens again', async () => {
    const { rerender } = render(dialog(true));
    expect(versionField()).toHaveValue('1');
    await userEvent.selectOptions(versionField(), 'v2 (challenger)');

    rerender(dialog(true));
    expect(versionField()).toHaveValue('2');

    rerender(dialog(false));
    rerender(dialog(true));
    expect(versionField()).toHaveValue('1');
  });
});
